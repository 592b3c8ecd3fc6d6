// OKX algo TP/SL orders over loopback: order-algo (conditional, oco; sz or closeFraction; last or mark
// trigger), the venue's refusals (51277–51280 a trigger already crossed, 51169 reduce-only with no
// position), firing on the sim's price path with the `orders-algo` channel on /ws/v5/business,
// one-cancels-the-other, cxlOnClosePos, cancel-algos, order-algo and the pending / history lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { OkxTestClient } from './okx-client.js';
import { Collector } from './ws.js';

const INST = 'BTC-USDT-SWAP';
let sim: SimHandle;
let okx: OkxTestClient;
let algoFeed: Collector;

beforeAll(async () => {
  sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 'okx-algo', idleTimeoutMs: 60_000 });
  okx = new OkxTestClient(sim);
  await sim.control.setPrice('BTCUSDT', '65000');
  algoFeed = await Collector.open(`${sim.wsUrl}/ws/v5/business`);
  algoFeed.ws.send(JSON.stringify(okx.loginArgs(await sim.control.serverTime())));
  await algoFeed.next((m) => m.event === 'login');
  algoFeed.ws.send(JSON.stringify({ op: 'subscribe', args: [{ channel: 'orders-algo', instType: 'SWAP' }] }));
  await algoFeed.next((m) => m.event === 'subscribe');
});
afterAll(async () => {
  algoFeed?.close();
  await sim.close();
});

const pos = async () => (await okx.get('/api/v5/account/positions', { instId: INST })).json.data[0]?.pos ?? '0';
const market = async (side: string, sz: string) => {
  const r = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side, ordType: 'market', sz });
  expect(r.json.code, JSON.stringify(r.json)).toBe('0');
};
const algo = (body: Record<string, string>) =>
  okx.post('/api/v5/trade/order-algo', { instId: INST, tdMode: 'cross', ...body });
const item = (r: { json: { data: Array<Record<string, string>> } }) => r.json.data[0]!;

