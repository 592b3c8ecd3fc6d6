/**
 * Spot holdings: what the account holds of each asset, read from the venue's balances (the source
 * of truth: a fill moves them at the venue first), split the way a spot trader reads them, and
 * valued in the session's quote currency at the mark.
 *
 * free = available (what new orders and withdrawals may use); locked = wallet − available (what
 * resting orders hold). A spot venue has no mark price of its own: the mark here is the middle of
 * the best bid and ask when both are there (a last trade can be minutes old on a quiet book),
 * else the last trade. Only the session's base and quote are valued: other assets would need
 * other books, and a value shown from a guessed price is worse than none.
 */
import { add, div, gt, isDecimal, isZero, mul, neg, sub } from './decimal.js';
import type { Balance, DecimalString, Fill, Instrument } from './types.js';

export interface Holding {
  asset: string;
  /** What new orders (and withdrawals) may use: the venue's available. */
  free: DecimalString;
  /** What resting orders hold: wallet − available. */
  locked: DecimalString;
  /** free + locked: the venue's wallet. */
  total: DecimalString;
  /** total at the mark, in the quote currency; absent where no price is known for the asset. */
  value?: DecimalString;
  updatedAt: number;
}

/** The price a spot holding is valued at: the mid of bid and ask when both are positive, else the last trade. */
export function spotMark(
  bid: string | undefined,
  ask: string | undefined,
  last: string | undefined,
): string | undefined {
  const positive = (v: string | undefined): v is string => v !== undefined && isDecimal(v) && gt(v, '0');
  if (positive(bid) && positive(ask)) return div(add(bid, ask), '2', 18, 'half_even');
  return positive(last) ? last : undefined;
}

/** One balance as a holding: the quote asset is worth itself; the base is worth total × mark. */
export function holdingOf(
  b: Balance,
  instrument: Pick<Instrument, 'base' | 'quote'>,
  mark: string | undefined,
): Holding {
  const h: Holding = {
    asset: b.asset,
    free: b.available,
    locked: sub(b.wallet, b.available),
    total: b.wallet,
    updatedAt: b.updatedAt,
  };
  if (sameAsset(b.asset, instrument.quote)) h.value = b.wallet;
  else if (sameAsset(b.asset, instrument.base) && mark !== undefined) h.value = mul(b.wallet, mark);
  return h;
}

/**
 * Every balance as a holding, the session's base first, then its quote, then the rest by name.
 * A balance whose figures are not decimals throws DecimalError: the venue adapter parses them,
 * and a bad one is a bug to see, not a row to drop quietly.
 */
export function holdingsOf(
  balances: readonly Balance[],
  instrument: Pick<Instrument, 'base' | 'quote'>,
  mark: string | undefined,
): Holding[] {
  const rank = (asset: string) =>
    sameAsset(asset, instrument.base) ? 0 : sameAsset(asset, instrument.quote) ? 1 : 2;
  return balances
    .map((b) => holdingOf(b, instrument, mark))
    .sort((a, b) => rank(a.asset) - rank(b.asset) || a.asset.localeCompare(b.asset));
}

/**
 * Whether two asset codes name one asset. Venues differ in case only by accident of parsing
 * ('usd' in a fee, 'USD' in a balance); anything more (Kraken's 'XBT' for 'BTC') is the adapter's
 * to map (src/venues/kraken/symbols.ts assetName: balances, fees and instruments all say BTC), and
 * an unmapped code shows as a separate asset rather than vanishing. The one such test: the spot
 * views and a desk's fan-out (core/fan-out.ts) both ask it.
 */
export function sameAsset(a: string, b: string): boolean {
  return a === b || a.toUpperCase() === b.toUpperCase();
}

/**
 * What one spot fill moves in the account's wallet, by asset: a buy adds base and spends quote, a
 * sell the other way; its fee leaves the asset it is paid in (base, quote or a third one).
 */
export function fillDeltas(
  fill: Fill,
  instrument: Pick<Instrument, 'base' | 'quote'>,
): Map<string, DecimalString> {
  const notional = mul(fill.qty, fill.price);
  const out = new Map<string, DecimalString>();
  const move = (asset: string, amount: string) => out.set(asset, add(out.get(asset) ?? '0', amount));
  move(instrument.base, fill.side === 'buy' ? fill.qty : neg(fill.qty));
  move(instrument.quote, fill.side === 'buy' ? neg(notional) : notional);
  if (!isZero(fill.fee)) {
    const feeAsset = sameAsset(fill.feeAsset, instrument.base)
      ? instrument.base
      : sameAsset(fill.feeAsset, instrument.quote)
        ? instrument.quote
        : fill.feeAsset;
    move(feeAsset, neg(fill.fee));
  }
  return out;
}
