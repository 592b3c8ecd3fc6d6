// findOrder: "never seen" only after both places were asked (Kraken: open, then closed orders).
// The runner answers with the documented replies through the adapter's own error table, as the
// REST executor does (the local venue has no Kraken dialect on main yet).
import { describe, expect, it } from 'vitest';
import { findOrder } from '../../src/engine/query-order.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import type { HttpReply, RequestPlan } from '../../src/venues/venue.js';
import { CLOSED_ORDERS, OPEN_ORDERS } from '../venues/kraken/fixtures.js';

function runner(replies: Record<string, unknown>) {
  const asked: string[] = [];
  const run = async <T>(plan: RequestPlan<T>): Promise<T> => {
    asked.push(plan.name);
    const reply: HttpReply = { status: 200, headers: {}, body: replies[plan.name] };
    const error = kraken.checkReply(reply) ?? plan.check?.(reply);
    if (error !== undefined) throw new VenueRequestError(plan.name, error);
    return plan.parse(reply);
  };
  return { run, asked };
}

const EMPTY_OPEN = { error: [], result: { open: {} } };
const EMPTY_CLOSED = { error: [], result: { closed: {}, count: 0 } };

describe('findOrder', () => {
  it('an open order is found at the first place; the second is not asked', async () => {
    const { run, asked } = runner({ queryOrder: OPEN_ORDERS });
    const order = await findOrder(kraken, run, { symbol: 'BTC/USD', clientOrderId: 'qdAbc123XyZ0000A' });
    expect(order.venueOrderId).toBe('OQCLML-BW3P3-BUCMWZ');
    expect(asked).toEqual(['queryOrder']);
  });

  it('a closed order absent from the open list is found among the closed ones, not taken for never placed', async () => {
    const { run, asked } = runner({ queryOrder: EMPTY_OPEN, queryClosedOrder: CLOSED_ORDERS });
    const order = await findOrder(kraken, run, { symbol: 'BTC/USD', clientOrderId: 'qdAbc123XyZ0000B' });
    expect(order).toMatchObject({ state: 'canceled', venueOrderId: 'O37652-RJWRT-IMO74O' });
    expect(asked).toEqual(['queryOrder', 'queryClosedOrder']);
  });

  it('"not found" after both places; any other failure of the first is not hidden by the second', async () => {
    const none = runner({ queryOrder: EMPTY_OPEN, queryClosedOrder: EMPTY_CLOSED });
    await expect(findOrder(kraken, none.run, { symbol: 'BTC/USD', clientOrderId: 'qX' })).rejects.toMatchObject({ meaning: 'order_not_found' });
    expect(none.asked).toEqual(['queryOrder', 'queryClosedOrder']);
    const busy = runner({ queryOrder: { error: ['EService:Busy'] } });
    await expect(findOrder(kraken, busy.run, { symbol: 'BTC/USD', clientOrderId: 'qX' })).rejects.toMatchObject({ failure: 'backoff' });
    expect(busy.asked).toEqual(['queryOrder']);
  });
});
