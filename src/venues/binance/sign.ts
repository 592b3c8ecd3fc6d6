import { sign as signAsymmetric } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import {
  encodeQuery,
  type ParamList,
  type ParamValue,
  paramText,
  percentEncode,
} from '../shared/encoding.js';
import { hmacSha256 } from '../shared/hmac.js';
import { expectKeyType, privateKeyFromPem } from '../shared/private-key.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'binance';

/** The three key types Binance issues. HMAC keys are deprecated by Binance but still work. */
export type BinanceKey =
  | { type: 'hmac'; secret: Secret }
  | { type: 'ed25519'; privateKey: Secret }
  | { type: 'rsa'; privateKey: Secret };

/**
 * Signs a payload: HMAC-SHA256 → lowercase hex; Ed25519 → base64; RSASSA-PKCS1-v1_5 with
 * SHA-256 → base64. The payload is signed as UTF-8 bytes, exactly as given.
 */
export function signBinancePayload(key: BinanceKey, payload: string): string {
  if (key.type === 'hmac') {
    return hmacSha256(VENUE, key.secret, payload, 'hex');
  }
  return signAsymmetricPayload(key, payload);
}

function signAsymmetricPayload(key: Exclude<BinanceKey, { type: 'hmac' }>, payload: string): string {
  const privateKey = privateKeyFromPem(VENUE, key.privateKey);
  expectKeyType(VENUE, key.privateKey, privateKey, key.type);
  const data = Buffer.from(payload, 'utf8');
  return (
    key.type === 'ed25519'
      ? signAsymmetric(null, data, privateKey)
      : signAsymmetric('sha256', data, privateKey)
  ).toString('base64');
}

/** The REST query string: `name=value&…` in the order given, percent-encoded (RFC 3986). */
export function buildBinanceQuery(params: ParamList): string {
  return encodeQuery(VENUE, params);
}

export interface BinanceSignedQuery {
  /** The percent-encoded query that was signed. */
  query: string;
  /** The signature as Binance wants it in a JSON context (hex or base64, not URL-encoded). */
  signature: string;
  /** `query&signature=…` with the signature URL-encoded: send these bytes verbatim. */
  signedQuery: string;
}

function appendSignature(query: string, signature: string, hex: boolean): string {
  // Hex needs no escaping; base64 (Ed25519, RSA) carries '+', '/' and '='.
  const encoded = hex ? signature : percentEncode(VENUE, signature);
  return query.length === 0 ? `signature=${encoded}` : `${query}&signature=${encoded}`;
}

/**
 * Builds the REST query once and signs those very bytes (all parameters in the query string or
 * all in an `x-www-form-urlencoded` body: the string is the same either way).
 */
export function signBinanceRest(key: BinanceKey, params: ParamList): BinanceSignedQuery {
  const query = encodeQuery(VENUE, params);
  const signature = key.type === 'hmac' ? hmacSha256(VENUE, key.secret, query, 'hex') : signAsymmetricPayload(key, query);
  return { query, signature, signedQuery: appendSignature(query, signature, key.type === 'hmac') };
}

export interface BinanceSignedQueryAndBody {
  query: string;
  body: string;
  signature: string;
  /** `body&signature=…`: Binance signs query‖body with no separator, the signature rides last. */
  signedBody: string;
}

/** Parameters split between the query string and the form body (both sent as built here). */
export function signBinanceRestWithBody(
  key: BinanceKey,
  queryParams: ParamList,
  bodyParams: ParamList,
): BinanceSignedQueryAndBody {
  const query = encodeQuery(VENUE, queryParams);
  const body = encodeQuery(VENUE, bodyParams);
  const signature = signBinancePayload(key, query + body);
  return { query, body, signature, signedBody: appendSignature(body, signature, key.type === 'hmac') };
}

/**
 * The WebSocket API payload: every parameter except `signature`, sorted by name, `name=value`
 * joined by `&`, raw UTF-8 (no percent-encoding: a different canonical form from REST).
 */
export function binanceWsPayload(params: Readonly<Record<string, ParamValue>>): string {
  const names = Object.keys(params)
    .filter((n) => n !== 'signature')
    .sort();
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (i > 0) out += '&';
    out += name + '=' + paramText(VENUE, name, params[name]!);
  }
  return out;
}

/** Signs WebSocket API params; the caller puts `signature` into the request's params. */
export function signBinanceWs(
  key: BinanceKey,
  params: Readonly<Record<string, ParamValue>>,
): { payload: string; signature: string } {
  if ('signature' in params) throw new SigningError(VENUE, 'params already carry a signature');
  const payload = binanceWsPayload(params);
  return { payload, signature: signBinancePayload(key, payload) };
}
