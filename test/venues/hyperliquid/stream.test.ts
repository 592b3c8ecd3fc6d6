// Hyperliquid WebSocket formats: subscriptions for the master address (no login), the app-level
// ping, and every frame kind → venue-neutral events or a named parse failure.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { hyperliquid } from '../../../src/venues/hyperliquid/adapter.js';
import { parseHyperliquidFrame } from '../../../src/venues/hyperliquid/stream.js';
import type { AccountUpdate } from '../../../src/venues/stream-types.js';
import type { SignContext } from '../../../src/venues/venue.js';

const MASTER = '0x1d9470d4b963f552e6f671a81619d395877bf409';
const urls = hyperliquid.urls('testnet');
const ctx: SignContext = {
  credentials: { venue: 'hyperliquid', env: 'testnet', apiKey: new Secret(MASTER), walletAddress: MASTER },
  venueNow: () => 0,
  nextNonce: () => 0,
  recvWindowMs: 0,
};

const events = (frame: unknown) => {
  const r = parseHyperliquidFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!r.ok) throw r.error;
  return r.events;
};

describe('hyperliquid streams', () => {
  it('subscribes the user feeds for the master address, without a login, and pings with {"method":"ping"}', () => {
    const user = hyperliquid.stream.user(urls);
    expect(user.url(undefined)).toBe('wss://api.hyperliquid-testnet.xyz/ws');
    expect(user.login).toBeUndefined();
    expect(user.subscribe!.frames(ctx).map((f) => JSON.parse(f))).toEqual([
      { method: 'subscribe', subscription: { type: 'orderUpdates', user: MASTER } },
      { method: 'subscribe', subscription: { type: 'userFills', user: MASTER } },
      { method: 'subscribe', subscription: { type: 'userEvents', user: MASTER } },
    ]);
    expect(user.subscribe!.acks).toBe(3);
    expect(() => user.subscribe!.frames()).toThrow(/master address/);
    expect(user.heartbeat).toMatchObject({ kind: 'app', ping: '{"method":"ping"}' });
    const [market, ...more] = hyperliquid.stream.market(urls, ['BTC', 'ETH']);
    expect(more).toEqual([]);
    expect(market!.subscribe!.frames().map((f) => JSON.parse(f).subscription)).toEqual([
      { type: 'bbo', coin: 'BTC' },
      { type: 'bbo', coin: 'ETH' },
    ]);
  });

  it('reads control frames', () => {
    expect(events('Websocket connection established.')).toEqual([{ type: 'notice', text: 'Websocket connection established.' }]);
    expect(events({ channel: 'pong' })).toEqual([{ type: 'pong' }]);
    expect(events({ channel: 'subscriptionResponse', data: { method: 'subscribe', subscription: { type: 'bbo', coin: 'BTC' } } })[0]).toMatchObject({ type: 'subscribed', ok: true });
    expect(events({ channel: 'error', data: 'Invalid subscription {"type":"nope"}' })).toEqual([{ type: 'error', code: 'error', message: 'Invalid subscription {"type":"nope"}' }]);
    expect(events({ channel: 'trades', data: [] })[0]).toMatchObject({ type: 'unknown', name: 'channel trades' });
  });

  it('reads orderUpdates, userFills (snapshot or not) and user fills', () => {
    const order = { coin: 'BTC', side: 'B', limitPx: '64000.0', sz: '0.0', oid: 9, timestamp: 100, origSz: '0.002', cloid: `0x${'cd'.repeat(16)}` };
    expect(events({ channel: 'orderUpdates', data: [{ order, status: 'filled', statusTimestamp: 200 }] })).toEqual([
      {
        type: 'order',
        order: expect.objectContaining({ venueOrderId: '9', clientOrderId: `0x${'cd'.repeat(16)}`, symbol: 'BTC', side: 'buy', qty: '0.002', filledQty: '0.002', state: 'filled', updatedAt: 200 }),
      },
    ]);
    const fill = { coin: 'BTC', px: '64000.0', sz: '0.002', side: 'B', time: 150, startPosition: '0', dir: 'Open Long', closedPnl: '0', hash: '0x1', oid: 9, crossed: false, fee: '0.0256', tid: 44, feeToken: 'USDC' };
    const fromUserFills = events({ channel: 'userFills', data: { isSnapshot: true, user: MASTER, fills: [fill] } });
    expect(fromUserFills).toEqual([{ type: 'fill', fill: expect.objectContaining({ tradeId: '44', venueOrderId: '9', maker: true, fee: '0.0256' }) }]);
    // Live fills also say what position they leave: start ± size, entry exact when opening.
    const live = events({ channel: 'user', data: { fills: [fill] } });
    expect(live).toEqual([...fromUserFills, { type: 'account', time: 150, reason: 'fill', balances: [], positions: [{ symbol: 'BTC', qty: '0.002', entryPrice: '64000.0' }] }]);
    const add = events({ channel: 'userFills', data: { user: MASTER, fills: [{ ...fill, startPosition: '0.002', tid: 45 }] } });
    expect(add[1]).toMatchObject({ type: 'account', positions: [{ symbol: 'BTC', qty: '0.004' }] });
    expect((add[1] as AccountUpdate).positions[0]).not.toHaveProperty('entryPrice');
    const close = events({ channel: 'userFills', data: { user: MASTER, fills: [{ ...fill, side: 'A', startPosition: '0.002', tid: 46 }] } });
    expect(close[1]).toMatchObject({ positions: [{ symbol: 'BTC', qty: '0', entryPrice: '0', unrealizedPnl: '0' }] });
    const flip = events({ channel: 'userFills', data: { user: MASTER, fills: [{ ...fill, side: 'A', sz: '0.005', startPosition: '0.002', tid: 47 }] } });
    expect(flip[1]).toMatchObject({ positions: [{ symbol: 'BTC', qty: '-0.003', entryPrice: '64000.0' }] });
    expect(events({ channel: 'user', data: { funding: { coin: 'BTC', usdc: '-1' } } })[0]).toMatchObject({ type: 'notice' });
    expect(events({ channel: 'user', data: { nonUserCancel: [{ coin: 'BTC', oid: 9 }] } })[0]).toMatchObject({ type: 'notice' });
  });

  it('reads bbo into tickers; a one-sided book is no quote', () => {
    const bbo = { coin: 'BTC', time: 5, bbo: [{ px: '64999.0', sz: '1.2', n: 3 }, { px: '65001.0', sz: '0.5', n: 1 }] };
    expect(events({ channel: 'bbo', data: bbo })).toEqual([{ type: 'ticker', symbol: 'BTC', bid: '64999.0', bidQty: '1.2', ask: '65001.0', askQty: '0.5', time: 5 }]);
    expect(events({ channel: 'bbo', data: { ...bbo, bbo: [null, bbo.bbo[1]] } })).toEqual([]);
  });

  it('names bad frames instead of throwing', () => {
    const fail = (text: string) => {
      const r = parseHyperliquidFrame(text);
      return r.ok ? undefined : r.error.failure;
    };
    expect(fail('{"e":"ORDER_TRADE_UPDATE","E":')).toBe('not-json');
    expect(fail('[1,2]')).toBe('bad-shape');
    expect(fail('{"data":1}')).toBe('bad-shape');
    expect(fail(JSON.stringify({ channel: 'orderUpdates', data: [{ order: { coin: 'BTC' }, status: 'open', statusTimestamp: 1 }] }))).toBe('bad-field');
    expect(fail(JSON.stringify({ channel: 'orderUpdates', data: [{ order: { coin: 'BTC', side: 'B', limitPx: '1', sz: '1', oid: 1 }, status: 'weird', statusTimestamp: 1 }] }))).toBe('bad-field');
  });
});
