// A Binance client written for these tests from the venue's docs, NOT our signers: parameters joined as
// k=v& in the order given, percent-encoded, HMAC-SHA256 hex (or Ed25519 / RSA base64) over the exact
// query string (+ body), sent as the `signature` parameter with the key in X-MBX-APIKEY.
import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { revealSecret } from '../../src/core/secret.js';
import type { SimHandle, SimKey } from '../../src/sim/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: venue JSON, shape asserted by each test
  json: any;
}

export function encodeParams(params: Record<string, string | number | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function signPayload(key: SimKey, payload: string): string {
  const secret = revealSecret(key.secret!);
  if (key.type === 'hmac') return hmacHex(secret, payload);
  const pk = createPrivateKey(secret);
  const sig =
    key.type === 'ed25519' ? sign(null, Buffer.from(payload), pk) : sign('sha256', Buffer.from(payload), pk);
  return encodeURIComponent(sig.toString('base64'));
}

export interface CallOptions {
  /** Sign the request (adds timestamp unless given). */
  signed?: boolean;
  /** Put the parameters in a form body instead of the query string (non-GET). */
  inBody?: boolean;
  key?: SimKey;
  apiKey?: string | null;
  /** Replace the computed signature. */
  signature?: string;
  timestampOffsetMs?: number;
}

export class TestClient {
  constructor(
    readonly sim: SimHandle,
    public key: SimKey = sim.accounts[0]!.hmac!,
  ) {}

  async serverTime(): Promise<number> {
    const r = await fetch(`${this.sim.restUrl}/fapi/v1/time`);
    return ((await r.json()) as { serverTime: number }).serverTime;
  }

  async call(
    method: string,
    path: string,
    params: Record<string, string | number | boolean> = {},
    opts: CallOptions = {},
  ): Promise<Reply> {
    const key = opts.key ?? this.key;
    const all = { ...params };
    if (opts.signed && !('timestamp' in all)) {
      all.timestamp = Date.now() + (opts.timestampOffsetMs ?? 0);
    }
    let payload = encodeParams(all);
    if (opts.signed) {
      const signature = opts.signature ?? signPayload(key, payload);
      payload = payload === '' ? `signature=${signature}` : `${payload}&signature=${signature}`;
    }
    const inBody = opts.inBody === true && method !== 'GET';
    const url = `${this.sim.restUrl}${path}${!inBody && payload !== '' ? `?${payload}` : ''}`;
    const headers: Record<string, string> = {};
    const apiKey = opts.apiKey === undefined ? key.apiKey : opts.apiKey;
    if (apiKey !== null) headers['X-MBX-APIKEY'] = apiKey;
    if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body: inBody ? payload : undefined });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  signed(
    method: string,
    path: string,
    params: Record<string, string | number | boolean> = {},
    opts: CallOptions = {},
  ) {
    return this.call(method, path, params, { ...opts, signed: true });
  }
}
