// Spot accounts: assets held outright, no positions and no margin. An open order locks what it could
// spend — a resting buy its quote (price × quantity, plus room for the fee at the taker rate, since a
// limit order may take), a resting sell its base — so the free balance is what a new order may use.
// A fill moves both assets and charges the fee in the quote asset; a cancel or an expiry unlocks what
// is left. The engine asks an account's `spot` (set by spot dialects) at each of those points instead of
// its margin; perpetual accounts have none and never reach this file.
import * as D from '../../core/decimal.js';
import type { Book } from '../market/book.js';
import type { SymbolSpec } from '../market/symbols.js';
import type { NewOrderRequest, Order } from './orders.js';

export interface SpotFees {
  /** Fractions, e.g. '0.0025' for 0.25 %. */
  maker: string;
  taker: string;
}

export class SpotFunds {
  /** Held by open orders, per asset. */
  readonly locked = new Map<string, string>();

  constructor(
    /** The account's balances (its `AccountState.balances`, shared, not copied). */
    readonly balances: Map<string, string>,
    readonly fees: SpotFees,
  ) {}

  total(asset: string): string {
    return this.balances.get(asset) ?? '0';
  }

  held(asset: string): string {
    return this.locked.get(asset) ?? '0';
  }

  free(asset: string): string {
    return D.sub(this.total(asset), this.held(asset));
  }

  /**
   * What an order needs free to be taken: a sell its quantity of base; a limit buy price × quantity
   * plus the taker fee on it; a market buy the cost of walking the book for its quantity, plus the fee
   * (the book does not change between this check and the fills, so the fills never spend more).
   */
  need(spec: SymbolSpec, book: Book, req: NewOrderRequest): { asset: string; amount: string } {
    if (req.side === 'SELL') return { asset: spec.baseAsset, amount: req.quantity };
    const cost = req.type === 'LIMIT' ? D.mul(req.price ?? '0', req.quantity) : walkCost(book, req.quantity);
    // The fee a fill charges is rounded to 8 places: the check rounds up so a fill never overdraws.
    return { asset: spec.quoteAsset, amount: D.add(cost, D.round(D.mul(cost, this.fees.taker), 8, 'ceil')) };
  }

  #withFee(cost: string): string {
    return D.add(cost, D.mul(cost, this.fees.taker));
  }

  /** What a resting order holds for `qty` of its quantity. */
  #lockOf(spec: SymbolSpec, o: Order, qty: string): [string, string] {
    return o.side === 'BUY' ? [spec.quoteAsset, this.#withFee(D.mul(o.price, qty))] : [spec.baseAsset, qty];
  }

  #add(asset: string, delta: string): void {
    this.locked.set(asset, D.add(this.held(asset), delta));
  }

  lock(spec: SymbolSpec, o: Order, qty: string): void {
    const [asset, amount] = this.#lockOf(spec, o, qty);
    this.#add(asset, amount);
  }

  unlock(spec: SymbolSpec, o: Order, qty: string): void {
    const [asset, amount] = this.#lockOf(spec, o, qty);
    this.#add(asset, D.neg(amount));
  }

  /** Books a fill: base in and quote out for a buy, the other way for a sell; the fee out of the quote. */
  applyFill(spec: SymbolSpec, side: 'BUY' | 'SELL', qty: string, price: string, fee: string): void {
    const quote = D.mul(price, qty);
    const sign = side === 'BUY' ? 1 : -1;
    this.balances.set(spec.baseAsset, D.add(this.total(spec.baseAsset), sign > 0 ? qty : D.neg(qty)));
    const quoteDelta = sign > 0 ? D.neg(D.add(quote, fee)) : D.sub(quote, fee);
    this.balances.set(spec.quoteAsset, D.add(this.total(spec.quoteAsset), quoteDelta));
  }

  feeRate(maker: boolean): string {
    return maker ? this.fees.maker : this.fees.taker;
  }
}

/** The quote a market buy of `qty` would pay, level by level, without taking anything. */
function walkCost(book: Book, qty: string): string {
  let left = qty;
  let cost = '0';
  for (const level of book.asks) {
    if (D.isZero(left)) break;
    if (D.isZero(level.qty)) continue;
    const q = D.min(left, level.qty);
    cost = D.add(cost, D.mul(q, level.price));
    left = D.sub(left, q);
  }
  return cost;
}
