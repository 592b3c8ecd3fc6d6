/**
 * The trader of a chaos run: at a steady rate it places market and limit orders (some passive,
 * some crossing, some post-only), cancels resting ones, cancels all and flattens, through the
 * engine's cockpit actions only, exactly as the keyboard would. Beside it a poller keeps the
 * background lane saturated (positions, balances, open orders as fast as the budget grants), so
 * the critical lane is measured while background polling spends everything it may.
 */
import { add, div, gt, isZero, mul, sub } from '../core/decimal.js';
import { roundPrice, roundToStep } from '../core/rounding.js';
import type { Instrument, Side } from '../core/types.js';
import { isTerminalOrderState } from '../core/types.js';
import { Rng } from '../sim/market/random.js';
import type { ActionResult, OrderTicket } from '../store/actions.js';
import type { RequestPlan } from '../venues/venue.js';
import type { Engine } from '../engine/engine.js';

export interface Quote {
  bid: string;
  ask: string;
}

export interface TraderOptions {
  seed: string;
  /** Actions per second. */
  rate: number;
  /** The latest quote of the session's symbol (from the market stream). */
  quote(): Quote | undefined;
  /** Stop placing once this many intents are out. */
  maxIntents?: number;
}

/** Awaited actions (cancel, cancel-all, flatten) allowed in flight at once; more are skipped. */
const MAX_IN_FLIGHT = 16;
const MAX_RESTING = 400;

export class Trader {
  readonly counts = { actions: 0, intents: 0, refused: 0, cancels: 0, cancelAlls: 0, flattens: 0, skipped: 0, failed: 0 };
  readonly #engine: Engine;
  readonly #o: TraderOptions;
  readonly #rng: Rng;
  readonly #resting = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  readonly #pending = new Set<Promise<unknown>>();
  #instrument: Instrument;

  constructor(engine: Engine, instrument: Instrument, options: TraderOptions) {
    this.#engine = engine;
    this.#instrument = instrument;
    this.#o = options;
    this.#rng = new Rng(`${options.seed}/chaos-trader`);
  }

