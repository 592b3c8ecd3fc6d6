import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restPrehash, verifyLogin, verifyRest } from '../../src/sim/dialects/okx/verify.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { b64hmac, type OkxReply, OkxTestClient } from './okx-client.js';

const INST = 'BTC-USDT-SWAP';
let sim: SimHandle;
let okx: OkxTestClient;

async function bestBid(): Promise<string> {
  const r = await okx.get('/api/v5/market/ticker', { instId: INST }, { signed: false });
  return r.json.data[0].bidPx;
}

/** A resting buy 3 % under the bid (0.1 tick). */
async function restingPx(): Promise<string> {
  return (Math.round(Number(await bestBid()) * 0.97 * 10) / 10).toFixed(1);
}

beforeAll(async () => {
  sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 11 });
  okx = new OkxTestClient(sim);
});
afterAll(async () => {
  await sim.close();
});

describe('okx dialect: verifier held to the official vectors', () => {
  it('accepts the okx.rest vector and nothing near it', () => {
    const vectors = JSON.parse(readFileSync(new URL('../vectors/official.json', import.meta.url), 'utf8')) as Array<Record<string, string>>;
    const okxVectors = vectors.filter((v) => v['kind'] === 'okx.rest');
    expect(okxVectors.length).toBeGreaterThan(0);
    for (const v of okxVectors) {
      const [path, query = ''] = v['requestPath']!.split('?');
      const prehash = restPrehash(v['timestamp']!, v['method']!, path!, query, v['body']!);
      expect(verifyRest(v['secret']!, prehash, v['expected']!)).toBe(true);
      expect(verifyRest(v['secret']!, `${prehash} `, v['expected']!)).toBe(false);
      expect(verifyRest(`${v['secret']}x`, prehash, v['expected']!)).toBe(false);
    }
    expect(verifyLogin('s', '1538054050', b64hmac('s', '1538054050GET/users/self/verify'))).toBe(true);
    expect(verifyLogin('s', '1538054051', b64hmac('s', '1538054050GET/users/self/verify'))).toBe(false);
  });
});

describe('okx dialect: public endpoints and the envelope', () => {
  it('serves time, swaps sized in contracts, and tickers', async () => {
    const t = await okx.get('/api/v5/public/time', {}, { signed: false });
    expect(t.json.code).toBe('0');
    expect(Math.abs(Number(t.json.data[0].ts) - (await sim.control.serverTime()))).toBeLessThan(1000);
    const inst = await okx.get('/api/v5/public/instruments', { instType: 'SWAP' }, { signed: false });
    const btc = inst.json.data.find((i: { instId: string }) => i.instId === INST);
    expect(btc).toMatchObject({ ctVal: '0.01', lotSz: '0.1', minSz: '0.1', tickSz: '0.1', settleCcy: 'USDT', state: 'live' });
    const tk = await okx.get('/api/v5/market/ticker', { instId: INST }, { signed: false });
    expect(Number(tk.json.data[0].askPx)).toBeGreaterThan(Number(tk.json.data[0].bidPx));
    const bad = await okx.get('/api/v5/market/ticker', { instId: 'NOPE-USDT-SWAP' }, { signed: false });
    expect(bad.json.code).toBe('51001');
  });
});

