// The matching engine: validates orders against the symbol's filters, takes liquidity from the synthetic
// book (takers fill level by level, so large orders slip), rests limit orders and fills them as makers when
// the market moves through them (partially when the book is thin), and books every fill into the account.
// It reports what happened through `emit`; dialects turn those events into their own wire messages.
// A spot account (`account.spot`, spot dialects) locks assets for its open orders instead of margin and
// books fills into its assets instead of a position (./spot.ts); a perpetual account never sees that path.
import * as D from '../../core/decimal.js';
import { isOnStep } from '../../core/rounding.js';
import type { SimClock } from '../clock.js';
import type { Market, SymbolMarket } from '../market/market.js';
import { type AccountState, MAKER_FEE, TAKER_FEE } from './accounts.js';
import type { Fill, NewOrderRequest, Order, Reject } from './orders.js';
import { isOpen } from './orders.js';
import { TriggerBook, type TriggerOrder } from './triggers.js';

export type MatchEvent =
  | {
      kind: 'order';
      accountId: string;
      order: Order;
      exec: 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'AMENDED';
      fill?: Fill;
    }
  | { kind: 'account'; accountId: string; symbol: string; reason: 'ORDER' }
  /** A conditional order changed (placed, amended, fired, finished, cancelled, expired, rejected). */
  | { kind: 'trigger'; accountId: string; trigger: TriggerOrder };

export type OrderRef = { orderId: number } | { clientOrderId: string };

export class MatchingEngine {
  readonly orders = new Map<number, Order>();
  readonly fills: Fill[] = [];
  /** Open orders per symbol, in order of arrival (Map keeps insertion order). */
  readonly #open = new Map<string, Map<number, Order>>();
  /** Latest order per (account, symbol, clientOrderId). */
  readonly #byClientId = new Map<string, Order>();
  #nextOrderId = 4_000_000_001;
  #nextTradeId = 700_000_001;
  /** Conditional orders waiting for their trigger price (triggers.ts). */
  readonly triggers: TriggerBook = new TriggerBook(this);

  constructor(
    readonly market: Market,
    readonly accounts: Map<string, AccountState>,
    readonly clock: SimClock,
    readonly emit: (e: MatchEvent) => void,
  ) {}

