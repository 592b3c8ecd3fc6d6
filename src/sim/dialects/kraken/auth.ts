// The checks a private Kraken REST request goes through, in this order: the API-Key header names a
// known key (EAPI:Invalid key), the body carries a nonce that is an unsigned 64-bit integer (EAPI:Invalid
// nonce), API-Sign is the key's signature of path + SHA-256(nonce + body) (EAPI:Invalid signature), the
// nonce passes the key's rule (nonces.ts: EAPI:Invalid nonce), and the key has the method's right
// (EGeneral:Permission denied). The nonce is spent once the signature is good.
import type { StoredKey } from '../../accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import { errors } from './errors.js';
import { NonceBook } from './nonces.js';
import type { Params } from './params.js';
import { krakenKeyPermissions, may, type Right } from './permissions.js';
import { verifyKraken } from './verify.js';

function header(req: SimHttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

export function authenticate(
  req: SimHttpRequest,
  params: Params,
  right: Right | undefined,
  keys: Map<string, StoredKey>,
  nonces: NonceBook,
): StoredKey {
  const apiKey = header(req, 'api-key');
  const key = apiKey === undefined ? undefined : keys.get(apiKey);
  if (key === undefined || key.hmacSecret === undefined) throw errors.invalidKey();
  const nonceText = params.get('nonce');
  const nonce = NonceBook.parse(nonceText);
  if (nonce === undefined) throw errors.invalidNonce();
  if (!verifyKraken(key.hmacSecret, req.path, nonceText!, req.rawBody, header(req, 'api-sign') ?? ''))
    throw errors.invalidSignature();
  if (!nonces.take(key.apiKey, nonce, krakenKeyPermissions(key).nonceWindow)) throw errors.invalidNonce();
  if (right !== undefined && !may(key, right)) throw errors.permissionDenied();
  return key;
}
