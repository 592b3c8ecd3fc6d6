// The slope and its standard error, as the soaks report them: exact on a line, and the error grows
// with the scatter and shrinks with more points.
import { describe, expect, it } from 'vitest';
import { slope, slopeStandardError } from '../../src/chaos/stats.js';

const points = (ys: number[]) => ys.map((y, x) => ({ x, y }));

describe('slope and its standard error', () => {
  it('is exact on a straight line, with no error', () => {
    const line = points([1, 3, 5, 7, 9]);
    expect(slope(line)).toBeCloseTo(2, 12);
    expect(slopeStandardError(line)).toBeCloseTo(0, 12);
  });

  it('matches the textbook value on a small scatter', () => {
    // y = 0, 2, 1, 3 over x = 0..3: slope 0.8, residuals -0.3 0.9 -0.9 0.3 (sum of squares 1.8),
    // x spread 5: standard error sqrt(1.8 / 2 / 5) = 0.424.
    expect(slope(points([0, 2, 1, 3]))).toBeCloseTo(0.8, 12);
    expect(slopeStandardError(points([0, 2, 1, 3]))).toBeCloseTo(Math.sqrt(1.8 / 2 / 5), 12);
  });

  it('shrinks as the same scatter is sampled over more points', () => {
    const saw = (n: number) => points(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1)));
    expect(slopeStandardError(saw(40))).toBeLessThan(slopeStandardError(saw(10)));
  });

  it('is NaN below three points', () => {
    expect(slopeStandardError(points([1, 2]))).toBeNaN();
  });
});
