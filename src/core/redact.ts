import { MIN_SCRUB_LENGTH, escapeRegExp, formPattern, secretForms } from './secret-forms.js';
import { Secret, revealSecret } from './secret.js';

export { secretForms } from './secret-forms.js';

/** What a scrubbed value becomes. Square brackets so that it never looks like a real key. */
export const REDACTED = '[redacted]';

/**
 * Header names that carry a key, a signature or a passphrase on some venue. Matched without
 * regard to case: undici lower-cases header names, people write them as the venue docs do.
 */
export const SECRET_HEADER_NAMES: readonly string[] = [
  'X-MBX-APIKEY',
  'OK-ACCESS-KEY',
  'OK-ACCESS-SIGN',
  'OK-ACCESS-PASSPHRASE',
  'X-BAPI-API-KEY',
  'X-BAPI-SIGN',
  'API-Key',
  'API-Sign',
  'Authorization',
  'Proxy-Authorization',
  'Cookie',
  'Set-Cookie',
];

/** Object fields (request params, WS login args, SDK option bags) that carry secrets. */
export const SECRET_FIELD_NAMES: readonly string[] = [
  'signature',
  'sign',
  'apiKey',
  'api_key',
  'api-key',
  'apiSecret',
  'api_secret',
  'api-secret',
  'secret',
  'secretKey',
  'passphrase',
  'password',
  'privateKey',
  'private_key',
  'private-key',
  'token',
];

const SENSITIVE_KEYS = new Set([...SECRET_HEADER_NAMES, ...SECRET_FIELD_NAMES].map((n) => n.toLowerCase()));

export function isSensitiveKey(name: string): boolean {
  return SENSITIVE_KEYS.has(name.toLowerCase());
}

/**
 * The display form of a key id: first 4 and last 4 characters. Anything of 8 characters or
 * fewer would be shown whole that way, so it is starred out entirely.
 */