  start(): void {
    const every = Math.max(1, Math.round(1000 / this.#o.rate));
    this.#timer = setInterval(() => this.#step(), every);
  }

  get done(): boolean {
    return this.#o.maxIntents !== undefined && this.counts.intents >= this.#o.maxIntents;
  }

  /** Stops acting and waits for the actions already started. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([...this.#pending]);
  }

  #step(): void {
    if (this.done) return;
    const q = this.#o.quote();
    if (q === undefined) return;
    this.counts.actions++;
    const r = this.#rng.next();
    if (r < 0.35) this.#place(this.#market(), false);
    else if (r < 0.75) this.#place(this.#limit(q), true);
    else if (r < 0.94) this.#cancelOne();
    else if (r < 0.97) this.#track(this.#engine.cancelAll(), 'cancelAlls');
    else this.#track(this.#engine.flatten(), 'flattens', true);
  }

  #side(): Side {
    return this.#rng.next() < 0.5 ? 'buy' : 'sell';
  }

  /**
   * 1-3 units, a unit being the minimum size or the size worth 110 quote (the sim's smallest
   * order value is 100; venues that publish none get the same floor), whichever is larger.
   */
  #qty(): string {
    const i = this.#instrument;
    const q = this.#o.quote();
    const floor = gt(i.minNotional, '110') ? i.minNotional : '110';
    const perUnit = q === undefined ? '0' : mul(q.bid, i.contractSize ?? '1');
    const byValue = isZero(perUnit) ? i.minQty : div(floor, perUnit, 12, 'up');
    const unit = roundToStep(gt(byValue, i.minQty) ? byValue : i.minQty, i.stepSize, 'up');
    return roundToStep(mul(unit, String(1 + this.#rng.int(3))), i.stepSize, 'up');
  }

  #market(): OrderTicket {
    return { symbol: this.#instrument.symbol, side: this.#side(), type: 'market', qty: this.#qty(), reduceOnly: false, postOnly: false };
  }

  /** Mostly passive (rests, may fill as the price walks), sometimes crossing the spread. */
  #limit(q: Quote): OrderTicket {
    const side = this.#side();
    const away = (this.#rng.next() * 0.006 - 0.0015).toFixed(5);
    const book = side === 'buy' ? q.bid : q.ask;
    const raw = mul(book, side === 'buy' ? sub('1', away) : add('1', away));
    const price = roundPrice(raw, this.#instrument.tickSize, side, true);
    const postOnly = this.#rng.next() < 0.2;
    return { symbol: this.#instrument.symbol, side, type: 'limit', qty: this.#qty(), price, reduceOnly: false, postOnly };
  }

  #place(ticket: OrderTicket, mayRest: boolean): void {
    const p = this.#engine.place(ticket).then((r) => {
      if (!r.ok || r.clientOrderId === undefined) {
        this.counts.refused++;
        return;
      }
      this.counts.intents++;
      if (mayRest && this.#resting.size < MAX_RESTING) this.#resting.add(r.clientOrderId);
    });
    this.#hold(p);
  }

  #cancelOne(): void {
    for (const id of this.#resting) {
      const state = this.#engine.orders.get(id)?.order.state;
      if (state === undefined || isTerminalOrderState(state)) this.#resting.delete(id);
    }
    const ids = [...this.#resting];
    if (ids.length === 0) return;
    const id = ids[this.#rng.int(ids.length)]!;
    this.#resting.delete(id);
    this.#track(this.#engine.cancel(id), 'cancels');
  }

  #track(action: Promise<ActionResult>, kind: 'cancels' | 'cancelAlls' | 'flattens', places = false): void {
    if (this.#inFlight >= MAX_IN_FLIGHT) {
      this.counts.skipped++;
      return;
    }
    this.#inFlight++;
    this.counts[kind]++;
    const p = action.then((r) => {
      if (!r.ok) this.counts.failed++;
      else if (places && r.clientOrderId !== undefined) this.counts.intents++;
    });
    this.#hold(
      p.finally(() => {
        this.#inFlight--;
      }),
    );
  }

  #hold(p: Promise<unknown>): void {
    const q = p.catch(() => undefined);
    this.#pending.add(q);
    void q.finally(() => this.#pending.delete(q));
  }
}

/**
 * Keeps the background lane busy in phases: while on, one request after another as fast as the
 * budget grants (the lane is saturated); while off, nothing (so reconnects are also seen without
 * the pressure). The critical lane is measured during the on phases.
 */
export class BackgroundPoller {
  requests = 0;
  failures = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  readonly #engine: Engine;
  readonly #onMs: number;
  readonly #offMs: number;
  #t0 = 0;

  constructor(engine: Engine, phase: { onMs: number; offMs: number }) {
    this.#engine = engine;
    this.#onMs = phase.onMs;
    this.#offMs = phase.offMs;
  }

  /** True while an on phase runs. */
  get saturating(): boolean {
    return this.#running && (performance.now() - this.#t0) % (this.#onMs + this.#offMs) < this.#onMs;
  }

  start(): void {
    this.#running = true;
    this.#t0 = performance.now();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  async #run(): Promise<void> {
    const e = this.#engine;
    const plans: Array<() => RequestPlan<unknown>> = [
      // A spot venue has no positions to ask: its two other reads share the load.
      ...(e.adapter.positions === undefined ? [] : [() => e.adapter.positions!()]),
      () => e.adapter.balances(),
      () => e.adapter.openOrders(e.symbol),
    ];
    let i = 0;
    while (this.#running) {
      if (!this.saturating) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const plan = plans[i++ % plans.length]!();
      try {
        this.requests++;
        await e.rest.run({ ...plan, lane: 'background' });
      } catch {
        this.failures++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
