/**
 * Open interest of the session's symbol, read over REST on the background lane through the budget
 * at a modest period (default once a minute): the venue's figure changes slowly and the Brief reads
 * its change over a window, not its tick. Absent where the adapter has no plan (spot venues): then
 * nothing is asked and nothing is emitted. A failing read is logged once per distinct reason and the
 * last figure stands; reads never overlap.
 */
import { errorMessage } from '../core/error-message.js';
import type { RequestPlan, RestAdapter } from '../venues/venue.js';
import type { EngineEvent } from './events.js';

export interface OpenInterestDeps {
  adapter: Pick<RestAdapter, 'openInterest'>;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  emit(event: EngineEvent): void;
  /** The session's symbol at the time of each read (it may change). */
  readonly symbol: string;
  /** ms between reads; 0 = off. */
  everyMs: number;
  now?: () => number;
}

export const OPEN_INTEREST_EVERY_MS = 60_000;

export class OpenInterestReader {
  readonly #d: OpenInterestDeps;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #lastProblem = '';

  constructor(deps: OpenInterestDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Whether the venue gives open interest at all (and reading is on). */
  get active(): boolean {
    return this.#d.adapter.openInterest !== undefined && this.#d.everyMs > 0;
  }

  start(): void {
    if (!this.active || !this.#stopped) return;
    this.#stopped = false;
    void this.read();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** One read now (or the one running); resolves when its figure is in or its failure logged. */
  read(): Promise<void> {
    this.#running ??= this.#read().finally(() => {
      this.#running = undefined;
      this.#schedule();
    });
    return this.#running;
  }

  async #read(): Promise<void> {
    const { adapter, run, emit } = this.#d;
    const symbol = this.#d.symbol;
    const plan = adapter.openInterest?.(symbol);
    if (plan === undefined) return;
    try {
      const openInterest = await run(plan);
      if (this.#stopped) return;
      this.#lastProblem = '';
      emit({ type: 'open-interest', at: this.#now(), openInterest });
    } catch (err) {
      const problem = errorMessage(err);
      if (problem !== this.#lastProblem)
        emit({ type: 'log', at: this.#now(), level: 'warn', source: 'market', text: `open interest of ${symbol} not read (${problem}): the last figure stands` });
      this.#lastProblem = problem;
    }
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped || this.#d.everyMs <= 0) return;
    this.#timer = setTimeout(() => void this.read(), this.#d.everyMs);
    this.#timer.unref();
  }
}
