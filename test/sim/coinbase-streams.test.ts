// Coinbase Advanced Trade's WebSocket on the local venue: one subscribe a channel, a fresh JWT (no
// `uri`) on each, the `subscriptions` answer, heartbeats counting up, ticker and level2 (`l2_data`:
// a snapshot, then changed levels a client applies to its own book), and the user channel's snapshot
// and order updates; a bad token is refused in the venue's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { CoinbaseTestClient, cdpJwt } from './coinbase-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let cb: CoinbaseTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'coinbase', tickMs: 0, seed: 'coinbase-ws', limits: { privatePerSecond: 10_000 } });
  cb = new CoinbaseTestClient(sim);
});
afterAll(() => sim.close());

/** A socket token: the REST claims without `uri`, minted for this message. */
const wsJwt = (over: Parameters<typeof cdpJwt>[4] = {}) => cdpJwt(cb.key.apiKey, cb.privateKey(), undefined, Math.floor(Date.now() / 1000), over);
/** One subscribe; `jwt` null sends none. */
const sub = (ws: Collector, channel: string, product_ids: string[], jwt: string | null = wsJwt()) =>
  ws.ws.send(JSON.stringify({ type: 'subscribe', product_ids, channel, ...(jwt === null ? {} : { jwt }) }));

describe('coinbase streams', () => {
  it('heartbeats count up; ticker and level2 send a snapshot then updates that keep a client\'s book equal to the venue\'s', async () => {
    const ws = await Collector.open(sim.wsUrl);
    try {
      sub(ws, 'heartbeats', []);
      const acked = await ws.next((m) => m.channel === 'subscriptions');
      expect(acked.events[0].subscriptions).toEqual({ heartbeats: [] });
      const b1 = await ws.next((m) => m.channel === 'heartbeats');
      const b2 = await ws.next((m) => m.channel === 'heartbeats' && m !== b1);
      expect(Number(b2.events[0].heartbeat_counter)).toBe(Number(b1.events[0].heartbeat_counter) + 1);
      expect(b2.sequence_num).toBeGreaterThan(b1.sequence_num);

      sub(ws, 'ticker', ['BTC-USD']);
      const snap = await ws.next((m) => m.channel === 'ticker' && m.events[0].type === 'snapshot');
      expect(snap.events[0].tickers[0]).toMatchObject({ type: 'ticker', product_id: 'BTC-USD' });
      expect(Number(snap.events[0].tickers[0].best_ask)).toBeGreaterThan(Number(snap.events[0].tickers[0].best_bid));

      sub(ws, 'level2', ['BTC-USD']);
      const l2 = await ws.next((m) => m.channel === 'l2_data' && m.events[0].type === 'snapshot');
      const book = new Map<string, string>();
      const apply = (updates: { side: string; price_level: string; new_quantity: string }[]) => {
        for (const u of updates) {
          const k = `${u.side} ${u.price_level}`;
          if (D.isZero(u.new_quantity)) book.delete(k);
          else book.set(k, u.new_quantity);
        }
      };
      apply(l2.events[0].updates);
      expect([...book.keys()].some((k) => k.startsWith('bid '))).toBe(true);
      expect([...book.keys()].some((k) => k.startsWith('offer '))).toBe(true);
      const seen = ws.messages.length;
      await sim.control.tick(3);
      await ws.next((m) => m.channel === 'l2_data' && m.events[0].type === 'update' && ws.messages.indexOf(m) >= seen);
      await ws.next((m) => m.channel === 'ticker' && m.events[0].type === 'update' && ws.messages.indexOf(m) >= seen);
      // A subscribe sent after the ticks is answered after their updates (one socket keeps its order).
      sub(ws, 'heartbeats', []);
      await ws.next((m) => m.channel === 'subscriptions' && ws.messages.indexOf(m) >= seen);
      // With every update in, the client's book is the venue's (its top 50 a side).
      for (const m of ws.messages.slice(seen)) if (m.channel === 'l2_data') apply(m.events[0].updates);
      const venue = (await cb.pub('/market/product_book?product_id=BTC-USD&limit=50')).json.pricebook;
      const want = new Map<string, string>([
        ...venue.bids.map((l: { price: string; size: string }) => [`bid ${l.price}`, l.size] as [string, string]),
        ...venue.asks.map((l: { price: string; size: string }) => [`offer ${l.price}`, l.size] as [string, string]),
      ]);
      expect(new Map([...book].sort())).toEqual(new Map([...want].sort()));
      // Sequence numbers count every message of the socket, with no gap.
      expect(ws.messages.map((m) => m.sequence_num)).toEqual(ws.messages.map((_, i) => i));
    } finally {
      ws.close();
    }
  });

  it('user: a token without uri opens the account\'s orders; each change is pushed; a bad token is refused', async () => {
    const ws = await Collector.open(sim.wsUrl);
    try {
      sub(ws, 'user', [], null);
      expect(await ws.next((m) => m.type === 'error')).toEqual({ type: 'error', message: 'authentication failure' });
      // A REST token (with a uri) is not a socket token; nor is one past its two minutes.
      sub(ws, 'user', [], cdpJwt(cb.key.apiKey, cb.privateKey(), `GET ${cb.host}/`, Math.floor(Date.now() / 1000)));
      sub(ws, 'user', [], wsJwt({ claims: { exp: Math.floor(Date.now() / 1000) - 1 } }));
      await ws.next((m) => m.type === 'error' && ws.messages.filter((x) => x.type === 'error').length === 3, 5000).catch(() => {
        throw new Error(JSON.stringify(ws.messages));
      });
      expect(ws.messages.some((m) => m.channel === 'user')).toBe(false);

      const bid = (await cb.get('/product_book?product_id=BTC-USD&limit=1')).json.pricebook.bids[0].price;
      const price = D.toFixed(D.mul(bid, '0.9'), 2, 'floor');
      const r = await cb.post('/orders', { client_order_id: 'ws-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: price } } });
      const id = r.json.success_response.order_id;
      sub(ws, 'user', ['BTC-USD']);
      const snap = await ws.next((m) => m.channel === 'user' && m.events[0].type === 'snapshot');
      expect(snap.events[0].orders.map((o: { order_id: string }) => o.order_id)).toEqual([id]);
      expect(snap.events[0].orders[0]).toMatchObject({ client_order_id: 'ws-1', status: 'OPEN', order_side: 'BUY', limit_price: price, leaves_quantity: '0.001' });
      expect((await ws.next((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.user)).events[0].subscriptions.user).toEqual(['BTC-USD']);
      await cb.post('/orders/batch_cancel', { order_ids: [id] });
      const upd = await ws.next((m) => m.channel === 'user' && m.events[0].type === 'update');
      expect(upd.events[0].orders[0]).toMatchObject({ order_id: id, status: 'CANCELLED', leaves_quantity: '0' });
    } finally {
      ws.close();
    }
  });
});
