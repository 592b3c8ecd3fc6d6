// The account's leverage per symbol, read through the engine from each local-venue dialect the way
// the venue answers it (Binance symbolConfig, OKX leverage-info, Hyperliquid activeAssetData):
// pushed as a `leverage` event at start, and again when the cockpit asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { hlEngine, startHlSim } from './hyperliquid-helpers.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

// An account whose trader set 7x on BTC and left every other symbol at the venue's default.
const ACCOUNTS = [{ name: 'seven', leverage: { BTCUSDT: 7 } }];

const VENUES: Array<{ name: string; start: () => Promise<SimHandle>; engine: (sim: SimHandle, log: EventLog) => Engine; symbol: string }> = [
  { name: 'Binance USD-M', start: () => startTestSim({ accounts: ACCOUNTS }), engine: (sim, log) => testEngine(sim, log), symbol: 'BTCUSDT' },
  { name: 'OKX', start: () => startOkxSim({ accounts: ACCOUNTS }), engine: (sim, log) => okxEngine(sim, log), symbol: INST },
  {
    name: 'Hyperliquid',
    start: () => startHlSim({ accounts: ACCOUNTS }),
    engine: (sim, log) => hlEngine(sim, log, { streams: false }),
    symbol: 'BTC',
  },
];

for (const venue of VENUES) {
  describe(`${venue.name}: the account's leverage through the engine`, () => {
    let sim: SimHandle;
    beforeAll(async () => {
      sim = await venue.start();
    });
    afterAll(async () => {
      await sim?.close();
    });

    it('arrives as a leverage event at start, the value the account holds (7x cross, not the default 20x)', async () => {
      const log = new EventLog();
      const engine = venue.engine(sim, log);
      try {
        await engine.start();
        await until(() => log.of('leverage').length > 0, 15_000, 'a leverage event');
        expect(log.of('leverage')[0]!.leverage).toEqual({ symbol: venue.symbol, leverage: '7', marginMode: 'cross' });
        const again = await engine.readLeverage();
        expect(again).toEqual({ ok: true, message: `${venue.symbol} leverage 7x cross, as the venue holds it` });
        expect(log.of('leverage')).toHaveLength(2);
      } finally {
        await engine.stop();
      }
    });
  });
}
