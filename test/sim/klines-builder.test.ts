// The local venue's klines are its own trades folded into bars (src/sim/market/klines.ts): on a
// seeded path with a clock that moves by random steps (now and then backwards), every bar of every
// interval closes at the last trade in it, its high and low are the extremes of its trades, its
// volume their sum; the history before the start is contiguous and closes at the start price.
import { describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { HISTORY_BARS, KlinePushes } from '../../src/sim/market/klines.js';
import { Market } from '../../src/sim/market/market.js';
import { Rng } from '../../src/sim/market/random.js';
import { RUN_SEED } from '../support/seed.js';

const MINUTE = 60_000;
const INTERVALS = [MINUTE, 5 * MINUTE, 3_600_000, 14_400_000, 86_400_000];

interface Printed {
  time: number;
  price: string;
  qty: string;
}

function run(seed: number, ticks: number) {
  let now = 1_765_000_000_000 + (seed % 86_400_000);
  const market = new Market(`klines-${seed}`, 'volatile', undefined, () => now);
  const m = market.get('BTCUSDT')!;
  const steps = new Rng(`steps-${seed}`);
  const printed: Printed[] = [];
  let last = now;
  for (let i = 0; i < ticks; i++) {
    // Mostly forward by up to 40 s (bars of every length close), sometimes a step back.
    now += steps.next() < 0.05 ? -Math.floor(steps.next() * 30_000) : Math.floor(steps.next() * 40_000);
    const before = m.lastTrade;
    market.tick();
    if (m.lastTrade !== undefined && m.lastTrade !== before) {
      last = Math.max(last, now);
      printed.push({ time: last, price: m.lastTrade.price, qty: m.lastTrade.qty });
    }
    // Our clients' fills are trades too.
    if (i % 17 === 0) {
      m.recordTrade(m.mid, m.spec.stepSize, false);
      last = Math.max(last, now);
      printed.push({ time: last, price: m.mid, qty: m.spec.stepSize });
    }
  }
  return { market: m, printed, now: Math.max(now, last) };
}

describe('sim klines: built from the trade path', () => {
  it(`every bar of every interval agrees with the trades in it (seed ${RUN_SEED})`, () => {
    const { market, printed, now } = run(RUN_SEED, 3000);
    expect(printed.length).toBeGreaterThan(1000);
    for (const interval of INTERVALS) {
      const bars = market.klines.bars(interval, { startTime: market.klines.liveStart(interval), limit: 100_000 }, now);
      expect(bars.length).toBeGreaterThan(0);
      let prevClose = market.klines.startPrice;
      for (const bar of bars) {
        const inBar = printed.filter((t) => t.time >= bar.openTime && t.time < bar.openTime + interval);
        if (inBar.length === 0) {
          expect([bar.open, bar.high, bar.low, bar.close, bar.volume]).toEqual([prevClose, prevClose, prevClose, prevClose, '0']);
        } else {
          expect(bar.open, `open of ${bar.openTime}/${interval}`).toBe(inBar[0]!.price);
          expect(bar.close, `close of ${bar.openTime}/${interval}`).toBe(inBar[inBar.length - 1]!.price);
          expect(bar.high).toBe(inBar.map((t) => t.price).reduce((a, b) => D.max(a, b)));
          expect(bar.low).toBe(inBar.map((t) => t.price).reduce((a, b) => D.min(a, b)));
          expect(D.cmp(bar.volume, D.sum(inBar.map((t) => t.qty)))).toBe(0);
          expect(bar.trades).toBe(inBar.length);
        }
        expect(bar.closeTime).toBe(bar.openTime + interval - 1);
        prevClose = bar.close;
      }
      // The newest bar holds now; bars are contiguous.
      expect(bars[bars.length - 1]!.openTime).toBe(Math.floor(now / interval) * interval);
      for (let i = 1; i < bars.length; i++) expect(bars[i]!.openTime - bars[i - 1]!.openTime).toBe(interval);
    }
  });

  it('has HISTORY_BARS seeded bars before the start, contiguous and closing at the start price', () => {
    const { market, now } = run(RUN_SEED + 1, 50);
    for (const interval of INTERVALS) {
      const live = market.klines.liveStart(interval);
      const history = market.klines.bars(interval, { endTime: live - 1, limit: 100_000 }, now);
      expect(history).toHaveLength(HISTORY_BARS);
      expect(history[history.length - 1]!.close).toBe(market.klines.startPrice);
      for (let i = 0; i < history.length; i++) {
        const b = history[i]!;
        expect(b.openTime).toBe(live - (HISTORY_BARS - i) * interval);
        expect(D.gte(b.high, D.max(b.open, b.close)) && D.lte(b.low, D.min(b.open, b.close))).toBe(true);
        if (i > 0) expect(b.open).toBe(history[i - 1]!.close);
      }
      // The same seed gives the same history.
      const again = new Market(`klines-${RUN_SEED + 1}`, 'volatile', undefined, () => market.klines.startTime);
      expect(again.get('BTCUSDT')!.klines.bars(interval, { endTime: live - 1, limit: 3 }, now)).toEqual(history.slice(-3));
    }
  });

  it('answers a window: newest first by limit, or forward from a start time', () => {
    const { market, now } = run(RUN_SEED + 2, 200);
    const newest = market.klines.bars(MINUTE, { limit: 10 }, now);
    expect(newest).toHaveLength(10);
    expect(newest[9]!.openTime).toBe(Math.floor(now / MINUTE) * MINUTE);
    const from = market.klines.bars(MINUTE, { startTime: newest[2]!.openTime + 1, limit: 3 }, now);
    expect(from.map((b) => b.openTime)).toEqual(newest.slice(3, 6).map((b) => b.openTime));
  });

  it('pushes the bar that closed since the last push once, then the open one', () => {
    let now = 1_765_000_000_000;
    const market = new Market('pushes', 'calm', undefined, () => now);
    const m = market.get('BTCUSDT')!;
    const pushes = new KlinePushes();
    m.recordTrade(m.mid, '1', false);
    expect(pushes.due('k', m.klines, MINUTE, now).map((p) => p.closed)).toEqual([false]);
    const firstOpen = Math.floor(now / MINUTE) * MINUTE;
    now = firstOpen + MINUTE + 5;
    const due = pushes.due('k', m.klines, MINUTE, now);
    expect(due.map((p) => [p.bar.openTime, p.closed])).toEqual([
      [firstOpen, true],
      [firstOpen + MINUTE, false],
    ]);
    expect(due[0]!.bar.volume).toBe('1');
    expect(pushes.due('k', m.klines, MINUTE, now).map((p) => p.closed)).toEqual([false]);
  });
});
