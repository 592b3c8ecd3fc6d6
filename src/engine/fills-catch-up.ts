/**
 * Fills and balances fetched when an order report shows more filled, for venues whose private
 * stream reports orders but no fills or balances (`capabilities.fillsOffStream`: Coinbase's `user`
 * channel). Without it the fills and the holdings they move would wait for the next periodic pass.
 * An order that comes to rest or ends without filling moves what is locked: the balances alone.
 * One fetch at a time; reports that arrive during one ask for one more after it (not one each).
 * A (re)connect is the resync's (engine/resync.ts: open orders, balances, fills): the engine kicks
 * this on what a report moved in the account, so the reports held while that pass ran, replayed
 * after it, ask nothing it already brought.
 * What it adds goes through the account's own dedupe, so a resync pass finding the same fills
 * changes nothing.
 */
import { errorMessage } from '../core/error-message.js';
import type { Fill } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import type { RestRunner } from './stream-options.js';

export interface FillsCatchUpOptions {
  adapter: RestAdapter;
  rest: RestRunner;
  account: AccountState;
  /** Fills of one symbol since the account's watermark (the resyncer's reader). */
  fillsSince(symbol: string): Promise<Fill[]>;
  log(text: string): void;
}

export class FillsCatchUp {
  readonly counters = { runs: 0, failures: 0 };
  readonly #o: FillsCatchUpOptions;
  #running = false;
  readonly #wanted = new Set<string>();
  #balances = false;

  constructor(opts: FillsCatchUpOptions) {
    this.#o = opts;
  }

  /** An order of `symbol` filled more: fetch its fills and the balances (soon, coalesced). */
  kick(symbol: string): void {
    this.#wanted.add(symbol);
    if (!this.#running) void this.#run();
  }

  /** An order rests or ended: what it holds (locked) moved, so fetch the balances alone. */
  kickBalances(): void {
    this.#balances = true;
    if (!this.#running) void this.#run();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#wanted.size > 0 || this.#balances) {
        const symbols = [...this.#wanted];
        this.#wanted.clear();
        this.#balances = false;
        this.counters.runs++;
        try {
          const { adapter, rest, account } = this.#o;
          const [fills, balances] = await Promise.all([
            Promise.all(symbols.map((s) => this.#o.fillsSince(s))),
            rest(adapter.balances()),
          ]);
          for (const f of fills.flat().sort((a, b) => a.time - b.time)) account.addFill(f);
          account.replaceBalances(balances);
        } catch (err) {
          // The periodic pass will bring them; say why they are late.
          this.counters.failures++;
          this.#o.log(`fills after an order report: ${errorMessage(err)}`);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
