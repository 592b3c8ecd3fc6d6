// A desk's fan-out over three accounts on two local venues (binance-usdm with two accounts, OKX with
// one, its swap counted in contracts of 0.01 BTC) while both venues drop replies after processing,
// answer 5xx before and after, and say "unknown": every intent gives exactly ONE order per account,
// counted from each venue's own ledger (control/orders), never two and never none. Each account's
// engine resolves its own ambiguous sends by client id; the desk's actions retry nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { createDeskActions, type DeskMember } from '../../src/engine/desk-actions.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { OrderTicket } from '../../src/store/actions.js';
import type { DeskActions } from '../../src/store/desk.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine } from './rest-helpers.js';

const RESOLVE = { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } };
const FAULTS = {
  dropResponse: { probability: 0.1 },
  error5xxBefore: { probability: 0.08 },
  error5xxAfter: { probability: 0.1 },
  unknownStatus: { probability: 0.08 },
};

let binance: SimHandle;
let okx: SimHandle;
let engines: Record<'a' | 'b' | 'c', Engine>;
let desk: DeskActions;

describe('a fan-out across three accounts on two venues', () => {
  beforeAll(async () => {
    [binance, okx] = await Promise.all([startTestSim({ accounts: [{ name: 'a' }, { name: 'b' }] }), startOkxSim({ accounts: [{ name: 'c' }] })]);
    engines = {
      a: testEngine(binance, new EventLog(), RESOLVE),
      b: testEngine(binance, new EventLog(), { ...RESOLVE, credentials: simCredentials(binance, 1) }),
      c: okxEngine(okx, new EventLog(), RESOLVE),
    };
    await Promise.all(Object.values(engines).map((e) => e.start()));
    const members: DeskMember[] = [
      { name: 'a', engine: () => engines.a },
      { name: 'b', engine: () => engines.b, sizing: { multiplier: '2' } },
      { name: 'c', engine: () => engines.c },
    ];
    // The store's contract, met by the engine's implementation.
    desk = createDeskActions(members);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([binance?.control.clearFaults(), okx?.control.clearFaults()]);
    await Promise.all(Object.values(engines ?? {}).map((e) => e.stop()));
    await Promise.all([binance?.close(), okx?.close()]);
  });

  it('sizes each account in its own units: 0.01 BTC, twice that, and 1 OKX contract', async () => {
    expect(engines.c.instrument).toMatchObject({ symbol: INST, contractSize: '0.01' });
    const out = await desk.fanOut(['a', 'b', 'c'], ticket('buy', 'market'), 'a');
    expect(out.map((o) => [o.account, o.status, o.qty])).toEqual([
      ['a', 'sent', '0.01'],
      ['b', 'sent', '0.02'],
      ['c', 'sent', '1'],
    ]);
    await settledAll(out);
    // Settled, so the next test's ledger count starts after the flatten's orders.
    await settledAll(await desk.flatten(['a', 'b', 'c']));
  }, 60_000);

  it('under reply faults on both venues: exactly one order per account per intent, by the venues\' ledgers', async () => {
    const before = [...(await binance.control.acceptedOrders()), ...(await okx.control.acceptedOrders())].length;
    await Promise.all([binance.control.setFaults(FAULTS), okx.control.setFaults(FAULTS)]);
    const intents: Array<Record<string, string>> = [];
    for (let i = 0; i < 30; i++) {
      const t = i % 2 === 0 ? ticket(i % 4 === 0 ? 'buy' : 'sell', 'market') : { ...ticket('buy', 'limit'), price: await limitPrice() };
      const out = await desk.fanOut(['a', 'b', 'c'], t, 'a');
      for (const o of out) expect(o.status, `${o.account}: ${o.message}`).toBe('sent');
      intents.push(Object.fromEntries(out.map((o) => [o.account, o.clientOrderId!])));
      await settledAll(out);
    }
    const [bStats, oStats] = await Promise.all([binance.control.stats(), okx.control.stats()]);
    await Promise.all([binance.control.clearFaults(), okx.control.clearFaults()]);
    const fired = (f: string) => (bStats.faultsFired[f] ?? 0) + (oStats.faultsFired[f] ?? 0);
    for (const f of Object.keys(FAULTS)) expect(fired(f), f).toBeGreaterThan(0);

    const ledger = [...(await binance.control.acceptedOrders()), ...(await okx.control.acceptedOrders())];
    const accountOf: Record<string, string> = {
      a: binance.accounts[0]!.id,
      b: binance.accounts[1]!.id,
      c: okx.accounts[0]!.id,
    };
    // Nothing else reached the venues: no second order under a new id either.
    const during = ledger.length - before;
    expect(during).toBe(intents.length * 3);
    for (const [n, ids] of intents.entries()) {
      for (const account of ['a', 'b', 'c']) {
        const orders = ledger.filter((o) => o.clientOrderId === ids[account]);
        expect(orders.length, `intent ${n} on ${account}`).toBe(1);
        expect(orders[0]!.accountId, `intent ${n} on ${account}`).toBe(accountOf[account]);
      }
    }
    // The sends the faults made ambiguous were resolved by each engine, once; some had to be resent.
    const resent = Object.values(engines).reduce((s, e) => s + e.orders.counters.resent, 0);
    expect(resent).toBeGreaterThan(0);
    const all = await desk.cancelAll(['a', 'b', 'c']);
    expect(all.map((o) => o.status)).toEqual(['sent', 'sent', 'sent']);
    await desk.flatten(['a', 'b', 'c']);
  }, 300_000);

  it('a guard refusal, a session not running and a size that rounds to zero are their accounts\' lines; the others are sent', async () => {
    const guarded = testEngine(binance, new EventLog(), { ...RESOLVE, credentials: simCredentials(binance, 1), guard: { maxOrderNotional: '10' } });
    await guarded.start();
    try {
      const partial = await createDeskActions([
        { name: 'a', engine: () => engines.a },
        { name: 'guarded', engine: () => guarded },
        { name: 'down', engine: () => undefined },
        { name: 'tiny', engine: () => engines.c, sizing: { multiplier: '0.05' } },
      ]).fanOut(['a', 'guarded', 'down', 'tiny', 'nobody'], { ...ticket('buy', 'limit'), price: await limitPrice() }, 'a');
      expect(partial.map((o) => [o.account, o.status]), partial[0]!.message).toEqual([
        ['a', 'sent'],
        ['guarded', 'skipped'],
        ['down', 'skipped'],
        ['tiny', 'skipped'],
        ['nobody', 'skipped'],
      ]);
      expect(partial[1]!.message).toMatch(/^not sent: guard: order size: [0-9.]+ USDT is over the 10 USDT limit per order$/);
      expect(partial[2]!.message).toBe('its session is not running');
      expect(partial[3]!.message).toBe('skipped: its size rounds to zero (step 0.1)');
      expect(partial[4]!.message).toBe('no such account on the desk');
      await settledAll(partial);
    } finally {
      await guarded.stop();
    }
    const cancelled = await desk.cancelAll(['a', 'down']);
    expect(cancelled.map((o) => o.status)).toEqual(['sent', 'skipped']);
  }, 60_000);
});

function ticket(side: 'buy' | 'sell', type: 'market' | 'limit', qty = '0.01'): OrderTicket {
  return { symbol: 'BTCUSDT', side, type, qty, reduceOnly: false, postOnly: false };
}

/** 5 % under the binance-usdm bid, on the 0.1 tick: rests on both venues (their books are near). */
async function limitPrice(): Promise<string> {
  const r = (await (await fetch(`${binance.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
  return (Math.round(Number(r.bidPrice) * 0.95 * 10) / 10).toFixed(1);
}

/** Waits for every sent order's engine to settle it (its ambiguous sends resolved). */
async function settledAll(out: Awaited<ReturnType<DeskActions['fanOut']>>): Promise<void> {
  const byAccount: Record<string, Engine | undefined> = { a: engines.a, b: engines.b, c: engines.c, tiny: engines.c };
  await Promise.all(out.map((o) => (o.clientOrderId === undefined ? undefined : byAccount[o.account]?.orders.get(o.clientOrderId)?.settled)));
}