describe('okx algo orders', () => {
  it('refuses a trigger already crossed with 51277–51280 and a reduce-only without a position with 51169', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ side: 'buy', tpTriggerPx: '66000' }, '51277', 'TP trigger price cannot be higher than the last price.'],
      [{ side: 'buy', slTriggerPx: '64000' }, '51278', 'SL trigger price cannot be lower than the last price.'],
      [{ side: 'sell', tpTriggerPx: '64000' }, '51279', 'TP trigger price cannot be lower than the last price.'],
      [{ side: 'sell', slTriggerPx: '66000' }, '51280', 'SL trigger price cannot be higher than the last price.'],
    ];
    for (const [legs, code, msg] of cases) {
      const ordPx: Record<string, string> = 'tpTriggerPx' in legs ? { tpOrdPx: '-1' } : { slOrdPx: '-1' };
      const r = await algo({ ordType: 'conditional', sz: '1', ...legs, ...ordPx });
      expect(r.json.code, code).toBe('1');
      expect(item(r)).toMatchObject({ sCode: code, sMsg: msg });
    }
    const flat = await algo({ ordType: 'conditional', side: 'sell', sz: '1', slTriggerPx: '60000', slOrdPx: '-1', reduceOnly: 'true' });
    expect(item(flat).sCode).toBe('51169');
    const trigger = await algo({ ordType: 'trigger', side: 'sell', sz: '1', triggerPx: '60000', orderPx: '-1' });
    expect(trigger.json.code).toBe('51000');
    const limitTp = await algo({ ordType: 'conditional', side: 'sell', sz: '1', slTriggerPx: '60000', slOrdPx: '59000' });
    expect(limitTp.json.code).toBe('51000');
    const attached = await okx.post('/api/v5/trade/order', { instId: INST, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1', attachAlgoOrds: [{ slTriggerPx: '60000', slOrdPx: '-1' }] });
    expect(attached.json.code).toBe('51000');
    expect(attached.json.msg).toContain('attachAlgoOrds');
    expect(await pos()).toBe('0');
    const ocoOneLeg = await algo({ ordType: 'oco', side: 'sell', sz: '1', slTriggerPx: '60000', slOrdPx: '-1' });
    expect(ocoOneLeg.json.code).toBe('50014');
    const pending = await okx.get('/api/v5/trade/orders-algo-pending', { ordType: 'conditional,oco' });
    expect(pending.json).toMatchObject({ code: '0', data: [] });
  });

  it('an oco on a long fires its mark-price stop-loss, cancels its take-profit and flattens, pushing orders-algo', async () => {
    await market('buy', '2');
    expect(await pos()).toBe('2');
    const r = await algo({
      ordType: 'oco',
      side: 'sell',
      sz: '2',
      reduceOnly: 'true',
      tpTriggerPx: '67000',
      tpOrdPx: '-1',
      slTriggerPx: '64000',
      slOrdPx: '-1',
      slTriggerPxType: 'mark',
      algoClOrdId: 'oco1',
    });
    expect(r.json.code, JSON.stringify(r.json)).toBe('0');
    expect(item(r)).toMatchObject({ algoClOrdId: 'oco1', sCode: '0' });
    const algoId = item(r).algoId!;
    const pending = (await okx.get('/api/v5/trade/orders-algo-pending', { ordType: 'oco', instId: INST })).json.data;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      algoId,
      algoClOrdId: 'oco1',
      ordType: 'oco',
      state: 'live',
      sz: '2',
      side: 'sell',
      tpTriggerPx: '67000',
      tpTriggerPxType: 'last',
      tpOrdPx: '-1',
      slTriggerPx: '64000',
      slTriggerPxType: 'mark',
      reduceOnly: 'true',
    });
    await algoFeed.next((m) => m.arg?.channel === 'orders-algo' && m.data?.[0].algoId === algoId && m.data[0].state === 'live');

    await sim.control.setPrice('BTCUSDT', '63950');
    const done = await algoFeed.next(
      (m) => m.arg?.channel === 'orders-algo' && m.data?.[0].algoId === algoId && m.data[0].state === 'effective' && m.data[0].actualSz === '2',
    );
    expect(done.data[0]).toMatchObject({ actualSide: 'sl', ordId: expect.stringMatching(/^\d+$/) });
    // The order the stop-loss sent names its algo order.
    const sent = (await okx.get('/api/v5/trade/order', { instId: INST, ordId: done.data[0].ordId })).json.data[0];
    expect(sent).toMatchObject({ algoId, algoClOrdId: 'oco1', state: 'filled', ordType: 'market', reduceOnly: 'true' });
    expect(await pos()).toBe('0');
    const one = (await okx.get('/api/v5/trade/order-algo', { algoClOrdId: 'oco1' })).json.data[0];
    expect(one).toMatchObject({ algoId, state: 'effective', actualSide: 'sl' });
    expect((await okx.get('/api/v5/trade/orders-algo-pending', { ordType: 'oco' })).json.data).toEqual([]);
    const history = (await okx.get('/api/v5/trade/orders-algo-history', { ordType: 'oco', state: 'effective' })).json.data;
    expect(history.map((a: { algoId: string }) => a.algoId)).toContain(algoId);
  });

  it('a closeFraction stop goes with the position it protects when that position is closed by hand', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    await market('sell', '3');
    const r = await algo({ ordType: 'conditional', side: 'buy', closeFraction: '1', reduceOnly: 'true', slTriggerPx: '67000', slOrdPx: '-1' });
    expect(r.json.code, JSON.stringify(r.json)).toBe('0');
    const algoId = item(r).algoId!;
    expect((await okx.get('/api/v5/trade/order-algo', { algoId })).json.data[0]).toMatchObject({ closeFraction: '1', sz: '', state: 'live' });
    await market('buy', '3');
    await algoFeed.next((m) => m.data?.[0].algoId === algoId && m.data[0].state === 'canceled');
    expect((await okx.get('/api/v5/trade/order-algo', { algoId })).json.data[0].state).toBe('canceled');
  });

  it('cancels with cancel-algos, once; an unknown algo is 51400 to cancel and 51603 to read', async () => {
    await market('buy', '1');
    const r = await algo({ ordType: 'conditional', side: 'sell', sz: '1', reduceOnly: 'true', slTriggerPx: '60000', slOrdPx: '-1' });
    const algoId = item(r).algoId!;
    const c1 = await okx.post('/api/v5/trade/cancel-algos', [{ algoId, instId: INST }]);
    expect(c1.json).toMatchObject({ code: '0', data: [{ algoId, sCode: '0' }] });
    await algoFeed.next((m) => m.arg?.channel === 'orders-algo' && m.data?.[0].algoId === algoId && m.data[0].state === 'canceled');
    const c2 = await okx.post('/api/v5/trade/cancel-algos', [{ algoId, instId: INST }]);
    expect(c2.json.code).toBe('1');
    expect(c2.json.data[0].sCode).toBe('51400');
    expect((await okx.get('/api/v5/trade/order-algo', { algoId: '42' })).json.code).toBe('51603');
    await market('sell', '1');
  });

  it('amend-algos moves a live stop-loss and its size in place; a trigger moved past the price is 51280', async () => {
    await market('buy', '2');
    const r = await algo({ ordType: 'conditional', side: 'sell', sz: '2', reduceOnly: 'true', slTriggerPx: '60000', slOrdPx: '-1', algoClOrdId: 'mv1' });
    const algoId = item(r).algoId!;
    const moved = await okx.post('/api/v5/trade/amend-algos', { instId: INST, algoId, newSlTriggerPx: '62000', newSz: '1' });
    expect(moved.json).toMatchObject({ code: '0', data: [{ algoId, algoClOrdId: 'mv1', sCode: '0' }] });
    expect((await okx.get('/api/v5/trade/order-algo', { algoId })).json.data[0]).toMatchObject({ slTriggerPx: '62000', sz: '1', state: 'live' });
    const crossed = await okx.post('/api/v5/trade/amend-algos', { instId: INST, algoClOrdId: 'mv1', newSlTriggerPx: '70000' });
    expect(crossed.json.code).toBe('1');
    expect(item(crossed)).toMatchObject({ sCode: '51280', sMsg: 'SL trigger price cannot be higher than the last price.' });
    expect((await okx.get('/api/v5/trade/order-algo', { algoId })).json.data[0].slTriggerPx).toBe('62000');
    await okx.post('/api/v5/trade/cancel-algos', [{ algoId, instId: INST }]);
    await market('sell', '2');
  });
});
