// The local venue's Hyperliquid dialect over loopback, driven by a test-local client (ethers +
// msgpack, never our signer): info queries, orders and cancels with the venue's reply shapes,
// signer recovery and agent → master mapping, the nonce rules, expiresAfter, the venue's price and
// size rules and wording, scheduleCancel, the 429 weight limit, faults, and the /ws feeds.
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mul, toFixed } from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { cloid, HlClient } from './hyperliquid-client.js';

let sim: SimHandle;
let c: HlClient;
let nextCloid = 1;
const BTC = 0;

async function mid(coin = 'BTC'): Promise<string> {
  return ((await c.info({ type: 'allMids' })).json as Record<string, string>)[coin]!;
}

/** A whole-dollar BTC price `factor` × mid (5 significant figures at this magnitude). */
async function btcPrice(factor: string): Promise<string> {
  return toFixed(mul(await mid(), factor), 0, 'floor');
}

describe('sim: Hyperliquid dialect over loopback', () => {
  beforeAll(async () => {
    sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 7, accounts: [{ name: 'a' }, { name: 'b' }] });
    c = new HlClient(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers info queries in the venue shapes', async () => {
    const status = (await c.info({ type: 'exchangeStatus' })).json;
    expect(Math.abs(status.time - Date.now())).toBeLessThan(1_000);
    const [meta, ctxs] = (await c.info({ type: 'metaAndAssetCtxs' })).json;
    expect(meta.universe.map((u: { name: string }) => u.name)).toEqual(['BTC', 'ETH', 'SOL', 'XRP']);
    expect(meta.universe[0]).toMatchObject({ name: 'BTC', szDecimals: 3 });
    expect(ctxs[0].markPx).toBe(await mid());
    const state = (await c.info({ type: 'clearinghouseState', user: c.master })).json;
    expect(state.marginSummary.accountValue).toBe('100000');
    expect(state.assetPositions).toEqual([]);
    expect((await c.info({ type: 'userRole', user: c.wallet.address })).json).toEqual({ role: 'agent', data: { user: c.master } });
    // The agent's own address owns nothing: queries name the master.
    expect((await c.info({ type: 'frontendOpenOrders', user: c.wallet.address })).json).toEqual([]);
    // The book on the venue's grid, 5 significant figures: whole dollars for BTC, tenths for ETH.
    await sim.control.tick(3);
    const book = (await c.info({ type: 'l2Book', coin: 'BTC' })).json as { levels: { px: string }[][] };
    const prices = book.levels.flat().map((l) => l.px);
    expect(prices.length).toBeGreaterThan(10);
    expect(prices.filter((px) => !/^\d{5}$/.test(px))).toEqual([]);
    const eth = (await c.info({ type: 'l2Book', coin: 'ETH' })).json as { levels: { px: string }[][] };
    expect(eth.levels.flat().filter((l) => !/^\d{4}(\.\d)?$/.test(l.px))).toEqual([]);
    const bad = await c.info({ type: 'noSuchQuery' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/^Failed to deserialize the JSON body/);
  });

  it('rests, finds by oid and cloid, and cancels by cloid', async () => {
    const id = cloid(nextCloid++);
    const placed = await c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', tif: 'Alo', c: id }));
    expect(placed.json).toMatchObject({ status: 'ok', response: { type: 'order', data: { statuses: [{ resting: { oid: expect.any(Number) } }] } } });
    const oid = placed.json.response.data.statuses[0].resting.oid as number;
    for (const ref of [oid, id]) {
      const q = (await c.info({ type: 'orderStatus', user: c.master, oid: ref })).json;
      expect(q).toMatchObject({ status: 'order', order: { status: 'open', order: { oid, cloid: id, coin: 'BTC', side: 'B', sz: '0.002', origSz: '0.002', tif: 'Alo' } } });
    }
    const open = (await c.info({ type: 'frontendOpenOrders', user: c.master })).json;
    expect(open.map((o: { oid: number }) => o.oid)).toContain(oid);
    const canceled = await c.act({ type: 'cancelByCloid', cancels: [{ asset: BTC, cloid: id }] });
    expect(canceled.json).toEqual({ status: 'ok', response: { type: 'cancel', data: { statuses: ['success'] } } });
    expect((await c.info({ type: 'orderStatus', user: c.master, oid })).json.order.status).toBe('canceled');
    const again = await c.act({ type: 'cancel', cancels: [{ a: BTC, o: oid }] });
    expect(again.json.response.data.statuses).toEqual([{ error: 'Order was never placed, already canceled, or filled.' }]);
    expect((await c.info({ type: 'orderStatus', user: c.master, oid: cloid(999_999) })).json).toEqual({ status: 'unknownOid' });
  });

  it('fills an IOC at once; the fill, the position and the order agree', async () => {
    const id = cloid(nextCloid++);
    const r = await c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('1.02'), s: '0.004', tif: 'Ioc', c: id }));
    const filled = r.json.response.data.statuses[0].filled;
    expect(filled).toMatchObject({ totalSz: '0.004', oid: expect.any(Number) });
    const fills = (await c.info({ type: 'userFillsByTime', user: c.master, startTime: Date.now() - 60_000 })).json;
    const mine = fills.filter((f: { oid: number }) => f.oid === filled.oid);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ coin: 'BTC', side: 'B', crossed: true, startPosition: '0', dir: 'Open Long', feeToken: 'USDC' });
    const state = (await c.info({ type: 'clearinghouseState', user: c.master })).json;
    expect(state.assetPositions[0].position).toMatchObject({ coin: 'BTC', szi: '0.004' });
    // An IOC that meets nothing is refused, and is no order of the account.
    const none = await c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', tif: 'Ioc', c: cloid(nextCloid++) }));
    expect(none.json.response.data.statuses).toEqual([{ error: 'Order could not immediately match against any resting orders.' }]);
  });

  it('recovers the signer: unknown agents, tampered bodies and mainnet signatures are refused in the venue words', async () => {
    const stranger = new HlClient(sim, 0, new Wallet(Wallet.createRandom().privateKey));
    const r = await stranger.act({ type: 'scheduleCancel' });
    expect(r.json).toEqual({ status: 'err', response: `User or API Wallet ${stranger.wallet.address.toLowerCase()} does not exist.` });
    // Signed one action, sent another: the venue recovers somebody else.
    const nonce = c.nonce();
    const signed = HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', c: cloid(nextCloid++) });
    const sent = HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.003', c: cloid(nextCloid++) });
    const sig = (await import('./hyperliquid-client.js')).signAction(c.wallet, signed, nonce);
    const tampered = await c.post('/exchange', { action: sent, nonce, signature: sig, vaultAddress: null, expiresAfter: null });
    expect(tampered.json.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect(tampered.json.response).not.toContain(c.wallet.address.toLowerCase());
    const mainnet = await c.act({ type: 'scheduleCancel' }, { mainnet: true });
    expect(mainnet.json.status).toBe('err');
    expect(mainnet.json.response).toMatch(/does not exist/);
  });

  it('hashes the action the venue way: JSON key order does not matter, fields do', async () => {
    const id = cloid(nextCloid++);
    const action = HlClient.order({ a: BTC, b: true, p: await btcPrice('0.96'), s: '0.002', tif: 'Alo', c: id });
    const nonce = c.nonce();
    const { signAction } = await import('./hyperliquid-client.js');
    const signature = signAction(c.wallet, action, nonce);
    const wire = (action.orders as Array<Record<string, unknown>>)[0]!;
    const shuffled = { grouping: 'na', orders: [{ c: wire.c, t: wire.t, r: wire.r, s: wire.s, p: wire.p, b: wire.b, a: wire.a }], type: 'order' };
    const r = await c.post('/exchange', { signature, expiresAfter: null, vaultAddress: null, nonce, action: shuffled });
    expect(r.json.response.data.statuses[0].resting).toBeDefined();
    await c.act({ type: 'cancelByCloid', cancels: [{ asset: BTC, cloid: id }] });
    const missing = await c.post('/exchange', { action: { type: 'order', orders: [{ a: BTC }], grouping: 'na' }, nonce: c.nonce(), signature, vaultAddress: null });
    expect(missing.status).toBe(422);
  });

  it('enforces the nonce rules per signer: unique, above the smallest of the 20 highest, within a day', async () => {
    const other = new HlClient(sim, 1);
    const base = Date.now();
    const ok = (r: { json: { status: string } }) => r.json.status === 'ok';
    expect(ok(await other.act({ type: 'scheduleCancel' }, { nonce: base }))).toBe(true);
    const dup = await other.act({ type: 'scheduleCancel' }, { nonce: base });
    expect(dup.json.response).toMatch(/^Invalid nonce: duplicate/);
    // Out of order is fine while fewer than 20 are kept above it.
    expect(ok(await other.act({ type: 'scheduleCancel' }, { nonce: base - 5 }))).toBe(true);
    for (let i = 1; i <= 20; i++) expect(ok(await other.act({ type: 'scheduleCancel' }, { nonce: base + i }))).toBe(true);
    const low = await other.act({ type: 'scheduleCancel' }, { nonce: base - 1 });
    expect(low.json.response).toMatch(/^Invalid nonce: .* not larger than the smallest of the 20/);
    const far = await other.act({ type: 'scheduleCancel' }, { nonce: base + 86_400_000 + 60_000 });
    expect(far.json.response).toMatch(/^Invalid nonce: .* within one day/);
    // Nonces are per signer: another agent may use the same number.
    expect(ok(await c.act({ type: 'scheduleCancel' }, { nonce: base + 20 }))).toBe(true);
  });

  it('refuses an action past its expiresAfter', async () => {
    const r = await c.act({ type: 'scheduleCancel' }, { expiresAfter: Date.now() - 1_000 });
    expect(r.json.response).toMatch(/^Action expired/);
    expect((await c.act({ type: 'scheduleCancel' }, { expiresAfter: Date.now() + 5_000 })).json.status).toBe('ok');
  });

  it('applies the price and size rules and says why in the venue words', async () => {
    const p = await btcPrice('0.97');
    const one = async (o: Parameters<typeof HlClient.order>[0]) => (await c.act(HlClient.order(o))).json.response.data.statuses[0];
    expect(await one({ a: BTC, b: true, p: `${p}.5`, s: '0.002' })).toEqual({ error: 'Order has invalid price.' });
    expect(await one({ a: BTC, b: true, p, s: '0.0025' })).toEqual({ error: 'Order has invalid size.' });
    // Long after the IOC buy: a reduce-only buy would grow the position.
    expect(await one({ a: BTC, b: true, p, s: '0.002', r: true })).toEqual({ error: 'Reduce only order would increase position.' });
    expect(await one({ a: BTC, b: true, p: await btcPrice('1.01'), s: '0.002', tif: 'Alo' })).toMatchObject({ error: expect.stringMatching(/^Post only order would have immediately matched, bbo was /) });
    expect(await one({ a: 9, b: true, p, s: '0.002' })).toEqual({ error: 'Asset 9 is out of range.' });
    const id = cloid(nextCloid++);
    expect(await one({ a: BTC, b: true, p, s: '0.002', tif: 'Alo', c: id })).toHaveProperty('resting');
    expect(await one({ a: BTC, b: true, p, s: '0.002', tif: 'Alo', c: id })).toEqual({ error: 'Order with this cloid already exists.' });
    await c.act({ type: 'cancelByCloid', cancels: [{ asset: BTC, cloid: id }] });
  });

  it('scheduleCancel: at least 5 s ahead; when venue time passes it, every open order goes with status scheduledCancel', async () => {
    const soon = await c.act({ type: 'scheduleCancel', time: Date.now() + 1_000 });
    expect(soon.json.response).toMatch(/at least 5 seconds/);
    const id = cloid(nextCloid++);
    await c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', tif: 'Alo', c: id }));
    expect((await c.act({ type: 'scheduleCancel', time: Date.now() + 6_000 })).json).toEqual({ status: 'ok', response: { type: 'default' } });
    await sim.control.jumpClock(7_000);
    await sim.control.tick();
    await sim.control.jumpClock(-7_000);
    expect((await c.info({ type: 'orderStatus', user: c.master, oid: id })).json.order.status).toBe('scheduledCancel');
    expect((await c.info({ type: 'frontendOpenOrders', user: c.master })).json).toEqual([]);
  });

  it('streams: greeting, acks, ping/pong, orderUpdates, userFills (snapshot first), user events and bbo', async () => {
    const ws = new WebSocket(`${sim.wsUrl}/ws`);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(d.toString()));
    await new Promise((r) => ws.once('open', r));
    const wait = async (pred: (f: string) => boolean) => {
      // Up to 20 s: the frame ends the wait, the bound only ends a failing one.
      for (let i = 0; i < 2_000 && !frames.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
      return frames.find(pred);
    };
    expect(await wait((f) => f === 'Websocket connection established.')).toBeDefined();
    for (const type of ['orderUpdates', 'userFills', 'userEvents']) ws.send(JSON.stringify({ method: 'subscribe', subscription: { type, user: c.master } }));
    ws.send(JSON.stringify({ method: 'subscribe', subscription: { type: 'bbo', coin: 'BTC' } }));
    ws.send(JSON.stringify({ method: 'ping' }));
    expect(await wait((f) => f === '{"channel":"pong"}')).toBeDefined();
    const snapshot = JSON.parse((await wait((f) => f.includes('"isSnapshot":true')))!);
    expect(snapshot.data.fills.length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.includes('subscriptionResponse'))).toHaveLength(4);
    const r = await c.act(HlClient.order({ a: BTC, b: false, p: await btcPrice('0.98'), s: '0.002', tif: 'Ioc', c: cloid(nextCloid++) }));
    expect(r.json.response.data.statuses[0], JSON.stringify(r.json)).toHaveProperty('filled');
    const oid = r.json.response.data.statuses[0].filled.oid;
    const upd = JSON.parse((await wait((f) => f.includes('"channel":"orderUpdates"') && f.includes(`"oid":${oid}`) && f.includes('"filled"')))!);
    expect(upd.data[0]).toMatchObject({ status: 'filled', order: { coin: 'BTC', side: 'A', oid } });
    expect(await wait((f) => f.includes('"channel":"userFills"') && !f.includes('isSnapshot') && f.includes(`"oid":${oid}`))).toBeDefined();
    expect(await wait((f) => f.includes('"channel":"user"') && f.includes(`"oid":${oid}`))).toBeDefined();
    await sim.control.tick();
    const bbo = JSON.parse((await wait((f) => f.includes('"channel":"bbo"')))!);
    expect(bbo.data.coin).toBe('BTC');
    expect(bbo.data.bbo).toHaveLength(2);
    ws.close();
  });

  it('closes a socket it has heard nothing from', async () => {
    const quiet = await startSim({ dialect: 'hyperliquid', tickMs: 0, idleTimeoutMs: 150 });
    try {
      const ws = new WebSocket(`${quiet.wsUrl}/ws`);
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      expect(await closed).toBe(1000);
    } finally {
      await quiet.close();
    }
  });

  it('answers 429 past the IP weight', async () => {
    const small = await startSim({ dialect: 'hyperliquid', tickMs: 0, limits: { requestWeightPerWindow: 6, weightWindowMs: 60_000 } });
    try {
      const sc = new HlClient(small);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await sc.info({ type: 'exchangeStatus' })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      await small.control.resetLimits();
      expect((await sc.info({ type: 'exchangeStatus' })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('faults reach /exchange like any dialect: a dropped reply after acceptance, a 504 after a cancel', async () => {
    try {
      await sim.control.setFaults({ dropResponse: { times: 1 } });
      const id = cloid(nextCloid++);
      await expect(c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', tif: 'Alo', c: id }))).rejects.toThrow();
      // Dropped after acceptance: the order is there, found by its cloid.
      expect((await c.info({ type: 'orderStatus', user: c.master, oid: id })).json.order.status).toBe('open');
      expect((await sim.control.acceptedOrders()).find((o) => o.clientOrderId === id)?.reply).toBe('dropped');
      await sim.control.setFaults({ unknownStatus: { times: 1, scope: 'cancel' } });
      const r = await c.act({ type: 'cancelByCloid', cancels: [{ asset: BTC, cloid: id }] });
      expect(r.status).toBe(504);
      expect((await c.info({ type: 'orderStatus', user: c.master, oid: id })).json.order.status).toBe('canceled');
      await sim.control.setFaults({ refuseText: { times: 1, text: 'chosen words' } });
      const refusedId = cloid(nextCloid++);
      const refused = await c.act(HlClient.order({ a: BTC, b: true, p: await btcPrice('0.97'), s: '0.002', tif: 'Alo', c: refusedId }));
      expect(refused.json).toEqual({ status: 'err', response: 'chosen words' });
      expect((await sim.control.acceptedOrders()).some((o) => o.clientOrderId === refusedId)).toBe(false);
    } finally {
      await sim.control.clearFaults();
    }
  });
});
