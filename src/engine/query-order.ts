/**
 * One order by its ids, wherever the venue keeps it: `queryOrder`, then, when that finds nothing
 * and the venue lists orders in two places (Kraken: open and closed apart, and its query by id takes
 * venue ids only), `queryOrderElsewhere`. Every caller that resolves an order asks through here, so
 * "never seen" is said only after both places were asked: a filled order taken for never placed
 * would be sent again.
 */
import type { Order } from '../core/types.js';
import type { OrderRef, RequestPlan, RestAdapter } from '../venues/venue.js';
import { VenueRequestError } from './rest.js';

type Run = <T>(plan: RequestPlan<T>) => Promise<T>;

export async function findOrder(
  adapter: Pick<RestAdapter, 'queryOrder' | 'queryOrderElsewhere'>,
  run: Run,
  ref: OrderRef,
): Promise<Order> {
  try {
    return await run(adapter.queryOrder(ref));
  } catch (err) {
    const elsewhere = adapter.queryOrderElsewhere;
    if (elsewhere === undefined || !(err instanceof VenueRequestError) || err.meaning !== 'order_not_found')
      throw err;
    return run(elsewhere(ref));
  }
}
