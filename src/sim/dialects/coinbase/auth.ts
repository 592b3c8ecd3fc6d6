// The checks a private Coinbase request goes through, in this order: `Authorization: Bearer <JWT>` is
// present, its header's `kid` names a registered key with a public key, the token verifies for this
// request (verify.ts: signature, `sub`, `iss`, `nbf`/`exp`, the two-minute lifetime, `uri`) — any
// failure is 401 `Unauthorized`, whatever the reason — and the key has the endpoint's right (403
// PERMISSION_DENIED). The `uri` the token must carry is the request's method, the address it came in
// on (`127.0.0.1:PORT`, the host a client pointed at the local venue names) and its path.
import type { StoredKey } from '../../accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import { errors } from './errors.js';
import { may, type Right } from './permissions.js';
import { jwtKid, verifyCoinbaseJwt } from './verify.js';

function bearer(req: SimHttpRequest): string | undefined {
  const v = req.headers.authorization;
  const s = Array.isArray(v) ? v[0] : v;
  const m = s === undefined ? null : /^Bearer ([^\s]+)$/.exec(s);
  return m?.[1];
}

/** The key of a good token for this request, or throws 401. */
export function authenticate(
  req: SimHttpRequest,
  right: Right | undefined,
  keys: Map<string, StoredKey>,
  nowMs: number,
): StoredKey {
  const token = bearer(req);
  if (token === undefined) throw errors.unauthorized();
  const kid = jwtKid(token);
  const key = kid === undefined ? undefined : keys.get(kid);
  if (key?.publicKey === undefined) throw errors.unauthorized();
  const fault = verifyCoinbaseJwt(token, {
    keyName: key.apiKey,
    publicKey: key.publicKey,
    uri: `${req.method} ${req.local}${req.path}`,
    nowS: Math.floor(nowMs / 1000),
  });
  if (fault !== undefined) throw errors.unauthorized();
  if (right !== undefined && !may(key, right)) throw errors.permissionDenied();
  return key;
}
