// Hyperliquid trigger orders (`t: {trigger: {isMarket, triggerPx, tpsl}}`) in the shared trigger book:
// placing them under each grouping (na; normalTpsl, whose TP/SL children wait for the parent's first
// fill; positionTpsl, tied to the position and sized to all of it when `s` is 0), their order JSON, and
// their status words. A trigger order's oid is its trigger id; the market order it sends when the mark
// crosses its trigger is shown under that same oid, as on the venue.
import * as D from '../../../core/decimal.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import { isTriggerReject } from '../../matching/triggers.js';
import type { OrderWire } from './actions.js';
import { SIDE } from './format.js';
import type { VenueState } from './state.js';
import { say } from './wording.js';

type TriggerWire = OrderWire & { t: { trigger: { isMarket: boolean; triggerPx: string; tpsl: string } } };

export function isTriggerWire(w: OrderWire): w is TriggerWire {
  return 'trigger' in w.t;
}

/** What the venue checks on a trigger wire before anything is placed: undefined when it is good. */
export function triggerWireError(w: TriggerWire, szDecimals: number, priceOk: (p: string) => boolean, grouping: string): string | undefined {
  const g = w.t.trigger;
  if (!g.isMarket) return say.triggerLimit;
  if (g.tpsl !== 'tp' && g.tpsl !== 'sl') return `Invalid tpsl ${g.tpsl}.`;
  if (!priceOk(g.triggerPx) || !priceOk(w.p)) return say.invalidPrice;
  const whole = grouping === 'positionTpsl' && D.isDecimal(w.s) && D.isZero(w.s);
  if (!whole && !(D.isDecimal(w.s) && D.sign(w.s) > 0 && D.decimalPlaces(D.normalize(w.s)) <= szDecimals)) return say.invalidSize;
  // The limit price is the worst fill the triggered market order may take: at or beyond the trigger.
  if (w.b ? D.lt(w.p, g.triggerPx) : D.gt(w.p, g.triggerPx)) return say.tpslPrice(w.a);
  return undefined;
}

/** Places one trigger wire; returns its oid or the venue's error text. */
export function placeTrigger(v: VenueState, accountId: string, w: TriggerWire, grouping: string, symbol: string): number | string {
  const g = w.t.trigger;
  const whole = grouping === 'positionTpsl' && D.isZero(w.s);
  const placed = v.core.engine.triggers.place(accountId, {
    symbol,
    side: w.b ? 'BUY' : 'SELL',
    type: g.tpsl === 'sl' ? 'STOP_MARKET' : 'TAKE_PROFIT_MARKET',
    triggerPrice: g.triggerPx,
    // Hyperliquid's TP/SL fire on the mark price.
    triggerBy: 'mark',
    quantity: whole ? undefined : w.s,
    reduceOnly: w.r || whole,
    clientId: '',
    fireIfCrossed: true,
    expireWhenFlat: grouping === 'positionTpsl',
    meta: { limitPx: w.p, positionTpsl: String(grouping === 'positionTpsl') },
  });
  if (isTriggerReject(placed)) return placed.reject === 'max-open-triggers' ? say.maxOpen(1000) : say.invalidSize;
  if (w.c !== undefined) v.rememberCloid(accountId, w.c, placed.triggerId);
  return placed.triggerId;
}

/** The venue's status word for a trigger order. */
export function triggerStatusWord(t: TriggerOrder, cancelReason: string | undefined): string {
  switch (t.status) {
    case 'NEW':
      return 'open';
    case 'CANCELED':
      return cancelReason ?? 'canceled';
    case 'EXPIRED':
      // A position TP/SL whose position closed.
      return 'reduceOnlyCanceled';
    case 'REJECTED':
      return 'rejected';
    default:
      return 'triggered';
  }
}

/** `orderUpdates` basic order of a trigger order (`sz` 0.0 for a whole-position TP/SL). */
export function triggerBasic(t: TriggerOrder, coin: string, cloid: string | undefined): Record<string, unknown> {
  const sz = t.quantity === undefined ? '0.0' : D.normalize(t.quantity);
  const out: Record<string, unknown> = {
    coin,
    side: SIDE[t.side],
    limitPx: D.normalize(t.meta.limitPx ?? t.triggerPrice),
    sz,
    oid: t.triggerId,
    timestamp: t.time,
    origSz: sz,
  };
  if (cloid !== undefined) out.cloid = cloid;
  return out;
}

/** `frontendOpenOrders` / `orderStatus` row of a trigger order. */
export function triggerJson(t: TriggerOrder, coin: string, cloid: string | undefined): Record<string, unknown> {
  const up = (t.type === 'STOP_MARKET') === (t.side === 'BUY');
  return {
    ...triggerBasic(t, coin, cloid),
    orderType: t.type === 'STOP_MARKET' ? 'Stop Market' : 'Take Profit Market',
    tif: null,
    reduceOnly: t.reduceOnly || t.quantity === undefined,
    isTrigger: true,
    triggerPx: D.normalize(t.triggerPrice),
    triggerCondition: `Price ${up ? 'above' : 'below'} ${D.normalize(t.triggerPrice)}`,
    isPositionTpsl: t.meta.positionTpsl === 'true',
    children: [],
  };
}
