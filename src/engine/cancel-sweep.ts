/**
 * Cancels that sweep a symbol at the venue rather than one tracked order: every protective order
 * (the venue's own cancel-all for them, else listed and cancelled by batches, else one by one), a
 * batched cancel-all where the venue has none, and one by one where the venue's cancel-all would
 * take the whole account. They act on what the venue lists, this session's orders or not, so they
 * need only the adapter and the executor; the order manager (orders.ts) calls them.
 */
import { isProtective, type Order } from '../core/types.js';
import type { CancelBatchSpec, OrderRef, RequestPlan, RestAdapter } from '../venues/venue.js';
import { failureOf, meaningOf } from './order-resolve.js';
import { refOf } from './placement.js';

export interface SweepDeps {
  adapter: RestAdapter;
  run<T>(plan: RequestPlan<T>): Promise<T>;
}

/**
 * Cancels every protective order of `symbol` at the venue (this session's or not): by the
 * venue's own cancel-all for them where it has one, else listed and cancelled by batches, else
 * one by one.
 */
export async function cancelProtective({ adapter, run }: SweepDeps, symbol: string): Promise<void> {
  const spec = adapter.protective;
  if (spec?.cancelAll !== undefined) {
    await run(spec.cancelAll(symbol));
    return;
  }
  const list = spec?.open ?? adapter.openOrders;
  const batch = spec === undefined ? adapter.cancelBatch : spec.cancelBatch;
  if (batch !== undefined) {
    await cancelInBatches({ adapter, run }, symbol, batch, isProtective, list);
    return;
  }
  const open = await run({ ...list(symbol), lane: 'critical' });
  for (const o of open.filter(isProtective)) await run(adapter.cancelOrder(refOf(o, o.venueOrderId)));
}

/**
 * Cancel-all where the venue has none: its open orders that `pick` takes (all of them, not only
 * this session's), listed and canceled a batch at a time, until none is left or the list stops
 * shrinking.
 */
export async function cancelInBatches(
  { run }: SweepDeps,
  symbol: string,
  batch: CancelBatchSpec,
  pick: (o: Order) => boolean,
  list: (symbol: string) => RequestPlan<Order[]>,
): Promise<void> {
  let before = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    const open = (await run({ ...list(symbol), lane: 'critical' })).filter(pick);
    if (open.length === 0 || open.length >= before) return;
    before = open.length;
    const refs: OrderRef[] = open.map((o) => refOf(o, o.venueOrderId));
    for (let i = 0; i < refs.length; i += batch.max) await run(batch.plan(refs.slice(i, i + batch.max)));
  }
}

/** The symbol's open non-protective orders as the venue lists them, cancelled one by one (all at once). */
export async function cancelEach({ adapter, run }: SweepDeps, symbol: string): Promise<void> {
  const open = (await run({ ...adapter.openOrders(symbol), lane: 'critical' })).filter((o) => o.symbol === symbol && !isProtective(o));
  await Promise.all(open.map((o) => run({ ...adapter.cancelOrder(refOf(o, o.venueOrderId)), lane: 'critical' })));
}

/** A failed cancel that may have happened after all (its answer was lost), or met an order already gone: ask the venue. */
export function worthAsking(err: unknown): boolean {
  const meaning = meaningOf(err);
  return failureOf(err) === 'ambiguous' || meaning === 'order_not_found' || meaning === 'other';
}
