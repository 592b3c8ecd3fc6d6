// A Bybit v5 client written for these tests from the venue's docs, NOT our signers: X-BAPI-SIGN =
// hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow + query|body), the X-BAPI-* headers, and
// the private socket's auth over 'GET/realtime' + expires.
import { createHmac } from 'node:crypto';
import { revealSecret } from '../../src/core/secret.js';
import { ENDPOINT_LIMITS } from '../../src/sim/dialects/bybit/limits.js';
import type { SimHandle, SimKey } from '../../src/sim/index.js';

/** The venue's per-UID and IP limits raised a hundredfold: for tests about something else than limits. */
export const roomyLimits = {
  endpoints: Object.fromEntries(Object.entries(ENDPOINT_LIMITS).map(([k, v]) => [k, v * 100])),
  ipRequests: 60_000,
};

export interface BybitReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in the tests
  json: any;
  text: string;
  headers: Headers;
}

export const hexHmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

export interface BybitCall {
  key?: SimKey;
  /** Venue-time ms to sign with (default: the sim's clock). */
  at?: number;
  /** X-BAPI-RECV-WINDOW; null leaves the header out. */
  recvWindow?: string | null;
  /** Replace the signature. */
  sign?: string;
  signed?: boolean;
}

export class BybitTestClient {
  constructor(
    readonly sim: SimHandle,
    readonly key: SimKey = sim.accounts[0]!.hmac!,
  ) {}

  async call(method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}, o: BybitCall = {}): Promise<BybitReply> {
    let url = path;
    let payload = '';
    if (method === 'GET') {
      payload = new URLSearchParams(params as Record<string, string>).toString();
      if (payload !== '') url = `${path}?${payload}`;
    } else payload = JSON.stringify(params);
    const headers: Record<string, string> = {};
    if (method === 'POST') headers['content-type'] = 'application/json';
    if (o.signed !== false) {
      const key = o.key ?? this.key;
      const ts = String(o.at ?? (await this.sim.control.serverTime()));
      const recvWindow = o.recvWindow === undefined ? '5000' : o.recvWindow;
      headers['X-BAPI-API-KEY'] = key.apiKey;
      headers['X-BAPI-TIMESTAMP'] = ts;
      if (recvWindow !== null) headers['X-BAPI-RECV-WINDOW'] = recvWindow;
      headers['X-BAPI-SIGN'] = o.sign ?? hexHmac(revealSecret(key.secret!), ts + key.apiKey + (recvWindow ?? '') + payload);
    }
    const res = await fetch(`${this.sim.restUrl}${url}`, { method, headers, ...(method === 'POST' ? { body: payload } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get = (path: string, params: Record<string, string> = {}, o: BybitCall = {}) => this.call('GET', path, params, o);
  post = (path: string, params: Record<string, unknown>, o: BybitCall = {}) => this.call('POST', path, params, o);

  /** The private socket's auth message, `expires` as a number (the venue's type) unless given. */
  authMessage(expires: number | string, key: SimKey = this.key, signature?: string) {
    return {
      req_id: 'auth-1',
      op: 'auth',
      args: [key.apiKey, expires, signature ?? hexHmac(revealSecret(key.secret!), `GET/realtime${expires}`)],
    };
  }
}
