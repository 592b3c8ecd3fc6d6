// Coinbase CDP JWT verification, written from the venue's docs and nothing else: this file must never
// import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// A request carries `Authorization: Bearer <header>.<claims>.<signature>` (base64url, unpadded). The
// header is `{"alg":"ES256"|"EdDSA","kid":<key name>,"nonce":<random>,"typ":"JWT"}`, the claims
// `{"sub":<key name>,"iss":"cdp" (or "coinbase-cloud"),"nbf":<s>,"exp":<s>,"uri":"<METHOD> <host><path>"}` with a lifetime of
// at most two minutes. ES256 is ECDSA P-256 over SHA-256 with the JOSE signature form (r ‖ s, 64
// bytes, not DER); EdDSA is Ed25519 (64 bytes). `uri` has no scheme and no query string.
import { type KeyObject, verify } from 'node:crypto';

/** The longest a token may live, nbf to exp (the venue's two minutes). */
export const JWT_LIFETIME_S = 120;

export interface JwtExpect {
  /** The key name the token must name in `kid` and `sub`. */
  keyName: string;
  publicKey: KeyObject;
  /** `METHOD host/path` of the request (absent: a socket token, which carries no `uri`). */
  uri?: string;
  /** The venue's clock, Unix seconds. */
  nowS: number;
}

/** Why a token is refused (the reason is logged by tests; the venue answers 401 whatever it is). */
export type JwtFault =
  | 'form'
  | 'alg'
  | 'kid'
  | 'nonce'
  | 'signature'
  | 'sub'
  | 'iss'
  | 'not-yet-valid'
  | 'expired'
  | 'lifetime'
  | 'uri';

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * `cdp` (the SDKs' and the key page's), and `coinbase-cloud`, the issuer of the venue's first CDP key
 * samples that ES256 clients still send (ccxt's coinbase `createAuthToken`, with `aud:
 * ["retail_rest_api_proxy"]`) and that the venue takes from them (docs/venues.md §4.1).
 */
const ISSUERS = new Set(['cdp', 'coinbase-cloud']);

function part(text: string): Record<string, unknown> | undefined {
  if (!B64URL.test(text)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `kid` a token's header names, to find its key, or undefined if the token has no readable header. */
export function jwtKid(token: string): string | undefined {
  const h = part(token.split('.')[0] ?? '');
  return typeof h?.kid === 'string' ? h.kid : undefined;
}

/** Undefined if the token is good for this request, else the first rule it breaks. */
export function verifyCoinbaseJwt(token: string, want: JwtExpect): JwtFault | undefined {
  const pieces = token.split('.');
  if (pieces.length !== 3) return 'form';
  const [h64, c64, s64] = pieces as [string, string, string];
  const header = part(h64);
  const claims = part(c64);
  if (header === undefined || claims === undefined || !B64URL.test(s64)) return 'form';
  const kind = want.publicKey.asymmetricKeyType;
  const alg = kind === 'ec' ? 'ES256' : kind === 'ed25519' ? 'EdDSA' : undefined;
  if (alg === undefined || header.alg !== alg) return 'alg';
  if (header.typ !== undefined && header.typ !== 'JWT') return 'form';
  if (header.kid !== want.keyName) return 'kid';
  if (typeof header.nonce !== 'string' || header.nonce === '') return 'nonce';
  const sig = Buffer.from(s64, 'base64url');
  if (sig.length !== 64) return 'signature';
  const data = Buffer.from(`${h64}.${c64}`, 'ascii');
  const good =
    alg === 'ES256'
      ? verify('sha256', data, { key: want.publicKey, dsaEncoding: 'ieee-p1363' }, sig)
      : verify(null, data, want.publicKey, sig);
  if (!good) return 'signature';
  if (claims.sub !== want.keyName) return 'sub';
  if (!ISSUERS.has(claims.iss as string)) return 'iss';
  const { nbf, exp } = claims;
  if (typeof nbf !== 'number' || typeof exp !== 'number' || !Number.isFinite(nbf) || !Number.isFinite(exp))
    return 'form';
  if (nbf > want.nowS) return 'not-yet-valid';
  if (exp <= want.nowS) return 'expired';
  if (exp - nbf > JWT_LIFETIME_S) return 'lifetime';
  if (want.uri === undefined ? claims.uri !== undefined : claims.uri !== want.uri) return 'uri';
  return undefined;
}
