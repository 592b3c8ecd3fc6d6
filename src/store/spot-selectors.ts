/**
 * Selectors of a spot session: is it spot, its mark, the Holdings pane's rows (valued at the mark,
 * with the session's average cost and PnL on its base) and the session's PnL. Each returns a
 * primitive or a value memoised on the slices it reads (zustand compares with Object.is).
 */
import { isZero } from '../core/decimal.js';
import { type Holding, holdingOf, sameAsset, spotMark } from '../core/holdings.js';
import { averageCost, type SpotLedger, type SpotPnl, spotPnl } from '../core/spot-ledger.js';
import type { DecimalString, Instrument } from '../core/types.js';
import type { QuantState } from './state.js';

/** The session trades spot: Holdings instead of Positions, no reduce-only, leverage or margin. */
export const selectIsSpot = (s: QuantState): boolean => s.session?.instrument?.kind === 'spot';

/** The session symbol's mark (the book's mid, else its last trade), or undefined without a ticker. */
export const selectSpotMark = (s: QuantState): string | undefined => {
  const t = s.ticker;
  if (t === null || s.session === null || t.symbol !== s.session.symbol) return undefined;
  return spotMark(t.bid, t.ask, t.last);
};

export interface HoldingRow extends Holding {
  /** The session's base asset: the row the ledger's average cost and PnL belong to. */
  base: boolean;
  avgCost?: DecimalString;
  unrealized?: DecimalString;
  realized?: DecimalString;
}

function rowsOf(
  holdings: Record<string, Holding>,
  ledger: SpotLedger | undefined,
  instrument: Instrument | undefined,
  mark: string | undefined,
): HoldingRow[] {
  if (instrument === undefined) return [];
  // Venues list every asset the account ever touched, most at zero: those rows are left out,
  // except the session's base and quote (a zero there is news: nothing to sell, nothing to spend).
  const shown = Object.values(holdings).filter(
    (h) => !isZero(h.total) || sameAsset(h.asset, instrument.base) || sameAsset(h.asset, instrument.quote),
  );
  const list = shown.map((h) =>
    holdingOf(
      { asset: h.asset, wallet: h.total, available: h.free, updatedAt: h.updatedAt },
      instrument,
      mark,
    ),
  );
  // The base row shows even before the venue reports a balance of it: the session's PnL lives there.
  if (!list.some((h) => sameAsset(h.asset, instrument.base)) && ledger !== undefined && ledger.fills > 0)
    list.push({ asset: instrument.base, free: '0', locked: '0', total: '0', updatedAt: 0 });
  const rank = (asset: string) =>
    sameAsset(asset, instrument.base) ? 0 : sameAsset(asset, instrument.quote) ? 1 : 2;
  list.sort((a, b) => rank(a.asset) - rank(b.asset) || a.asset.localeCompare(b.asset));
  return list.map((h) => {
    const base = sameAsset(h.asset, instrument.base);
    const row: HoldingRow = { ...h, base };
    if (!base || ledger === undefined) return row;
    const avg = averageCost(ledger);
    if (avg !== undefined) row.avgCost = avg;
    const pnl = spotPnl(ledger, mark);
    row.realized = pnl.realized;
    if (pnl.unrealized !== undefined) row.unrealized = pnl.unrealized;
    return row;
  });
}

/** Memoised on its four inputs: a stable array while none of them moved. */
function memo4<A, B, C, D, O>(f: (a: A, b: B, c: C, d: D) => O): (a: A, b: B, c: C, d: D) => O {
  let last: [A, B, C, D] | undefined;
  let out: O | undefined;
  return (a, b, c, d) => {
    if (last === undefined || last[0] !== a || last[1] !== b || last[2] !== c || last[3] !== d) {
      last = [a, b, c, d];
      out = f(a, b, c, d);
    }
    return out as O;
  };
}

const rows = memo4(rowsOf);
/** The Holdings pane's rows: base first, then quote, then the rest; empty off spot. */
export const selectHoldingRows = (s: QuantState): HoldingRow[] =>
  rows(s.holdings, s.spot?.ledger, s.spot === null ? undefined : s.session?.instrument, selectSpotMark(s));

export interface SessionSpotPnl extends SpotPnl {
  quote: string;
  /** Fees in assets other than base and quote, by asset: outside the PnL, shown apart. */
  otherFees: Record<string, DecimalString>;
  /** Base sold beyond what the session bought (older holdings), and what it brought. */
  priorSold: DecimalString;
  priorProceeds: DecimalString;
}

const pnlOf = memo4(
  (
    ledger: SpotLedger | undefined,
    mark: string | undefined,
    _c: undefined,
    _d: undefined,
  ): SessionSpotPnl | null =>
    ledger === undefined
      ? null
      : {
          ...spotPnl(ledger, mark),
          quote: ledger.quote,
          otherFees: ledger.otherFees,
          priorSold: ledger.priorSold,
          priorProceeds: ledger.priorProceeds,
        },
);
/** The session's PnL in its quote currency, or null off spot. */
export const selectSpotPnl = (s: QuantState): SessionSpotPnl | null =>
  pnlOf(s.spot?.ledger, selectSpotMark(s), undefined, undefined);

/** What a spot flatten may sell: the base the session bought and holds, and what the venue has free and locked. */
export function spotBase(s: QuantState): { sessionQty: string; freeQty: string; lockedQty: string } | null {
  const ins = s.session?.instrument;
  if (s.spot === null || ins === undefined) return null;
  const held = Object.values(s.holdings).find((h) => sameAsset(h.asset, ins.base));
  return { sessionQty: s.spot.ledger.qty, freeQty: held?.free ?? '0', lockedQty: held?.locked ?? '0' };
}
