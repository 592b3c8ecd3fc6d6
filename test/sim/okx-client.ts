// An OKX v5 client written for these tests from the venue's docs, NOT our signers: OK-ACCESS-SIGN =
// base64(HMAC-SHA256(secret, timestamp + METHOD + path?query + body)), ISO-8601 ms timestamps, the
// passphrase header; WebSocket login signs timestamp(seconds) + 'GET/users/self/verify'.
import { createHmac } from 'node:crypto';
import { revealSecret } from '../../src/core/secret.js';
import type { SimHandle, SimKey } from '../../src/sim/index.js';

export interface OkxReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in the tests
  json: any;
  text: string;
}

export const b64hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');

export interface OkxCall {
  key?: SimKey;
  /** Server-time ms to sign with (default: the sim's clock). */
  at?: number;
  /** Override a header (undefined value = leave it out). */
  headers?: Record<string, string | undefined>;
  /** Replace the signature. */
  sign?: string;
  signed?: boolean;
}

export class OkxTestClient {
  constructor(
    readonly sim: SimHandle,
    readonly key: SimKey = sim.accounts[0]!.hmac!,
  ) {}

  async call(method: 'GET' | 'POST', path: string, params: Record<string, unknown> | unknown[] = {}, o: OkxCall = {}): Promise<OkxReply> {
    let url = path;
    let body = '';
    if (method === 'GET') {
      const q = new URLSearchParams(params as Record<string, string>).toString();
      if (q !== '') url = `${path}?${q}`;
    } else body = JSON.stringify(params);
    const headers: Record<string, string> = {};
    if (body !== '') headers['content-type'] = 'application/json';
    if (o.signed !== false) {
      const key = o.key ?? this.key;
      const ts = new Date(o.at ?? (await this.sim.control.serverTime())).toISOString();
      headers['OK-ACCESS-KEY'] = key.apiKey;
      headers['OK-ACCESS-PASSPHRASE'] = revealSecret(key.passphrase!);
      headers['OK-ACCESS-TIMESTAMP'] = ts;
      headers['OK-ACCESS-SIGN'] = o.sign ?? b64hmac(revealSecret(key.secret!), ts + method + url + body);
    }
    for (const [k, v] of Object.entries(o.headers ?? {})) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    const res = await fetch(`${this.sim.restUrl}${url}`, { method, headers, ...(body === '' ? {} : { body }) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  get = (path: string, params: Record<string, string> = {}, o: OkxCall = {}) => this.call('GET', path, params, o);
  post = (path: string, params: Record<string, unknown> | unknown[], o: OkxCall = {}) => this.call('POST', path, params, o);

  loginArgs(at: number, key: SimKey = this.key, over: Record<string, string> = {}) {
    const timestamp = String(Math.floor(at / 1000));
    return {
      op: 'login',
      args: [
        {
          apiKey: key.apiKey,
          passphrase: revealSecret(key.passphrase!),
          timestamp,
          sign: b64hmac(revealSecret(key.secret!), `${timestamp}GET/users/self/verify`),
          ...over,
        },
      ],
    };
  }
}
