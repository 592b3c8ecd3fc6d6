// Conditional orders: stop-market and take-profit-market orders held off the book until the symbol's mark
// or last price crosses their trigger, then sent to the matching engine as a market order (reduce-only
// when asked, or sized to the whole position for a close-position order). Venue-neutral: each dialect
// maps its wire (Binance algo orders, OKX order-algo, Hyperliquid trigger orders, Bybit conditional
// orders) onto a NewTriggerRequest and the `trigger` events back onto its own pushes.
import * as D from '../../core/decimal.js';
import { isOnStep } from '../../core/rounding.js';
import type { SymbolMarket } from '../market/market.js';
import type { MatchEvent, MatchingEngine } from './engine.js';
import { isReject, type Order, type Reject, type Side } from './orders.js';

export type TriggerType = 'STOP_MARKET' | 'TAKE_PROFIT_MARKET';
/** Which price the trigger watches: the mark price, or the last traded price. */
export type TriggerSource = 'mark' | 'last';
/**
 * NEW: waiting. TRIGGERING: the condition held, the market order is on its way. TRIGGERED: the market order
 * exists (`orderId`). FINISHED: the market order is done (filled, or its rest expired). CANCELED: by the
 * client or a cancel-all. EXPIRED: by the venue (the position it protected closed). REJECTED: the market
 * order was refused when it fired (`rejected` says why).
 */
export type TriggerStatus = 'NEW' | 'TRIGGERING' | 'TRIGGERED' | 'FINISHED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

export interface NewTriggerRequest {
  symbol: string;
  side: Side;
  type: TriggerType;
  triggerPrice: string;
  triggerBy: TriggerSource;
  /** Absent: close the whole position when it fires (Binance closePosition, OKX closeFraction 1). */
  quantity?: string;
  reduceOnly: boolean;
  /** '' when the client gave none (no duplicate check then). */
  clientId: string;
  /** Refuse a reduce-only order while no position it could reduce exists. */
  refuseWithoutPosition?: boolean;
  /**
   * Accept a trigger the price has already crossed (it fires at the next check) instead of refusing it:
   * venues that take such an order and fire it at once.
   */
  fireIfCrossed?: boolean;
  /** Expire once the position it protects goes flat (a position TP/SL on venues that tie them). */
  expireWhenFlat?: boolean;
  /**
   * One-cancels-the-other: when an order of the group fires, the account's other waiting orders of the
   * same group are cancelled (an OKX oco's two legs, a bracket's stop and target).
   */
  group?: string;
  /** Words the dialect keeps with the order (OKX algo fields, Hyperliquid grouping); the engine ignores them. */
  meta?: Record<string, string>;
}

export interface TriggerOrder {
  triggerId: number;
  clientId: string;
  accountId: string;
  symbol: string;
  side: Side;
  type: TriggerType;
  triggerPrice: string;
  triggerBy: TriggerSource;
  /** undefined: the whole position (close-position). */
  quantity: string | undefined;
  reduceOnly: boolean;
  expireWhenFlat: boolean;
  group: string | undefined;
  meta: Record<string, string>;
  status: TriggerStatus;
  time: number;
  updateTime: number;
  /** Sim-clock ms when it fired; 0 before. */
  triggerTime: number;
  /** The market order it sent, once sent. */
  orderId: number | undefined;
  executedQty: string;
  avgPrice: string;
  /** Why the market order was refused when it fired. */
  rejected: Reject | undefined;
  /** Whether a position it could reduce has existed since it was placed (expiry waits for one). */
  sawPosition: boolean;
}

/** Why a conditional order is refused at placement, besides the engine's own order rejects. */
export type TriggerReject = Reject | { reject: 'would-trigger'; detail: string } | { reject: 'max-open-triggers' };

export function isTriggerReject(x: TriggerOrder | TriggerReject): x is TriggerReject {
  return 'reject' in x;
}

export type TriggerRef = { triggerId: number } | { clientId: string };

/** What a dialect may change on a waiting conditional order. */
export interface TriggerChange {
  triggerPrice?: string;
  quantity?: string;
}

/** The price a trigger watches now. */
function watchedPrice(m: SymbolMarket, by: TriggerSource): string {
  return by === 'mark' ? m.mark : m.stats.last;
}

/**
 * Whether the condition holds at `price`: a stop buys when the price rises to it and sells when it falls to
 * it; a take-profit the other way round.
 */
export function crosses(t: { side: Side; type: TriggerType; triggerPrice: string }, price: string): boolean {
  const up = (t.type === 'STOP_MARKET') === (t.side === 'BUY');
  return up ? D.gte(price, t.triggerPrice) : D.lte(price, t.triggerPrice);
}

