import { type KeyObject, sign as signAsymmetric } from 'node:crypto';
import { revealSecret, type Secret } from '../../core/secret.js';
import { base64url, decodeBase64Strict } from '../shared/encoding.js';
import { ed25519FromSeed, privateKeyFromPem } from '../shared/private-key.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'coinbase';
/** CDP JWTs live two minutes. */
export const COINBASE_JWT_LIFETIME_S = 120;

/** A CDP API key: its name (`organizations/{org}/apiKeys/{id}` or an id) and its private key. */
export interface CoinbaseKey {
  keyName: string;
  /** SEC1/PKCS#8 PEM (ECDSA P-256 or Ed25519) or base64 Ed25519 (32-byte seed or seed ‖ public). */
  privateKey: Secret;
}

type Alg = 'ES256' | 'EdDSA';
interface LoadedKey {
  alg: Alg;
  key: KeyObject;
}

const loadedKeys = new WeakMap<Secret, LoadedKey>();

function loadPem(secret: Secret): LoadedKey {
  const key = privateKeyFromPem(VENUE, secret);
  if (key.asymmetricKeyType === 'ed25519') return { alg: 'EdDSA', key };
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return { alg: 'ES256', key };
  throw new SigningError(VENUE, `${secret.label} must be an ECDSA P-256 or Ed25519 key`);
}

function loadRawEd25519(secret: Secret, text: string): LoadedKey {
  const raw = decodeBase64Strict(VENUE, secret.label, text);
  if (raw.length !== 32 && raw.length !== 64) {
    throw new SigningError(
      VENUE,
      `${secret.label}: an Ed25519 key must decode to 32 or 64 bytes, got ${raw.length}`,
    );
  }
  const key = ed25519FromSeed(raw.subarray(0, 32));
  if (raw.length === 64) {
    // The second half is the public key; a mismatch means a damaged paste, not a usable key.
    const x = key.export({ format: 'jwk' }).x;
    if (x !== raw.subarray(32).toString('base64url')) {
      throw new SigningError(VENUE, `${secret.label}: public half does not match the seed`);
    }
  }
  return { alg: 'EdDSA', key };
}

function loadKey(secret: Secret): LoadedKey {
  let loaded = loadedKeys.get(secret);
  if (loaded === undefined) {
    const text = revealSecret(secret).trim();
    loaded = text.startsWith('-----BEGIN') ? loadPem(secret) : loadRawEd25519(secret, text);
    loadedKeys.set(secret, loaded);
  }
  return loaded;
}

/** The algorithm a key signs with, for display and tests. */
export function coinbaseKeyAlgorithm(key: CoinbaseKey): Alg {
  return loadKey(key.privateKey).alg;
}

/**
 * The `uri` claim: `METHOD host/path`, no scheme and no query string. The host carries a port only
 * where the request's URL names one (the local venue's `127.0.0.1:PORT`; production has none).
 */
export function coinbaseJwtUri(method: string, host: string, path: string): string {
  if (!/^[A-Z]+$/.test(method)) throw new SigningError(VENUE, 'method must be upper-case');
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host))
    throw new SigningError(VENUE, 'host must have no scheme or path (a port only where the URL names one)');
  if (!path.startsWith('/')) throw new SigningError(VENUE, 'path must start with /');
  const query = path.indexOf('?');
  return `${method} ${host}${query === -1 ? path : path.slice(0, query)}`;
}

export interface CoinbaseJwtInput {
  /** Venue-clock seconds. */
  now: number;
  /** Fresh random hex per token (the official SDK uses 32 random bytes). */
  nonce: string;
  /** The `uri` claim for REST; absent for WebSocket subscriptions. */
  uri?: string;
}

/**
 * A compact JWS. Header keys in the order the official SDK emits them (alg, kid, nonce, typ),
 * claims in its order (sub, iss, nbf, exp[, uri]); compact JSON; base64url without padding.
 */
export function coinbaseJwt(key: CoinbaseKey, input: CoinbaseJwtInput): string {
  if (!Number.isSafeInteger(input.now) || input.now <= 0)
    throw new SigningError(VENUE, 'now must be whole seconds');
  if (!/^[0-9a-f]+$/i.test(input.nonce)) throw new SigningError(VENUE, 'nonce must be hex');
  if (key.keyName.length === 0) throw new SigningError(VENUE, 'key name is empty');
  const { alg, key: privateKey } = loadKey(key.privateKey);
  const header = JSON.stringify({ alg, kid: key.keyName, nonce: input.nonce, typ: 'JWT' });
  const claims: Record<string, string | number> = {
    sub: key.keyName,
    iss: 'cdp',
    nbf: input.now,
    exp: input.now + COINBASE_JWT_LIFETIME_S,
  };
  if (input.uri !== undefined) claims.uri = input.uri;
  const signingInput = `${base64url(header)}.${base64url(JSON.stringify(claims))}`;
  const data = Buffer.from(signingInput, 'utf8');
  // JOSE wants ES256 as raw r‖s (64 bytes), not DER.
  const signature =
    alg === 'EdDSA'
      ? signAsymmetric(null, data, privateKey)
      : signAsymmetric('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** A REST bearer token for one request. */
export function coinbaseRestJwt(
  key: CoinbaseKey,
  input: { method: string; host: string; path: string; now: number; nonce: string },
): string {
  return coinbaseJwt(key, {
    now: input.now,
    nonce: input.nonce,
    uri: coinbaseJwtUri(input.method, input.host, input.path),
  });
}

/** A WebSocket subscribe token (no `uri` claim). */
export function coinbaseWsJwt(key: CoinbaseKey, input: { now: number; nonce: string }): string {
  return coinbaseJwt(key, input);
}
