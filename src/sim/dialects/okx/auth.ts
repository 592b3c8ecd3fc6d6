// The checks a private OKX REST request goes through, in this order: the four OK-ACCESS headers present
// (50103/50104/50106/50107), the timestamp well-formed ISO-8601 with ms (50112), the key known (50111),
// the environment (a key of the local venue sent with `x-simulated-trading: 1` → 50101), the timestamp
// within 30 s of server time either way (50102), the passphrase (50105), the signature over
// timestamp + method + path?query + body (50113), and the key's permission (50120).
import type { StoredKey } from '../../accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import { errors } from './errors.js';
import { okxRights } from './permissions.js';
import { parseIsoMs, restPrehash, verifyRest } from './verify.js';

export type Permission = 'read' | 'trade';

/** The venue's window for a request timestamp. */
export const TIMESTAMP_WINDOW_MS = 30_000;

function header(req: SimHttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

export function authenticate(
  req: SimHttpRequest,
  permission: Permission,
  keys: Map<string, StoredKey>,
  serverNow: number,
): StoredKey {
  const apiKey = header(req, 'ok-access-key');
  if (apiKey === undefined) throw errors.keyEmpty();
  const passphrase = header(req, 'ok-access-passphrase');
  if (passphrase === undefined) throw errors.passphraseEmpty();
  const sign = header(req, 'ok-access-sign');
  if (sign === undefined) throw errors.signEmpty();
  const ts = header(req, 'ok-access-timestamp');
  if (ts === undefined) throw errors.timestampEmpty();
  const tsMs = parseIsoMs(ts);
  if (tsMs === undefined) throw errors.timestampInvalid();
  const key = keys.get(apiKey);
  if (key === undefined || key.hmacSecret === undefined) throw errors.badKey();
  if (header(req, 'x-simulated-trading') === '1') throw errors.wrongEnv();
  if (Math.abs(serverNow - tsMs) > TIMESTAMP_WINDOW_MS) throw errors.timestampExpired();
  if (key.passphrase === undefined || passphrase !== key.passphrase) throw errors.passphraseWrong();
  const prehash = restPrehash(
    ts,
    req.method,
    req.path,
    req.rawQuery,
    req.method === 'GET' ? '' : req.rawBody,
  );
  if (!verifyRest(key.hmacSecret, prehash, sign)) throw errors.badSign();
  // A trade key reads too; a read-only key only reads.
  const rights = okxRights(key);
  if (permission === 'trade' ? !rights.has('trade') : !rights.has('read_only') && !rights.has('trade'))
    throw errors.noPermission();
  return key;
}
