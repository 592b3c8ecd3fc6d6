// Kraken v2 socket frames as its WebSocket reference documents them (executions, balances, ticker,
// subscribe acknowledgements, pong), written out by hand from the examples.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { kraken } from '../../../src/venues/kraken/adapter.js';
import { KnownOrders, parseKrakenFrame } from '../../../src/venues/kraken/stream.js';
import type { StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext, VenueUrls } from '../../../src/venues/venue.js';

const urls: VenueUrls = { rest: 'https://api.kraken.com', wsPublic: 'wss://ws.kraken.com/v2', wsPrivate: 'wss://ws-auth.kraken.com/v2' };
const ctx: SignContext = {
  credentials: { venue: 'kraken', env: 'live', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('c2VjcmV0', 'api secret') },
  venueNow: () => 0,
  nextNonce: () => 1,
  recvWindowMs: 0,
};

function events(text: unknown, known?: KnownOrders): StreamEvent[] {
  const r = parseKrakenFrame(typeof text === 'string' ? text : JSON.stringify(text), known);
  if (!r.ok) throw r.error;
  return r.events;
}

const SNAPSHOT = {
  channel: 'executions',
  type: 'snapshot',
  data: [
    {
      order_id: 'OK4GJX-KSTLS-7DZZO5',
      symbol: 'BTC/USD',
      order_qty: 0.005,
      cum_cost: 0,
      time_in_force: 'GTC',
      exec_type: 'new',
      side: 'buy',
      order_type: 'limit',
      order_userref: 0,
      limit_price_type: 'static',
      limit_price: 26500.0,
      stop_price: 0,
      order_status: 'new',
      fee_usd_equiv: 0,
      fee_ccy_pref: 'fees_quote_currency',
      timestamp: '2023-09-22T10:33:05.709950Z',
      cl_ord_id: 'qAbcdef0000000012',
    },
  ],
  sequence: 1,
};

