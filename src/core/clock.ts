/**
 * Venue clock estimator. Signed requests must carry a venue timestamp that is never ahead of the
 * venue (Binance rejects `timestamp >= serverTime + 1000` whatever recvWindow says), so this
 * estimates a guaranteed LOWER BOUND of venue time, not a best guess.
 *
 * Model: venue time V(x) = x + θ + β·(x − x₀) for local monotonic time x, unknown offset θ and
 * drift β (|β| ≤ maxDriftPpm). A sample (sentAt, receivedAt, serverTime) says the venue stamped
 * serverTime at some local instant in [sentAt, receivedAt], and that its clock then read at least
 * serverTime and less than serverTime + resolution (venues truncate to their unit). As V is
 * increasing, each sample yields two linear constraints on (θ, β):
 *     V(receivedAt) ≥ serverTime              (lower:  θ ≥ L − β·R)
 *     V(sentAt)     < serverTime + resolution (upper:  θ ≤ U − β·S)
 * The set of (θ, β) meeting all constraints holds the truth; the lower bound of V(x) is the
 * minimum of V(x) over that set (a small linear programme solved exactly below). With one sample
 * it is serverTime − receivedAt minus the worst drift since; as samples span time the drift
 * range narrows and the bound tightens. Asymmetric paths and slow outliers cannot push it above
 * the truth: they only make their own constraint weaker. Everything is computed from the
 * monotonic times passed in, so a step of the system wall clock changes nothing.
 */

export interface ClockSample {
  /** Local monotonic ms when the request left. */
  sentAt: number;
  /** Local monotonic ms when the reply arrived. */
  receivedAt: number;
  /** Venue time in the reply, ms since the epoch. */
  serverTime: number;
}

export interface ClockOptions {
  /** Most samples kept (default 16). */
  maxSamples?: number;
  /** Samples older than this (relative to the newest) are dropped (default 1 h). */
  maxAgeMs?: number;
  /** Samples with a longer round trip are refused as useless (default 10 s). */
  maxRttMs?: number;
  /** Bound on |drift| between the local monotonic clock and the venue (default 1000 ppm). */
  maxDriftPpm?: number;
  /** Unit the venue truncates serverTime to, ms (default 1; 1000 for a venue that sends seconds). */
  resolutionMs?: number;
  /** Span of samples below which drift is reported as 0 (default 60 s). */
  minDriftSpanMs?: number;
  /** Subtracted from now() unless the caller passes its own margin (default 0). */
  safetyMarginMs?: number;
}

export interface ClockReport {
  synced: boolean;
  /** Lower-bound offset venue − local at `at`, ms. */
  offset: number;
  /** Width of the interval the true venue time lies in at `at` (≥ best round trip), ms. */
  uncertainty: number;
  driftPpm: number;
  /** Half-width of the drift range the samples allow, ppm. */
  driftUncertaintyPpm: number;
  /** ms since the newest sample arrived (Infinity before any). */
  lastSampleAge: number;
  sampleCount: number;
  bestRtt: number;
  /** Samples refused as malformed or too slow. */
  refused: number;
  /** Times older samples were dropped because a new one contradicted them (a venue clock step). */
  contradictions: number;
}

export type AddSampleResult = { ok: true } | { ok: false; reason: string };

/** Asked for a timestamp before any venue time sample was taken. */
export class ClockNotSyncedError extends Error {
  override readonly name = 'ClockNotSyncedError';
  constructor() {
    super('venue clock has no time sample yet: sync before signing');
  }
}

interface Stored extends ClockSample {
  rtt: number;
}

/** A point of a piecewise-linear envelope in drift space: at drift beta, the offset bound is theta. */
interface Vertex {
  beta: number;
  theta: number;
}

export class VenueClock {
  readonly #maxSamples: number;
  readonly #maxAgeMs: number;
  readonly #maxRttMs: number;
  readonly #maxDrift: number;
  readonly #resolution: number;
  readonly #minDriftSpan: number;
  readonly #margin: number;
  #samples: Stored[] = [];
  #lastReceivedAt = Number.NaN;
  #refused = 0;
  #contradictions = 0;
  // Derived on every change, so that now() is a handful of multiplications.
  #x0 = 0;
  #betaLo = 0;
  #betaHi = 0;
  #lower: Vertex[] = [];
  #upper: Vertex[] = [];
  #drift = 0;

