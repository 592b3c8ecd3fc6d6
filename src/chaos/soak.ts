/**
 * The soak's memory figure: RSS (the whole process) and the main thread's V8 heap, sampled each
 * minute, and their least-squares slope after a warm-up. Flat after warm-up means every buffer is
 * bounded; a steady climb names a leak. The heap is sampled after a GC when `--expose-gc` is on,
 * so the series shows what is kept, not what is merely not yet collected.
 */
import type { SoakFigures, SoakSample } from './report.js';
import { slope } from './stats.js';

const MB = 1024 * 1024;

export class RssSampler {
  readonly #samples: SoakSample[] = [];
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | undefined;
  #t0 = 0;

  /** Told each sample as it is taken (a long soak shows its series while it runs). */
  onSample: (s: SoakSample) => void = () => undefined;

  constructor(everyMs = 60_000) {
    this.#everyMs = everyMs;
  }

  /** Takes the first sample now and, unless `timer` is false (the caller calls `sample()`), one every period. */
  start(timer = true): void {
    this.#t0 = performance.now();
    this.#sample();
    if (timer) this.#timer = setInterval(() => this.#sample(), this.#everyMs);
  }

  /** One sample now, for a caller that times them itself (the soak's drained samples). */
  sample(): void {
    this.#sample();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#sample();
  }

  get samples(): readonly SoakSample[] {
    return this.#samples;
  }

  #sample(): void {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const minute = Math.round(((performance.now() - this.#t0) / 60_000) * 100) / 100;
    const sample = { minute, rssMb: round1(m.rss / MB), heapMb: Math.round((m.heapUsed / MB) * 100) / 100 };
    this.#samples.push(sample);
    this.onSample(sample);
  }

  /** Slopes over the samples taken after `warmupMinutes`, in MB per hour. */
  figures(warmupMinutes: number): SoakFigures {
    const after = this.#samples.filter((s) => s.minute >= warmupMinutes);
    const perHour = (key: 'rssMb' | 'heapMb') => round1(slope(after.map((s) => ({ x: s.minute, y: s[key] }))) * 60);
    return {
      warmupMinutes,
      samples: [...this.#samples],
      rssSlopeMbPerHour: perHour('rssMb'),
      heapSlopeMbPerHour: perHour('heapMb'),
    };
  }
}

function round1(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 10) / 10 : n;
}
