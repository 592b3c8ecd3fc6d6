// Coinbase Advanced Trade socket frames the local venue produced (fixtures.ts): subscriptions,
// heartbeats, the user channel's order reports, ticker, a level2 update, an error; the subscribe
// frames with a fresh JWT each; a sequence_num gap on the user socket.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { coinbase } from '../../../src/venues/coinbase/adapter.js';
import { KnownSizes, parseCoinbaseFrame, type SocketMemory } from '../../../src/venues/coinbase/stream.js';
import type { StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext, VenueUrls } from '../../../src/venues/venue.js';
import * as F from './fixtures.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const urls: VenueUrls = { rest: 'https://api.coinbase.com', wsPublic: 'wss://advanced-trade-ws.coinbase.com', wsPrivate: 'wss://advanced-trade-ws-user.coinbase.com' };
const ctx: SignContext = {
  credentials: { venue: 'coinbase', env: 'live', apiKey: new Secret('organizations/o/apiKeys/k', 'api key'), privateKey: new Secret(PEM, 'private key') },
  venueNow: () => 1_796_646_964_817,
  nextNonce: () => 1,
  recvWindowMs: 0,
};

function events(text: string, memory?: SocketMemory): StreamEvent[] {
  const r = parseCoinbaseFrame(text, memory);
  if (!r.ok) throw r.error;
  return r.events;
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());

describe('coinbase socket frames', () => {
  it('subscriptions acknowledge; heartbeats are notices; a level2 update is a notice (not subscribed)', () => {
    expect(events(F.SUBSCRIPTIONS)).toEqual([{ type: 'subscribed', ok: true, message: 'subscribed heartbeats, user' }]);
    expect(events(F.HEARTBEAT)).toEqual([{ type: 'notice', text: 'heartbeat' }]);
    expect(events(F.L2_UPDATE)).toEqual([{ type: 'notice', text: 'l2_data' }]);
    expect(events(JSON.stringify({ type: 'error', message: 'authentication failure' }))).toEqual([{ type: 'error', code: 'error', message: 'authentication failure' }]);
  });

  it('the user channel: a market buy open then filled; a resting limit cancelled keeps the size it was seen with', () => {
    // The frames are picked from one socket's stream (numbers skipped): no gap check here.
    const memory: SocketMemory = { known: new KnownSizes() };
    expect(events(F.USER_SNAPSHOT, memory)).toEqual([]);
    const [open] = events(F.USER_MARKET_OPEN, memory);
    expect(open).toMatchObject({ type: 'order', order: { state: 'new', type: 'market', qty: '0.001', filledQty: '0', side: 'buy', symbol: 'BTC-USD' } });
    const [filled] = events(F.USER_MARKET_FILLED, memory);
    expect(filled).toMatchObject({ type: 'order', order: { state: 'filled', qty: '0.001', filledQty: '0.001' } });
    expect(filled?.type === 'order' && Number(filled.order.avgPrice)).toBeGreaterThan(0);
    const [limit] = events(F.USER_LIMIT_OPEN, memory);
    expect(limit).toMatchObject({ order: { state: 'new', type: 'limit', qty: '0.002', price: '58441.19', timeInForce: 'gtc', postOnly: false } });
    const [cancelled] = events(F.USER_LIMIT_CANCELLED, memory);
    expect(cancelled).toMatchObject({ order: { state: 'canceled', qty: '0.002', filledQty: '0', reason: 'User requested cancel' } });
    // Ended orders are forgotten; a socket that never saw it open reads what filled and what is left.
    expect(memory.known?.size).toBe(0);
    expect(events(F.USER_LIMIT_CANCELLED)[0]).toMatchObject({ order: { state: 'canceled', qty: '0' } });
  });

  it('a sequence_num gap on the user socket reconnects; the market socket reads on; a new connection counts from 0', () => {
    const user: SocketMemory = { known: new KnownSizes(), reconnectOnGap: true };
    events(F.USER_SNAPSHOT, user);
    expect(events(F.HEARTBEAT, user).map((e) => e.type)).toEqual(['reconnect', 'notice']);
    expect(events(F.USER_SNAPSHOT, user)).toEqual([]);
    const market: SocketMemory = {};
    events(F.TICKER_SNAPSHOT, market);
    expect(events(F.TICKER_UPDATE, market).map((e) => e.type)).toEqual(['ticker']);
  });

  it('ticker: the best bid and ask with their sizes, at the message time', () => {
    const [t] = events(F.TICKER_UPDATE);
    const raw = JSON.parse(F.TICKER_UPDATE);
    const tick = raw.events[0].tickers[0];
    expect(t).toEqual({ type: 'ticker', symbol: 'BTC-USD', bid: tick.best_bid, bidQty: tick.best_bid_quantity, ask: tick.best_ask, askQty: tick.best_ask_quantity, time: Date.parse(raw.timestamp) });
    const empty = JSON.stringify({ ...raw, events: [{ type: 'update', tickers: [{ ...tick, best_bid: '' }] }] });
    expect(events(empty)).toEqual([]);
  });

  it('bad frames are named errors, never throws', () => {
    expect(parseCoinbaseFrame('{nope').ok).toBe(false);
    expect(parseCoinbaseFrame('[]').ok).toBe(false);
    const r = parseCoinbaseFrame(JSON.stringify({ channel: 'user', timestamp: 'yesterday', events: [] }));
    expect(r.ok === false && r.error.failure).toBe('bad-field');
  });

  it('subscribe frames: one channel each, a fresh JWT without uri in every one, built at each connect', () => {
    const user = coinbase.stream.user(urls);
    expect(user.url(undefined)).toBe('wss://advanced-trade-ws-user.coinbase.com');
    const first = user.subscribe!.frames(ctx).map((f) => JSON.parse(f));
    expect(first.map((f) => [f.type, f.channel, f.product_ids])).toEqual([['subscribe', 'user', []], ['subscribe', 'heartbeats', []]]);
    for (const f of first) {
      expect(claims(f.jwt)).toMatchObject({ sub: 'organizations/o/apiKeys/k', iss: 'cdp' });
      expect(claims(f.jwt).uri).toBeUndefined();
    }
    expect(first[0].jwt).not.toBe(first[1].jwt);
    const again = user.subscribe!.frames(ctx).map((f) => JSON.parse(f));
    expect(again[0].jwt).not.toBe(first[0].jwt);
    expect(user.subscribe!.acks).toBe(2);
    expect(() => user.subscribe!.frames(undefined)).toThrow(/JWT/);
    const [market] = coinbase.stream.market(urls, ['BTC-USD']);
    expect(market!.url(undefined)).toBe('wss://advanced-trade-ws.coinbase.com');
    expect(market!.subscribe!.frames(ctx).map((f) => JSON.parse(f).channel)).toEqual(['ticker', 'heartbeats']);
    expect(JSON.parse(market!.subscribe!.frames(ctx)[0]!).product_ids).toEqual(['BTC-USD']);
  });
});
