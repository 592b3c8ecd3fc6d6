/**
 * Keeps the venue clock estimate (core/clock.ts) fed: a burst of samples at start, a resync every
 * few minutes, and an immediate resync when the venue rejects a timestamp (-1021; the request is
 * then retried once by rest.ts). Resyncs are coalesced: many requests failing together cause one
 * burst. Every sync emits a clock event (offset, uncertainty, drift) and is kept in a short
 * history for the cockpit's sparkline. Times are local monotonic (performance.now()), so a step of
 * the system clock changes nothing (invariant 2).
 */
import { errorMessage } from '../core/error-message.js';
import { type ClockSample, VenueClock } from '../core/clock.js';
import type { ClockEvent } from './events.js';

export interface TimeSyncOptions {
  /** Samples taken at start and on each resync (sequential, for honest round trips). */
  burst: number;
  /** Samples taken by an immediate (error-driven) resync. */
  resyncBurst: number;
  /** Periodic resync interval, ms. */
  intervalMs: number;
  /** Points kept for the sparkline. */
  historySize: number;
}

export const DEFAULT_TIME_SYNC: TimeSyncOptions = { burst: 5, resyncBurst: 3, intervalMs: 180_000, historySize: 60 };

/** One point of the sparkline. */
export interface ClockPoint {
  /** Local wall ms. */
  at: number;
  offsetMs: number;
  uncertaintyMs: number;
  reason: string;
}

/** No venue time sample could be taken (every attempt of a burst failed). */
export class ClockSyncError extends Error {
  override readonly name = 'ClockSyncError';
  constructor(
    readonly reason: string,
    override readonly cause: unknown,
  ) {
    super(`clock sync (${reason}) failed: ${errorMessage(cause)}`);
  }
}

export interface TimeSyncDeps {
  /** One round trip to the venue's time endpoint, with local monotonic send/receive times. */
  sample(): Promise<ClockSample>;
  emit?(event: ClockEvent): void;
  clock?: VenueClock;
  wallNow?(): number;
  monoNow?(): number;
}

export class TimeSync {
  readonly clock: VenueClock;
  readonly #deps: TimeSyncDeps;
  readonly #opts: TimeSyncOptions;
  readonly #history: ClockPoint[] = [];
  #inflight: Promise<void> | undefined;
  /** The one burst that follows the running one, for callers who asked while it ran. */
  #queued: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #syncs = 0;
  #lastSyncWall = 0;
  #stopped = false;

  constructor(deps: TimeSyncDeps, options: Partial<TimeSyncOptions> = {}) {
    this.#deps = deps;
    this.#opts = { ...DEFAULT_TIME_SYNC, ...options };
    this.clock = deps.clock ?? new VenueClock();
  }

  #mono(): number {
    return this.#deps.monoNow?.() ?? performance.now();
  }

  #wall(): number {
    return this.#deps.wallNow?.() ?? Date.now();
  }

  /** Venue time to sign with (a lower bound). Throws ClockNotSyncedError before the first sample. */
  venueNow(): number {
    return this.clock.now(this.#mono());
  }

  /** Venue time if synced, else the local wall clock (only for budget windows, never for signing). */
  venueNowLoose(): number {
    return this.clock.isSynced() ? this.clock.estimate(this.#mono()) : this.#wall();
  }

  /** Converts a venue time to local wall time (for display deadlines). */
  venueToWall(venueMs: number): number {
    return this.#wall() + (venueMs - this.venueNowLoose());
  }

  /** The first burst, then the periodic timer. Rejects with ClockSyncError if no sample succeeded. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.resync('start', this.#opts.burst);
    this.#schedule();
  }

  /**
   * Resyncs now. Asked while a burst runs, it does not settle for that burst: its samples may have
   * been taken before what made this caller ask (a venue clock step a request has just met), so one
   * more burst follows it, shared by every caller who asked in the meantime. Found by the chaos run:
   * rejections for the timestamp went on after a "successful" resync whose samples predated a step.
   */
  resync(reason: string, samples = this.#opts.resyncBurst): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    const running = this.#inflight;
    if (running === undefined) return this.#run(reason, samples);
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#run(reason, samples);
      });
    this.#queued = next;
    return next;
  }

  #run(reason: string, samples: number): Promise<void> {
    const run = this.#burst(reason, samples).finally(() => {
      if (this.#inflight === run) this.#inflight = undefined;
    });
    this.#inflight = run;
    return run;
  }

  history(): readonly ClockPoint[] {
    return this.#history;
  }

  get syncs(): number {
    return this.#syncs;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.resync('periodic', this.#opts.burst)
        .catch(() => {
          // Reported through the missing clock event's age; the next period tries again.
        })
        .finally(() => this.#schedule());
    }, this.#opts.intervalMs);
    this.#timer.unref();
  }

  async #burst(reason: string, samples: number): Promise<void> {
    const sampledFrom = this.#wall();
    let ok = 0;
    let lastError: unknown;
    for (let i = 0; i < samples && !this.#stopped; i++) {
      try {
        const result = this.clock.addSample(await this.#deps.sample());
        if (result.ok) ok++;
        else lastError = new Error(result.reason);
      } catch (err) {
        lastError = err;
      }
    }
    if (ok === 0) throw new ClockSyncError(reason, lastError ?? new Error('stopped'));
    this.#syncs++;
    this.#record(reason, sampledFrom);
  }

  #record(reason: string, sampledFrom: number): void {
    const mono = this.#mono();
    const wall = this.#wall();
    const report = this.clock.report(mono);
    // Shown as venue − local wall: what a trader compares with their own clock.
    const offsetMs = Math.round(this.clock.estimate(mono) - wall);
    const uncertaintyMs = Math.round(report.uncertainty / 2);
    this.#lastSyncWall = wall;
    this.#history.push({ at: wall, offsetMs, uncertaintyMs, reason });
    if (this.#history.length > this.#opts.historySize) this.#history.shift();
    this.#deps.emit?.({
      type: 'clock',
      at: wall,
      offsetMs,
      uncertaintyMs,
      driftPpm: Math.round(report.driftPpm * 10) / 10,
      lastSyncAt: this.#lastSyncWall,
      sampledFrom,
    });
  }
}
