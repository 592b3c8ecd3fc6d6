// The engine's flatten on a spot session (Kraken's local venue, private socket on): no position to
// close, so it sells back base as the cockpit's `:flatten [session|all]` plans it (core/spot-flatten.ts),
// judged by the venue's own balances (BalanceEx over REST), never by the engine's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, eq } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenEngine, nonceDir, startKrakenSim, SYMBOL } from './kraken-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, SIM_STREAM_OPTIONS } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine;
const log = new EventLog();

/** The venue's word on the account's BTC: wallet and free. */
async function venueBtc(): Promise<{ wallet: string; available: string }> {
  const b = (await engine.rest.run(kraken.balances())).find((x) => x.asset === 'BTC');
  return { wallet: b?.wallet ?? '0', available: b?.available ?? '0' };
}

async function settledOf(r: Awaited<ReturnType<Engine['flatten']>>) {
  if (!r.ok) throw new Error(r.error);
  if (r.clientOrderId === undefined) throw new Error(`nothing was sent: ${r.message}`);
  return engine.orders.get(r.clientOrderId)!.settled;
}

beforeAll(async () => {
  sim = await startKrakenSim({ seed: 'spot-flatten' });
  engine = krakenEngine(sim, log, join(nonceDir(), 'key.json'), { ...SIM_STREAM_OPTIONS });
  await engine.start();
  await until(() => bothLive(log), 5_000, 'sockets live');
});
afterAll(async () => {
  await engine?.stop();
  await sim?.close();
});

describe('flatten on a spot session, against the local venue', () => {
  it('nothing bought yet: nothing is sent, and the line says the session holds none (the free BTC from before stays)', async () => {
    const before = await venueBtc();
    const r = await engine.flatten();
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.clientOrderId).toBeFalsy();
    expect(r.ok && r.message).toMatch(/nothing to sell — the session holds no BTC it bought/);
    expect(await venueBtc()).toEqual(before);
  });

  it('after buys, the default (the smaller: what this session bought) sells exactly that back, and the venue balance is where it began', async () => {
    const start = await venueBtc();
    for (const qty of ['0.004', '0.003']) {
      const r = await engine.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty, reduceOnly: false, postOnly: false });
      if (!r.ok) throw new Error(r.error);
      await until(() => engine.account.order(r.clientOrderId!)?.state === 'filled', 5_000, `buy ${qty} filled`);
    }
    await until(() => eq(engine.spotLedger()?.qty ?? '0', '0.007'), 5_000, 'the session ledger to hold both buys');
    expect(eq((await venueBtc()).wallet, add(start.wallet, '0.007'))).toBe(true);

    const order = await settledOf(await engine.flatten());
    expect(order).toMatchObject({ side: 'sell', type: 'market', state: 'filled', reduceOnly: false });
    expect(eq(order.filledQty, '0.007')).toBe(true);
    await until(() => eq(engine.spotLedger()?.qty ?? '1', '0'), 5_000, 'the ledger to hold nothing the session bought');
    expect(eq((await venueBtc()).wallet, start.wallet)).toBe(true);
  });

  it('amount all: every free BTC is sold, whatever the session bought', async () => {
    const free = (await venueBtc()).available;
    const order = await settledOf(await engine.flatten({ amount: 'all' }));
    expect(eq(order.filledQty, free)).toBe(true);
    expect(eq((await venueBtc()).available, '0')).toBe(true);
  });
});