describe('okx dialect: authentication', () => {
  it('accepts a correctly signed request and refuses every broken part by code', async () => {
    const ok = await okx.get('/api/v5/account/balance');
    expect(ok.status).toBe(200);
    expect(ok.json.data[0].details[0]).toMatchObject({ ccy: 'USDT', cashBal: '100000' });
    const now = await sim.control.serverTime();
    const cases: Array<[string, Promise<OkxReply>]> = [
      ['50113', okx.get('/api/v5/account/balance', {}, { sign: b64hmac('wrong', 'x') })],
      ['50111', okx.get('/api/v5/account/balance', {}, { headers: { 'OK-ACCESS-KEY': 'nobody' } })],
      ['50105', okx.get('/api/v5/account/balance', {}, { headers: { 'OK-ACCESS-PASSPHRASE': 'guess' } })],
      ['50101', okx.get('/api/v5/account/balance', {}, { headers: { 'x-simulated-trading': '1' } })],
      ['50102', okx.get('/api/v5/account/balance', {}, { at: now - 31_000 })],
      ['50102', okx.get('/api/v5/account/balance', {}, { at: now + 31_000 })],
      ['50103', okx.get('/api/v5/account/balance', {}, { headers: { 'OK-ACCESS-KEY': undefined } })],
      ['50112', okx.get('/api/v5/account/balance', {}, { headers: { 'OK-ACCESS-TIMESTAMP': String(now) } })],
    ];
    for (const [code, reply] of cases) {
      const r = await reply;
      expect({ code: r.json.code, status: r.status }).toEqual({ code, status: 401 });
    }
    const within = await okx.get('/api/v5/account/balance', {}, { at: now - 25_000 });
    expect(within.json.code).toBe('0');
  });

  it('signs over the exact query string and body bytes', async () => {
    // The same parameters in another order are different bytes: the signature must follow them.
    const r = await okx.get('/api/v5/account/positions', { instId: INST, instType: 'SWAP' });
    expect(r.json.code).toBe('0');
    const tampered = await fetch(`${sim.restUrl}/api/v5/account/positions?instType=SWAP`, {
      headers: { 'OK-ACCESS-KEY': okx.key.apiKey, 'OK-ACCESS-PASSPHRASE': 'x', 'OK-ACCESS-TIMESTAMP': new Date().toISOString(), 'OK-ACCESS-SIGN': 'A'.repeat(43) + '=' },
    });
    expect((await tampered.json()).code).toMatch(/^501/);
  });

  it('reports the key configuration for the preflight', async () => {
    const r = await okx.get('/api/v5/account/config');
    expect(r.json.data[0]).toMatchObject({ perm: 'read_only,trade', ip: '', posMode: 'net_mode' });
  });
});

describe('okx dialect: orders', () => {
  it('places, finds by clOrdId, refuses a reused clOrdId, cancels once', async () => {
    const px = await restingPx();
    const placed = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'limit', sz: '2', px, clOrdId: 'tA1' });
    expect(placed.json).toMatchObject({ code: '0', data: [{ clOrdId: 'tA1', sCode: '0' }] });
    const ordId = placed.json.data[0].ordId;
    const q = await okx.get('/api/v5/trade/order', { instId: INST, clOrdId: 'tA1' });
    expect(q.json.data[0]).toMatchObject({ ordId, state: 'live', sz: '2', ordType: 'limit', accFillSz: '0' });
    expect(Number(q.json.data[0].px)).toBe(Number(px));
    const dup = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'limit', sz: '2', px, clOrdId: 'tA1' });
    expect(dup.json).toMatchObject({ code: '1', data: [{ sCode: '51016', clOrdId: 'tA1' }] });
    const pending = await okx.get('/api/v5/trade/orders-pending', { instType: 'SWAP', instId: INST });
    expect(pending.json.data.map((o: { clOrdId: string }) => o.clOrdId)).toContain('tA1');
    const c = await okx.post('/api/v5/trade/cancel-order', { instId: INST, clOrdId: 'tA1' });
    expect(c.json).toMatchObject({ code: '0', data: [{ ordId, sCode: '0' }] });
    const again = await okx.post('/api/v5/trade/cancel-order', { instId: INST, ordId });
    expect(again.json).toMatchObject({ code: '1', data: [{ sCode: '51401' }] });
    expect((await okx.get('/api/v5/trade/order', { instId: INST, clOrdId: 'never' })).json.code).toBe('51603');
  });

  it('fills market orders into a net position in contracts, with fills newest first', async () => {
    const buy = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '3', clOrdId: 'tM1' });
    expect(buy.json.code).toBe('0');
    const q = await okx.get('/api/v5/trade/order', { instId: INST, clOrdId: 'tM1' });
    expect(q.json.data[0]).toMatchObject({ state: 'filled', accFillSz: '3', ordType: 'market', px: '' });
    const pos = await okx.get('/api/v5/account/positions', { instType: 'SWAP' });
    expect(pos.json.data).toEqual([expect.objectContaining({ instId: INST, pos: '3', posSide: 'net' })]);
    const fills = await okx.get('/api/v5/trade/fills', { instType: 'SWAP', instId: INST });
    const mine = fills.json.data.filter((f: { clOrdId: string }) => f.clOrdId === 'tM1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.reduce((a: number, f: { fillSz: string }) => a + Number(f.fillSz), 0)).toBeCloseTo(3, 9);
    expect(Number(mine[0].fee)).toBeLessThan(0);
    const ts = fills.json.data.map((f: { ts: string }) => Number(f.ts));
    expect([...ts].sort((a, b) => b - a)).toEqual(ts);
    const since = await okx.get('/api/v5/trade/fills', { instType: 'SWAP', instId: INST, begin: String(Math.max(...ts)) });
    expect(since.json.data).toEqual([]);
    const close = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'sell', ordType: 'market', sz: '3', reduceOnly: 'true', clOrdId: 'tM2' });
    expect(close.json.code).toBe('0');
    expect((await okx.get('/api/v5/account/positions', { instType: 'SWAP' })).json.data).toEqual([]);
    const reduce = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'sell', ordType: 'market', sz: '1', reduceOnly: 'true', clOrdId: 'tM3' });
    expect(reduce.json.data[0].sCode).toBe('51169');
  });

  it('refuses off-lot sizes and orders past their expTime, and cancels in batches', async () => {
    const lot = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '0.15', clOrdId: 'tL1' });
    expect(lot.json.data[0].sCode).toBe('51121');
    const now = await sim.control.serverTime();
    const late = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1', clOrdId: 'tE1' }, { headers: { expTime: String(now - 1) } });
    expect(late.json.code).toBe('50036');
    expect((await okx.get('/api/v5/trade/order', { instId: INST, clOrdId: 'tE1' })).json.code).toBe('51603');
    const px = await restingPx();
    for (const id of ['tB1', 'tB2']) {
      await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'limit', sz: '1', px, clOrdId: id });
    }
    const batch = await okx.post('/api/v5/trade/cancel-batch-orders', [
      { instId: INST, clOrdId: 'tB1' },
      { instId: INST, clOrdId: 'tB2' },
      { instId: INST, clOrdId: 'nope' },
    ]);
    // Some items failed: the venue's "bulk operation partially succeeded" envelope.
    expect(batch.json.code).toBe('2');
    expect(batch.json.data.map((d: { sCode: string }) => d.sCode)).toEqual(['0', '0', '51400']);
  });

  it('arms and disarms cancel-all-after within 10-120 s', async () => {
    const arm = await okx.post('/api/v5/trade/cancel-all-after', { timeOut: '60' });
    expect(Number(arm.json.data[0].triggerTime)).toBeGreaterThan(await sim.control.serverTime());
    // One request per second per account: the venue's own limit.
    expect((await okx.post('/api/v5/trade/cancel-all-after', { timeOut: '0' })).json.code).toBe('50011');
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await okx.post('/api/v5/trade/cancel-all-after', { timeOut: '5' })).json.code).toBe('51000');
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await okx.post('/api/v5/trade/cancel-all-after', { timeOut: '0' })).json.data[0].triggerTime).toBe('0');
  });
});

