/**
 * Client order ids: fixed before the first send (invariant 4), unique across restarts, and
 * valid for the venue's charset and length, which the venue adapter passes in as a spec.
 *
 * Layout: tag + session + start time + counter.
 *   - session: characters drawn from injected random bytes, so two processes started in the
 *     same millisecond still differ;
 *   - start time: the session's start (ms, passed in) at a fixed width, so a restart never
 *     reuses an id of an earlier session even if the random draw repeats;
 *   - counter: grows by one per id within the session.
 * Session and time have fixed widths, so ids of different sessions cannot collide through
 * different splits of the counter. The 'hex16' form (a 16-byte `0x…` id) packs 6 random bytes,
 * 6 bytes of start time and a 4-byte counter.
 */

export interface ClientOrderIdSpec {
  /** Longest id the venue accepts. */
  maxLength: number;
  /** The venue's own rule, checked on every id we make or are given. */
  pattern: RegExp;
  /** 'text': characters from `alphabet`; 'hex16': '0x' + 32 lowercase hex digits. */
  form: 'text' | 'hex16';
  /** Characters to build text ids from (default base62: safe in any URL or JSON). */
  alphabet?: string;
}

export interface GeneratorSeed {
  /** At least 6 random bytes from a CSPRNG (the engine passes crypto.randomBytes). */
  randomBytes: Uint8Array;
  /** Session start, ms since the epoch. */
  startedAt: number;
  /** Optional fixed leading text for text ids (must fit the alphabet), e.g. to tell our orders apart. */
  tag?: string;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SESSION_CHARS = 6;
/** Start times below 2^42 ms (year 2109). */
const TIME_LIMIT = 2 ** 42;
/** Counter digits always available in a text id: ids enough for any session. */
const MIN_COUNTER_CHARS = 3;

/** A spec or seed that cannot produce valid ids, or a session that has used up its counter. */
export class ClientOrderIdError extends Error {
  override readonly name = 'ClientOrderIdError';
}

export type IdCheck = { ok: true } | { ok: false; reason: string };

/** Checks an id against a venue spec: length, then the venue's pattern. */
export function validateClientOrderId(id: string, spec: ClientOrderIdSpec): IdCheck {
  if (typeof id !== 'string') return { ok: false, reason: `client order id is a ${typeof id}, not text` };
  if (id.length === 0) return { ok: false, reason: 'client order id is empty' };
  if (id.length > spec.maxLength) {
    return {
      ok: false,
      reason: `client order id is ${id.length} characters, the venue allows ${spec.maxLength}`,
    };
  }
  if (!spec.pattern.test(id))
    return { ok: false, reason: `client order id ${JSON.stringify(id)} does not match ${spec.pattern}` };
  return { ok: true };
}

function encode(value: number, alphabet: string, width: number): string {
  const base = alphabet.length;
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = alphabet[v % base]! + out;
    v = Math.floor(v / base);
  }
  return out;
}

function widthFor(limit: number, base: number): number {
  let width = 1;
  while (base ** width < limit) width++;
  return width;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export class ClientOrderIdGenerator {
  readonly #spec: ClientOrderIdSpec;
  readonly #prefix: string;
  readonly #alphabet: string;
  readonly #counterChars: number;
  readonly #maxCount: number;
  #count = 0;

  constructor(spec: ClientOrderIdSpec, seed: GeneratorSeed) {
    this.#spec = spec;
    this.#alphabet = spec.alphabet ?? BASE62;
    const { randomBytes, startedAt } = seed;
    if (!(randomBytes instanceof Uint8Array) || randomBytes.length < SESSION_CHARS) {
      throw new ClientOrderIdError(`need at least ${SESSION_CHARS} random bytes`);
    }
    if (!Number.isInteger(startedAt) || startedAt < 0 || startedAt >= TIME_LIMIT) {
      throw new ClientOrderIdError(`startedAt must be whole ms since the epoch, got ${startedAt}`);
    }
    if (spec.form === 'hex16') {
      if (seed.tag) throw new ClientOrderIdError('a hex16 id has no room for a tag');
      const time = startedAt.toString(16).padStart(12, '0');
      this.#prefix = `0x${hex(randomBytes.subarray(0, 6))}${time}`;
      this.#counterChars = 8;
      this.#maxCount = 2 ** 32;
    } else {
      const a = this.#alphabet;
      if (a.length < 2 || new Set(a).size !== a.length)
        throw new ClientOrderIdError('alphabet needs ≥ 2 distinct characters');
      const tag = seed.tag ?? '';
      if ([...tag].some((ch) => !a.includes(ch)))
        throw new ClientOrderIdError(`tag ${JSON.stringify(tag)} is outside the alphabet`);
      let session = '';
      for (let i = 0; i < SESSION_CHARS; i++) session += a[randomBytes[i]! % a.length];
      this.#prefix = tag + session + encode(startedAt, a, widthFor(TIME_LIMIT, a.length));
      this.#counterChars = spec.maxLength - this.#prefix.length;
      if (this.#counterChars < MIN_COUNTER_CHARS) {
        throw new ClientOrderIdError(
          `ids would need ${this.#prefix.length + MIN_COUNTER_CHARS} characters, the venue allows ${spec.maxLength}`,
        );
      }
      this.#maxCount = Math.min(Number.MAX_SAFE_INTEGER, a.length ** this.#counterChars);
    }
    const probe = this.#make(0);
    const check = validateClientOrderId(probe, spec);
    if (!check.ok) throw new ClientOrderIdError(`spec cannot be met: ${check.reason}`);
  }

  /** The next id of this session. */
  next(): string {
    if (this.#count >= this.#maxCount)
      throw new ClientOrderIdError('client order id counter exhausted: start a new session');
    return this.#make(this.#count++);
  }

  /** True for ids made by this session (its fixed prefix). */
  owns(id: string): boolean {
    return id.startsWith(this.#prefix) && id.length > this.#prefix.length;
  }

  /** Ids handed out so far. */
  get count(): number {
    return this.#count;
  }

  #make(n: number): string {
    if (this.#spec.form === 'hex16') return this.#prefix + n.toString(16).padStart(8, '0');
    // Shortest counter that fits, so ids stay short; the fixed-width prefix keeps them unambiguous.
    const base = this.#alphabet.length;
    let digits = 1;
    while (digits < this.#counterChars && base ** digits <= n) digits++;
    return this.#prefix + encode(n, this.#alphabet, digits);
  }
}
