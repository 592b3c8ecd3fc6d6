// A spot session for the store and view tests: the live session of fixtures.ts on a spot symbol.
import type { Fill, Instrument } from '../../src/core/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { liveSession, T0 } from './fixtures.js';

export const BTC_SPOT: Instrument = {
  symbol: 'BTC/USD',
  base: 'BTC',
  quote: 'USD',
  kind: 'spot',
  tickSize: '0.1',
  stepSize: '0.00000001',
  minQty: '0.0001',
  minNotional: '0.5',
  pricePrecision: 1,
  qtyPrecision: 8,
};

/** A live spot session at `at`: 1.5 BTC (0.2 locked by a resting sell) and 10,000 USD, BTC at 64,000 / 64,001. */
export function liveSpotSession(at = T0): EngineEvent[] {
  return liveSession(at).map((e): EngineEvent => {
    if (e.type === 'session')
      return { ...e, venue: 'spot-venue', symbol: BTC_SPOT.symbol, instrument: BTC_SPOT };
    if (e.type === 'ticker')
      return { ...e, symbol: BTC_SPOT.symbol, bid: '64000', ask: '64001', last: '64000.5' };
    if (e.type === 'balances')
      return {
        ...e,
        balances: [
          { asset: 'USD', wallet: '10000', available: '10000', updatedAt: at },
          { asset: 'BTC', wallet: '1.5', available: '1.3', updatedAt: at },
        ],
      };
    return e;
  });
}

export function spotFill(n: number, over: Partial<Fill> = {}): Fill {
  return {
    tradeId: `s${n}`,
    venueOrderId: `o${n}`,
    clientOrderId: `qd-${n}`,
    symbol: BTC_SPOT.symbol,
    side: 'buy',
    price: '60000',
    qty: '0.5',
    fee: '12',
    feeAsset: 'USD',
    time: T0 + 1000 + n,
    maker: false,
    ...over,
  };
}
