// A spot venue holds no positions, and its adapter offers none to ask (venue.ts: `positions` absent):
// a resync and a risk read against the local Kraken venue send it nothing for them. Every request
// passes a tap that names it, and the venue's own count agrees with the tap's. (Coinbase's JWT names
// the host it is sent to, so it cannot go through a tap; the same callers serve it.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { krakenEngine, nonceDir, startKrakenSim } from './kraken-helpers.js';
import { type RequestTap, requestTap } from './request-tap.js';
import { EventLog } from './rest-helpers.js';

const dir = nonceDir();
let sim: SimHandle;
let tap: RequestTap;
let e: Engine;

beforeAll(async () => {
  sim = await startKrakenSim();
  tap = await requestTap(sim.restUrl);
  e = krakenEngine({ ...sim, restUrl: tap.url }, new EventLog(), join(dir, 'key.json'));
  await e.start();
});
afterAll(async () => {
  await e.stop();
  await tap.close();
  await sim.close();
});

describe('Kraken spot: no positions asked', () => {
  it('a resync asks open orders, balances and fills; a risk read asks nothing', async () => {
    const from = tap.seen.length;
    const venueFrom = (await sim.control.stats()).httpRequests;
    await e.resyncer.pass('manual');
    await e.risk.refresh();
    const sent = tap.seen.slice(from);
    expect([...sent].sort()).toEqual(['POST /0/private/BalanceEx', 'POST /0/private/OpenOrders', 'POST /0/private/TradesHistory']);
    expect((await sim.control.stats()).httpRequests - venueFrom).toBe(sent.length);
  });
});
