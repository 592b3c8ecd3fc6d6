// What each venue's dead-man's switch does to protective orders, as the adapters declare it for the
// header ("· stops kept" / "· stops cancelled too"); the local venue's dialects do the same
// (test/sim/binance-algo.test.ts, okx-algo, bybit-dcp; the Hyperliquid scheduleCancel cancels
// trigger orders), and docs/venues.md §8 gives each venue's source. The engine sees each switch fire
// with a stop on the book in test/engine/deadman-stops.test.ts (OKX: okx-deadman.test.ts).
import { describe, expect, it } from 'vitest';
import { venueAdapter } from '../../src/venues/index.js';

describe("the dead-man's switch and protective orders, per venue", () => {
  it.each([
    ['binance-usdm', 'kept'],
    ['okx', 'kept'],
    ['bybit', 'kept'],
    ['hyperliquid', 'cancelled'],
  ] as const)('%s: stops %s', (venue, protective) => {
    expect(venueAdapter(venue).deadman?.protective).toBe(protective);
  });
});
