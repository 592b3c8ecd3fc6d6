// The local venue's open interest of a symbol at an instant: one side, in base units. Two parts, both
// the sim's own: a seeded level that drifts slowly with the sim clock (the market's other traders,
// so a window of the Brief sees it move), plus every sim account's open position in the symbol — each
// is matched against the simulated book, so its size adds to one side. The same seed, clock and
// positions give the same figure in every dialect; each dialect dresses it in its venue's units
// (contracts, both sides) and words. Computed on request: nothing is kept.
import * as D from '../../core/decimal.js';
import type { AccountState } from '../matching/accounts.js';
import { Rng } from './random.js';
import type { SymbolSpec } from './symbols.js';

const HOUR_MS = 3_600_000;
/** The seeded level, in book levels of the symbol (BTC's 1.5 BTC a level → ~6,000 BTC). */
const LEVELS = 4_000;

/**
 * The seeded part alone at `now` (venue ms): a level in [0.75, 1.25] × LEVELS × levelQty, ±5 % over
 * hours, held for each whole minute (the others' positions change between reads, not within one).
 */
export function seededOpenInterest(seed: string, spec: SymbolSpec, now: number): number {
  const minute = Math.floor(now / 60_000) * 60_000;
  const rng = new Rng(`${seed}/open-interest/${spec.symbol}`);
  const level = spec.levelQty * LEVELS * (0.75 + 0.5 * rng.next());
  const slow = Math.sin((2 * Math.PI * minute) / (6 * HOUR_MS) + 2 * Math.PI * rng.next());
  const fast = Math.sin((2 * Math.PI * minute) / (47 * 60_000) + 2 * Math.PI * rng.next());
  return level * (1 + 0.04 * slow + 0.01 * fast);
}

/** One side, base units, at the symbol's quantity precision. */
export function simOpenInterest(seed: string, spec: SymbolSpec, accounts: Iterable<AccountState>, now: number): string {
  let held = '0';
  for (const account of accounts) {
    const p = account.positions.get(spec.symbol);
    if (p !== undefined) held = D.add(held, D.abs(p.amount));
  }
  const seeded = seededOpenInterest(seed, spec, now).toFixed(spec.quantityPrecision);
  return D.toFixed(D.add(seeded, held), spec.quantityPrecision, 'half_up');
}
