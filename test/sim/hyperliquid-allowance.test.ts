// The local venue's Hyperliquid address allowance (HL "Rate limits": 10 000 requests plus one per
// USDC traded, a batch of n counts n; once used up, one request every 10 s). A small allowance here;
// the venue clock is stepped instead of waited for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressAllowance } from '../../src/sim/dialects/hyperliquid/limits.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { HlClient } from './hyperliquid-client.js';

describe('sim: Hyperliquid address allowance', () => {
  it('counts against 10 000 + whole USDC traded, then lets one request through every 10 s', () => {
    const a = new AddressAllowance(3);
    expect(a.cap('0')).toBe(3);
    expect(a.cap('12.75')).toBe(15);
    const t = 1_000_000;
    expect([1, 2, 3].map((i) => a.spend('acc', 1, '0', t + i))).toEqual([1, 2, 3]);
    // Used up: the first request past it goes (and counts), the next waits 10 s.
    expect(a.spend('acc', 1, '0', t + 10)).toBe(4);
    expect(a.spend('acc', 1, '0', t + 20)).toBeUndefined();
    expect(a.spend('acc', 1, '0', t + 10 + 9_999)).toBeUndefined();
    expect(a.spend('acc', 1, '0', t + 10 + 10_000)).toBe(5);
    expect(a.used('acc')).toBe(5);
    // Volume raises the cap: the allowance is open again.
    expect(a.spend('acc', 2, '10', t + 10 + 10_001)).toBe(7);
    // Each address has its own.
    expect(a.spend('other', 1, '0', t)).toBe(1);
  });

  describe('over /exchange', () => {
    let sim: SimHandle;
    let c: HlClient;
    beforeAll(async () => {
      sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 7, limits: { addressBuffer: 2 } });
      c = new HlClient(sim);
    });
    afterAll(async () => {
      await sim.close();
    });
    // A cancel of an order that does not exist: an action the allowance counts, and nothing else.
    const action = () => c.act({ type: 'cancel', cancels: [{ a: 0, o: 1 }] });
    const refused = (r: { json: unknown }) => JSON.stringify(r.json).includes('Too many cumulative requests sent');

    it('refuses past the allowance in the venue words, takes one action per 10 s of venue time, and userRateLimit shows the count', async () => {
      expect(refused(await action())).toBe(false);
      expect(refused(await action())).toBe(false);
      // Used up: the first past it is the 10 s trickle's, the next is refused.
      expect(refused(await action())).toBe(false);
      const no = await action();
      expect(no.json).toEqual({ status: 'err', response: 'Too many cumulative requests sent (4 > 2) for cumulative volume traded $0. Place taker orders to free up 1 request per USDC traded.' });
      await sim.control.jumpClock(10_000);
      expect(refused(await action())).toBe(false);
      expect(refused(await action())).toBe(true);
      const limit = (await c.info({ type: 'userRateLimit', user: c.master })).json;
      expect(limit).toMatchObject({ nRequestsUsed: 4, nRequestsCap: 2 });
    });
  });
});
