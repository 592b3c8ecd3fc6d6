/**
 * The market sockets of the symbols on screen: the ticket's symbol and the selected row's, never
 * the whole venue. A venue names its market subscription when the socket opens (Binance in the
 * URL, the others in subscribe frames built from the list), and not every venue can unsubscribe:
 * a new list closes the market sockets and opens them again with it (the private socket is never
 * touched). Changes are applied one at a time; while one reopen runs, later wishes collapse into
 * the last one, so a trader moving j/k through rows of three symbols costs at most one reopen
 * after the one under way.
 */
import type { StreamSpec } from '../venues/stream-types.js';
import type { StreamSocket } from './stream.js';

export interface MarketWatchDeps {
  /** The adapter's market specs for these symbols (`adapter.stream.market(urls, symbols)`). */
  specs(symbols: readonly string[]): readonly StreamSpec[];
  /** A socket for one spec, wired to the feed (not started). */
  open(spec: StreamSpec): StreamSocket;
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
  #sockets: StreamSocket[];
  #wanted: string[];
  #running: Promise<void> | undefined;
  #started = false;
  #stopped = false;

  constructor(deps: MarketWatchDeps, symbols: readonly string[]) {
    this.#d = deps;
    this.#symbols = uniqueSymbols(symbols);
    this.#wanted = this.#symbols;
    this.#sockets = deps.specs(this.#symbols).map((spec) => deps.open(spec));
  }

  /** The symbols the market sockets subscribe now. */
  get symbols(): readonly string[] {
    return this.#symbols;
  }

  get sockets(): readonly StreamSocket[] {
    return this.#sockets;
  }

  start(): void {
    this.#started = true;
    for (const s of this.#sockets) s.start();
  }

  stop(): void {
    this.#stopped = true;
  }

  /**
   * The market sockets subscribe these symbols from now on (once each, in this order). Resolves
   * once the sockets for the last wish are open (connecting: their status events say when live).
   */
  want(symbols: readonly string[]): Promise<void> {
    this.#wanted = uniqueSymbols(symbols);
    this.#running ??= this.#apply().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #apply(): Promise<void> {
    while (!this.#stopped && !same(this.#wanted, this.#symbols)) {
      const wanted = this.#wanted;
      const old = this.#sockets;
      // Closed first: the new sockets carry the same names, and a late 'closed' must not land on them.
      await Promise.all(old.map((s) => s.stop('market symbols changed')));
      if (this.#stopped) return;
      const next = this.#d.specs(wanted).map((spec) => this.#d.open(spec));
      this.#sockets = next;
      this.#symbols = wanted;
      this.#d.swap(old, next);
      if (this.#started) for (const s of next) s.start();
    }
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
