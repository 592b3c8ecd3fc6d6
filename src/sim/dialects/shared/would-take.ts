// Whether a resting order moved to `price` would meet the book at once: a post-only (GTX) order's
// amendment is judged by it (Binance cancels the order, OKX refuses the amendment).
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { Order } from '../../matching/orders.js';

export function wouldTake(core: SimCore, o: Order, price: string): boolean {
  const book = core.market.get(o.symbol)!.book;
  const opposite = o.side === 'BUY' ? book.bestAsk() : book.bestBid();
  if (opposite === undefined) return false;
  return o.side === 'BUY' ? D.gte(price, opposite.price) : D.lte(price, opposite.price);
}
