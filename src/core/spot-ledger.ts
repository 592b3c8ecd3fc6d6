/**
 * The session's spot PnL from its own fills, by average cost, for one symbol (base/quote).
 *
 * The ledger holds what the session bought and still holds (`qty` of base) and what that cost
 * (`cost` in quote, fees in quote included). A buy adds to both; a sell takes its share of the
 * cost out (cost × sold / held) and realizes proceeds − that share. The share is the one division
 * here; the cost that stays is `cost − share`, so nothing is lost to rounding and, exactly,
 *
 *     realized + priorProceeds + unrealized(mark) = Σ sell proceeds − Σ buy costs + qty × mark
 *
 * (test/core/spot-ledger.test.ts checks it over random fill sequences).
 *
 * Fees are taken in the asset they were paid in:
 * - in the base asset: a buy delivers qty − fee (the average cost per unit rises), a sell takes
 *   qty + fee out of the holding (the fee's base leaves at average cost, a realized loss);
 * - in the quote asset: a buy costs qty × price + fee, a sell brings qty × price − fee;
 * - in any other asset (a venue's fee token): it is not in the PnL — there is no price for it
 *   here — but kept per asset in `otherFees` and shown apart, never dropped.
 * A negative fee (a maker rebate) runs the same arithmetic the other way.
 *
 * A spot account cannot go short. A sell of more than the session bought sells holdings older
 * than the session, whose cost this ledger never saw: that part is counted apart (`priorSold`,
 * `priorProceeds`), out of the realized PnL, rather than given a made-up cost.
 */
import { add, cmp, div, isZero, lte, min, mul, neg, sub } from './decimal.js';
import { sameAsset } from './holdings.js';
import type { DecimalString, Fill, Instrument } from './types.js';

/** Decimals the cost share and proceeds split are computed to (half-even); the remainders stay exact. */
export const LEDGER_SCALE = 18;

export interface SpotLedger {
  symbol: string;
  base: string;
  quote: string;
  /** Base the session bought and still holds (after fees in base). */
  qty: DecimalString;
  /** Quote paid for `qty`, fees in quote included. */
  cost: DecimalString;
  /** Quote realized by sells of what the session bought: proceeds − their share of the cost. */
  realized: DecimalString;
  /** Base sold beyond what the session bought: holdings older than the session (cost unknown). */
  priorSold: DecimalString;
  /** Quote those sells brought (net of their fees). */
  priorProceeds: DecimalString;
  /** Every fee paid, by asset as the venue named it (negative: rebates received). */
  fees: Record<string, DecimalString>;
  /** Fees in an asset that is neither base nor quote: not in the PnL, shown apart. */
  otherFees: Record<string, DecimalString>;
  /** Fills folded so far. */
  fills: number;
}

export function emptyLedger(instrument: Pick<Instrument, 'symbol' | 'base' | 'quote'>): SpotLedger {
  return {
    symbol: instrument.symbol,
    base: instrument.base,
    quote: instrument.quote,
    qty: '0',
    cost: '0',
    realized: '0',
    priorSold: '0',
    priorProceeds: '0',
    fees: {},
    otherFees: {},
    fills: 0,
  };
}

type FeeIn = 'base' | 'quote' | 'other';

function feeIn(ledger: SpotLedger, fill: Fill): FeeIn {
  if (isZero(fill.fee) || sameAsset(fill.feeAsset, ledger.quote)) return 'quote';
  return sameAsset(fill.feeAsset, ledger.base) ? 'base' : 'other';
}

const plus = (record: Record<string, string>, asset: string, amount: string): Record<string, string> =>
  isZero(amount) ? record : { ...record, [asset]: add(record[asset] ?? '0', amount) };

/**
 * The ledger after one fill (a new object; the old one is untouched). A fill of another symbol
 * leaves it as it is: the caller dedupes fills (by symbol and trade id) before folding them.
 */
export function applySpotFill(ledger: SpotLedger, fill: Fill): SpotLedger {
  if (fill.symbol !== ledger.symbol) return ledger;
  const where = feeIn(ledger, fill);
  const notional = mul(fill.qty, fill.price);
  const next: SpotLedger = {
    ...ledger,
    fills: ledger.fills + 1,
    fees: plus(ledger.fees, fill.feeAsset, fill.fee),
  };
  if (where === 'other') next.otherFees = plus(ledger.otherFees, fill.feeAsset, fill.fee);
  if (fill.side === 'buy') {
    next.qty = add(ledger.qty, where === 'base' ? sub(fill.qty, fill.fee) : fill.qty);
    next.cost = add(ledger.cost, where === 'quote' ? add(notional, fill.fee) : notional);
    return next;
  }
  // A sell: base out of the holding, quote in.
  const out = where === 'base' ? add(fill.qty, fill.fee) : fill.qty;
  const proceeds = where === 'quote' ? sub(notional, fill.fee) : notional;
  const held = cmp(ledger.qty, '0') > 0 ? ledger.qty : '0';
  const covered = lte(out, '0') ? '0' : min(out, held);
  const share = isZero(covered)
    ? '0'
    : cmp(covered, held) === 0
      ? ledger.cost
      : div(mul(ledger.cost, covered), held, LEDGER_SCALE, 'half_even');
  // Proceeds of the part the session bought; the rest came from older holdings.
  const ownProceeds =
    cmp(covered, out) === 0
      ? proceeds
      : isZero(covered)
        ? '0'
        : div(mul(proceeds, covered), out, LEDGER_SCALE, 'half_even');
  next.qty = sub(ledger.qty, covered);
  next.cost = sub(ledger.cost, share);
  next.realized = add(ledger.realized, sub(ownProceeds, share));
  const beyond = sub(out, covered);
  if (cmp(beyond, '0') > 0 || cmp(ownProceeds, proceeds) !== 0) {
    next.priorSold = add(ledger.priorSold, beyond);
    next.priorProceeds = add(ledger.priorProceeds, sub(proceeds, ownProceeds));
  }
  return next;
}

/** Folds fills, oldest first, into a ledger. */
export function foldSpotFills(ledger: SpotLedger, fills: readonly Fill[]): SpotLedger {
  let out = ledger;
  for (const f of fills) out = applySpotFill(out, f);
  return out;
}

/** Average cost per unit of what the session holds, or undefined when it holds none. */
export function averageCost(ledger: SpotLedger, scale = LEDGER_SCALE): DecimalString | undefined {
  if (cmp(ledger.qty, '0') <= 0) return undefined;
  return div(ledger.cost, ledger.qty, scale, 'half_even');
}

/** The session's PnL in quote at `mark`: realized, unrealized (undefined without a mark), their sum. */
export interface SpotPnl {
  realized: DecimalString;
  unrealized?: DecimalString;
  total?: DecimalString;
}

export function spotPnl(ledger: SpotLedger, mark: string | undefined): SpotPnl {
  if (mark === undefined) return { realized: ledger.realized };
  const unrealized = sub(mul(ledger.qty, mark), ledger.cost);
  return { realized: ledger.realized, unrealized, total: add(ledger.realized, unrealized) };
}

/** The quote the session's fills moved, by the fills alone: −Σ buy costs + Σ sell proceeds. */
export function quoteFlow(ledger: SpotLedger, fills: readonly Fill[]): DecimalString {
  let flow = '0';
  for (const f of fills) {
    if (f.symbol !== ledger.symbol) continue;
    const notional = mul(f.qty, f.price);
    const fee = feeIn(ledger, f) === 'quote' ? f.fee : '0';
    flow = add(flow, f.side === 'buy' ? neg(add(notional, fee)) : sub(notional, fee));
  }
  return flow;
}
