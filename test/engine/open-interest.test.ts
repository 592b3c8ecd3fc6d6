// Open interest through the engine against each local-venue dialect that gives it, over real
// loopback sockets: the reader asks it at start on the background lane (through the REST executor
// and its budget) and emits the venue's figure — one side, base units, whatever the dialect counts
// in (OKX contracts, Bybit and Hyperliquid both sides) — and a position the account opens adds its
// size to the next reading (the sim's figure is its own state). Off unless asked or the signal
// stack's kline feed is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmp, sub } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { OpenInterestEvent } from '../../src/engine/events.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { hlEngine, startHlSim } from './hyperliquid-helpers.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

interface Venue {
  name: string;
  start: () => Promise<SimHandle>;
  engine: (sim: SimHandle, log: EventLog) => Engine;
  symbol: string;
  /** An order's size in the venue's units, and the same in base units (what open interest counts). */
  qty: string;
  base: string;
}

const EVERY = { openInterestEveryMs: 60_000, riskEveryMs: 0 };
const VENUES: Venue[] = [
  { name: 'Binance USD-M', start: () => startTestSim(), engine: (sim, log) => testEngine(sim, log, EVERY), symbol: 'BTCUSDT', qty: '0.010', base: '0.01' },
  // Contracts of 0.01 BTC.
  { name: 'OKX', start: () => startOkxSim(), engine: (sim, log) => okxEngine(sim, log, EVERY), symbol: INST, qty: '2', base: '0.02' },
  { name: 'Hyperliquid', start: () => startHlSim(), engine: (sim, log) => hlEngine(sim, log, { ...EVERY, streams: false }), symbol: 'BTC', qty: '0.01', base: '0.01' },
  { name: 'Bybit', start: () => startBybitSim(), engine: (sim, log) => bybitEngine(sim, log, EVERY), symbol: 'BTCUSDT', qty: '0.010', base: '0.01' },
];

const minute = () => Math.floor(Date.now() / 60_000);

for (const venue of VENUES) {
  describe(`${venue.name}: open interest through the engine`, () => {
    let sim: SimHandle;
    let engine: Engine;
    const log = new EventLog();
    const readings = () => log.of('open-interest') as OpenInterestEvent[];

    beforeAll(async () => {
      sim = await venue.start();
      engine = venue.engine(sim, log);
      await engine.start();
    });
    afterAll(async () => {
      await engine?.stop();
      await sim?.close();
    });

    it("is read at start, in base units on one side, for the session's symbol", async () => {
      await until(() => readings().length > 0, 15_000, 'the first open-interest reading');
      const oi = readings()[0]!.openInterest;
      expect(oi.symbol).toBe(venue.symbol);
      // The sim's BTC level on one side is 4,275–7,875 BTC: both sides left unhalved would read
      // twice that, contracts of 0.01 BTC a hundred times.
      expect(cmp(oi.amount, '4000')).toBe(1);
      expect(cmp(oi.amount, '8000')).toBe(-1);
    });

    it('a position the account opens adds its size to the next reading', async () => {
      const buy = ticketFor(venue.symbol, venue.qty);
      // The sim's own level holds for each minute: a pair of reads straddling a minute is read again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const at = minute();
        await engine.openInterest.read();
        const before = readings().at(-1)!.openInterest.amount;
        const r = await engine.place(buy({ side: 'buy' }));
        expect(r.ok, JSON.stringify(r)).toBe(true);
        await engine.resyncer.pass('manual');
        await engine.openInterest.read();
        const after = readings().at(-1)!.openInterest.amount;
        if (minute() !== at) continue;
        expect(sub(after, before)).toMatch(new RegExp(`^${venue.base.replace('.', '\\.')}0*$`));
        return;
      }
      throw new Error('every pair of reads straddled a minute');
    });
  });
}

describe('off where nothing reads it', () => {
  it('no reading without the signal stack or an asked period', async () => {
    const sim = await startTestSim();
    const log = new EventLog();
    const engine = testEngine(sim, log, { riskEveryMs: 0 });
    try {
      expect(engine.openInterest.active).toBe(false);
      await engine.start();
      await engine.resyncer.pass('manual');
      expect(log.of('open-interest')).toEqual([]);
    } finally {
      await engine.stop();
      await sim.close();
    }
  });
});
