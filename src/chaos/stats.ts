/** Small statistics for the chaos report, over bounded sample buffers (a soak must not grow). */

/** Keeps the last `capacity` samples; older ones are overwritten. */
export class SampleRing {
  readonly #buf: Float64Array;
  #next = 0;
  #size = 0;

  constructor(capacity = 50_000) {
    this.#buf = new Float64Array(capacity);
  }

  push(value: number): void {
    this.#buf[this.#next] = value;
    this.#next = (this.#next + 1) % this.#buf.length;
    if (this.#size < this.#buf.length) this.#size++;
  }

  get size(): number {
    return this.#size;
  }

  values(): number[] {
    return Array.from(this.#buf.subarray(0, this.#size));
  }
}

/** The p-th percentile (0..100), nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * Standard error of the least-squares slope of y over x: how far the slope could stray on the
 * scatter of the points alone (a soak's heap slope of 0.1 MB/h means little if this is 1 MB/h).
 * NaN with fewer than three points or fewer than two distinct x.
 */
export function slopeStandardError(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 3) return Number.NaN;
  const b = slope(points);
  if (Number.isNaN(b)) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let residuals = 0;
  let spread = 0;
  for (const p of points) {
    residuals += (p.y - my - b * (p.x - mx)) ** 2;
    spread += (p.x - mx) ** 2;
  }
  return Math.sqrt(residuals / (n - 2) / spread);
}

/** Rounds for a report: one decimal below 10, whole numbers above; NaN stays NaN. */
export function tidy(n: number): number {
  if (!Number.isFinite(n)) return n;
  return n < 10 ? Math.round(n * 10) / 10 : Math.round(n);
}
