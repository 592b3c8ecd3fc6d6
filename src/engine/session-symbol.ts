/**
 * Which instrument a typed symbol names (`:sym`, the `/` picker, EngineActions.setSymbol): the
 * venue's spelling, matched case-insensitively; an unknown one is an error naming the closest.
 */
import { resolveName } from '../core/nearest.js';
import type { Fill, Instrument } from '../core/types.js';
import { neutralise } from '../core/untrusted.js';
import { type MarketWatch, uniqueSymbols } from './market-watch.js';
import { SessionLedger } from './spot-flatten.js';

export function instrumentFor(
  wanted: string,
  instruments: ReadonlyMap<string, Instrument>,
  venue: string,
): { instrument: Instrument } | { error: string } {
  const typed = wanted.trim();
  if (typed === '') return { error: 'no symbol given' };
  const found = resolveName(typed, [...instruments.keys()]);
  if ('name' in found) return { instrument: instruments.get(found.name)! };
  const closest = found.closest.length === 0 ? '' : ` — closest: ${found.closest.join(', ')}`;
  return { error: `${venue} lists no symbol ${neutralise(JSON.stringify(typed))}${closest}` };
}

/**
 * The session's symbols as the engine keeps them: the ticket's (which `setSymbol` moves), every one
 * it has had (the resyncer always asks their fills), the selected row's (`showSymbol`), the venue's
 * instruments, each spot symbol's own ledger, and the market sockets of the symbols on screen.
 */
export class SessionSymbols {
  #symbol: string;
  /** Every symbol the ticket has had this session. */
  readonly all = new Set<string>();
  /** The selected row's symbol: its market stream joins the ticket's. */
  #shown: string | undefined;
  #instruments = new Map<string, Instrument>();
  readonly #ledgers = new Map<string, SessionLedger>();
  /** The session's start on the venue's clock: a spot ledger counts fills from it. */
  #since = 0;
  /** The market sockets (absent on a REST-only session). */
  markets: MarketWatch | undefined;

  constructor(symbol: string) {
    this.#symbol = symbol;
    this.all.add(symbol);
  }

  get symbol(): string {
    return this.#symbol;
  }

  get instruments(): ReadonlyMap<string, Instrument> {
    return this.#instruments;
  }

  /** The venue's instruments as read; the ticket's, if the venue lists it. */
  listed(instruments: readonly Instrument[], sinceVenueMs?: number): Instrument | undefined {
    if (sinceVenueMs !== undefined) this.#since = sinceVenueMs;
    this.#instruments = new Map(instruments.map((i) => [i.symbol, i]));
    const ticket = this.#instruments.get(this.#symbol);
    if (ticket !== undefined) this.#ledgerFor(ticket);
    return ticket;
  }

  /** A spot symbol's ledger: its own fills since the session began, whichever symbol the ticket had then. */
  ledger(symbol: string): SessionLedger | undefined {
    return this.#ledgers.get(symbol);
  }

  /** A fill the account recorded (once per trade id). */
  observe(fill: Fill): void {
    const ins = this.#instruments.get(fill.symbol);
    if (ins !== undefined) this.#ledgerFor(ins);
    this.#ledgers.get(fill.symbol)?.observe(fill);
  }

  /** The ticket moves to the typed symbol; `same` when it already trades it. */
  move(wanted: string, venue: string): { instrument: Instrument; same: boolean } | { error: string } {
    const found = instrumentFor(wanted, this.#instruments, venue);
    if ('error' in found) return found;
    const { instrument } = found;
    if (instrument.symbol === this.#symbol) return { instrument, same: true };
    this.#symbol = instrument.symbol;
    this.all.add(instrument.symbol);
    this.#ledgerFor(instrument);
    return { instrument, same: false };
  }

  /** The selected row's symbol, or undefined; a symbol the venue does not list is not shown. */
  show(symbol: string | undefined): void {
    const listed = symbol === undefined || this.#instruments.size === 0 || this.#instruments.has(symbol);
    this.#shown = listed ? symbol : undefined;
  }

  /** The market sockets follow the symbols on screen: the ticket's, then the selected row's. */
  watch(): Promise<void> {
    return this.markets?.want(uniqueSymbols([this.#symbol, this.#shown])) ?? Promise.resolve();
  }

  #ledgerFor(instrument: Instrument): void {
    if (instrument.kind === 'spot' && !this.#ledgers.has(instrument.symbol))
      this.#ledgers.set(instrument.symbol, new SessionLedger(instrument, this.#since));
  }
}
