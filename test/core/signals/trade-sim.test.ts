// The trade simulator on hand-made bars: a decision at a close fills at the next open (slippage
// against the trader), exits on the stop, the target or the time limit, a touched stop wins over a
// touched target in one bar, gaps fill at the open, and fees are paid on both fills.
import { describe, expect, it } from 'vitest';
import type { Entry, Rule } from '../../../src/core/signals/strategies.js';
import { netPct, simulate } from '../../../src/core/signals/trade-sim.js';
import type { Kline } from '../../../src/core/signals/types.js';

const bar = (open: number, high: number, low: number, close: number, i = 0): Kline => ({ openTime: i * 60_000, open, high, low, close, volume: 1, closed: true });
const flat = (n: number, price = 100): Kline[] => Array.from({ length: n }, (_, i) => bar(price, price, price, price, i));

/** Asks for `entry` at the closes of the given bars (by position in the series). */
function scripted(at: Record<number, Entry>): Rule {
  let t = -1;
  return {
    onBar() {
      t++;
      return at[t];
    },
  };
}

const long: Entry = { side: 'buy', stopDistance: 2, targetDistance: 4, maxBars: 5 };
const short: Entry = { side: 'sell', stopDistance: 2, targetDistance: 4, maxBars: 5 };
const free = { takerFee: 0, slippage: 0 };