describe('okx dialect: rate limits and faults', () => {
  it('answers 429 / 50011 past an endpoint limit, and again after the window', async () => {
    const replies = await Promise.all(Array.from({ length: 30 }, () => okx.get('/api/v5/public/time', {}, { signed: false })));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited[0]!.json).toEqual({ code: '50011', msg: 'Too Many Requests', data: [] });
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await okx.get('/api/v5/public/time', {}, { signed: false })).status).toBe(200);
  });

  it('runs the shared fault plan: dropped replies still place the order once, 50004 is ambiguous', async () => {
    await sim.control.setFaults({ dropResponse: { times: 1 } });
    await expect(okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1', clOrdId: 'tF1' })).rejects.toThrow();
    const found = await okx.get('/api/v5/trade/order', { instId: INST, clOrdId: 'tF1' });
    expect(found.json.data[0].state).toBe('filled');
    await sim.control.setFaults({ unknownStatus: { times: 1 } });
    const unknown = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'sell', ordType: 'market', sz: '1', clOrdId: 'tF2' });
    expect(unknown.json.code).toBe('50004');
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.filter((o) => o.clientOrderId === 'tF1').map((o) => o.reply)).toEqual(['dropped']);
    expect(ledger.filter((o) => o.clientOrderId === 'tF2').map((o) => o.reply)).toEqual(['unknown-status']);
    await sim.control.setFaults({ html502: { times: 1 } });
    const html = await okx.get('/api/v5/public/time', {}, { signed: false });
    expect(html.status).toBe(502);
    expect(html.json).toBeUndefined();
    await sim.control.setFaults({ refuseText: { times: 1, text: 'chosen words' } });
    const refused = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1', clOrdId: 'tF3' });
    expect(refused.json).toEqual({ code: '51000', msg: 'chosen words', data: [] });
    expect((await sim.control.acceptedOrders()).some((o) => o.clientOrderId === 'tF3')).toBe(false);
    await sim.control.clearFaults();
  });
});
