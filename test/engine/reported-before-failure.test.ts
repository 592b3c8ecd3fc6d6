// A send whose failure comes after the venue has reported its order, against the local venue with
// the user stream on, once per dialect that words it: the venue fills the order and pushes it, then
// answers the send with its own "not processed" 503 (the `unavailableAfter` fault — Binance USD-M's
// -1001, whose general API docs say any 5XX may have executed; Kraken's EService:Unavailable). The
// reply is held until the book has the stream's report, so the failure is read second, every run.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { krakenEngine, nonceDir, startKrakenSim, SYMBOL as KRAKEN_SYMBOL } from './kraken-helpers.js';
import { EventLog, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

interface Case {
  venue: string;
  /** The venue's "not processed" words, as the fault answers them (the title's, and the body's). */
  words: string;
  body: RegExp;
  symbol: string;
  start(log: EventLog): Promise<{ sim: SimHandle; engine: Engine }>;
}

const CASES: readonly Case[] = [
  {
    venue: 'binance-usdm',
    words: '503 -1001',
    body: /"code":-1001/,
    symbol: 'BTCUSDT',
    async start(log) {
      const sim = await startTestSim({ seed: 43 });
      return { sim, engine: testEngine(sim, log, SIM_STREAM_OPTIONS) };
    },
  },
  {
    venue: 'kraken',
    words: '503 EService:Unavailable',
    body: /"error":\["EService:Unavailable"\]/,
    symbol: KRAKEN_SYMBOL,
    async start(log) {
      const sim = await startKrakenSim({ seed: 43 });
      return { sim, engine: krakenEngine(sim, log, join(nonceDir(), 'key.json'), SIM_STREAM_OPTIONS) };
    },
  },
];

for (const c of CASES) {
  describe(`${c.venue}: a send whose failure comes after the venue reported the order, against the local venue`, () => {
    let sim: SimHandle | undefined;
    let engine: Engine;
    const log = new EventLog();
    /** Every failed reply the engine read, as status and body: the fault's answer must be among them. */
    const failures: string[] = [];
    const ticket = ticketFor(c.symbol, '0.002');

    beforeAll(async () => {
      ({ sim, engine } = await c.start(log));
      const send = engine.http.send.bind(engine.http);
      engine.http.send = async (req) => {
        const res = await send(req);
        if (res.status >= 500) failures.push(`${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`);
        return res;
      };
      await engine.start();
      await until(
        () => engine.streams.length > 0 && engine.streams.every((s) => s.state === 'live'),
        undefined,
        'live streams',
      );
    });
    afterAll(async () => {
      await engine?.stop();
      await sim?.close();
    });
    afterEach(async () => {
      await sim?.control.clearFaults();
    });

    it(`"not processed" (${c.words}) after the stream reported the fill: the order stays as reported, the failure's words not written onto it, nothing asked, nothing re-sent`, async () => {
      const control = sim!.control;
      const before = { ...engine.orders.counters };
      await control.setFaults({ unavailableAfter: { times: 1 }, holdAfter: { times: 1 } });
      const r = await engine.place(ticket({}));
      if (!r.ok) throw new Error(r.error);
      const id = r.clientOrderId!;
      await until(() => engine.account.order(id)?.state === 'filled', undefined, "the stream's report of the fill");
      await control.patchFaults({ now: { releaseHeld: true } });
      const order = await engine.orders.get(id)!.settled;
      expect((await control.stats()).faultsFired['unavailableAfter']).toBe(1);
      // The send was answered with the venue's "not processed", not with the order.
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/^503 /);
      expect(failures[0]).toMatch(c.body);
      expect(order).toMatchObject({ state: 'filled', filledQty: '0.002' });
      expect(order.reason).toBeUndefined();
      // What the trader saw: the fill, never the venue's "unable to process" on it.
      const seen = log.of('order').filter((e) => e.order.clientOrderId === id);
      expect(seen.filter((e) => e.order.reason !== undefined)).toEqual([]);
      expect(engine.orders.counters.sends - before.sends).toBe(1);
      expect(engine.orders.counters.queries - before.queries).toBe(0);
      expect(engine.orders.counters.resent - before.resent).toBe(0);
      const placed = (await control.acceptedOrders()).filter((o) => o.clientOrderId === id);
      expect(placed).toHaveLength(1);
      // The venue handled it and answered the 5xx: the ledger says so.
      expect(placed[0]?.reply).toBe('5xx');
    });
  });
}