export function maskKeyId(id: string): string {
  if (id.length <= 8) return '*'.repeat(Math.max(id.length, 4));
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/**
 * Replaces the value of every registered secret, in each of its forms, wherever it appears.
 * Pure and synchronous; the process-wide instance lives in src/log.
 */
export class SecretScrubber {
  readonly #forms = new Set<string>();
  #pattern: RegExp | null = null;

  /** Registers a secret; its raw value is read once here and kept only as search patterns. */
  register(secret: Secret | string): void {
    const raw = secret instanceof Secret ? revealSecret(secret) : secret;
    if (raw.length < MIN_SCRUB_LENGTH) return;
    let added = false;
    for (const form of secretForms(raw)) {
      if (!this.#forms.has(form)) {
        this.#forms.add(form);
        added = true;
      }
    }
    // Longest first, so that a hex form is replaced whole before a shorter form inside it.
    if (added) {
      const sorted = [...this.#forms].sort((a, b) => b.length - a.length).map(formPattern);
      this.#pattern = compiledForBothEncodings(new RegExp(sorted.join('|'), 'g'));
    }
  }

  get size(): number {
    return this.#forms.size;
  }

  /** Registered secret values out, then signatures, auth tokens and sensitive fields out. */
  scrub(text: string): string {
    const withoutValues = this.#pattern === null ? text : text.replace(this.#pattern, REDACTED);
    return scrubSensitivePatterns(withoutValues);
  }
}

const HEADER_ALTERNATION = SECRET_HEADER_NAMES.map(escapeRegExp).join('|');
const FIELD_ALTERNATION = [...SECRET_HEADER_NAMES, ...SECRET_FIELD_NAMES].map(escapeRegExp).join('|');

// A value under a secret-bearing key, whatever its type: a string in either quote, a number, a
// flat array or a flat object (Hyperliquid's signature is {r, s, v}).
// Never the marker itself: a scrubbed `X-MBX-APIKEY: [redacted]` would read as a flat array and be
// quoted on a second pass (a line scrubbed by two loggers must come out as it went in).
const VALUE = `(?!\\[redacted\\])(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|-?\\d[\\d.eE+-]*n?|\\[[^\\[\\]]*\\]|\\{[^{}]*\\})`;
// `"signature":"…"` in JSON, and `'ok-access-sign': '…'` / `signature: { r: '0x…' }` as
// util.inspect prints them (quoted or bare key).
const FIELD_VALUE = new RegExp(`(?<![\\w-])(["']?)(${FIELD_ALTERNATION})\\1(\\s*:\\s*)${VALUE}`, 'gi');
// `\"signature\":\"…\"` in JSON embedded in a JSON string.
const ESCAPED_JSON_FIELD = new RegExp(
  `\\\\"(${FIELD_ALTERNATION})\\\\"(\\s*:\\s*)(?:\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\"|-?\\d[\\d.eE+-]*|\\[[^\\[\\]]*\\]|\\{[^{}]*\\})`,
  'gi',
);
// `signature=…` in a query string or form body (and the same for other secret-bearing names).
const QUERY_FIELD = new RegExp(
  `(^|[?&;\\s"'(,])(${FIELD_ALTERNATION})=(?!\\[redacted\\])[^&\\s"'#,)\\\\]+`,
  'gi',
);
// `signature%3D…` in a URL that was itself percent-encoded (once or twice) into another one:
// the value runs to the next encoded `&`.
const ENCODED_QUERY_FIELD = new RegExp(
  `(?:(?<![A-Za-z0-9_-])|(?<=%(?:25)?[0-9A-Fa-f]{2}))(${FIELD_ALTERNATION})(%(?:25)?3D)(?:(?!%(?:25)?26)[^&\\s"'#,)\\\\])+`,
  'gi',
);
// `X-MBX-APIKEY: …` in a text dump of headers.
const TEXT_HEADER = new RegExp(
  `\\b(${HEADER_ALTERNATION})(\\s*:\\s*)(?!\\[redacted\\])[^\\s"',}\\\\]+`,
  'gi',
);
// The token after Bearer/Basic (a JWT, or base64 of key:secret), whatever header carried it.
const AUTH_TOKEN = /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/gi;

// V8 compiles a regexp to machine code once per kind of subject string, when it first meets one:
// Latin-1, or two-byte (one character past U+00FF, a '…' or a '—', makes a whole line two-byte).
// These patterns are long alternations, ~80 KB of code for the two-byte set alone, and the first
// two-byte log line can come at any hour of a session: compiled for both at the first scrub, the
// code is there from the start rather than stepping up in the middle of a run (docs/memory.md,
// "What the soak's code space was").
const ENCODING_PROBES = ['-', '\u2026'];
function compiledForBothEncodings(pattern: RegExp): RegExp {
  // Twice each: the first run is interpreted, the second compiles (V8's regexp tier-up).
  for (const probe of ENCODING_PROBES) for (let i = 0; i < 2; i++) probe.replace(pattern, '');
  return pattern;
}
let patternsCompiled = false;

/** Strips signatures, auth tokens and values of secret-bearing fields from free text. */
export function scrubSensitivePatterns(text: string): string {
  if (!patternsCompiled) {
    patternsCompiled = true;
    for (const p of [FIELD_VALUE, ESCAPED_JSON_FIELD, QUERY_FIELD, ENCODED_QUERY_FIELD, AUTH_TOKEN, TEXT_HEADER]) compiledForBothEncodings(p);
  }
  return text
    .replace(FIELD_VALUE, (_m, quote: string, name: string, colon: string) => {
      const q = quote === '' ? "'" : quote;
      return `${quote}${name}${quote}${colon}${q}${REDACTED}${q}`;
    })
    .replace(ESCAPED_JSON_FIELD, `\\"$1\\"$2\\"${REDACTED}\\"`)
    .replace(QUERY_FIELD, `$1$2=${REDACTED}`)
    .replace(ENCODED_QUERY_FIELD, `$1$2${REDACTED}`)
    .replace(AUTH_TOKEN, `$1 ${REDACTED}`)
    .replace(TEXT_HEADER, `$1$2${REDACTED}`);
}

/** A URL with its `signature=` (and similar) query parameters removed. */
export function redactUrl(url: string): string {
  return scrubSensitivePatterns(url);
}

type Scrub = (text: string) => string;

const MAX_DEPTH = 6;

/**
 * A copy of `value` that is safe to log: sensitive keys censored, strings scrubbed, Headers and
 * Maps turned into plain objects, cycles cut. Secrets stay Secrets (they render as ***).
 */
export function redactValue(value: unknown, scrub: Scrub = scrubSensitivePatterns): unknown {
  return redactInner(value, scrub, 0, new WeakSet());
}

function redactInner(value: unknown, scrub: Scrub, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Secret) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (value instanceof Error) return errorToPlain(value, scrub, depth, seen);
  if (value instanceof URL) return scrub(value.href);
  if (Array.isArray(value)) return value.map((v) => redactInner(v, scrub, depth + 1, seen));
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  const entries = isEntryIterable(value) ? [...value.entries()] : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    const name = String(key);
    out[name] = isSensitiveKey(name) ? REDACTED : redactInner(v, scrub, depth + 1, seen);
  }
  return out;
}

