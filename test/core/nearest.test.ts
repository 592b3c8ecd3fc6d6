// "Did you mean": the cockpit's command line and `--symbol` offer these names when a word is unknown.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestNames, resolveName } from '../../src/core/nearest.js';

describe('editDistance', () => {
  it('counts single-character inserts, deletes and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(2);
    expect(editDistance('abc', 'abxc')).toBe(1);
    expect(editDistance('abxc', 'abc')).toBe(1);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['cancel', 'cnacel'],
      ['btcusdt', 'BTCUSDT'],
      ['buy', 'sell'],
    ] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe('nearestNames', () => {
  it('offers names that start with the word, then those containing it, then those a few edits away', () => {
    expect(nearestNames('buy', ['sell', 'bye', 'rebuy', 'cancel', 'buy-limit'])).toEqual([
      'buy-limit',
      'rebuy',
      'bye',
    ]);
  });

  it('ignores case and returns the names as they are spelled', () => {
    expect(nearestNames('btc', ['BTCUSDT', 'ETHUSDT'])).toEqual(['BTCUSDT']);
    expect(nearestNames('ETH', ['btcusdt', 'ethusdt'])).toEqual(['ethusdt']);
  });

  it('puts shorter names first among equally near ones, then in alphabetical order', () => {
    expect(nearestNames('bu', ['buyer', 'buy'])).toEqual(['buy', 'buyer']);
    expect(nearestNames('bu', ['buy', 'bux'])).toEqual(['bux', 'buy']);
    // Distance beats length: one edit away before two edits away, whatever their length.
    expect(nearestNames('cancel', ['cancal', 'cnacelx'])).toEqual(['cancal', 'cnacelx']);
  });

  it('offers at most three names unless told otherwise', () => {
    const names = ['ab', 'ac', 'ad', 'ae'];
    expect(nearestNames('a', names)).toEqual(['ab', 'ac', 'ad']);
    expect(nearestNames('a', names, 2)).toEqual(['ab', 'ac']);
    expect(nearestNames('a', names, 4)).toEqual(names);
  });

  it('allows two edits for a short word and half its length for a longer one, no more', () => {
    // Four letters: two edits.
    expect(nearestNames('abcd', ['abxy', 'axyz', 'wxyz'])).toEqual(['abxy']);
    // Six letters: three edits, not four.
    expect(nearestNames('abcdef', ['abcxyz', 'abwxyz'])).toEqual(['abcxyz']);
    // Seven letters: three edits (half of seven, rounded down), not four.
    expect(nearestNames('abcdefg', ['abcdxyz', 'abcwxyz'])).toEqual(['abcdxyz']);
    // Eight letters: four edits, not five.
    expect(nearestNames('abcdefgh', ['abcdwxyz', 'abcvwxyz'])).toEqual(['abcdwxyz']);
  });

  it('offers nothing when nothing is close', () => {
    expect(nearestNames('zzzz', ['buy', 'sell', 'cancel'])).toEqual([]);
    expect(nearestNames('buy', [])).toEqual([]);
  });
});

describe('resolveName', () => {
  it('takes the exact spelling first, then a match in any case', () => {
    expect(resolveName('BTCUSDT', ['btcusdt', 'BTCUSDT'])).toEqual({ name: 'BTCUSDT' });
    expect(resolveName('ethusdt', ['BTCUSDT', 'ETHUSDT'])).toEqual({ name: 'ETHUSDT' });
  });

  it('names the closest symbols when none matches', () => {
    // BTCUSDT starts with it; ETHUSDT is three edits away (half of six letters); SOLUSDT four.
    expect(resolveName('BTCUSD', ['SOLUSDT', 'ETHUSDT', 'BTCUSDT'])).toEqual({
      closest: ['BTCUSDT', 'ETHUSDT'],
    });
    expect(resolveName('XRP', ['BTCUSDT'])).toEqual({ closest: [] });
  });
});
