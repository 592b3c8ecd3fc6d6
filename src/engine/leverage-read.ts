/**
 * The account's leverage for the session's symbol, asked of the venue (where the adapter can) and
 * pushed as a `leverage` event, and the last figure the venue said for the ticket's symbol: the
 * ticket judges margin at it, not at 1x, and the risk reader's settings send it along
 * (src/engine/risk.ts). Apart from the facade (engine.ts) because it keeps state of its own.
 */
import { errorMessage } from '../core/error-message.js';
import type { SymbolLeverage } from '../core/types.js';
import type { RequestPlan, RestAdapter } from '../venues/venue.js';
import type { ActionResult } from './actions.js';
import type { EngineEvent } from './events.js';

export interface LeverageReadDeps {
  adapter: Pick<RestAdapter, 'name' | 'leverage' | 'accountMarginMode'>;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  /** The ticket's symbol now. */
  symbol(): string;
  emit(event: EngineEvent): void;
  warn(text: string): void;
}

export class LeverageRead {
  readonly #d: LeverageReadDeps;
  /** The symbol's leverage and mode as the venue last said them. */
  #last: SymbolLeverage | undefined;

  constructor(deps: LeverageReadDeps) {
    this.#d = deps;
  }

  /** What the venue last said for the ticket's symbol; undefined before a read or after a move. */
  get last(): SymbolLeverage | undefined {
    return this.#last;
  }

  /** The ticket moved to another symbol: the figure read was the old one's. */
  forget(): void {
    this.#last = undefined;
  }

  async read(): Promise<ActionResult> {
    const { adapter, run } = this.#d;
    const symbol = this.#d.symbol();
    const plan = adapter.leverage?.(symbol);
    if (plan === undefined) return { ok: false, error: `${adapter.name} has no way to read the account's leverage` };
    try {
      let leverage = await run(plan);
      const accountMode = leverage.marginMode === undefined ? adapter.accountMarginMode?.() : undefined;
      if (accountMode !== undefined) {
        const mode = await run(accountMode);
        if (mode !== undefined) leverage = { ...leverage, marginMode: mode };
      }
      // A read for the symbol the ticket has since left is the store's, not the symbol's now.
      if (leverage.symbol === this.#d.symbol()) this.#last = leverage;
      this.#d.emit({ type: 'leverage', at: Date.now(), leverage });
      const mode = leverage.marginMode === undefined ? '' : ` ${leverage.marginMode}`;
      return { ok: true, message: `${leverage.symbol} leverage ${leverage.leverage}x${mode}, as the venue holds it` };
    } catch (err) {
      const text = `${this.#d.symbol()} leverage not read (${errorMessage(err)}): margin checks assume the position's leverage, else 1x`;
      this.#d.warn(text);
      return { ok: false, error: text };
    }
  }
}
