// The engine-level half of the frame fuzzing: the local venue slips unparsable and oversized frames
// (5 MiB) in front of its real pushes, on the user and the market socket, while orders fill. The
// session goes on — no reconnect, every fill arrives — and each bad frame is counted and logged.
import { describe, expect, it } from 'vitest';
import { cmp, div, mul } from '../../src/core/decimal.js';
import { roundToStep } from '../../src/core/rounding.js';
import { availableVenues, profileOf, simCredentials } from '../../src/chaos/profiles.js';
import { Engine } from '../../src/engine/engine.js';
import { memoryNonceFloor } from '../../src/engine/nonce-floor.js';
import { type SimDialect, startSim } from '../../src/sim/index.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { until } from '../support/until.js';

const venues = await availableVenues();

describe('bad frames from the venue: counted, logged, and the session goes on', () => {
  for (const venue of venues) {
    it(`${venue}: malformed and oversized frames between real pushes`, async () => {
      const profile = profileOf(venue);
      const sim = await startSim({
        dialect: profile.dialect as SimDialect,
        tickMs: 50,
        seed: 'frames',
        faults: { wsMalformed: { probability: 0.3 }, wsOversized: { probability: 0.05, bytes: 5 << 20 } },
      });
      const events: EngineEvent[] = [];
      const engine = new Engine({
        venue,
        env: 'sim',
        credentials: simCredentials(profile, sim.accounts[0]!),
        simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
        symbol: profile.symbol,
        sink: { push: (e) => events.push(e) },
        reconcileEveryMs: 0,
        riskEveryMs: 0,
        deadman: { enabled: false },
        // A fresh sim key each run, signed by this process alone: its nonce floor (Kraken) in memory.
        nonceFloor: memoryNonceFloor,
        timeSync: { burst: 2, resyncBurst: 2 },
      });
      try {
        await engine.start();
        await until(
          () => engine.streams.every((s) => s.state === 'live') && events.some((e) => e.type === 'ticker'),
          'live',
        );
        // Three steps of the minimum, or twice the minimum notional where that is more (Coinbase's
        // base minimum is one satoshi, its quote minimum 1 USD).
        const { minQty, minNotional, stepSize } = engine.instrument!;
        const last = [...events].reverse().find((e) => e.type === 'ticker');
        const price = last?.type === 'ticker' ? last.ask : '0';
        const byNotional = cmp(price, '0') > 0 ? roundToStep(div(mul(minNotional, '2'), price, 12, 'up'), stepSize, 'up') : '0';
        const qty = cmp(byNotional, mul(minQty, '3')) > 0 ? byNotional : mul(minQty, '3');
        for (let i = 0; i < 6; i++) {
          const r = await engine.place({
            symbol: profile.symbol,
            side: i % 2 === 0 ? 'buy' : 'sell',
            type: 'market',
            qty,
            reduceOnly: false,
            postOnly: false,
          });
          expect(r.ok).toBe(true);
        }
        const venueFills = async () => (await sim.control.fills()).length;
        await until(() => engine.account.counters.fills > 0, 'fills on the stream');
        const target = await venueFills();
        await until(() => engine.account.counters.fills >= target, 'every fill');
        const sum = (k: 'malformed' | 'oversized' | 'reconnects') =>
          engine.streams.reduce((n, s) => n + s.counters[k], 0);
        await until(() => sum('malformed') > 0 && sum('oversized') > 0, 'bad frames seen');
        expect(sum('reconnects')).toBe(0);
        expect(engine.streams.every((s) => s.state === 'live')).toBe(true);
        const logged = events.filter((e) => e.type === 'log' && /malformed|oversized/.test(e.text));
        expect(logged.length).toBe(sum('malformed') + sum('oversized'));
        expect(logged.some((e) => e.type === 'log' && /#\d+ (malformed|oversized)/.test(e.text))).toBe(true);
      } finally {
        await engine.stop();
        await sim.close();
      }
    }, 120_000);
  }
});