  marks(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [s, m] of this.market.symbols) out.set(s, m.mark);
    return out;
  }

  openOrders(accountId: string, symbol?: string): Order[] {
    const out: Order[] = [];
    for (const [s, book] of this.#open) {
      if (symbol !== undefined && s !== symbol) continue;
      for (const o of book.values()) if (o.accountId === accountId) out.push(o);
    }
    return out;
  }

  find(accountId: string, symbol: string, ref: OrderRef): Order | undefined {
    const o =
      'orderId' in ref
        ? this.orders.get(ref.orderId)
        : this.#byClientId.get(`${accountId}|${symbol}|${ref.clientOrderId}`);
    return o && o.accountId === accountId && o.symbol === symbol ? o : undefined;
  }

  /** What `place` would refuse the order for, without placing it (a venue's test-order endpoint). */
  check(accountId: string, req: NewOrderRequest): Reject | undefined {
    const account = this.accounts.get(accountId);
    const m = this.market.get(req.symbol);
    if (!account || !m) return { reject: 'unknown-symbol' };
    return this.#validate(account, m, req);
  }

  /**
   * Validates and places an order; returns it (possibly already filled or expired) or a reject.
   * `onCreated` sees the order once it has its id, before any event about it (a fired trigger links it).
   */
  place(accountId: string, req: NewOrderRequest, onCreated?: (o: Order) => void): Order | Reject {
    const account = this.accounts.get(accountId);
    const m = this.market.get(req.symbol);
    if (!account || !m) return { reject: 'unknown-symbol' };
    const bad = this.#validate(account, m, req);
    if (bad) return bad;
    const now = this.clock.now();
    const order: Order = {
      orderId: this.#nextOrderId++,
      clientOrderId: req.clientOrderId,
      accountId,
      symbol: req.symbol,
      side: req.side,
      type: req.type,
      timeInForce: req.type === 'MARKET' ? 'GTC' : req.timeInForce,
      origQty: D.normalize(req.quantity),
      price: req.type === 'LIMIT' ? D.normalize(req.price ?? '0') : '0',
      executedQty: '0',
      cumQuote: '0',
      status: 'NEW',
      reduceOnly: req.reduceOnly,
      time: now,
      updateTime: now,
    };
    this.orders.set(order.orderId, order);
    this.#byClientId.set(`${accountId}|${order.symbol}|${order.clientOrderId}`, order);
    onCreated?.(order);
    this.emit({ kind: 'order', accountId, order: { ...order }, exec: 'NEW' });
    this.#takeLiquidity(account, m, order);
    if (isOpen(order)) {
      if (order.type === 'MARKET' || order.timeInForce === 'IOC') this.#finish(order, 'EXPIRED');
      else this.#rest(account, order);
    }
    // Its fills moved the last price and the position: conditional orders may fire or expire.
    if (!D.isZero(order.executedQty)) this.triggers.fire(order.symbol);
    return order;
  }

  #validate(account: AccountState, m: SymbolMarket, req: NewOrderRequest): Reject | undefined {
    const s = m.spec;
    const qty = req.quantity;
    if (D.sign(qty) <= 0) return { reject: 'qty-not-positive' };
    if (D.lt(qty, s.minQty)) return { reject: 'qty-below-min', detail: s.minQty };
    if (D.gt(qty, req.type === 'MARKET' ? s.marketMaxQty : s.maxQty)) return { reject: 'qty-above-max' };
    if (!isOnStep(qty, s.stepSize)) return { reject: 'step-size' };
    let notionalPrice = m.mark;
    if (req.type === 'LIMIT') {
      const price = req.price ?? '0';
      const bad = this.#priceReject(m, price);
      if (bad) return bad;
      notionalPrice = price;
    }
    const pos = account.spot === undefined ? account.position(req.symbol).amount : '0';
    if (req.reduceOnly) {
      if (D.isZero(pos) || D.sign(pos) > 0 === (req.side === 'BUY')) return { reject: 'reduce-only' };
    } else if (D.lt(D.mul(notionalPrice, qty), s.minNotional)) {
      return { reject: 'min-notional', detail: s.minNotional };
    }
    if ((this.#open.get(req.symbol)?.size ?? 0) >= s.maxOpenOrders) {
      if (this.openOrders(account.id, req.symbol).length >= s.maxOpenOrders)
        return { reject: 'max-open-orders' };
    }
    const dup = this.#byClientId.get(`${account.id}|${req.symbol}|${req.clientOrderId}`);
    if (dup && isOpen(dup)) return { reject: 'duplicate-client-order-id' };
    if (req.type === 'LIMIT' && req.timeInForce === 'GTX') {
      const best = req.side === 'BUY' ? m.book.bestAsk() : m.book.bestBid();
      const price = req.price ?? '0';
      if (best && (req.side === 'BUY' ? D.gte(price, best.price) : D.lte(price, best.price))) {
        return { reject: 'post-only-would-cross' };
      }
    }
    if (account.spot !== undefined) {
      const { asset, amount } = account.spot.need(s, m.book, req);
      if (D.lt(account.spot.free(asset), amount)) return { reject: 'insufficient-margin', detail: asset };
    } else if (!req.reduceOnly) {
      const increases = D.isZero(pos) || D.sign(pos) > 0 === (req.side === 'BUY');
      if (increases) {
        const need = D.div(D.mul(notionalPrice, qty), String(account.leverageOf(req.symbol)), 8, 'half_up');
        if (D.lt(account.available(this.marks()), need)) return { reject: 'insufficient-margin' };
      }
    }
    return undefined;
  }

  /** Why a limit price is refused: not positive, outside the symbol's range, off tick, outside the band. */
  #priceReject(m: SymbolMarket, price: string): Reject | undefined {
    const s = m.spec;
    if (D.sign(price) <= 0) return { reject: 'price-not-positive' };
    if (D.lt(price, s.minPrice)) return { reject: 'price-below-min' };
    if (D.gt(price, s.maxPrice)) return { reject: 'price-above-max' };
    if (!isOnStep(price, s.tickSize)) return { reject: 'tick-size' };
    const up = D.toFixed(D.mul(m.mark, s.percentUp), s.pricePrecision, 'floor');
    const down = D.toFixed(D.mul(m.mark, s.percentDown), s.pricePrecision, 'ceil');
    if (D.gt(price, up)) return { reject: 'price-above-band', detail: up };
    if (D.lt(price, down)) return { reject: 'price-below-band', detail: down };
    return undefined;
  }

  /**
   * Changes a resting limit order's quantity and/or price in place, keeping its id (venues that amend):
   * the quantity must stay above what already filled and on step, a new price is checked like a new
   * order's, the order's margin follows, and a price the book now crosses fills at once as a maker.
   */
  amend(accountId: string, symbol: string, ref: OrderRef, change: { quantity?: string; price?: string }): Order | Reject {
    const o = this.find(accountId, symbol, ref);
    const account = this.accounts.get(accountId);
    const m = this.market.get(symbol);
    if (!o || !account || !m || !isOpen(o) || !this.#open.get(symbol)?.has(o.orderId)) return { reject: 'unknown-order' };
    const quantity = change.quantity ?? o.origQty;
    const price = change.price ?? o.price;
    if (D.lte(quantity, o.executedQty)) return { reject: 'qty-not-positive' };
    if (D.gt(quantity, m.spec.maxQty)) return { reject: 'qty-above-max' };
    if (!isOnStep(quantity, m.spec.stepSize)) return { reject: 'step-size' };
    if (change.price !== undefined) {
      const bad = this.#priceReject(m, price);
      if (bad) return bad;
    }
    this.#hold(account, o, D.neg(this.#remaining(o)));
    o.origQty = D.normalize(quantity);
    o.price = D.normalize(price);
    o.updateTime = this.clock.now();
    this.#hold(account, o, this.#remaining(o));
    this.emit({ kind: 'order', accountId, order: { ...o }, exec: 'AMENDED' });
    this.matchResting(symbol);
    return o;
  }

  /** Immediate (taker) part of an order. */
  #takeLiquidity(account: AccountState, m: SymbolMarket, order: Order): void {
    if (order.type === 'LIMIT' && order.timeInForce === 'GTX') return;
    const limit = order.type === 'LIMIT' ? order.price : undefined;
    if (order.timeInForce === 'FOK' && D.lt(m.book.available(order.side, limit), order.origQty)) {
      this.#finish(order, 'EXPIRED');
      return;
    }
    let want = this.#remaining(order);
    if (order.reduceOnly) want = D.min(want, D.abs(account.position(order.symbol).amount));
    if (D.sign(want) <= 0) return;
    for (const level of m.book.take(order.side, want, limit)) {
      this.#fill(account, m, order, level.price, level.qty, false);
    }
  }

  #remaining(o: Order): string {
    return D.sub(o.origQty, o.executedQty);
  }

  #rest(account: AccountState, order: Order): void {
    let book = this.#open.get(order.symbol);
    if (!book) {
      book = new Map();
      this.#open.set(order.symbol, book);
    }
    book.set(order.orderId, order);
    this.#hold(account, order, this.#remaining(order));
  }

  /**
   * What a resting order holds for `qty` of its quantity (negative: releases it): the initial margin of
   * a perpetual order (none for reduce-only), or the assets a spot order locks.
   */
  #hold(account: AccountState, o: Order, qty: string): void {
    if (account.spot !== undefined) {
      const spec = this.market.get(o.symbol)!.spec;
      if (D.sign(qty) >= 0) account.spot.lock(spec, o, qty);
      else account.spot.unlock(spec, o, D.neg(qty));
    } else if (!o.reduceOnly) {
      const margin = this.#orderMargin(account, o, D.abs(qty));
      account.addOrderMargin(o.symbol, D.sign(qty) >= 0 ? margin : D.neg(margin));
    }
  }

  #orderMargin(account: AccountState, o: Order, qty: string): string {
    return D.div(D.mul(o.price, qty), String(account.leverageOf(o.symbol)), 8, 'half_up');
  }

  #fill(
    account: AccountState,
    m: SymbolMarket,
    order: Order,
    price: string,
    qty: string,
    maker: boolean,
  ): void {
    const now = this.clock.now();
    const quote = D.mul(price, qty);
    const spot = account.spot;
    const rate = spot === undefined ? (maker ? MAKER_FEE : TAKER_FEE) : spot.feeRate(maker);
    const fee = D.round(D.mul(quote, rate), 8, 'half_up');
    const wasResting = this.#open.get(order.symbol)?.has(order.orderId) ?? false;
    if (wasResting) this.#hold(account, order, D.neg(qty));
    let realized = '0';
    if (spot === undefined) realized = account.applyFill(order.symbol, order.side, qty, price, fee, now);
    else {
      spot.applyFill(m.spec, order.side, qty, price, fee);
      account.updateTime = now;
    }
    order.executedQty = D.add(order.executedQty, qty);
    order.cumQuote = D.add(order.cumQuote, quote);
    order.status = D.isZero(this.#remaining(order)) ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = now;
    if (order.status === 'FILLED') this.#open.get(order.symbol)?.delete(order.orderId);
    m.recordTrade(price, qty, maker ? order.side === 'BUY' : order.side === 'SELL');
    const fill: Fill = {
      tradeId: this.#nextTradeId++,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      accountId: account.id,
      symbol: order.symbol,
      side: order.side,
      price,
      qty,
      quoteQty: quote,
      commission: fee,
      commissionAsset: spot === undefined ? 'USDT' : m.spec.quoteAsset,
      realizedPnl: realized,
      maker,
      time: now,
    };
    this.fills.push(fill);
    this.emit({ kind: 'order', accountId: account.id, order: { ...order }, exec: 'TRADE', fill });
    this.emit({ kind: 'account', accountId: account.id, symbol: order.symbol, reason: 'ORDER' });
  }

  #finish(order: Order, status: 'CANCELED' | 'EXPIRED'): void {
    const account = this.accounts.get(order.accountId);
    if (account && this.#open.get(order.symbol)?.has(order.orderId)) this.#hold(account, order, D.neg(this.#remaining(order)));
    this.#open.get(order.symbol)?.delete(order.orderId);
    order.status = status;
    order.updateTime = this.clock.now();
    this.emit({ kind: 'order', accountId: order.accountId, order: { ...order }, exec: status });
  }

  cancel(accountId: string, symbol: string, ref: OrderRef): Order | Reject {
    const o = this.find(accountId, symbol, ref);
    if (!o || !isOpen(o)) return { reject: 'unknown-order' };
    this.#finish(o, 'CANCELED');
    return o;
  }

  cancelAll(accountId: string, symbol: string): Order[] {
    const open = this.openOrders(accountId, symbol);
    for (const o of open) this.#finish(o, 'CANCELED');
    return open;
  }

  /**
   * One fill of `qty` (at most what is left) against a resting order, as a maker at its own price:
   * another participant's order took it. Used by the order flow (sim.ts `setFlow`), which drives a
   * steady fill rate against resting orders without moving the market.
   */
  takeResting(orderId: number, qty: string): boolean {
    const order = this.orders.get(orderId);
    if (!order || !isOpen(order) || !this.#open.get(order.symbol)?.has(orderId)) return false;
    const account = this.accounts.get(order.accountId);
    const m = this.market.get(order.symbol);
    if (!account || !m) return false;
    const got = this.#reducible(account, order, D.min(qty, this.#remaining(order)));
    if (got === undefined) {
      this.#finish(order, 'EXPIRED');
      return false;
    }
    if (D.sign(got) <= 0) return false;
    this.#fill(account, m, order, order.price, got, true);
    this.triggers.fire(order.symbol);
    return true;
  }

  /**
   * How much of `want` a resting order may fill now: all of it, or for a reduce-only order at most
   * the position it reduces; undefined when a reduce-only order has no position left to reduce (it
   * expires, as the venue's do once the position is closed). Every path that fills a resting order
   * asks this, so no fill of a reduce-only order flips or opens a position.
   */
  #reducible(account: AccountState, order: Order, want: string): string | undefined {
    if (!order.reduceOnly || account.spot !== undefined) return want;
    const pos = account.position(order.symbol).amount;
    if (D.isZero(pos) || D.sign(pos) > 0 === (order.side === 'BUY')) return undefined;
    return D.min(want, D.abs(pos));
  }

  /** Every resting order, symbol by symbol, in order of arrival. */
  resting(): Order[] {
    const out: Order[] = [];
    for (const book of this.#open.values()) out.push(...book.values());
    return out;
  }

  /**
   * After a market move: resting orders the book now crosses fill as makers at their own price, then
   * conditional orders whose trigger the move crossed fire.
   */
  matchResting(symbol: string): void {
    this.#matchBook(symbol);
    this.triggers.fire(symbol);
  }

  #matchBook(symbol: string): void {
    const book = this.#open.get(symbol);
    const m = this.market.get(symbol);
    if (!book || !m || book.size === 0) return;
    for (const order of [...book.values()]) {
      const account = this.accounts.get(order.accountId);
      if (!account || !isOpen(order)) continue;
      const want = this.#reducible(account, order, this.#remaining(order));
      if (want === undefined) {
        this.#finish(order, 'EXPIRED');
        continue;
      }
      const taken = m.book.take(order.side, want, order.price);
      const got = D.sum(taken.map((l) => l.qty));
      if (D.sign(got) > 0) this.#fill(account, m, order, order.price, got, true);
    }
  }
}