// Logging an error must not change it (the caller may still read `err.response` afterwards):
// a plain copy in the shape pino's error serializer writes, redacted like any other value.
function errorToPlain(
  error: Error,
  scrub: Scrub,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrub(error.message) };
  if (typeof error.stack === 'string') out['stack'] = scrub(error.stack);
  const record = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(error)) {
    // A cause set by assignment is enumerable: it is copied once, below, or it would read as a cycle.
    if (key === 'cause') continue;
    if (REQUEST_CARRIERS.has(key)) {
      const status = statusOf(record[key]);
      if (status !== undefined && record['status'] === undefined) out['status'] = status;
    } else {
      out[key] = isSensitiveKey(key) ? REDACTED : redactInner(record[key], scrub, depth + 1, seen);
    }
  }
  if (error.cause !== undefined) out['cause'] = redactInner(error.cause, scrub, depth + 1, seen);
  return out;
}

function isEntryIterable(value: object): value is { entries(): IterableIterator<[unknown, unknown]> } {
  return (
    (value instanceof Map || isHeadersLike(value)) &&
    typeof (value as Map<unknown, unknown>).entries === 'function'
  );
}

// By its tag, not `instanceof Headers`: reading the global Headers makes Node load its bundled
// undici (~50 ms of CPU at start-up, when the first line is logged), and the npm undici's Headers
// is another class that instanceof would miss anyway.
function isHeadersLike(value: object): boolean {
  return Object.prototype.toString.call(value) === '[object Headers]';
}

// Properties through which HTTP clients and SDKs attach the whole request (with its headers and
// signed URL) to an error: ccxt, axios, bybit-api's `requestOptions`, undici.
const REQUEST_CARRIERS = new Set([
  'request',
  'config',
  'options',
  'requestOptions',
  'req',
  'headers',
  'response',
  'res',
]);

/**
 * Makes an error safe to throw on, log or show: message and stack scrubbed, properties that carry
 * a request dropped (their status kept), other own properties redacted, causes followed. Mutates
 * and returns the same error so that its class survives; a frozen error is copied instead.
 */
export function redactError<E extends Error>(error: E, scrub?: Scrub): E;
export function redactError(error: unknown, scrub?: Scrub): Error;
export function redactError(error: unknown, scrub: Scrub = scrubSensitivePatterns): Error {
  return redactErrorInner(error, scrub, 0);
}

function redactErrorInner(error: unknown, scrub: Scrub, depth: number): Error {
  if (!(error instanceof Error)) {
    return new Error(scrub(typeof error === 'string' ? error : safeDescribe(error)));
  }
  const target: Error = Object.isFrozen(error) ? copyError(error) : error;
  const record = target as unknown as Record<string, unknown>;
  trySet(record, 'message', scrub(target.message));
  if (typeof target.stack === 'string') trySet(record, 'stack', scrub(target.stack));
  for (const key of Object.keys(target)) {
    if (key === 'message' || key === 'stack') continue;
    const value = record[key];
    if (REQUEST_CARRIERS.has(key)) {
      const status = statusOf(value);
      tryDelete(record, key);
      if (status !== undefined && record['status'] === undefined) trySet(record, 'status', status);
    } else if (isSensitiveKey(key)) {
      trySet(record, key, REDACTED);
    } else if (key !== 'cause' && key !== 'errors') {
      // cause and errors are followed below, as errors in their own right
      trySet(record, key, redactValue(value, scrub));
    }
  }
  if (depth < MAX_DEPTH && target.cause !== undefined) {
    trySet(record, 'cause', redactErrorInner(target.cause, scrub, depth + 1));
  }
  const errors = record['errors'];
  if (depth < MAX_DEPTH && Array.isArray(errors)) {
    trySet(
      record,
      'errors',
      errors.map((e) => redactErrorInner(e, scrub, depth + 1)),
    );
  }
  return target;
}

function copyError(error: Error): Error {
  const copy = new Error(error.message);
  copy.name = error.name;
  // The original's stack or none: a stack made here would point into this function.
  copy.stack = error.stack;
  if (error.cause !== undefined) copy.cause = error.cause;
  for (const key of Object.keys(error)) {
    (copy as unknown as Record<string, unknown>)[key] = (error as unknown as Record<string, unknown>)[key];
  }
  return copy;
}

function statusOf(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const status = record['status'] ?? record['statusCode'];
  return typeof status === 'number' ? status : undefined;
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(redactValue(value)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function trySet(record: Record<string, unknown>, key: string, value: unknown): void {
  try {
    record[key] = value;
  } catch {
    // A read-only property: leave it; the log sink's scrubber is the second line of defence.
  }
}

function tryDelete(record: Record<string, unknown>, key: string): void {
  try {
    delete record[key];
  } catch {
    trySet(record, key, REDACTED);
  }
}