describe('simulate', () => {
  it('fills at the next bar open, never at the deciding close', () => {
    const bars = [bar(100, 100, 100, 100), bar(101, 101, 101, 101), bar(101, 101, 101, 101)];
    const [trade] = simulate(bars, scripted({ 0: long }), free);
    expect(trade).toMatchObject({ decidedAt: 0, enteredAt: 1, entryPrice: 101, exit: 'end', exitedAt: 2, exitPrice: 101 });
  });

  it('exits at the target for a long and a short, at its own price (a resting limit: no slippage)', () => {
    const up = [...flat(2), bar(100, 104.5, 99.5, 104), ...flat(2, 104)];
    const [a] = simulate(up, scripted({ 1: long }), { takerFee: 0, slippage: 0.001 });
    expect(a).toMatchObject({ exit: 'target', exitedAt: 2, entryPrice: 100 * 1.001, exitPrice: 100 * 1.001 + 4 });
    // The bars after it sit above the target: only the touch inside the bar can have taken it.
    const down = [...flat(2), bar(100, 100.5, 95.5, 96), ...flat(2, 97)];
    const [b] = simulate(down, scripted({ 1: short }), free);
    expect(b).toMatchObject({ exit: 'target', exitPrice: 96, netPct: 4 });
  });

  it('exits at the stop with slippage, and a bar touching both stop and target is a stop', () => {
    const both = [...flat(2), bar(100, 105, 97, 101), ...flat(2, 101)];
    const [a] = simulate(both, scripted({ 1: long }), { takerFee: 0, slippage: 0.001 });
    expect(a?.exit).toBe('stop');
    expect(a?.exitPrice).toBeCloseTo((100 * 1.001 - 2) * 0.999, 9);
    const [b] = simulate(both, scripted({ 1: short }), free);
    expect(b).toMatchObject({ exit: 'stop', exitPrice: 102, netPct: -2 });
  });

  it('a short leaving at its stop or at the time limit pays the slippage upward', () => {
    const s = 0.001;
    const entry = 100 * (1 - s);
    const up = [...flat(2), bar(100, 103, 99.5, 102), ...flat(2, 102)];
    const [a] = simulate(up, scripted({ 1: short }), { takerFee: 0, slippage: s });
    expect(a?.exit).toBe('stop');
    expect(a?.exitPrice).toBeCloseTo((entry + 2) * (1 + s), 9);
    const [b] = simulate(flat(6), scripted({ 0: { ...short, maxBars: 2 } }), { takerFee: 0, slippage: s });
    expect(b).toMatchObject({ exit: 'time', exitedAt: 2 });
    expect(b?.exitPrice).toBeCloseTo(100 * (1 + s), 9);
  });

  it('a bar reaching exactly the stop or the target price counts as touching it', () => {
    // Long from 100: stop 98, target 104. Short from 100: stop 102, target 96. The bars after sit between.
    const lowAtStop = [...flat(2), bar(100, 100, 98, 99), ...flat(3, 99)];
    expect(simulate(lowAtStop, scripted({ 1: long }), free)[0]).toMatchObject({ exit: 'stop', exitPrice: 98, exitedAt: 2 });
    const highAtTarget = [...flat(2), bar(100, 104, 100, 103), ...flat(3, 103)];
    expect(simulate(highAtTarget, scripted({ 1: long }), free)[0]).toMatchObject({ exit: 'target', exitPrice: 104, exitedAt: 2 });
    const highAtStop = [...flat(2), bar(100, 102, 100, 101), ...flat(3, 101)];
    expect(simulate(highAtStop, scripted({ 1: short }), free)[0]).toMatchObject({ exit: 'stop', exitPrice: 102, exitedAt: 2 });
    const lowAtTarget = [...flat(2), bar(100, 100, 96, 97), ...flat(3, 97)];
    expect(simulate(lowAtTarget, scripted({ 1: short }), free)[0]).toMatchObject({ exit: 'target', exitPrice: 96, exitedAt: 2 });
  });

  it('a bar opening beyond the stop or the target fills at its open', () => {
    const gapDown = [...flat(2), bar(100, 100, 100, 100), bar(90, 91, 89, 90), ...flat(1, 90)];
    expect(simulate(gapDown, scripted({ 1: long }), free)[0]).toMatchObject({ exit: 'stop', exitPrice: 90, exitedAt: 3 });
    const gapUp = [...flat(2), bar(100, 100, 100, 100), bar(110, 111, 109, 110), ...flat(1, 110)];
    expect(simulate(gapUp, scripted({ 1: long }), free)[0]).toMatchObject({ exit: 'target', exitPrice: 110, exitedAt: 3 });
    expect(simulate(gapUp, scripted({ 1: short }), free)[0]).toMatchObject({ exit: 'stop', exitPrice: 110, exitedAt: 3 });
    expect(simulate(gapDown, scripted({ 1: short }), free)[0]).toMatchObject({ exit: 'target', exitPrice: 90, exitedAt: 3 });
  });

  it('leaves at the close of the maxBars-th bar held, with slippage', () => {
    const bars = flat(10).map((b, i) => ({ ...b, close: 100 + i * 0.1, high: 100 + i * 0.1, open: 100 + i * 0.1, low: 100 + i * 0.1 }));
    const [trade] = simulate(bars, scripted({ 0: { ...long, maxBars: 3 } }), { takerFee: 0, slippage: 0.001 });
    expect(trade).toMatchObject({ exit: 'time', enteredAt: 1, exitedAt: 3 });
    expect(trade?.exitPrice).toBeCloseTo(100.3 * 0.999, 9);
  });

  it('takes no decision while a position is open, nor at the last bar, nor before `from`', () => {
    const every: Record<number, Entry> = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { ...long, maxBars: 3 }]));
    const trades = simulate(flat(10), scripted(every), free);
    // Decided at 0 (held 1..3), at 3 (held 4..6), at 6 (held 7..9): the next decision would need bar 10.
    expect(trades.map((t) => [t.decidedAt, t.enteredAt, t.exitedAt, t.exit])).toEqual([
      [0, 1, 3, 'time'],
      [3, 4, 6, 'time'],
      [6, 7, 9, 'time'],
    ]);
    expect(simulate(flat(10), scripted(every), free, 4).map((t) => t.decidedAt)).toEqual([4, 7]);
  });

  it('pays the taker fee on both fills', () => {
    expect(netPct('buy', 100, 110, 0.001)).toBeCloseTo(10 - 0.1 * 2.1, 12);
    expect(netPct('sell', 100, 90, 0.001)).toBeCloseTo(10 - 0.1 * 1.9, 12);
    const [trade] = simulate([...flat(2), bar(100, 104.5, 99.5, 104), ...flat(1, 104)], scripted({ 1: long }), { takerFee: 0.0005, slippage: 0 });
    expect(trade?.netPct).toBeCloseTo(4 - 0.05 * 2.04, 12);
  });
});
