import { SigningError } from './signing-error.js';

/** A query parameter value as a signer accepts it: decimal strings, safe integers, booleans. */
export type ParamValue = string | number | boolean;

/** An ordered list of `[name, raw value]` pairs: the order is the order on the wire. */
export type ParamList = ReadonlyArray<readonly [string, ParamValue]>;

// RFC 3986 unreserved characters need no escaping; testing for them first keeps the common
// case (ids, symbols, decimals, timestamps) free of allocation.
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const SUB_DELIMS_LEFT_BY_JS = /[!'()*]/g;

/**
 * Turns a parameter value into text. Floats are refused: money travels as decimal strings, and
 * `String(0.1 + 0.2)` or `String(1e21)` would sign digits nobody meant.
 */
export function paramText(venue: string, name: string, value: ParamValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Number.isSafeInteger(value)) return String(value);
  throw new SigningError(venue, `parameter ${name} is a non-integer number; pass a decimal string`);
}

/**
 * Percent-encodes per RFC 3986: everything except `A-Z a-z 0-9 - . _ ~` becomes `%XX` of its
 * UTF-8 bytes (so `@` → `%40`, `,` → `%2C`, space → `%20`, `１` → `%EF%BC%91`).
 */
export function percentEncode(venue: string, text: string): string {
  if (UNRESERVED.test(text)) return text;
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new SigningError(venue, 'value holds a lone UTF-16 surrogate and cannot be encoded');
  }
  return encoded.replace(SUB_DELIMS_LEFT_BY_JS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Parameter names come from a small fixed set: each is checked and encoded once, then reused
// with its '=' attached (the map stays as small as the set of names the adapters use).
const encodedNames = new Map<string, string>();
const MAX_NAMES = 1024;

function nameAndEquals(venue: string, name: string): string {
  let encoded = encodedNames.get(name);
  if (encoded === undefined) {
    encoded = `${percentEncode(venue, name)}=`;
    if (encodedNames.size < MAX_NAMES) encodedNames.set(name, encoded);
  }
  return encoded;
}

/** `name=value&…` in the given order, names and values percent-encoded. */
export function encodeQuery(venue: string, params: ParamList): string {
  let out = '';
  for (let i = 0; i < params.length; i++) {
    const [name, value] = params[i]!;
    // Integers and booleans encode as themselves (digits, '-', letters): only strings are checked.
    const text = typeof value === 'string' ? percentEncode(venue, value) : paramText(venue, name, value);
    out += (i > 0 ? '&' : '') + nameAndEquals(venue, name) + text;
  }
  return out;
}

/** base64url without padding, as JOSE wants it. */
export function base64url(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

/** Strict base64 decoding: node's decoder skips junk silently, a key must not. */
export function decodeBase64Strict(venue: string, what: string, text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SigningError(venue, `${what} is not valid base64`);
  }
  return Buffer.from(compact, 'base64');
}
