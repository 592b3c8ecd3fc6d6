// The checks a private Bybit v5 REST request goes through, in this order: the key present and known
// (10003), the timestamp an integer of ms (10002), the receive window an integer (10001), the timing
// rule `server_time - recv_window <= timestamp < server_time + 1000` (10002, the default window being
// 5000 ms), the signature over timestamp + apiKey + recvWindow + query|body (10004), the key's bound
// IPs (10010), and its right to trade (10005).
import type { StoredKey } from '../../accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import { BybitError, errors } from './errors.js';
import { bybitKeyPermissions, canTradeLinear } from './permissions.js';
import { restPrehash, verifyRest, verifyRsa } from './verify.js';

export type Permission = 'read' | 'trade';

/** The window the venue applies when X-BAPI-RECV-WINDOW is absent. */
export const DEFAULT_RECV_WINDOW_MS = 5_000;
/** How far ahead of the venue's clock a timestamp may be. */
export const AHEAD_TOLERANCE_MS = 1_000;

function header(req: SimHttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** Whether the key can sign for this venue: HMAC, or RSA (the venue's self-generated keys). */
export function signs(key: StoredKey): boolean {
  return key.hmacSecret !== undefined || (key.type === 'rsa' && key.publicKey !== undefined);
}

/** A signature by the key over the prehash: hex HMAC, or base64 RSA-SHA256 for an RSA key. */
export function verifySigned(key: StoredKey, prehash: string, signature: string): boolean {
  if (key.hmacSecret !== undefined) return verifyRest(key.hmacSecret, prehash, signature);
  return key.publicKey !== undefined && verifyRsa(key.publicKey, prehash, signature);
}

export function authenticate(
  req: SimHttpRequest,
  permission: Permission,
  keys: Map<string, StoredKey>,
  serverNow: number,
  remoteIp: string,
): StoredKey {
  const apiKey = header(req, 'x-bapi-api-key');
  const key = apiKey === undefined ? undefined : keys.get(apiKey);
  if (apiKey === undefined || key === undefined || !signs(key)) throw errors.badKey();
  const ts = header(req, 'x-bapi-timestamp') ?? '';
  const recvWindow = header(req, 'x-bapi-recv-window');
  if (recvWindow !== undefined && !/^\d{1,9}$/.test(recvWindow)) throw errors.invalid('recv_window');
  const window = recvWindow === undefined ? DEFAULT_RECV_WINDOW_MS : Number(recvWindow);
  const tsMs = /^\d{1,16}$/.test(ts) ? Number(ts) : Number.NaN;
  if (!(serverNow - window <= tsMs && tsMs < serverNow + AHEAD_TOLERANCE_MS))
    throw errors.timestamp(ts.slice(0, 32), serverNow, String(window));
  const prehash = restPrehash(ts, apiKey, recvWindow ?? '', req.method === 'GET' ? req.rawQuery : req.rawBody);
  if (!verifySigned(key, prehash, header(req, 'x-bapi-sign') ?? '')) throw errors.badSign(prehash);
  const ips = bybitKeyPermissions(key).ips;
  if (!ips.includes('*') && !ips.includes(remoteIp))
    throw new BybitError(200, 10010, "Unmatched IP, please check your API key's bound IP addresses.");
  if (permission === 'trade' && !canTradeLinear(key)) throw errors.noPermission();
  return key;
}
