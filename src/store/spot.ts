/**
 * The spot slices of the state (holdings, the session's ledger), folded from the same events as
 * the perps ones: the session (is its instrument spot?), balances (the holdings) and fills (the
 * ledger). On a perps session these leave the state as it was: `holdings` empty, `spot` null.
 */
import { type Holding, holdingOf } from '../core/holdings.js';
import { applySpotFill, emptyLedger } from '../core/spot-ledger.js';
import type { Balance, Fill, Instrument } from '../core/types.js';
import type { SpotStatus } from './state.js';

/** The instrument when the session trades spot, else undefined. */
export function spotInstrument(instrument: Instrument | undefined): Instrument | undefined {
  return instrument?.kind === 'spot' ? instrument : undefined;
}

/**
 * The ledger for a (new) session event: kept when the symbol is the one it already follows (a
 * session event told again), a fresh one from `at` for a new spot symbol, null off spot.
 */
export function spotForSession(
  old: SpotStatus | null,
  instrument: Instrument | undefined,
  at: number,
): SpotStatus | null {
  const spot = spotInstrument(instrument);
  if (spot === undefined) return null;
  if (old !== null && old.ledger.symbol === spot.symbol) return old;
  return { ledger: emptyLedger(spot), since: at };
}

/** Holdings from every balance (free, locked, total); their value is the selectors', at the mark. */
export function holdingsFrom(
  balances: Record<string, Balance>,
  instrument: Instrument,
): Record<string, Holding> {
  const out: Record<string, Holding> = {};
  for (const b of Object.values(balances)) {
    const { value: _value, ...h } = holdingOf(b, instrument, undefined);
    out[b.asset] = h;
  }
  return out;
}

/**
 * A new fill folded into the session's ledger when it is the session's symbol and made since the
 * session began (its venue time against the session's start moved by the clock offset, when known).
 */
export function foldSessionFill(spot: SpotStatus, fill: Fill, offsetMs: number | undefined): SpotStatus {
  if (fill.symbol !== spot.ledger.symbol) return spot;
  if (fill.time < spot.since + (offsetMs ?? 0)) return spot;
  return { ...spot, ledger: applySpotFill(spot.ledger, fill) };
}
