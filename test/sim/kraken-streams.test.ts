// Kraken's WebSocket v2 on the local venue: status on connect, ping/pong by method, ticker and book
// (snapshot then updates, the book's CRC32 checksum recomputed here from the levels a client keeps),
// heartbeats, and the private socket's executions and balances behind a GetWebSocketsToken token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { KrakenTestClient } from './kraken-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let kr: KrakenTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 'kraken-ws', limits: { apiMax: 10_000 } });
  kr = new KrakenTestClient(sim);
});
afterAll(() => sim.close());

/** CRC32 (IEEE), bit by bit: the docs' checksum, written here without the sim's table. */
function crc32(text: string): number {
  let c = ~0;
  for (const b of Buffer.from(text)) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The checksum a client computes over its own book: top ten asks ascending, then bids descending. */
function clientChecksum(bids: Map<number, number>, asks: Map<number, number>): number {
  const digits = (n: number, decimals: number) => n.toFixed(decimals).replace('.', '').replace(/^0+/, '');
  const side = (m: Map<number, number>, asc: boolean) =>
    [...m]
      .sort(([a], [b]) => (asc ? a - b : b - a))
      .slice(0, 10)
      .map(([p, q]) => digits(p, 1) + digits(q, 8))
      .join('');
  return crc32(side(asks, true) + side(bids, false));
}

describe('kraken v2 public socket', () => {
  it('greets with status, answers ping by method, serves ticker and a book whose checksum holds through updates', async () => {
    const ws = await Collector.open(`${sim.wsUrl}/v2`);
    try {
      expect(await ws.next((m) => m.channel === 'status')).toMatchObject({ type: 'update', data: [{ system: 'online', api_version: 'v2' }] });
      ws.ws.send(JSON.stringify({ method: 'ping', req_id: 7 }));
      expect(await ws.next((m) => m.method === 'pong')).toMatchObject({ req_id: 7 });
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 }));
      expect(await ws.next((m) => m.method === 'subscribe' && m.req_id === 1)).toMatchObject({ success: true, result: { channel: 'ticker', symbol: 'BTC/USD' } });
      const snap = await ws.next((m) => m.channel === 'ticker' && m.type === 'snapshot');
      expect(snap.data[0].ask).toBeGreaterThan(snap.data[0].bid);
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: 2 }));
      const book = await ws.next((m) => m.channel === 'book' && m.type === 'snapshot');
      const bids = new Map<number, number>(book.data[0].bids.map((l: { price: number; qty: number }) => [l.price, l.qty]));
      const asks = new Map<number, number>(book.data[0].asks.map((l: { price: number; qty: number }) => [l.price, l.qty]));
      expect([bids.size, asks.size]).toEqual([10, 10]);
      expect(book.data[0].checksum).toBe(clientChecksum(bids, asks));
      const seen = ws.messages.length;
      await sim.control.setPrice('BTC/USD', D.toFixed(D.mul(String(snap.data[0].bid), '1.001'), 1, 'floor'));
      await sim.control.tick();
      const update = await ws.next((m) => m.channel === 'book' && m.type === 'update' && ws.messages.indexOf(m) >= seen);
      const apply = (m: Map<number, number>, levels: { price: number; qty: number }[], asc: boolean) => {
        for (const l of levels) l.qty === 0 ? m.delete(l.price) : m.set(l.price, l.qty);
        const kept = [...m].sort(([a], [b]) => (asc ? a - b : b - a)).slice(0, 10);
        m.clear();
        for (const [p, q] of kept) m.set(p, q);
      };
      apply(bids, update.data[0].bids, false);
      apply(asks, update.data[0].asks, true);
      expect(update.data[0].checksum).toBe(clientChecksum(bids, asks));
      await ws.next((m) => m.channel === 'ticker' && m.type === 'update');
      // Nothing else pushed for a second: a heartbeat.
      await ws.next((m) => m.channel === 'heartbeat');
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['XBT/USD'] }, req_id: 4 }));
      expect(await ws.next((m) => m.req_id === 4)).toMatchObject({ success: false, error: 'Currency pair not supported XBT/USD' });
    } finally {
      ws.close();
    }
  });

  it('the hosts split strictly on /ws/v2 (public) and /ws-auth/v2 (private); /v2, the sim\'s one URL for both, serves both and counts as a user socket once private', async () => {
    const token = (await kr.priv('GetWebSocketsToken')).json.result.token;
    const pub = await Collector.open(`${sim.wsUrl}/ws/v2`);
    const priv = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    const both = await Collector.open(`${sim.wsUrl}/v2`);
    try {
      pub.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token }, req_id: 1 }));
      expect(await pub.next((m) => m.req_id === 1)).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments' });
      priv.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 2 }));
      expect(await priv.next((m) => m.req_id === 2)).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments' });
      both.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 3 }));
      expect(await both.next((m) => m.req_id === 3)).toMatchObject({ success: true });
      both.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 4 }));
      expect(await both.next((m) => m.req_id === 4)).toMatchObject({ success: true });
      // A user-socket drop takes the private one and /v2 (now private), not the public one.
      expect(await sim.control.dropSockets('user')).toBe(2);
      await both.whenClosed();
      await priv.whenClosed();
      expect(pub.closed).toBe(false);
    } finally {
      for (const c of [pub, priv, both]) c.close();
    }
  });

  it('under the ignore-pings fault a ping gets no pong; the next one after it does', async () => {
    const ws = await Collector.open(`${sim.wsUrl}/ws/v2`);
    try {
      await sim.control.setFaults({ ignorePings: true });
      ws.ws.send(JSON.stringify({ method: 'ping', req_id: 1 }));
      // Requests on one socket are handled in order: this ack says the ping was read under the fault.
      ws.ws.send(JSON.stringify({ method: 'unsubscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 9 }));
      await ws.next((m) => m.req_id === 9);
      await sim.control.clearFaults();
      ws.ws.send(JSON.stringify({ method: 'ping', req_id: 2 }));
      await ws.next((m) => m.method === 'pong' && m.req_id === 2);
      expect(ws.messages.filter((m) => m.method === 'pong').map((m) => m.req_id)).toEqual([2]);
    } finally {
      ws.close();
    }
  });
});

describe('kraken v2 private socket', () => {
  it('executions and balances behind a REST token: pending_new, new, trade and filled, and the balances a fill moved', async () => {
    const token = (await kr.priv('GetWebSocketsToken')).json.result;
    expect(token.expires).toBe(900);
    const ws = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    try {
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token: 'not-a-token' }, req_id: 1 }));
      expect(await ws.next((m) => m.req_id === 1)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token: token.token, snap_orders: true }, req_id: 2 }));
      expect(await ws.next((m) => m.req_id === 2)).toMatchObject({ success: true, result: { channel: 'executions' } });
      expect(await ws.next((m) => m.channel === 'executions' && m.type === 'snapshot')).toMatchObject({ data: [] });
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token: token.token }, req_id: 3 }));
      const bal = await ws.next((m) => m.channel === 'balances' && m.type === 'snapshot');
      expect(bal.data).toEqual(
        expect.arrayContaining([expect.objectContaining({ asset: 'USD', balance: 100000 }), expect.objectContaining({ asset: 'BTC', balance: 1 })]),
      );
      const bid = (await kr.pub('Ticker', { pair: 'BTC/USD' })).json.result.XXBTZUSD.b[0];
      const price = D.toFixed(D.mul(bid, '0.99'), 1, 'floor');
      const placed = await kr.priv('AddOrder', { pair: 'BTC/USD', type: 'buy', ordertype: 'limit', price, volume: '0.01', cl_ord_id: 'ws-1' });
      const txid = placed.json.result.txid[0];
      const mine = (exec: string) => (m: { channel?: string; data?: Array<{ order_id?: string; exec_type?: string }> }) =>
        m.channel === 'executions' && m.data?.some((d) => d.order_id === txid && d.exec_type === exec) === true;
      await ws.next(mine('pending_new'));
      const fresh = (await ws.next(mine('new'))).data[0];
      expect(fresh).toMatchObject({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', limit_price: Number(price), order_qty: 0.01, cl_ord_id: 'ws-1', order_status: 'new' });
      await sim.control.setPrice('BTC/USD', D.toFixed(D.mul(price, '0.99'), 1, 'floor'));
      const traded = (await ws.next(mine('trade'))).data;
      expect(traded[0]).toMatchObject({ last_qty: 0.01, last_price: Number(price), liquidity_ind: 'm', fees: [{ asset: 'USD' }] });
      expect(traded[1]).toMatchObject({ exec_type: 'filled', order_status: 'filled', cum_qty: 0.01 });
      // The execution's id is the trade's REST id: a client that reads both sees one fill.
      expect(Object.keys((await kr.priv('TradesHistory')).json.result.trades)).toContain(traded[0].exec_id);
      const moved = await ws.next((m) => m.channel === 'balances' && m.type === 'update');
      const fill = (await sim.control.fills()).at(-1)!;
      expect(moved.data).toEqual([
        expect.objectContaining({ asset: 'BTC', amount: 0.01, balance: 1.01, type: 'trade' }),
        expect.objectContaining({ asset: 'USD', amount: -Number(fill.quoteQty), fee: Number(fill.commission), balance: Number(D.sub(D.sub('100000', fill.quoteQty), fill.commission)) }),
      ]);
      expect(moved.sequence).toBeGreaterThan(0);
    } finally {
      ws.close();
    }
  });

  it('a dropped socket is gone for good: dropSockets closes it, and a new one subscribes again with the same token', async () => {
    const token = (await kr.priv('GetWebSocketsToken')).json.result.token;
    const ws = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 1 }));
    await ws.next((m) => m.req_id === 1);
    expect(await sim.control.dropSockets('user')).toBeGreaterThan(0);
    await ws.whenClosed();
    const again = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    try {
      again.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 2 }));
      expect(await again.next((m) => m.req_id === 2)).toMatchObject({ success: true });
    } finally {
      again.close();
    }
  });
});