export class TriggerBook {
  readonly all = new Map<number, TriggerOrder>();
  /** Waiting orders per symbol, in order of arrival. */
  readonly #waiting = new Map<string, Map<number, TriggerOrder>>();
  #nextId = 1_000_000_001;
  #firing = false;

  /** The id the next order placed will get (a dialect naming a multi-leg order after its first leg). */
  get nextId(): number {
    return this.#nextId;
  }

  constructor(
    readonly engine: MatchingEngine,
    /** Most waiting conditional orders an account may hold (Binance: 200 across all symbols). */
    public maxOpen = 200,
  ) {}

  #emit(t: TriggerOrder): void {
    const e: MatchEvent = { kind: 'trigger', accountId: t.accountId, trigger: { ...t, meta: { ...t.meta } } };
    this.engine.emit(e);
  }

  open(accountId: string, symbol?: string): TriggerOrder[] {
    const out: TriggerOrder[] = [];
    for (const [s, book] of this.#waiting) {
      if (symbol !== undefined && s !== symbol) continue;
      for (const t of book.values()) if (t.accountId === accountId) out.push(t);
    }
    return out;
  }

  find(accountId: string, ref: TriggerRef, symbol?: string): TriggerOrder | undefined {
    let found: TriggerOrder | undefined;
    if ('triggerId' in ref) found = this.all.get(ref.triggerId);
    else {
      // The newest order with that client id: ids may be reused once the earlier one is done.
      for (const t of this.all.values()) if (t.accountId === accountId && t.clientId === ref.clientId) found = t;
    }
    if (!found || found.accountId !== accountId) return undefined;
    return symbol === undefined || found.symbol === symbol ? found : undefined;
  }

  /** What `place` would refuse, without placing. */
  check(accountId: string, req: NewTriggerRequest): TriggerReject | undefined {
    const account = this.engine.accounts.get(accountId);
    const m = this.engine.market.get(req.symbol);
    if (!account || !m) return { reject: 'unknown-symbol' };
    const s = m.spec;
    if (req.quantity !== undefined) {
      if (D.sign(req.quantity) <= 0) return { reject: 'qty-not-positive' };
      if (D.lt(req.quantity, s.minQty)) return { reject: 'qty-below-min', detail: s.minQty };
      if (D.gt(req.quantity, s.marketMaxQty)) return { reject: 'qty-above-max' };
      if (!isOnStep(req.quantity, s.stepSize)) return { reject: 'step-size' };
    }
    const tp = req.triggerPrice;
    if (D.sign(tp) <= 0) return { reject: 'price-not-positive' };
    if (D.lt(tp, s.minPrice)) return { reject: 'price-below-min' };
    if (D.gt(tp, s.maxPrice)) return { reject: 'price-above-max' };
    if (!isOnStep(tp, s.tickSize)) return { reject: 'tick-size' };
    const now = watchedPrice(m, req.triggerBy);
    if (!req.fireIfCrossed && crosses(req, now)) return { reject: 'would-trigger', detail: now };
    if (req.refuseWithoutPosition && req.reduceOnly) {
      if (!reduces(account.position(req.symbol).amount, req.side)) return { reject: 'reduce-only' };
    }
    if (this.open(accountId).length >= this.maxOpen) return { reject: 'max-open-triggers' };
    if (req.clientId !== '' && this.open(accountId, req.symbol).some((t) => t.clientId === req.clientId))
      return { reject: 'duplicate-client-order-id' };
    return undefined;
  }

  place(accountId: string, req: NewTriggerRequest): TriggerOrder | TriggerReject {
    const bad = this.check(accountId, req);
    if (bad) return bad;
    const now = this.engine.clock.now();
    const pos = this.engine.accounts.get(accountId)!.position(req.symbol).amount;
    const t: TriggerOrder = {
      triggerId: this.#nextId++,
      clientId: req.clientId,
      accountId,
      symbol: req.symbol,
      side: req.side,
      type: req.type,
      triggerPrice: D.normalize(req.triggerPrice),
      triggerBy: req.triggerBy,
      quantity: req.quantity === undefined ? undefined : D.normalize(req.quantity),
      reduceOnly: req.reduceOnly,
      expireWhenFlat: req.expireWhenFlat ?? false,
      group: req.group,
      meta: { ...req.meta },
      status: 'NEW',
      time: now,
      updateTime: now,
      triggerTime: 0,
      orderId: undefined,
      executedQty: '0',
      avgPrice: '0',
      rejected: undefined,
      sawPosition: reduces(pos, req.side),
    };
    this.all.set(t.triggerId, t);
    let book = this.#waiting.get(t.symbol);
    if (!book) {
      book = new Map();
      this.#waiting.set(t.symbol, book);
    }
    book.set(t.triggerId, t);
    this.#emit(t);
    return t;
  }

  /** Moves a waiting order's trigger and/or size, keeping its id; refused like a new one would be. */
  amend(accountId: string, ref: TriggerRef, change: TriggerChange): TriggerOrder | TriggerReject {
    const t = this.find(accountId, ref);
    if (t?.status !== 'NEW') return { reject: 'unknown-order' };
    const next = {
      symbol: t.symbol,
      side: t.side,
      type: t.type,
      triggerBy: t.triggerBy,
      reduceOnly: t.reduceOnly,
      // No client id: the order keeps its own, and must not count as its own duplicate.
      clientId: '',
      triggerPrice: change.triggerPrice ?? t.triggerPrice,
      quantity: change.quantity ?? t.quantity,
    };
    const bad = this.check(accountId, next);
    if (bad && bad.reject !== 'max-open-triggers') return bad;
    t.triggerPrice = D.normalize(next.triggerPrice);
    t.quantity = next.quantity === undefined ? undefined : D.normalize(next.quantity);
    t.updateTime = this.engine.clock.now();
    this.#emit(t);
    return t;
  }

  #finish(t: TriggerOrder, status: 'CANCELED' | 'EXPIRED'): void {
    this.#waiting.get(t.symbol)?.delete(t.triggerId);
    t.status = status;
    t.updateTime = this.engine.clock.now();
    this.#emit(t);
  }

  cancel(accountId: string, ref: TriggerRef, symbol?: string): TriggerOrder | Reject {
    const t = this.find(accountId, ref, symbol);
    if (t?.status !== 'NEW') return { reject: 'unknown-order' };
    this.#finish(t, 'CANCELED');
    return t;
  }

  cancelAll(accountId: string, symbol?: string, which: (t: TriggerOrder) => boolean = () => true): TriggerOrder[] {
    const open = this.open(accountId, symbol).filter(which);
    for (const t of open) this.#finish(t, 'CANCELED');
    return open;
  }

  /**
   * After a price move or a fill on `symbol`: expires the orders whose position went flat (when they are
   * tied to it), then fires every waiting order whose condition holds, in order of arrival. A fired
   * order's own fills move the last price, so the scan repeats until nothing more fires.
   */
  fire(symbol: string): void {
    if (this.#firing) return;
    const book = this.#waiting.get(symbol);
    const m = this.engine.market.get(symbol);
    if (!book || book.size === 0 || !m) return;
    this.#firing = true;
    try {
      for (let again = true; again; ) {
        again = false;
        for (const t of [...book.values()]) {
          if (t.status !== 'NEW') continue;
          const pos = this.engine.accounts.get(t.accountId)?.position(symbol).amount ?? '0';
          if (reduces(pos, t.side)) t.sawPosition = true;
          else if (t.expireWhenFlat && t.sawPosition && D.isZero(pos)) {
            this.#finish(t, 'EXPIRED');
            continue;
          }
          if (!crosses(t, watchedPrice(m, t.triggerBy))) continue;
          this.#send(t, pos);
          again = true;
        }
      }
    } finally {
      this.#firing = false;
    }
  }

  #send(t: TriggerOrder, pos: string): void {
    this.#waiting.get(t.symbol)?.delete(t.triggerId);
    const now = this.engine.clock.now();
    t.status = 'TRIGGERING';
    t.triggerTime = now;
    t.updateTime = now;
    this.#emit(t);
    if (t.group !== undefined) {
      for (const other of this.open(t.accountId)) if (other.group === t.group) this.#finish(other, 'CANCELED');
    }
    const closing = t.quantity === undefined;
    const quantity = closing ? D.abs(pos) : t.quantity!;
    const result: Order | Reject = closing && !reduces(pos, t.side)
      ? { reject: 'reduce-only' }
      : this.engine.place(
          t.accountId,
          {
            symbol: t.symbol,
            side: t.side,
            type: 'MARKET',
            timeInForce: 'GTC',
            quantity,
            reduceOnly: t.reduceOnly || closing,
            clientOrderId: t.clientId,
          },
          (o) => {
            o.trigger = { triggerId: t.triggerId, type: t.type, price: t.triggerPrice, closePosition: closing };
            t.orderId = o.orderId;
            t.status = 'TRIGGERED';
            this.#emit(t);
          },
        );
    t.updateTime = this.engine.clock.now();
    if (isReject(result)) {
      t.status = 'REJECTED';
      t.rejected = result;
    } else {
      t.status = 'FINISHED';
      t.executedQty = result.executedQty;
      t.avgPrice = D.isZero(result.executedQty) ? '0' : D.div(result.cumQuote, result.executedQty, 12, 'half_up');
    }
    this.#emit(t);
  }
}

/** Whether a `side` order would reduce a position of signed size `pos`. */
export function reduces(pos: string, side: Side): boolean {
  return !D.isZero(pos) && D.sign(pos) > 0 === (side === 'SELL');
}
