import fc from 'fast-check';

/** A plain decimal string with up to `maxScale` decimals, as venues send them (trailing zeros kept). */
export function decimalString(maxScale = 12, maxDigits = 24): fc.Arbitrary<string> {
  const limit = 10n ** BigInt(maxDigits) - 1n;
  return fc
    .tuple(fc.bigInt({ min: -limit, max: limit }), fc.integer({ min: 0, max: maxScale }))
    .map(([m, s]) => {
      const neg = m < 0n;
      let digits = (neg ? -m : m).toString();
      if (s === 0) return (neg ? '-' : '') + digits;
      if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
      return (neg ? '-' : '') + digits.slice(0, digits.length - s) + '.' + digits.slice(digits.length - s);
    });
}

/** A positive tick/step such as '0.1', '0.25', '5', '0.001'. */
export function stepString(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(1n, 2n, 5n, 25n, 10n, 3n), fc.integer({ min: 0, max: 8 })).map(([m, s]) => {
    let digits = m.toString();
    if (s === 0) return digits;
    if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
    return digits.slice(0, digits.length - s) + '.' + digits.slice(digits.length - s);
  });
}
