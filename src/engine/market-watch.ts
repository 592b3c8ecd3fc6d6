/**
 * The market sockets of the symbols on screen: the ticket's symbol and the selected row's, never
 * the whole venue. A venue names its market subscription when the socket opens (Binance in the
 * URL, the others in subscribe frames built from the list), and not every venue can unsubscribe:
 * a new list leaves the market feed of the old one and joins the feed of the new one (the private
 * socket is never touched). A feed is the process's (engine/shared-markets.ts): an account of a
 * desk watching the symbols another already watches joins that account's sockets instead of
 * opening its own. Changes are applied one at a time; while one runs, later wishes collapse into
 * the last one, so a trader moving j/k through rows of three symbols costs at most one change
 * after the one under way. Nothing is subscribed before `start`.
 */
import type { MarketLease } from './shared-markets.js';
import type { StreamSocket } from './stream.js';

export interface MarketWatchDeps {
  /** Joins the feed of these symbols (opening it if no one has): not started. */
  lease(symbols: readonly string[]): MarketLease;
  /** The engine's socket list follows: `old` leave it, `next` join it. */
  swap(old: readonly StreamSocket[], next: readonly StreamSocket[]): void;
}

/** The symbols in the order given, each once. */
export function uniqueSymbols(symbols: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const s of symbols) if (s !== undefined && s !== '' && !out.includes(s)) out.push(s);
  return out;
}

export class MarketWatch {
  readonly #d: MarketWatchDeps;
  #symbols: string[];
  #lease: MarketLease | undefined;
  #wanted: string[];
  #running: Promise<void> | undefined;
  #started = false;
  #stopped = false;

  constructor(deps: MarketWatchDeps, symbols: readonly string[]) {
    this.#d = deps;
    this.#symbols = uniqueSymbols(symbols);
    this.#wanted = this.#symbols;
  }

  /** The symbols the market sockets subscribe now (or will, at start). */
  get symbols(): readonly string[] {
    return this.#symbols;
  }

  get sockets(): readonly StreamSocket[] {
    return this.#lease?.sockets ?? [];
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#join(this.#symbols, []);
  }

  /** Leaves the feed (its sockets stop if no other engine of the process watches it). */
  async stop(reason = 'session ended'): Promise<void> {
    this.#stopped = true;
    await this.#running?.catch(() => undefined);
    const lease = this.#lease;
    this.#lease = undefined;
    await lease?.release(reason);
  }

  /**
   * The market sockets subscribe these symbols from now on (once each, in this order). Resolves
   * once the sockets for the last wish are joined (connecting, or live if shared: their status
   * events say which).
   */
  want(symbols: readonly string[]): Promise<void> {
    this.#wanted = uniqueSymbols(symbols);
    if (!this.#started) {
      this.#symbols = this.#wanted;
      return Promise.resolve();
    }
    this.#running ??= this.#apply().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #apply(): Promise<void> {
    while (!this.#stopped && !same(this.#wanted, this.#symbols)) {
      const wanted = this.#wanted;
      const old = this.#lease;
      // Left first: the new sockets carry the same names, and a late 'closed' must not land on them.
      this.#lease = undefined;
      await old?.release('market symbols changed');
      if (this.#stopped) return;
      this.#symbols = wanted;
      this.#join(wanted, old?.sockets ?? []);
    }
  }

  #join(symbols: readonly string[], old: readonly StreamSocket[]): void {
    const lease = this.#d.lease(symbols);
    this.#lease = lease;
    this.#d.swap(old, lease.sockets);
    lease.start();
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
