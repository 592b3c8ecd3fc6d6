// Builders for engine events and domain objects, shared by the store and view tests.
import type { Balance, Fill, Instrument, Order, Position } from '../../src/core/types.js';
import type { EngineEvent } from '../../src/engine/events.js';

export const T0 = 1_750_000_000_000;

export const BTC: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  kind: 'perp',
  tickSize: '0.10',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '5',
  pricePrecision: 1,
  qtyPrecision: 3,
};

export function order(over: Partial<Order> = {}): Order {
  return {
    venueOrderId: '1001',
    clientOrderId: 'qd-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'limit',
    price: '64200.0',
    qty: '0.010',
    filledQty: '0',
    avgPrice: '0',
    state: 'new',
    reduceOnly: false,
    postOnly: false,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function fill(n: number, over: Partial<Fill> = {}): Fill {
  return {
    tradeId: `t${n}`,
    venueOrderId: '1001',
    clientOrderId: 'qd-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    price: '64210.1',
    qty: '0.001',
    fee: '0.0257',
    feeAsset: 'USDT',
    time: T0 + n,
    maker: false,
    ...over,
  };
}

export function position(over: Partial<Position> = {}): Position {
  return {
    symbol: 'BTCUSDT',
    qty: '0.010',
    entryPrice: '64200.0',
    markPrice: '64250.0',
    unrealizedPnl: '0.50',
    leverage: '10',
    updatedAt: T0,
    ...over,
  };
}

export function balance(over: Partial<Balance> = {}): Balance {
  return { asset: 'USDT', wallet: '10000.00', available: '9935.80', equity: '10000.50', updatedAt: T0, ...over };
}

/** A healthy SIM session at T0: both sockets live, authenticated, clock synced, a ticker. */
export function liveSession(at = T0): EngineEvent[] {
  return [
    { type: 'session', at, venue: 'binance-usdm', env: 'sim', account: 'sim-1', symbol: 'BTCUSDT', instrument: BTC },
    { type: 'connection', at, socket: 'market', role: 'market', state: 'live' },
    { type: 'connection', at, socket: 'user', role: 'account', state: 'live' },
    { type: 'socket-activity', at, socket: 'market' },
    { type: 'socket-activity', at, socket: 'user' },
    {
      type: 'auth',
      at,
      method: 'HMAC-SHA256',
      keySource: 'sim',
      permissions: { read: true, trade: true, withdraw: false, ipRestricted: true, summary: 'read+trade, IP-bound' },
    },
    { type: 'clock', at, offsetMs: 12.4, uncertaintyMs: 1.1, driftPpm: 0.4, lastSyncAt: at },
    {
      type: 'budget',
      at,
      state: 'normal',
      pools: [
        { name: 'weight/1m', used: 120, limit: 2400, reserve: 240 },
        { name: 'orders/10s', used: 3, limit: 300, reserve: 30 },
      ],
    },
    { type: 'ticker', at, symbol: 'BTCUSDT', bid: '64210.1', ask: '64210.2', last: '64210.1' },
    { type: 'balances', at, snapshot: true, balances: [balance()] },
    { type: 'deadman', at, armed: false },
    { type: 'sim', at, regime: 'calm', activeFaults: [] },
  ];
}
