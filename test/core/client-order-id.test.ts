import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientOrderIdError,
  ClientOrderIdGenerator,
  type ClientOrderIdSpec,
  type GeneratorSeed,
  validateClientOrderId,
} from '../../src/core/client-order-id.js';

// Specs as the venue adapters will pass them (data, not code, in core).
const SPECS: Record<string, ClientOrderIdSpec> = {
  usdm: { maxLength: 36, pattern: /^[.A-Z:/a-z0-9_-]{1,36}$/, form: 'text' },
  alnum32: { maxLength: 32, pattern: /^[A-Za-z0-9]{1,32}$/, form: 'text' },
  linkId36: { maxLength: 36, pattern: /^[A-Za-z0-9_-]{1,36}$/, form: 'text' },
  cloid: { maxLength: 34, pattern: /^0x[0-9a-f]{32}$/, form: 'hex16' },
};
const T = 1_752_000_000_000;
const bytes = (...b: number[]) => Uint8Array.from(b.length >= 6 ? b : [...b, 1, 2, 3, 4, 5, 6]);

describe('validateClientOrderId', () => {
  it('applies length then pattern, with reasons', () => {
    expect(validateClientOrderId('abc-DEF_1.2:3/4', SPECS.usdm!)).toEqual({ ok: true });
    expect(validateClientOrderId('', SPECS.usdm!)).toEqual({ ok: false, reason: 'client order id is empty' });
    expect(validateClientOrderId('a'.repeat(37), SPECS.usdm!)).toEqual({
      ok: false,
      reason: 'client order id is 37 characters, the venue allows 36',
    });
    expect(validateClientOrderId('a-b', SPECS.alnum32!).ok).toBe(false);
    expect(validateClientOrderId('ab c', SPECS.linkId36!).ok).toBe(false);
    expect(validateClientOrderId('0x' + 'A'.repeat(32), SPECS.cloid!).ok).toBe(false);
    expect(validateClientOrderId('0x' + 'a'.repeat(31), SPECS.cloid!).ok).toBe(false);
    expect(validateClientOrderId('a-b', SPECS.alnum32!)).toEqual({
      ok: false,
      reason: 'client order id "a-b" does not match /^[A-Za-z0-9]{1,32}$/',
    });
    // Not a string at all (untyped input): refused, not stringified into a match.
    expect(validateClientOrderId(12345 as unknown as string, SPECS.alnum32!)).toEqual({
      ok: false,
      reason: 'client order id is a number, not text',
    });
  });
});

