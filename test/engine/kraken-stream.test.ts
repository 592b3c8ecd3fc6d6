// The Kraken v2 sockets against the local venue over real loopback: the private socket subscribes
// executions and balances with a GetWebSocketsToken token, the public one the ticker; an order and
// its fill arrive on the stream (the fill under its REST trade id); and the key test — the private
// socket drops while orders fill: after the reconnect the engine's fills equal the venue's, each
// once, and its balances equal the venue's BalanceEx.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { tradeTxid } from '../../src/sim/dialects/kraken/ids.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenEngine, nonceDir, startKrakenSim, SYMBOL } from './kraken-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, connectionsOf, fillWhileUserStreamDown, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;
const KEY_FILE = join(nonceDir(), 'key.json');

beforeAll(async () => {
  sim = await startKrakenSim();
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});
afterAll(async () => {
  await sim.close();
});

async function startEngine(): Promise<Engine> {
  log = new EventLog();
  engine = krakenEngine(sim, log, KEY_FILE, { ...SIM_STREAM_OPTIONS });
  await engine.start();
  await until(() => bothLive(log), 5_000, 'sockets live');
  return engine;
}

describe('Kraken v2 sockets against the local venue', () => {
  it('goes live with the token; the ticker streams; an order and its fill arrive on the private socket', async () => {
    const e = await startEngine();
    await until(() => log.of('ticker').some((t) => t.symbol === SYMBOL), 5_000, 'a ticker');
    await sim.control.setPrice(SYMBOL, '50000');
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.01', price: '49950.0', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId as string;
    await until(() => e.account.order(id)?.state === 'new', 5_000, 'order open');
    const fillsBefore = log.of('fill').length;
    await sim.control.setPrice(SYMBOL, '49900');
    await until(() => log.of('fill').length > fillsBefore, 5_000, 'the fill on the stream');
    const fill = log.of('fill').at(-1)?.fill;
    expect(fill).toMatchObject({ symbol: SYMBOL, side: 'buy', clientOrderId: id });
    // The same trade under the same id on REST: a resync dedupes it, never counts it twice.
    const rest = await e.rest.run(kraken.fills({ symbol: SYMBOL, startTime: (fill?.time ?? 0) - 1_000 }));
    expect(rest.map((f) => f.tradeId)).toContain(fill?.tradeId);
    await until(() => e.account.order(id)?.state === 'filled', 5_000, 'order filled');
  });

  it('THE key test: the private socket drops while orders fill; fills and balances equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    const { ids, venueFills } = await fillWhileUserStreamDown(sim, e, log, { symbol: SYMBOL, qty: '0.01', prices: ['49990.0', '49980.0', '49970.0'] }, 1, SYMBOL);
    await until(() => statesOf(log, 'user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    const wanted = new Set(venueFills.map((f) => tradeTxid(f.tradeId)));
    await until(() => [...wanted].every((t) => log.of('fill').some((f) => f.fill.tradeId === t)), 5_000, 'missed fills recovered');
    const local = log.of('fill').map((f) => f.fill.tradeId).filter((t) => wanted.has(t));
    expect(new Set(local).size).toBe(local.length);
    expect(new Set(local)).toEqual(wanted);
    for (const id of ids) await until(() => e.account.order(id)?.state === 'filled', 5_000, `${id} filled`);
    const venue = await e.rest.run(kraken.balances());
    await e.resyncer.pass('periodic');
    const mine = e.account.allBalances();
    for (const asset of ['USD', 'BTC']) {
      expect(mine.find((b) => b.asset === asset)?.wallet, asset).toBe(venue.find((b) => b.asset === asset)?.wallet);
    }
  });

  it('a forgotten token (ESession:Invalid session on resubscribe) is replaced: the private socket is live again', async () => {
    await startEngine();
    // The venue forgets every token (the subscription made goes on), then the sockets drop: the
    // resubscribe with the old token is refused, and only a new token brings the socket back.
    expect(await sim.control.expireListenKeys()).toBeGreaterThan(0);
    await sim.control.dropSockets('all');
    await until(() => statesOf(log, 'user').filter((s) => s === 'live').length >= 2, 10_000, 'user live again with a new token');
    // One refusal at most: the refused token is dropped, not offered again.
    const refusals = connectionsOf(log, 'user').filter((ev) => ev.state === 'reconnecting' && /Invalid session/.test(ev.reason ?? ''));
    expect(refusals.length).toBeLessThanOrEqual(1);
  });
});
