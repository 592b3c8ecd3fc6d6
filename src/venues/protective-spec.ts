/**
 * The part of an adapter for protective (conditional) orders, where the venue keeps them apart
 * from its order book (`RestAdapter.protective`).
 */
import type { Order } from '../core/types.js';
import type { CancelBatchSpec, RequestPlan } from './venue.js';

/**
 * Protective (conditional) orders where the venue keeps them apart from the book's orders
 * (Binance's algo service, OKX's algo orders, Bybit's conditional orders): listed by their own
 * request, and cancelled all at once (`cancelAll`) or by batches (`cancelBatch`). `placeOrder`,
 * `queryOrder` and `cancelOrder` take them like any order (an intent with a trigger, a ref marked
 * protective). Where the venue lists them with the rest (Hyperliquid), the adapter has no such part.
 * Either way the adapter's own `cancelAll` and `openOrders` leave protective orders out of a
 * cancel-all: a panic cancel-all keeps the stops unless the trader asks otherwise (invariant 11).
 */
export interface ProtectiveSpec {
  open(symbol?: string): RequestPlan<Order[]>;
  cancelAll?(symbol: string): RequestPlan<void>;
  cancelBatch?: CancelBatchSpec;
}