describe('ClientOrderIdGenerator', () => {
  it.each(Object.entries(SPECS))('%s: every id is valid and distinct', (_name, spec) => {
    const g = new ClientOrderIdGenerator(spec, { randomBytes: bytes(9, 200, 33, 77, 5, 250), startedAt: T });
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = g.next();
      expect(validateClientOrderId(id, spec)).toEqual({ ok: true });
      seen.add(id);
      expect(g.owns(id)).toBe(true);
    }
    expect(seen.size).toBe(5000);
    expect(g.count).toBe(5000);
  });

  it('the hex16 form is 0x + 32 hex digits: random, start time, counter', () => {
    const g = new ClientOrderIdGenerator(SPECS.cloid!, {
      randomBytes: bytes(0xde, 0xad, 0xbe, 0xef, 0x01, 0x02),
      startedAt: T,
    });
    expect(g.next()).toBe(`0xdeadbeef0102${T.toString(16).padStart(12, '0')}00000000`);
    expect(g.next()).toBe(`0xdeadbeef0102${T.toString(16).padStart(12, '0')}00000001`);
  });

  it('text ids: tag, fixed session and time, then a short counter', () => {
    const g = new ClientOrderIdGenerator(SPECS.alnum32!, {
      randomBytes: bytes(0, 1, 2, 61, 62, 63),
      startedAt: T,
      tag: 'qd',
    });
    const a = g.next();
    expect(a.startsWith('qd012z01')).toBe(true);
    expect(a.length).toBe(2 + 6 + 8 + 1);
    expect(g.owns('qd012z01')).toBe(false);
    expect(g.owns('zz' + a.slice(2))).toBe(false);
  });

  it('unique across restarts: other sessions never produce the same ids (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(...Object.values(SPECS)),
        (r1, r2, later, spec) => {
          // Same random draw after a restart, or a different one at the same millisecond.
          const a = new ClientOrderIdGenerator(spec, { randomBytes: r1, startedAt: T });
          const b = new ClientOrderIdGenerator(spec, { randomBytes: r2, startedAt: T + later });
          fc.pre(
            !(
              later === 0 && r1.every((x, i) => (spec.form === 'text' ? x % 62 === r2[i]! % 62 : x === r2[i]))
            ),
          );
          const idsA = new Set(Array.from({ length: 200 }, () => a.next()));
          for (let i = 0; i < 200; i++) expect(idsA.has(b.next())).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses specs and seeds that cannot work, by name', () => {
    const seed = { randomBytes: bytes(1, 2, 3, 4, 5, 6), startedAt: T };
    expect(() => new ClientOrderIdGenerator({ ...SPECS.alnum32!, maxLength: 16 }, seed)).toThrow(
      /ids would need 17 characters, the venue allows 16/,
    );
    expect(
      () => new ClientOrderIdGenerator(SPECS.alnum32!, { ...seed, randomBytes: new Uint8Array(3) }),
    ).toThrow(ClientOrderIdError);
    expect(() => new ClientOrderIdGenerator(SPECS.alnum32!, { ...seed, startedAt: 1.5 })).toThrow(
      /startedAt/,
    );
    expect(() => new ClientOrderIdGenerator(SPECS.alnum32!, { ...seed, tag: 'q-d' })).toThrow(
      /outside the alphabet/,
    );
    expect(() => new ClientOrderIdGenerator(SPECS.cloid!, { ...seed, tag: 'qd' })).toThrow(
      /no room for a tag/,
    );
    expect(() => new ClientOrderIdGenerator({ ...SPECS.alnum32!, alphabet: 'aa' }, seed)).toThrow(/distinct/);
    expect(() => new ClientOrderIdGenerator({ ...SPECS.alnum32!, alphabet: 'a' }, seed)).toThrow(
      'alphabet needs ≥ 2 distinct characters',
    );
    // An alphabet the venue pattern forbids is caught at construction, not at the first order.
    expect(
      () => new ClientOrderIdGenerator({ ...SPECS.alnum32!, alphabet: '!#$%&()*+,;<=>?@[]^{|}~' }, seed),
    ).toThrow(/spec cannot be met/);
  });

  it('checks the seed at its limits, by name', () => {
    const seed: GeneratorSeed = { randomBytes: bytes(1, 2, 3, 4, 5, 6), startedAt: T };
    const make = (over: Partial<GeneratorSeed>) => () =>
      new ClientOrderIdGenerator(SPECS.alnum32!, { ...seed, ...over });
    const fewBytes = make({ randomBytes: Uint8Array.from([1, 2, 3, 4, 5]) });
    expect(fewBytes).toThrow(ClientOrderIdError);
    expect(fewBytes).toThrow('need at least 6 random bytes');
    // Six numbers that are not bytes from a CSPRNG buffer are refused the same way.
    expect(make({ randomBytes: [1, 2, 3, 4, 5, 6] as unknown as Uint8Array })).toThrow(
      'need at least 6 random bytes',
    );
    expect(make({ startedAt: -1 })).toThrow('startedAt must be whole ms since the epoch, got -1');
    expect(make({ startedAt: 2 ** 42 })).toThrow(/startedAt must be whole ms/);
    expect(make({ startedAt: 0 })).not.toThrow();
    expect(make({ startedAt: 2 ** 42 - 1 })).not.toThrow();
    expect(new ClientOrderIdError('x').name).toBe('ClientOrderIdError');
  });

  it('other alphabets: two characters are enough, and 64 need only 7 for the start time', () => {
    const binary = new ClientOrderIdGenerator(
      { maxLength: 64, pattern: /^[ab]+$/, form: 'text', alphabet: 'ab' },
      { randomBytes: bytes(0, 1, 2, 3, 4, 5), startedAt: T },
    );
    // 6 session + 42 time characters (2^42 start times) + the counter.
    expect(binary.next()).toBe(
      `ababab${T.toString(2).padStart(42, '0').replaceAll('0', 'a').replaceAll('1', 'b')}a`,
    );
    const url64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const g = new ClientOrderIdGenerator(
      { maxLength: 36, pattern: /^[A-Za-z0-9_-]{1,36}$/, form: 'text', alphabet: url64 },
      { randomBytes: bytes(1, 2, 3, 4, 5, 6), startedAt: 2 ** 42 - 1 },
    );
    // 64^7 = 2^42 start times fit exactly in 7 characters: the last one is all '_'.
    expect(g.next()).toBe('BCDEFG_______A');
  });

  it('owns an id only with a counter after its prefix', () => {
    const g = new ClientOrderIdGenerator(SPECS.alnum32!, {
      randomBytes: bytes(0, 1, 2, 61, 62, 63),
      startedAt: T,
    });
    const first = g.next(); // one counter character
    expect(g.owns(first)).toBe(true);
    expect(g.owns(first.slice(0, -1))).toBe(false);
  });

  it('a session that used up its counter says so', () => {
    // 6 session + 8 time characters leave 3 for the counter: 62^3 ids.
    const spec: ClientOrderIdSpec = { maxLength: 17, pattern: /^[A-Za-z0-9]+$/, form: 'text' };
    const g = new ClientOrderIdGenerator(spec, { randomBytes: bytes(1, 2, 3, 4, 5, 6), startedAt: T });
    let last = '';
    for (let i = 0; i < 62 ** 3; i++) last = g.next();
    expect(last.length).toBe(17);
    expect(() => g.next()).toThrow(/counter exhausted/);
  });
});
