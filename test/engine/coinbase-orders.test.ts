// The engine's order side against the Coinbase local venue (spot): the twin of kraken-orders.test.ts's
// fault test. Exactly one order per intent under every reply fault the coinbase dialect serves
// (docs/sim.md, Coinbase's fault plan): only 429 means "not processed"; a 503/500/504 or a lost reply
// is ambiguous, so the resolver asks by client_order_id before it sends again — and a market order
// fills at once, so taking a filled order for never placed would place it twice. The count comes from
// the venue's own ledger (`acceptedOrders`), not from what the engine believes.
// Coinbase answers a client_order_id it has seen with the order it made and creates nothing, so a
// blind resend of the same id never shows in that ledger: the test also holds the resolver to
// sending again only what the venue did not process (a 503 before handling, a 429).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimHandle } from '../../src/sim/index.js';
import { coinbaseEngine, coinbasePriceAt, startCoinbaseSim, SYMBOL } from './coinbase-helpers.js';
import { EventLog, expectOnePerIntentUnderFaults, ticketFor } from './rest-helpers.js';

let sim: SimHandle;
const ticket = ticketFor(SYMBOL, '0.002');

describe('orders through the engine against the Coinbase local venue', () => {
  beforeAll(async () => {
    // The tests are about the reply faults, not about waiting out 30 requests a second.
    sim = await startCoinbaseSim({ limits: { privatePerSecond: 10_000, publicPerSecond: 10_000 } });
  });
  afterAll(async () => {
    await sim.control.clearFaults();
    await sim.close();
  });

  it('200 orders with responses dropped after accept, 5xx before and after, and unknown status: exactly one order per intent', async () => {
    const e = coinbaseEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } });
    await e.start();
    try {
      await expectOnePerIntentUnderFaults(sim, e, ticket, () => coinbasePriceAt(sim, 0.95));
      // Dropped replies, 504 UNKNOWN and 500 after handling all placed the order: a query finds it,
      // so none of them may lead to a second send. Only unprocessed requests can be sent again.
      const stats = await sim.control.stats();
      const unprocessed = (stats.faultsFired['error5xxBefore'] ?? 0) + stats.status429;
      expect(e.orders.counters.resent).toBeLessThanOrEqual(unprocessed);
      await e.cancelAll();
    } finally {
      await e.stop();
    }
  }, 300_000);
});
