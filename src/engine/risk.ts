/**
 * Risk reads and margin settings for one session: what the venue says about how close the account
 * is to liquidation, read on a timer in the background lane, and the two settings a trader changes
 * from the command line (leverage, margin mode), each followed by a read of what the venue now holds.
 *
 *   timer (every everyMs) ─┐
 *   refresh() ─────────────┴─► pass ─┬─ positions()      → account.applyRisk (liq, BE, margin, mode)
 *                                    ├─ accountRisk()    → 'account-risk' (equity, margin used, maint)
 *                                    └─ funding(symbol)  → 'funding' (rate, next funding time)
 *   setLeverage / setMarginMode ─► the venue's endpoint ─► readLeverage + a pass (success or not:
 *                                  a refused or ambiguous change is answered by what the venue holds)
 *
 * Passes never overlap: a refresh asked during one runs once more after it. A failing read is
 * logged once per distinct reason (not every period) and the last figures stand.
 */
import { errorMessage } from '../core/error-message.js';
import type { MarginMode, SymbolLeverage } from '../core/types.js';
import type { RequestPlan, RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import type { ActionResult } from './actions.js';
import type { EngineEvent } from './events.js';

export interface RiskDeps {
  adapter: RestAdapter;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  account: AccountState;
  emit(event: EngineEvent): void;
  symbol: string;
  /** Reads the symbol's leverage again (the engine's `readLeverage`, which emits the event). */
  readLeverage(): Promise<ActionResult>;
  /** What the venue last said about the symbol's leverage and mode. */
  leverage(): SymbolLeverage | undefined;
  /** ms between passes; 0 = only on demand. */
  everyMs: number;
  now?: () => number;
}

export class RiskReader {
  readonly #d: RiskDeps;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #lastProblem = '';

  constructor(deps: RiskDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Reads now and every `everyMs`; with 0 it reads only when asked (`refresh`, a setting changed). */
  start(): void {
    this.#stopped = false;
    if (this.#d.everyMs > 0) void this.refresh();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A pass now, or one more right after the one running; resolves when the figures are in. */
  refresh(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      await this.#pass();
    } while (this.#again && !this.#stopped);
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped || this.#d.everyMs <= 0) return;
    this.#timer = setTimeout(() => void this.refresh(), this.#d.everyMs);
    this.#timer.unref();
  }

  async #pass(): Promise<void> {
    const { adapter, run, account, emit, symbol } = this.#d;
    const problems: string[] = [];
    const read = async <T>(what: string, plan: RequestPlan<T> | undefined, use: (value: T) => void) => {
      if (plan === undefined) return;
      try {
        use(await run(plan));
      } catch (err) {
        problems.push(`${what}: ${errorMessage(err)}`);
      }
    };
    await Promise.all([
      read('positions', adapter.positions?.(), (positions) => account.applyRisk(positions)),
      read('account', adapter.accountRisk?.(), (risk) => emit({ type: 'account-risk', at: this.#now(), risk })),
      read('funding', adapter.funding?.(symbol), (funding) => emit({ type: 'funding', at: this.#now(), funding })),
    ]);
    const problem = problems.join('; ');
    if (problem !== '' && problem !== this.#lastProblem)
      emit({ type: 'log', at: this.#now(), level: 'warn', source: 'risk', text: `risk figures not read (${problem}): the last ones stand` });
    this.#lastProblem = problem;
  }

  /** `:lev N` — the venue's leverage endpoint, then what the venue holds. */
  async setLeverage(leverage: number): Promise<ActionResult> {
    const { adapter, symbol } = this.#d;
    if (!Number.isInteger(leverage) || leverage < 1) return { ok: false, error: `leverage must be a whole number of 1 or more, got ${leverage}` };
    const plan = adapter.setLeverage?.(symbol, leverage, this.#d.leverage());
    if (plan === undefined) return { ok: false, error: `${adapter.name} has no leverage endpoint here` };
    return this.#change(plan, `${symbol} leverage ${leverage}x`, (now) => now.leverage === String(leverage));
  }

  /** `:margin cross|isolated` — the venue's margin-mode endpoint, then what the venue holds. */
  async setMarginMode(mode: MarginMode): Promise<ActionResult> {
    const { adapter, symbol } = this.#d;
    const plan = adapter.setMarginMode?.(symbol, mode, this.#d.leverage());
    if (plan === undefined) return { ok: false, error: `${adapter.name} has no margin-mode endpoint here` };
    const scope = adapter.marginModeScope === 'account' ? `every symbol of the account (${adapter.name} has one mode per account)` : symbol;
    return this.#change(plan, `${scope} margin ${mode}`, (now) => now.marginMode === mode);
  }

  async #change(plan: RequestPlan<void>, what: string, holds: (now: SymbolLeverage) => boolean): Promise<ActionResult> {
    let failure: string | undefined;
    try {
      await this.#d.run(plan);
    } catch (err) {
      failure = errorMessage(err);
    }
    // Whatever the reply, the venue's own answer to "what is it now" is what the cockpit shows.
    await this.#d.readLeverage();
    void this.refresh();
    const now = this.#d.leverage();
    const held = now === undefined ? 'not read' : `${now.leverage}x${now.marginMode === undefined ? '' : ` ${now.marginMode}`}`;
    if (failure !== undefined) {
      const applied = now !== undefined && holds(now);
      return { ok: false, error: `${what} refused: ${failure} — the venue holds ${held}${applied ? ' (as asked, all the same)' : ''}` };
    }
    return { ok: true, message: `${what} set; the venue holds ${held}` };
  }
}
