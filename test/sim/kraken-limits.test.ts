// Kraken's two limiters and the fault plan on the Kraken dialect: the API counter per key (TradesHistory
// costs 2, AddOrder nothing), the trading limiter per pair (a cancel of a young order costs 8), and the
// shared request faults in the venue's words, with the ledger saying what the venue did.
import { describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { startSim } from '../../src/sim/index.js';
import { KrakenTestClient } from './kraken-client.js';

describe('kraken limits', () => {
  it('the API counter: the Starter maximum of 15 is refused on the 16th call; TradesHistory costs 2; AddOrder is not counted; a refused call still spends its nonce', async () => {
    // No decay, so the count is exact whatever the machine's load.
    const sim = await startSim({ dialect: 'kraken', tickMs: 0, limits: { apiDecayPerSecond: 0 } });
    try {
      const kr = new KrakenTestClient(sim);
      for (let i = 0; i < 13; i++) expect((await kr.priv('Balance')).json.error).toEqual([]);
      expect((await kr.priv('TradesHistory')).json.error).toEqual([]);
      // 15 spent: the next counted call is refused, an order is not counted.
      const price = D.toFixed(D.mul((await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.b[0], '0.9'), 1, 'floor');
      expect((await kr.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.001' })).json.error).toEqual([]);
      const nonce = kr.nextNonce();
      expect((await kr.priv('Balance', {}, { nonce })).json).toEqual({ error: ['EAPI:Rate limit exceeded'] });
      await sim.control.resetLimits();
      expect((await kr.priv('Balance', {}, { nonce })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
      expect((await kr.priv('Balance')).json.error).toEqual([]);
      expect((await sim.control.stats()).errors['EAPI:Rate limit exceeded']).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('the trading limiter: with a maximum of 20, two cancels of young orders (8 each) and their orders leave too little for a fifth order', async () => {
    const sim = await startSim({ dialect: 'kraken', tickMs: 0, limits: { tradeMax: 20, tradeDecayPerSecond: 0, apiMax: 1000 } });
    try {
      const kr = new KrakenTestClient(sim);
      const price = D.toFixed(D.mul((await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.b[0], '0.9'), 1, 'floor');
      const add = () => kr.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.001' });
      const a = await add();
      const b = await add();
      expect((await kr.priv('CancelOrder', { txid: a.json.result.txid[0] })).json.error).toEqual([]);
      expect((await kr.priv('CancelOrder', { txid: b.json.result.txid[0] })).json.error).toEqual([]);
      // 1 + 1 + 8 + 8 = 18: two more orders fit, the third does not; another pair has its own counter.
      expect((await add()).json.error).toEqual([]);
      expect((await add()).json.error).toEqual([]);
      expect((await add()).json).toEqual({ error: ['EOrder:Rate limit exceeded'] });
      const eth = D.toFixed(D.mul((await kr.pub('Ticker', { pair: 'ETHUSD' })).json.result.XETHZUSD.b[0], '0.9'), 2, 'floor');
      expect((await kr.priv('AddOrder', { pair: 'ETH/USD', type: 'buy', ordertype: 'limit', price: eth, volume: '0.01' })).json.error).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('kraken faults', () => {
  it('refuse-text, 5xx before and after, unknown-status, drop-response and ban, each in the venue words, the ledger saying what was placed', async () => {
    const sim = await startSim({ dialect: 'kraken', tickMs: 0, limits: { apiMax: 1000 } });
    try {
      const kr = new KrakenTestClient(sim);
      const price = D.toFixed(D.mul((await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.b[0], '0.9'), 1, 'floor');
      const add = () => kr.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.001' });
      await sim.control.setFaults({ refuseText: { times: 1, text: 'nope' } });
      expect((await add()).json).toEqual({ error: ['EOrder:nope'] });
      await sim.control.setFaults({ error5xxBefore: { times: 1 } });
      const before = await add();
      expect({ status: before.status, json: before.json }).toEqual({ status: 503, json: { error: ['EService:Unavailable'] } });
      expect(await sim.control.acceptedOrders()).toHaveLength(0);
      await sim.control.setFaults({ unknownStatus: { times: 1 } });
      expect((await add()).json).toEqual({ error: ['EService:Deadline elapsed'] });
      await sim.control.setFaults({ error5xxAfter: { times: 1 } });
      expect((await add()).status).toBe(500);
      await sim.control.setFaults({ dropResponse: { times: 1 } });
      await expect(add()).rejects.toThrow();
      expect((await sim.control.acceptedOrders()).map((o) => o.reply)).toEqual(['unknown-status', '5xx', 'dropped']);
      expect(Object.keys((await kr.priv('OpenOrders')).json.result.open)).toHaveLength(3);
      await sim.control.setFaults({ rateLimitStorm: { times: 1 } });
      expect((await kr.priv('Balance')).json).toEqual({ error: ['EAPI:Rate limit exceeded'] });
      await sim.control.setFaults({ html502: { times: 1 } });
      const gw = await kr.pub('Time');
      expect(gw.status).toBe(502);
      await sim.control.setFaults({ now: { banMs: 60_000 } });
      expect((await kr.pub('Time')).json.error[0]).toMatch(/^EService: Throttled: \d{10}$/);
      await sim.control.resetLimits();
      expect((await kr.pub('Time')).json.error).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
