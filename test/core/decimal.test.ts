import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  cmp,
  DecimalError,
  decimalPlaces,
  div,
  divRound,
  eq,
  formatDec,
  gt,
  gte,
  isDecimal,
  isZero,
  lt,
  lte,
  max,
  min,
  mul,
  neg,
  normalize,
  parseDec,
  pow10,
  round,
  sign,
  sub,
  sum,
  toFixed,
  toNumber,
  trimDec,
} from '../../src/core/decimal.js';
import { decimalString } from './arbitraries.js';

describe('parse and normalize', () => {
  it('accepts plain decimals in the forms venues send', () => {
    expect(normalize('1.500')).toBe('1.5');
    expect(normalize('-0.0')).toBe('0');
    expect(normalize('+.5')).toBe('0.5');
    expect(normalize('-.25')).toBe('-0.25');
    expect(normalize('7.')).toBe('7');
    expect(normalize('000123.4500')).toBe('123.45');
    expect(normalize('0.00000001')).toBe('0.00000001');
    expect(normalize('0.0000001')).toBe('0.0000001'); // no exponent, unlike Number
    expect(normalize('123456789012345678901234567890.123456789')).toBe(
      '123456789012345678901234567890.123456789',
    );
  });

  it.each([
    ['NaN'],
    ['1e5'],
    ['1E-7'],
    [''],
    ['--1'],
    ['+-1'],
    ['.'],
    ['-'],
    [' 1'],
    ['1 '],
    ['1,5'],
    ['0x10'],
    ['Infinity'],
    ['1.2.3'],
    ['1e99999999'],
  ])('rejects %j with a DecimalError', (bad) => {
    expect(() => parseDec(bad)).toThrow(DecimalError);
    expect(isDecimal(bad)).toBe(false);
  });

  it('rejects non-strings and absurdly long input with a named error', () => {
    expect(() => parseDec(1.5 as unknown as string)).toThrow(/not a decimal string: number/);
    expect(() => parseDec('1'.repeat(101))).toThrow(/101 characters/);
    let thrown: unknown;
    try {
      parseDec('abc');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DecimalError);
    expect((thrown as DecimalError).name).toBe('DecimalError');
    expect((thrown as DecimalError).message).toContain('"abc"');
    expect((thrown as DecimalError).input).toBe('abc');
    expect(isDecimal(5)).toBe(false);
    expect(isDecimal('5.5')).toBe(true);
  });

  it('names what it refused: type, empty, length (up to 100 accepted), text cut at 40 characters', () => {
    expect(() => parseDec(1.5 as unknown as string)).toThrow(/^not a decimal string: number "1.5"$/);
    expect(() => parseDec('')).toThrow(/^not a decimal: empty string$/);
    expect(parseDec('1'.repeat(100))).toEqual({ m: BigInt('1'.repeat(100)), s: 0 });
    expect(() => parseDec('1'.repeat(101))).toThrow(/^not a decimal: 101 characters \(max 100\)$/);
    expect(() => parseDec('x'.repeat(40))).toThrow(`not a plain decimal: "${'x'.repeat(40)}"`);
    expect(() => parseDec('y'.repeat(41))).toThrow(`not a plain decimal: "${'y'.repeat(40)}…"`);
  });

  it('isDecimal accepts exactly the plain decimals (the pattern parseDec reads)', () => {
    // isDecimal reads in a loop; the pattern is the definition. Short strings of the characters
    // that matter, so most draws sit near the edge (signs, dots, no digit).
    const plain = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
    fc.assert(
      fc.property(fc.stringMatching(/^[-+.0-9a\s]{0,6}$/), (text) => {
        expect(isDecimal(text)).toBe(plain.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('isDecimal is a type guard: only a string, up to 100 characters', () => {
    // An array of one decimal string would pass a regular expression test (it stringifies).
    expect(isDecimal(['5'])).toBe(false);
    expect(isDecimal({ length: 1, toString: () => '5' })).toBe(false);
    expect(isDecimal('1'.repeat(100))).toBe(true);
    expect(isDecimal('1'.repeat(101))).toBe(false);
    expect(isDecimal('')).toBe(false);
  });

  it('reads signs and a missing integer part', () => {
    expect(parseDec('+.5')).toEqual({ m: 5n, s: 1 });
    expect(parseDec('-.25')).toEqual({ m: -25n, s: 2 });
    expect(parseDec('.5')).toEqual({ m: 5n, s: 1 });
    expect(parseDec('-7.')).toEqual({ m: -7n, s: 0 });
    expect(parseDec('+3')).toEqual({ m: 3n, s: 0 });
  });

  it('exposes the parsed form', () => {
    expect(parseDec('-1.230')).toEqual({ m: -1230n, s: 3 });
    expect(trimDec({ m: -1230n, s: 3 })).toEqual({ m: -123n, s: 2 });
    expect(formatDec({ m: 5n, s: 4 })).toBe('0.0005');
    expect(formatDec({ m: -5n, s: 1 })).toBe('-0.5');
    expect(pow10(20)).toBe(100000000000000000000n);
  });

  it('formatDec writes the value trimDec gives, with exactly its decimals', () => {
    // formatDec cuts the zeros from its text instead of trimming the bigint: held to trimDec.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), (m, s, zeros) => {
        const d = { m: m * 10n ** BigInt(zeros), s: s + zeros };
        const t = trimDec(d);
        const text = formatDec(d);
        expect(parseDec(text)).toEqual(t);
        expect(text).toMatch(t.s === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${t.s}}$`));
      }),
    );
  });

  it('normalize is idempotent and keeps the value', () => {
    fc.assert(
      fc.property(decimalString(), (a) => {
        const n = normalize(a);
        expect(normalize(n)).toBe(n);
        expect(cmp(n, a)).toBe(0);
        expect(n).not.toMatch(/\.\d*0$|^-0$|e/i);
      }),
    );
  });
});

describe('arithmetic', () => {
  it('is exact where floats are not', () => {
    expect(add('0.1', '0.2')).toBe('0.3');
    expect(sub('1', '0.9')).toBe('0.1');
    expect(mul('1.1', '1.1')).toBe('1.21');
    expect(mul('-0.5', '0.002')).toBe('-0.001');
    expect(sum(['0.1', '0.2', '-0.3'])).toBe('0');
    expect(sum([])).toBe('0');
    expect(sum(['1.5', '2.25', '0.005'])).toBe('3.755');
    expect(sum(['0.25', '1', '-0.5'])).toBe('0.75'); // a coarser value after a finer one
  });

  it('divides with an explicit scale and rounding mode', () => {
    expect(div('1', '3', 4, 'down')).toBe('0.3333');
    expect(div('2', '3', 4, 'half_up')).toBe('0.6667');
    expect(div('-2', '3', 4, 'floor')).toBe('-0.6667');
    expect(div('-2', '3', 4, 'ceil')).toBe('-0.6666');
    expect(div('10', '4', 0, 'half_even')).toBe('2');
    expect(div('14', '4', 0, 'half_even')).toBe('4');
    expect(div('10', '4', 0, 'half_up')).toBe('3');
    expect(div('1.5', '0.003', 2, 'down')).toBe('500');
    expect(div('1', '-8', 3, 'down')).toBe('-0.125');
    expect(() => div('1', '0.000', 2, 'down')).toThrow(/division by zero/);
    expect(() => div('1', '3', -1, 'down')).toThrow(/scale/);
    expect(() => div('1', '3', 1.5, 'down')).toThrow(/scale/);
    expect(() => div('1', '3', 61, 'down')).toThrow(/scale/);
    expect(div('1', '3', 60, 'down')).toBe(`0.${'3'.repeat(60)}`); // MAX_SCALE itself is allowed
    expect(() => div('1', '0.000', 2, 'down')).toThrow('division by zero: "1" / "0.000"');
  });

  it('divRound covers every mode and sign', () => {
    const cases: Array<[bigint, bigint, Record<string, bigint>]> = [
      [7n, 2n, { floor: 3n, ceil: 4n, down: 3n, up: 4n, half_up: 4n, half_even: 4n }],
      [5n, 2n, { floor: 2n, ceil: 3n, down: 2n, up: 3n, half_up: 3n, half_even: 2n }],
      [-5n, 2n, { floor: -3n, ceil: -2n, down: -2n, up: -3n, half_up: -3n, half_even: -2n }],
      [-7n, 3n, { floor: -3n, ceil: -2n, down: -2n, up: -3n, half_up: -2n, half_even: -2n }],
      [8n, -3n, { floor: -3n, ceil: -2n, down: -2n, up: -3n, half_up: -3n, half_even: -3n }],
      [6n, 3n, { floor: 2n, ceil: 2n, down: 2n, up: 2n, half_up: 2n, half_even: 2n }],
    ];
    for (const [n, d, want] of cases) {
      for (const [mode, q] of Object.entries(want)) {
        expect(divRound(n, d, mode as never), `${n}/${d} ${mode}`).toBe(q);
      }
    }
    expect(() => divRound(1n, 0n, 'floor')).toThrow(/^division by zero$/);
  });

  it('(a + b) - b == a and a + b == b + a', () => {
    fc.assert(
      fc.property(decimalString(), decimalString(), (a, b) => {
        expect(sub(add(a, b), b)).toBe(normalize(a));
        expect(add(a, b)).toBe(add(b, a));
        expect(add(a, neg(a))).toBe('0');
      }),
    );
  });

  it('multiplication distributes and division by b undoes exact multiplication by b', () => {
    fc.assert(
      fc.property(decimalString(6, 10), decimalString(6, 10), decimalString(6, 10), (a, b, c) => {
        expect(mul(a, add(b, c))).toBe(add(mul(a, b), mul(a, c)));
        if (!isZero(b)) expect(div(mul(a, b), b, 6, 'down')).toBe(normalize(a));
      }),
    );
  });

  it('a rounded division lies within one unit of the last place, on the side its mode says', () => {
    fc.assert(
      fc.property(decimalString(), decimalString(), fc.integer({ min: 0, max: 10 }), (a, b, scale) => {
        fc.pre(!isZero(b));
        const f = div(a, b, scale, 'floor');
        const c = div(a, b, scale, 'ceil');
        const ulp = scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
        const gap = sub(c, f);
        expect(gap === '0' || eq(gap, ulp)).toBe(true);
        const bPos = sign(b) > 0;
        expect(bPos ? lte(mul(f, b), a) : gte(mul(f, b), a)).toBe(true);
        expect(bPos ? gte(mul(c, b), a) : lte(mul(c, b), a)).toBe(true);
      }),
    );
  });
});

describe('comparison and helpers', () => {
  it('compares across scales', () => {
    expect(cmp('1.10', '1.1')).toBe(0);
    expect(cmp('-1', '0.5')).toBe(-1);
    expect(cmp('10', '9.999')).toBe(1);
    expect(eq('0', '-0.000')).toBe(true);
    expect(lt('0.1', '0.11')).toBe(true);
    expect(lte('0.1', '0.10')).toBe(true);
    expect(gt('2', '1.99')).toBe(true);
    expect(gte('2', '2.0')).toBe(true);
    expect(min('2.50', '3')).toBe('2.5');
    expect(max('2.50', '-3')).toBe('2.5');
    expect(max('1', '1.0')).toBe('1');
    // Each the other way round, and the false answers.
    expect(min('3', '2.50')).toBe('2.5');
    expect(max('-3', '2.50')).toBe('2.5');
    expect(eq('1', '1.01')).toBe(false);
    expect(lt('0.11', '0.1')).toBe(false);
    expect(lt('0.1', '0.10')).toBe(false);
    expect(lte('0.11', '0.1')).toBe(false);
    expect(gt('1.99', '2')).toBe(false);
    expect(gt('2', '2.0')).toBe(false);
    expect(gte('1.99', '2')).toBe(false);
  });

  it('sign, abs, neg, isZero, decimalPlaces, toNumber', () => {
    expect(sign('-0.01')).toBe(-1);
    expect(sign('0.00')).toBe(0);
    expect(sign('3')).toBe(1);
    expect(abs('-2.50')).toBe('2.5');
    expect(abs('2.5')).toBe('2.5');
    expect(neg('0')).toBe('0');
    expect(neg('-1.5')).toBe('1.5');
    expect(isZero('-0.000')).toBe(true);
    expect(isZero('0.001')).toBe(false);
    expect(decimalPlaces('0.10')).toBe(1);
    expect(decimalPlaces('100')).toBe(0);
    expect(toNumber('0.25')).toBe(0.25);
  });

  it('cmp is antisymmetric and agrees with sub', () => {
    fc.assert(
      fc.property(decimalString(), decimalString(), (a, b) => {
        expect(cmp(a, b)).toBe(-cmp(b, a) || 0);
        expect(cmp(a, b)).toBe(sign(sub(a, b)));
      }),
    );
  });

  it('toFixed writes exactly the wire precision', () => {
    expect(toFixed('1.5', 3, 'down')).toBe('1.500');
    expect(toFixed('1.23456', 2, 'half_up')).toBe('1.23');
    expect(toFixed('1.235', 2, 'half_up')).toBe('1.24');
    expect(toFixed('1.225', 2, 'half_even')).toBe('1.22');
    expect(toFixed('-0.001', 2, 'down')).toBe('0.00');
    expect(toFixed('-0.004', 2, 'half_up')).toBe('0.00');
    expect(toFixed('-0', 2, 'down')).toBe('0.00');
    expect(toFixed('-0.005', 2, 'half_up')).toBe('-0.01');
    expect(toFixed('12', 0, 'down')).toBe('12');
    expect(toFixed('0.5', 0, 'half_up')).toBe('1');
    expect(round('1.2999', 2, 'down')).toBe('1.29');
    expect(round('1.2999', 2, 'up')).toBe('1.3');
    expect(round('-1.2999', 2, 'floor')).toBe('-1.3');
  });
});
