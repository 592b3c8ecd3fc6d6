// Where a round trip's tail comes from: each sample keeps its wall time, the process's CPU time
// over it, and whether a garbage-collection pause overlapped it. On a shared machine the slowest
// samples are mostly time the process was not running at all (wall far above CPU: the scheduler
// gave the core to a neighbour); a GC pause or our own code shows as CPU.
import { PerformanceObserver } from 'node:perf_hooks';
import { percentile } from './section.js';

export interface Sample {
  start: number;
  wall: number;
  cpu: number;
}

export class TailRecorder {
  readonly #gc: Array<[number, number]> = [];
  readonly #observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.#gc.push([e.startTime, e.startTime + e.duration]);
  });

  constructor() {
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Times one call: wall (performance.now) and this process's CPU (every thread) over it. */
  async time(fn: () => Promise<void>): Promise<Sample> {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    await fn();
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    return { start, wall, cpu: (cpu.user + cpu.system) / 1000 };
  }

  stop(): void {
    this.#observer.disconnect();
  }

  /** GC time (ms) that overlapped the sample. */
  gcDuring(s: Sample): number {
    let ms = 0;
    const end = s.start + s.wall;
    for (const [a, b] of this.#gc) if (b > s.start && a < end) ms += Math.min(b, end) - Math.max(a, s.start);
    return ms;
  }

  /** The slowest 1 % of `samples`, taken apart: how much was off-CPU, GC, and our own CPU. */
  anatomy(samples: Sample[]): { p99: number; cpuP50: number; cpuP99: number; slow: number; offCpuShare: number; gcShare: number; withGc: number } {
    const p99 = percentile(
      samples.map((s) => s.wall),
      99,
    );
    const slow = samples.filter((s) => s.wall >= p99);
    const total = slow.reduce((a, s) => a + s.wall, 0);
    const offCpu = slow.reduce((a, s) => a + Math.max(0, s.wall - s.cpu), 0);
    const gc = slow.reduce((a, s) => a + this.gcDuring(s), 0);
    return {
      p99,
      cpuP50: percentile(
        samples.map((s) => s.cpu),
        50,
      ),
      cpuP99: percentile(
        samples.map((s) => s.cpu),
        99,
      ),
      slow: slow.length,
      offCpuShare: total > 0 ? offCpu / total : 0,
      gcShare: total > 0 ? gc / total : 0,
      withGc: slow.filter((s) => this.gcDuring(s) > 0).length,
    };
  }
}
