// The checks a signed Binance request goes through, in this order: API key present and known (-2014 /
// -2015), `timestamp` and `signature` present (-1102), recvWindow ≤ 60000 (-1131), the timing rule
// (-1021: ahead by ≥ 1000 ms, or older than recvWindow), the signature (-1022), the key's permission
// (-2015). USER_STREAM endpoints need only a known key.
import type { StoredKey } from '../../accounts.js';
import type { SimClock } from '../../clock.js';
import type { SimHttpRequest } from '../../server/http.js';
import { errors } from './errors.js';
import { binanceRights } from './permissions.js';
import type { Params } from './params.js';
import { signedPayload, verifyEd25519, verifyHmac, verifyRsa } from './verify.js';

export type Security = 'NONE' | 'USER_STREAM' | 'SIGNED';
export type Permission = 'read' | 'trade' | 'any';

function apiKeyOf(req: SimHttpRequest, keys: Map<string, StoredKey>): StoredKey {
  const header = req.headers['x-mbx-apikey'];
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey === undefined || apiKey === '') throw errors.badKeyFormat();
  const key = keys.get(apiKey);
  if (!key) throw errors.rejectedKey();
  return key;
}

/** The timing rule, with `timestamp` in ms or µs and `recvWindow` in ms (up to 3 decimals). */
export function checkTimestamp(params: Params, serverTime: number): void {
  const raw = params.require('timestamp');
  if (!/^\d{1,19}$/.test(raw)) throw errors.mandatory('timestamp');
  let timestamp = Number(raw);
  if (timestamp >= 1e14) timestamp /= 1000;
  const rw = params.get('recvWindow');
  let recvWindow = 5000;
  if (rw !== undefined) {
    if (!/^\d{1,6}(\.\d{1,3})?$/.test(rw)) throw errors.mandatory('recvWindow');
    recvWindow = Number(rw);
    if (recvWindow > 60_000) throw errors.recvWindowTooLarge();
  }
  if (timestamp >= serverTime + 1000) throw errors.timestampAhead();
  if (serverTime - timestamp > recvWindow) throw errors.timestampOutside();
}

export function verifySignature(key: StoredKey, payload: string, signature: string): boolean {
  if (key.type === 'hmac')
    return key.hmacSecret !== undefined && verifyHmac(key.hmacSecret, payload, signature);
  if (!key.publicKey) return false;
  return key.type === 'ed25519'
    ? verifyEd25519(key.publicKey, payload, signature)
    : verifyRsa(key.publicKey, payload, signature);
}

export function authenticate(
  req: SimHttpRequest,
  params: Params,
  security: Security,
  permission: Permission,
  keys: Map<string, StoredKey>,
  clock: SimClock,
): StoredKey | undefined {
  if (security === 'NONE') return undefined;
  const key = apiKeyOf(req, keys);
  if (security === 'SIGNED') {
    params.require('timestamp');
    const { payload, signature } = signedPayload(req.rawQuery, req.method === 'GET' ? '' : req.rawBody);
    if (signature === undefined || signature === '') throw errors.mandatory('signature');
    checkTimestamp(params, clock.now());
    if (!verifySignature(key, payload, signature)) throw errors.badSignature();
  }
  const p = binanceRights(key);
  if (permission === 'read' && !p.enableReading) throw errors.rejectedKey();
  if (permission === 'trade' && !(p.enableFutures && p.enableReading)) throw errors.rejectedKey();
  return key;
}