describe('kraken v2 private socket', () => {
  it('subscribes executions and balances with the REST token; the token comes from GetWebSocketsToken', () => {
    const spec = kraken.stream.user(urls);
    expect(spec.url(undefined)).toBe('wss://ws-auth.kraken.com/v2');
    expect(spec.token?.create().build(ctx).path).toBe('/0/private/GetWebSocketsToken');
    const frames = spec.subscribe?.frames(ctx, 'tok-1').map((f) => JSON.parse(f)) ?? [];
    expect(frames).toEqual([
      { method: 'subscribe', params: { channel: 'executions', token: 'tok-1', snap_orders: true, snap_trades: false }, req_id: 1 },
      { method: 'subscribe', params: { channel: 'balances', token: 'tok-1', snapshot: true }, req_id: 2 },
    ]);
    expect(spec.subscribe?.acks).toBe(2);
    expect(() => spec.subscribe?.frames(ctx)).toThrow(/token/);
  });

  it('an order reported whole, then partial updates completed from what the socket knew; a trade becomes a fill', () => {
    const known = new KnownOrders();
    const [first] = events(SNAPSHOT, known);
    expect(first).toEqual({
      type: 'order',
      order: {
        venueOrderId: 'OK4GJX-KSTLS-7DZZO5',
        clientOrderId: 'qAbcdef0000000012',
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.005',
        filledQty: '0',
        avgPrice: '0',
        state: 'new',
        reduceOnly: false,
        postOnly: false,
        price: '26500',
        timeInForce: 'gtc',
        createdAt: Date.parse('2023-09-22T10:33:05.709Z'),
        updatedAt: Date.parse('2023-09-22T10:33:05.709Z'),
      },
    });
    const trade = {
      channel: 'executions',
      type: 'update',
      data: [
        {
          order_id: 'OK4GJX-KSTLS-7DZZO5',
          exec_id: 'TOMXE6-RQXDH-4LTZZP',
          exec_type: 'trade',
          trade_id: 53940563,
          symbol: 'BTC/USD',
          side: 'buy',
          last_qty: 0.002,
          last_price: 26500.0,
          liquidity_ind: 'm',
          cost: 53.0,
          order_userref: 0,
          order_status: 'partially_filled',
          order_type: 'limit',
          fee_usd_equiv: 0.0848,
          timestamp: '2023-09-22T10:40:03.123456Z',
          cum_qty: 0.002,
          avg_price: 26500.0,
          fees: [{ asset: 'USD', qty: 0.0848 }],
        },
      ],
    };
    const [fill, order] = events(trade, known);
    expect(fill).toEqual({
      type: 'fill',
      fill: {
        tradeId: 'TOMXE6-RQXDH-4LTZZP',
        venueOrderId: 'OK4GJX-KSTLS-7DZZO5',
        clientOrderId: 'qAbcdef0000000012',
        symbol: 'BTC/USD',
        side: 'buy',
        price: '26500',
        qty: '0.002',
        fee: '0.0848',
        feeAsset: 'USD',
        time: Date.parse('2023-09-22T10:40:03.123Z'),
        maker: true,
      },
    });
    expect(order).toMatchObject({ type: 'order', order: { state: 'partially_filled', filledQty: '0.002', avgPrice: '26500', clientOrderId: 'qAbcdef0000000012', qty: '0.005' } });
    // A cancel says only the id and the status: the rest comes from the socket's memory.
    const [cancel] = events(
      { channel: 'executions', type: 'update', data: [{ order_id: 'OK4GJX-KSTLS-7DZZO5', exec_type: 'canceled', cancel_reason: 'User requested', order_status: 'canceled', timestamp: '2023-09-22T10:41:00.000000Z' }] },
      known,
    );
    expect(cancel).toMatchObject({ type: 'order', order: { state: 'canceled', reason: 'User requested', symbol: 'BTC/USD', filledQty: '0.002' } });
    expect(known.size).toBe(0);
    // An update about an order this socket never saw: named, not guessed.
    expect(events({ channel: 'executions', type: 'update', data: [{ order_id: 'OX', exec_type: 'canceled', order_status: 'canceled' }] }, known)[0]).toMatchObject({ type: 'unknown' });
  });

  it('balances: the snapshot and a ledger update, assets in the v2 spelling', () => {
    expect(events({ channel: 'balances', type: 'snapshot', data: [{ asset: 'BTC', asset_class: 'currency', balance: 1.2 }, { asset: 'USD', balance: 0.00000001 }] })).toEqual([
      { type: 'account', time: 0, reason: 'snapshot', positions: [], balances: [{ asset: 'BTC', wallet: '1.2' }, { asset: 'USD', wallet: '0.00000001' }] },
    ]);
    const [update] = events({
      channel: 'balances',
      type: 'update',
      data: [{ ledger_id: 'L1', ref_id: 'T1', timestamp: '2023-10-06T17:14:46.000000Z', type: 'trade', asset: 'USD', asset_class: 'currency', wallet_type: 'spot', wallet_id: 'main', amount: -19.9743, fee: 0.0499, balance: 118.016 }],
    });
    expect(update).toMatchObject({ reason: 'trade', balances: [{ asset: 'USD', wallet: '118.016' }], time: Date.parse('2023-10-06T17:14:46Z') });
  });

  it('acknowledgements, pong, heartbeat; a subscription refused for its token makes the engine fetch a new one', () => {
    expect(events({ method: 'subscribe', result: { channel: 'executions', snapshot: true }, success: true, time_in: 'a', time_out: 'b', req_id: 1 })).toEqual([
      { type: 'subscribed', ok: true, message: 'subscribed executions' },
    ]);
    expect(events({ method: 'subscribe', error: 'EAccess:Invalid token', success: false, req_id: 1 })).toEqual([
      { type: 'token-expired', time: 0 },
      { type: 'subscribed', ok: false, message: 'EAccess:Invalid token' },
    ]);
    // The wording the venue (and the local venue) sends for a forgotten or stale token.
    expect(events({ method: 'subscribe', error: 'ESession:Invalid session', success: false, req_id: 1 })).toEqual([
      { type: 'token-expired', time: 0 },
      { type: 'subscribed', ok: false, message: 'ESession:Invalid session' },
    ]);
    expect(events({ method: 'pong', req_id: 7, time_in: 'a', time_out: 'b' })).toEqual([{ type: 'pong' }]);
    expect(events({ channel: 'heartbeat' })[0]?.type).toBe('notice');
    expect(parseKrakenFrame('not json').ok).toBe(false);
    const bad = parseKrakenFrame(JSON.stringify({ channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', bid: 'x' }] }));
    expect(bad.ok).toBe(false);
  });
});

describe('kraken v2 public socket', () => {
  it('ticker on every best bid/offer change, numbers written as decimals', () => {
    const [spec] = kraken.stream.market(urls, ['BTC/USD', 'ETH/USD']);
    expect(spec?.url(undefined)).toBe('wss://ws.kraken.com/v2');
    expect(spec?.subscribe?.frames().map((f) => JSON.parse(f))).toEqual([
      { method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'], event_trigger: 'bbo', snapshot: true }, req_id: 3 },
    ]);
    expect(spec?.subscribe?.acks).toBe(2);
    expect(
      events({
        channel: 'ticker',
        type: 'update',
        data: [{ symbol: 'BTC/USD', bid: 26500.1, bid_qty: 1e-7, ask: 26500.2, ask_qty: 0.05, last: 26500.1, volume: 1, vwap: 1, low: 1, high: 1, change: 0, change_pct: 0 }],
      }),
    ).toEqual([{ type: 'ticker', symbol: 'BTC/USD', bid: '26500.1', bidQty: '0.0000001', ask: '26500.2', askQty: '0.05', time: 0 }]);
  });

  it('a number whose plain text would run past a hundred digits is a named error, not a decimal the rest cannot read', () => {
    for (const ask of [1e100, 5e-324, `0.${'1'.repeat(300)}`]) {
      const r = parseKrakenFrame(
        JSON.stringify({ channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', bid: 1, bid_qty: 1, ask, ask_qty: 1 }] }),
      );
      expect(r.ok, String(ask)).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/ask is out of range/);
    }
  });
});
