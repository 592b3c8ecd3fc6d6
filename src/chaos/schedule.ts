/**
 * The fault plan of a chaos run, drawn from the seed: a base plan that stays on the whole run
 * (responses dropped after accept, 5xx before and after matching, unknown-status replies, HTML
 * error pages, malformed frames, WebSocket drops every ~20 s) and one-off episodes at a steady
 * cadence (429 storms, bans, stalled pongs, silent lines, listen-key expiry, ±3 s clock jumps,
 * oversized frames, held requests and replies, planned-close notices). The same seed gives the
 * same plan; what the venue actually fired is read back from its counters.
 */
import { Rng } from '../sim/market/random.js';
import type { FaultPlan, SimControl } from '../sim/index.js';

export interface ScheduleOptions {
  seed: string;
  /** Mean time between episodes, ms. */
  everyMs: number;
  /** Every socket is dropped this often, ms (the "~20 s"). */
  wsDropEveryMs: number;
}

/** Told when the schedule steps the venue clock: time rejections are judged against the steps. */
export interface JumpListener {
  starting(): void;
  done(): void;
}

export const CLOCK_JUMP_MS = 3_000;
/** Larger than every adapter's frame limit (Binance/OKX 1 MiB, Hyperliquid 4 MiB): always dropped unparsed. */
export const OVERSIZED_FRAME_BYTES = 5 * 1024 * 1024;

type Episode = 'storm429' | 'ban' | 'drop' | 'stall' | 'silence' | 'expire' | 'jump' | 'oversized' | 'delay' | 'delayAfter' | 'upgrade';

const EPISODES: ReadonlyArray<[Episode, number]> = [
  ['storm429', 2],
  ['ban', 1],
  ['drop', 1],
  ['stall', 1],
  ['silence', 1],
  ['expire', 1],
  ['jump', 2],
  ['oversized', 1],
  ['delay', 2],
  ['delayAfter', 2],
  ['upgrade', 1],
];

export function basePlan(o: ScheduleOptions): FaultPlan {
  return {
    dropResponse: { probability: 0.03, scope: 'trade' },
    error5xxBefore: { probability: 0.02, scope: 'any' },
    error5xxAfter: { probability: 0.03, scope: 'trade' },
    unknownStatus: { probability: 0.03, scope: 'trade' },
    html502: { probability: 0.01, scope: 'any' },
    wsMalformed: { probability: 0.02 },
    wsDropEveryMs: o.wsDropEveryMs,
  };
}

export class FaultSchedule {
  /** One-off actions the schedule performed, by kind (the venue's own counters cover the rest). */
  readonly performed: Record<string, number> = {};
  readonly #rng: Rng;
  readonly #o: ScheduleOptions;
  readonly #control: SimControl;
  readonly #onJump: JumpListener;
  readonly #timers = new Set<NodeJS.Timeout>();
  #offset = 0;
  #running = false;
  /** Local monotonic time the last clock step was done (−∞ before any). */
  lastJumpAt = Number.NEGATIVE_INFINITY;

  constructor(control: SimControl, options: ScheduleOptions, onJump: JumpListener) {
    this.#control = control;
    this.#o = options;
    this.#onJump = onJump;
    this.#rng = new Rng(`${options.seed}/chaos-schedule`);
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#control.setFaults(basePlan(this.#o));
    this.#next();
  }

  /** Stops new episodes and every fault; clock jumps already made stay (the venue's clock is what it is). */
  async stop(): Promise<void> {
    this.#running = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#control.setFaults({});
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (this.#running) fn();
    }, ms);
    this.#timers.add(t);
  }

  #next(): void {
    // Exponential gaps around the mean: bursts and lulls, like a bad day.
    const gap = Math.max(20, -Math.log(1 - this.#rng.next()) * this.#o.everyMs);
    this.#later(gap, () => {
      const episode = this.#pick();
      this.#apply(episode).catch(() => undefined);
      this.#next();
    });
  }

  #pick(): Episode {
    const total = EPISODES.reduce((s, [, w]) => s + w, 0);
    let r = this.#rng.next() * total;
    for (const [e, w] of EPISODES) {
      r -= w;
      if (r < 0) return e;
    }
    return EPISODES[0]![0];
  }

  #count(kind: string): void {
    this.performed[kind] = (this.performed[kind] ?? 0) + 1;
  }

  async #apply(e: Episode): Promise<void> {
    const c = this.#control;
    const rng = this.#rng;
    switch (e) {
      case 'storm429':
        return c.patchFaults({ rateLimitStorm: { times: 1 + rng.int(2) } });
      case 'ban':
        this.#count('ban');
        return c.patchFaults({ now: { banMs: 500 + rng.int(1500) } });
      case 'drop':
        this.#count('dropSockets');
        return c.patchFaults({ now: { dropSockets: true } });
      case 'stall':
        // Long enough for a pong timeout (the engine waits 1.5 s in a chaos run).
        this.#count('stalledPongs');
        this.#later(2_500 + rng.int(1_000), () => void c.patchFaults({ ignorePings: false }).catch(() => undefined));
        return c.patchFaults({ ignorePings: true });
      case 'silence':
        this.#count('silentLine');
        this.#later(6_000, () => void c.patchFaults({ noServerPings: false }).catch(() => undefined));
        return c.patchFaults({ noServerPings: true });
      case 'expire':
        this.#count('listenKeyExpiry');
        return c.patchFaults({ now: { expireListenKeys: true } });
      case 'jump': {
        // ±3 s, kept within [-3 s, +3 s] of true time so runs never drift off.
        const step = this.#offset > 0 ? -CLOCK_JUMP_MS : this.#offset < 0 ? CLOCK_JUMP_MS : rng.next() < 0.5 ? -CLOCK_JUMP_MS : CLOCK_JUMP_MS;
        this.#offset += step;
        this.#count(step > 0 ? 'clockJump+3s' : 'clockJump-3s');
        this.#onJump.starting();
        try {
          await c.jumpClock(step);
        } finally {
          this.lastJumpAt = performance.now();
          this.#onJump.done();
        }
        return;
      }
      case 'oversized':
        return c.patchFaults({ wsOversized: { times: 1, bytes: OVERSIZED_FRAME_BYTES } });
      case 'delay':
        // Orders and cancels only: a held time request would only widen the clock's uncertainty.
        return c.patchFaults({ delay: { ms: 100 + rng.int(700), times: 3 + rng.int(5), scope: 'trade' } });
      case 'delayAfter':
        return c.patchFaults({ delayAfter: { ms: 100 + rng.int(700), times: 2 + rng.int(3), scope: 'trade' } });
      case 'upgrade':
        this.#count('upgradeNotice');
        return c.patchFaults({ now: { upgradeNotice: true } });
    }
  }
}