  constructor(options: ClockOptions = {}) {
    this.#maxSamples = Math.max(2, options.maxSamples ?? 16);
    this.#maxAgeMs = options.maxAgeMs ?? 3_600_000;
    this.#maxRttMs = options.maxRttMs ?? 10_000;
    this.#maxDrift = (options.maxDriftPpm ?? 1000) / 1e6;
    this.#resolution = options.resolutionMs ?? 1;
    this.#minDriftSpan = options.minDriftSpanMs ?? 60_000;
    this.#margin = options.safetyMarginMs ?? 0;
  }

  /** Absorbs one round trip. Malformed or useless samples are refused with a reason, not thrown. */
  addSample(sample: ClockSample): AddSampleResult {
    const { sentAt, receivedAt, serverTime } = sample;
    if (![sentAt, receivedAt, serverTime].every(Number.isFinite)) {
      return this.#refuse('sample times must be finite numbers');
    }
    const rtt = receivedAt - sentAt;
    if (rtt < 0) return this.#refuse(`receivedAt ${receivedAt} is before sentAt ${sentAt}`);
    if (rtt > this.#maxRttMs) return this.#refuse(`round trip ${rtt} ms exceeds ${this.#maxRttMs} ms`);
    this.#samples.push({ sentAt, receivedAt, serverTime, rtt });
    this.#samples.sort((a, b) => a.receivedAt - b.receivedAt);
    if (!(receivedAt <= this.#lastReceivedAt)) this.#lastReceivedAt = receivedAt;
    this.#prune();
    // A contradiction means the venue's clock stepped (or drift exceeded the bound): the newest
    // sample is the truth, so drop the oldest until the rest agree with it.
    // The array is sorted by arrival, and one sample alone is always consistent.
    while (!this.#solve()) {
      this.#contradictions++;
      this.#samples.shift();
    }
    return { ok: true };
  }

  /** Forgets every sample (e.g. after switching environment). Counters are kept. */
  clear(): void {
    this.#samples = [];
    this.#lastReceivedAt = Number.NaN;
  }

  isSynced(): boolean {
    return this.#samples.length > 0;
  }

  /**
   * Venue time to sign with at local monotonic time `monotonicNow`: a lower bound of the true
   * venue time, minus a safety margin, floored to whole ms. Throws ClockNotSyncedError before
   * the first sample: signing with a guess is the bug this exists to prevent.
   */
  now(monotonicNow: number, marginMs = this.#margin): number {
    // lowerBound throws ClockNotSyncedError before the first sample.
    // The microsecond keeps float rounding in the bound from ever lifting it over the truth.
    return Math.floor(this.lowerBound(monotonicNow) - marginMs - 0.001);
  }

  /** Greatest venue time that all samples guarantee has been reached at local time x. */
  lowerBound(x: number): number {
    // Before the first sample (or after clear()) there is no bound, only the last solve's leftovers.
    if (!this.isSynced()) throw new ClockNotSyncedError();
    return x + envelope(this.#lower, x - this.#x0, Math.min);
  }

  /** Least venue time that all samples guarantee has not been passed at local time x. */
  upperBound(x: number): number {
    if (!this.isSynced()) throw new ClockNotSyncedError();
    return x + envelope(this.#upper, x - this.#x0, Math.max);
  }

  /** Middle of the bounds: for display, never for signing. */
  estimate(x: number): number {
    return (this.lowerBound(x) + this.upperBound(x)) / 2;
  }

  report(monotonicNow: number): ClockReport {
    const synced = this.isSynced();
    const lower = synced ? this.lowerBound(monotonicNow) : Number.NaN;
    return {
      synced,
      offset: lower - monotonicNow,
      uncertainty: synced ? this.upperBound(monotonicNow) - lower : Number.NaN,
      driftPpm: synced ? this.#drift * 1e6 : 0,
      driftUncertaintyPpm: synced ? ((this.#betaHi - this.#betaLo) / 2) * 1e6 : this.#maxDrift * 1e6,
      lastSampleAge: synced ? monotonicNow - this.#lastReceivedAt : Number.POSITIVE_INFINITY,
      sampleCount: this.#samples.length,
      bestRtt: synced ? Math.min(...this.#samples.map((s) => s.rtt)) : Number.NaN,
      refused: this.#refused,
      contradictions: this.#contradictions,
    };
  }

  /** Kept samples, oldest first (copies). */
  samples(): ClockSample[] {
    return this.#samples.map(({ sentAt, receivedAt, serverTime }) => ({ sentAt, receivedAt, serverTime }));
  }

  #refuse(reason: string): AddSampleResult {
    this.#refused++;
    return { ok: false, reason };
  }

  /** Drops samples too old, then thins the closest-in-time pairs, keeping the faster of each. */
  #prune(): void {
    const newest = this.#samples[this.#samples.length - 1]!.receivedAt;
    this.#samples = this.#samples.filter((s) => newest - s.receivedAt <= this.#maxAgeMs);
    while (this.#samples.length > this.#maxSamples) {
      let pair = 0;
      let gap = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < this.#samples.length; i++) {
        const g = this.#samples[i + 1]!.receivedAt - this.#samples[i]!.receivedAt;
        if (g < gap) {
          gap = g;
          pair = i;
        }
      }
      const last = this.#samples.length - 1;
      const a = this.#samples[pair]!;
      const b = this.#samples[pair + 1]!;
      // Never drop the newest sample: it carries the freshest information about steps.
      const drop = pair + 1 === last || a.rtt > b.rtt ? pair : pair + 1;
      this.#samples.splice(drop, 1);
    }
  }

  /** Solves the constraints; false when they contradict each other. */
  #solve(): boolean {
    const samples = this.#samples;
    if (samples.length === 0) return true;
    this.#x0 = samples[samples.length - 1]!.receivedAt;
    // Lower constraints θ ≥ L − β·R and upper ones θ ≤ U − β·S, times relative to x0.
    const low = samples.map((s) => ({ c: s.serverTime - s.receivedAt, k: s.receivedAt - this.#x0 }));
    const up = samples.map((s) => ({
      c: s.serverTime + this.#resolution - s.sentAt,
      k: s.sentAt - this.#x0,
    }));
    // β is feasible iff every lower line lies below every upper line: L_i − βR_i ≤ U_j − βS_j.
    let lo = -this.#maxDrift;
    let hi = this.#maxDrift;
    for (const l of low) {
      for (const u of up) {
        const a = u.k - l.k; // β·a ≤ U_j − L_i
        const b = u.c - l.c;
        if (a > 0) hi = Math.min(hi, b / a);
        else if (a < 0) lo = Math.max(lo, b / a);
        else if (b < 0) return false;
      }
    }
    if (lo > hi) return false;
    this.#betaLo = lo;
    this.#betaHi = hi;
    this.#lower = vertices(low, lo, hi, Math.max);
    this.#upper = vertices(up, lo, hi, Math.min);
    this.#drift = this.#fitDrift(lo, hi);
    return true;
  }

  /** Weighted least-squares slope of the midpoint offsets, kept inside the feasible range. */
  #fitDrift(lo: number, hi: number): number {
    const s = this.#samples;
    const span = s[s.length - 1]!.receivedAt - s[0]!.receivedAt;
    const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
    if (s.length < 2 || span < this.#minDriftSpan) return clamp(0);
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    // Centred: offsets are ~1e12, drift terms ~1. (A shift common to every point, like half the
    // venue's truncation unit, leaves the slope as it is, so none is added.)
    const y0 = s[0]!.serverTime - s[0]!.receivedAt;
    for (const p of s) {
      const w = 1 / (p.rtt + this.#resolution) ** 2;
      const x = (p.sentAt + p.receivedAt) / 2 - this.#x0;
      const y = p.serverTime - (p.sentAt + p.receivedAt) / 2 - y0;
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    }
    const den = sw * sxx - sx * sx;
    return den > 0 ? clamp((sw * sxy - sx * sy) / den) : clamp(0);
  }
}

/**
 * Vertices of pick(c_i − β·k_i) over β in [lo, hi]: the envelope (max of the lower lines is
 * convex, min of the upper lines concave) is piecewise linear, so its extremes against any
 * linear term lie at these points.
 */
function vertices(
  lines: Array<{ c: number; k: number }>,
  lo: number,
  hi: number,
  pick: (...v: number[]) => number,
): Vertex[] {
  const betas = [lo, hi];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const dk = lines[i]!.k - lines[j]!.k;
      if (dk === 0) continue;
      const beta = (lines[i]!.c - lines[j]!.c) / dk;
      if (beta > lo && beta < hi) betas.push(beta);
    }
  }
  const at = (beta: number) => pick(...lines.map((l) => l.c - beta * l.k));
  // At most 2 + n(n-1)/2 points (122 for 16 samples), in no particular order: envelope() scans
  // them all, which is cheap in now() and avoids a float-tolerant hull filter that could drop a
  // true vertex.
  return betas.map((beta) => ({ beta, theta: at(beta) }));
}

/** Extreme (min or max) over the vertices of θ + β·dx: the offset bound at dx from x0. */
function envelope(points: Vertex[], dx: number, pick: (a: number, b: number) => number): number {
  let best = points[0]!.theta + points[0]!.beta * dx;
  for (let i = 1; i < points.length; i++) best = pick(best, points[i]!.theta + points[i]!.beta * dx);
  return best;
}
