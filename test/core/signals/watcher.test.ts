import { describe, expect, it } from 'vitest';
import type { Fill, Order, Position } from '../../../src/core/types.js';
import type { Alert, Brief } from '../../../src/core/signals/types.js';
import { Watcher } from '../../../src/core/signals/watcher.js';
import { AccountRules } from '../../../src/core/signals/watcher-account.js';
import { Episodes } from '../../../src/core/signals/watcher-episodes.js';
import type { WatchedEvent } from '../../../src/core/signals/watcher-input.js';
import { alertsConfig, DEFAULT_ALERTS } from '../../../src/core/signals/watcher-config.js';

const T0 = 1_700_000_000_000;

function feed(w: Watcher, events: WatchedEvent[]): Alert[] {
  return events.flatMap((e) => [...w.observe(e)]);
}

const ticker = (at: number, bid: number, ask: number, qty?: [number, number]): WatchedEvent => ({
  type: 'ticker',
  at,
  symbol: 'BTCUSDT',
  bid: bid.toFixed(1),
  ask: ask.toFixed(1),
  last: bid.toFixed(1),
  ...(qty === undefined ? {} : { bidQty: String(qty[0]), askQty: String(qty[1]) }),
});

const brief = (at: number, atr: number): WatchedEvent => ({
  type: 'signals',
  at,
  part: 'brief',
  brief: {
    symbol: 'BTCUSDT',
    at,
    agreement: 0,
    frames: { '1m': { timeframe: '1m', bars: 50, last: 100, emaSlope: 0, trend: 'flat', realizedVol: 0, atr, rangePosition: 0.5, volumeRatio: 1 } },
  } satisfies Brief,
});

const position = (at: number, qty: string, extra: Partial<Position> = {}): WatchedEvent => ({
  type: 'positions',
  at,
  snapshot: false,
  positions: [{ symbol: 'BTCUSDT', qty, entryPrice: '100', markPrice: '100', unrealizedPnl: '0', updatedAt: at, ...extra }],
});

const stopOrder = (at: number, state: Order['state'] = 'new'): WatchedEvent => ({
  type: 'order',
  at,
  order: {
    clientOrderId: 'stop-1',
    symbol: 'BTCUSDT',
    side: 'sell',
    type: 'market',
    qty: '1',
    filledQty: '0',
    avgPrice: '0',
    state,
    reduceOnly: true,
    postOnly: false,
    updatedAt: at,
    trigger: { kind: 'stop', price: '90', by: 'mark' },
  },
});

describe('the L2 watcher', () => {
  it('defaults: bell and flash off, every rule on', () => {
    expect(DEFAULT_ALERTS.bell).toBe(false);
    expect(DEFAULT_ALERTS.flash).toBe(false);
    expect(DEFAULT_ALERTS.off).toEqual([]);
    expect(alertsConfig({ atrMoveK: 5 })).toEqual({ ...DEFAULT_ALERTS, atrMoveK: 5 });
  });

  it('atr-move: fires once when the mid moves k×ATR (the brief’s) within t seconds, and re-arms after it clears', () => {
    const w = new Watcher({ alerts: { atrMoveK: 3, atrMoveSeconds: 10, rearmSeconds: 0 } });
    feed(w, [brief(T0, 1)]);
    expect(w.atrOf('BTCUSDT')).toBe(1);
    expect(feed(w, [ticker(T0, 100, 100.2), ticker(T0 + 1000, 101, 101.2), ticker(T0 + 2000, 102.5, 102.7)])).toEqual([]);
    const a = feed(w, [ticker(T0 + 3000, 103.1, 103.3)]);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ rule: 'atr-move', severity: 'warn', symbol: 'BTCUSDT' });
    expect(a[0]!.text).toBe('BTCUSDT rose 3.1×ATR(1m) in 3 s (100.1 → 103.2)');
    // Still moved: the same episode, quiet.
    expect(feed(w, [ticker(T0 + 4000, 103.4, 103.6)])).toEqual([]);
    // The window forgets the start of the move: clear, re-armed; a fall of 7 ATRs is critical.
    expect(feed(w, [ticker(T0 + 20_000, 103.4, 103.6)])).toEqual([]);
    const b = feed(w, [ticker(T0 + 21_000, 96.4, 96.6)]);
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ rule: 'atr-move', severity: 'critical' });
    expect(b[0]!.text).toContain('fell 7.0×ATR');
    expect(a[0]!.id).not.toBe(b[0]!.id);
  });

  it('atr-move: with no brief, ATR comes from bars built from the tickers', () => {
    const w = new Watcher({ alerts: { atrMoveK: 3, atrMoveSeconds: 1 }, tickerBarMs: 1000 });
    let at = T0;
    // Bars one unit wide: 100 ↔ 101 within each second.
    for (let i = 0; i < 8; i++) {
      expect(feed(w, [ticker(at, 100, 100), ticker(at + 500, 101, 101)])).toEqual([]);
      at += 1000;
    }
    expect(w.atrOf('BTCUSDT')).toBeCloseTo(1, 6);
    const a = feed(w, [ticker(at, 101, 101), ticker(at + 300, 104.5, 104.5)]);
    expect(a.map((x) => x.rule)).toEqual(['atr-move']);
  });

  it('spread: fires when the spread is spreadRatio× its average, once per episode, not during warm-up', () => {
    const w = new Watcher({ alerts: { spreadRatio: 4, rearmSeconds: 0 } });
    // Warm-up: a wide spread before the average has its samples is not judged.
    expect(feed(w, [ticker(T0, 100, 101)])).toEqual([]);
    const calm = Array.from({ length: 30 }, (_, i) => ticker(T0 + 100 * (i + 1), 100, 100.1));
    expect(feed(w, calm)).toEqual([]);
    const a = feed(w, [ticker(T0 + 4000, 100, 100.6), ticker(T0 + 4100, 100, 100.7)]);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ rule: 'spread', severity: 'warn' });
    expect(a[0]!.text).toMatch(/^BTCUSDT spread 0\.6 is \d\.\d× its average 0\.1/);
    // Clears, and fires again on the next blowout.
    expect(feed(w, [ticker(T0 + 4200, 100, 100.1)])).toEqual([]);
    expect(feed(w, [ticker(T0 + 4300, 100, 100.8)]).map((x) => x.rule)).toEqual(['spread']);
  });

  it('re-arm wait: a condition flapping faster than rearmSeconds is one alert', () => {
    const w = new Watcher({ alerts: { spreadRatio: 4, rearmSeconds: 60 } });
    feed(w, Array.from({ length: 30 }, (_, i) => ticker(T0 + 100 * i, 100, 100.1)));
    const flaps: WatchedEvent[] = [];
    for (let i = 0; i < 20; i++) flaps.push(ticker(T0 + 5000 + 1000 * i, 100, i % 2 === 0 ? 100.6 : 100.1));
    expect(feed(w, flaps).filter((a) => a.rule === 'spread')).toHaveLength(1);
    // After the wait, a new episode fires.
    expect(feed(w, [ticker(T0 + 90_000, 100, 100.1), ticker(T0 + 91_000, 100, 100.7)]).map((a) => a.rule)).toEqual(['spread']);
  });

  it('depth: fires when the best bid or ask size falls below depthRatio of its average', () => {
    const w = new Watcher({ alerts: { depthRatio: 0.2 } });
    const normal = Array.from({ length: 30 }, (_, i) => ticker(T0 + 100 * i, 100, 100.1, [2, 2]));
    expect(feed(w, normal)).toEqual([]);
    const a = feed(w, [ticker(T0 + 3100, 100, 100.1, [2, 0.3])]);
    expect(a.map((x) => x.rule)).toEqual(['depth']);
    expect(a[0]!.text).toBe('BTCUSDT best ask size 0.3 is 15% of its average 2');
    expect(feed(w, [ticker(T0 + 3200, 100, 100.1, [2, 0.2])])).toEqual([]);
  });

  it('funding-flip: each sign change, not the first reading and not a zero', () => {
    const w = new Watcher({ alerts: { rearmSeconds: 0 } });
    const f = (at: number, rate: string): WatchedEvent => ({ type: 'funding', at, funding: { symbol: 'BTCUSDT', rate } });
    expect(feed(w, [f(T0, '0.0001'), f(T0 + 1, '0.0002'), f(T0 + 2, '0')])).toEqual([]);
    const a = feed(w, [f(T0 + 3, '-0.00005')]);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ rule: 'funding-flip', severity: 'info' });
    expect(a[0]!.text).toBe('BTCUSDT funding turned negative (shorts pay): 0.0002 → -0.00005');
    expect(feed(w, [f(T0 + 4, '-0.0001')])).toEqual([]);
    expect(feed(w, [f(T0 + 5, '0.0001')]).map((x) => x.rule)).toEqual(['funding-flip']);
    expect(new Watcher({ alerts: { fundingFlip: false } }).observe(f(T0, '0.1')).length).toBe(0);
  });

  it('liquidation-distance: warn under x %, critical under half of it, following the ticker between position updates', () => {
    const w = new Watcher({ alerts: { liquidationPct: 10 } });
    expect(feed(w, [position(T0, '1', { markPrice: '100', liquidationPrice: '80' })])).toEqual([]);
    const a = feed(w, [ticker(T0 + 1, 88, 88)]);
    expect(a.map((x) => [x.rule, x.severity])).toEqual([['liquidation-distance', 'warn']]);
    expect(a[0]!.text).toBe('BTCUSDT long 1 is 9.1% from liquidation at 80');
    // Worse: the same episode says so once more.
    expect(feed(w, [ticker(T0 + 2, 86, 86)])).toEqual([]);
    expect(feed(w, [ticker(T0 + 3, 83, 83)]).map((x) => x.severity)).toEqual(['critical']);
    expect(feed(w, [ticker(T0 + 4, 82, 82)])).toEqual([]);
  });

  it('no-stop: a position bare past noStopSeconds fires (also from tick), a stop clears it', () => {
    const w = new Watcher({ alerts: { noStopSeconds: 10, rearmSeconds: 0 } });
    expect(feed(w, [position(T0, '1')])).toEqual([]);
    expect(w.tick(T0 + 9_000)).toEqual([]);
    const a = [...w.tick(T0 + 10_000)];
    expect(a.map((x) => [x.rule, x.severity])).toEqual([['no-stop', 'warn']]);
    expect(a[0]!.text).toBe('BTCUSDT long 1 has no stop (for 10 s)');
    expect(w.tick(T0 + 20_000)).toEqual([]);
    // A stop covers it: cleared; cancelled: bare again, and after the grace it fires again.
    expect(feed(w, [stopOrder(T0 + 21_000)])).toEqual([]);
    expect(feed(w, [stopOrder(T0 + 22_000, 'canceled')])).toEqual([]);
    expect(w.tick(T0 + 31_000)).toEqual([]);
    expect(w.tick(T0 + 32_000).map((x) => x.rule)).toEqual(['no-stop']);
    // Flat: nothing to protect.
    expect(feed(w, [position(T0 + 33_000, '0')])).toEqual([]);
    expect(w.tick(T0 + 60_000)).toEqual([]);
  });

  it('large-fill: a fill of at least largeFillNotional, once per trade id', () => {
    const w = new Watcher({ alerts: { largeFillNotional: 50_000 } });
    const fill = (at: number, tradeId: string, qty: string): WatchedEvent => ({
      type: 'fill',
      at,
      fill: { tradeId, venueOrderId: '1', symbol: 'BTCUSDT', side: 'buy', price: '65000', qty, fee: '0', feeAsset: 'USDT', time: at, maker: false },
    });
    expect(feed(w, [fill(T0, 't1', '0.5')])).toEqual([]);
    const a = feed(w, [fill(T0, 't2', '1'), fill(T0 + 5, 't2', '1')]);
    expect(a.map((x) => [x.rule, x.severity])).toEqual([['large-fill', 'info']]);
    expect(a[0]!.text).toBe('BTCUSDT BUY 1 @ 65000 filled: 65000 notional');
  });

  it('large-fill: the episode of a trade id is dropped once the re-arm wait has passed (no pile-up), a replay within it stays quiet', () => {
    const episodes = new Episodes({ off: [], rearmMs: 60_000, idPrefix: '' });
    const rules = new AccountRules(alertsConfig({ largeFillNotional: 50_000, rearmSeconds: 60 }), episodes);
    const fill = (at: number, tradeId: string): Fill => ({ tradeId, venueOrderId: '1', symbol: 'BTCUSDT', side: 'buy', price: '65000', qty: '1', fee: '0', feeAsset: 'USDT', time: at, maker: false });
    const out: Alert[] = [];
    for (let i = 0; i < 500; i++) rules.fill(T0 + i * 1_000, fill(T0 + i * 1_000, `t${i}`), out);
    expect(out).toHaveLength(500);
    // A fill replayed by a resync within the wait: quiet.
    rules.fill(T0 + 500_000, fill(T0 + 499_000, 't499'), out);
    expect(out).toHaveLength(500);
    // Only the last re-arm wait's trade ids are kept.
    expect(episodes.size).toBeLessThanOrEqual(121);
    rules.fill(T0 + 2_000_000, fill(T0 + 2_000_000, 'late'), out);
    expect(episodes.size).toBe(1);
  });

  it('disconnect: a socket down past the grace period (critical for the account socket); live clears it', () => {
    const w = new Watcher({ alerts: { disconnectSeconds: 5, rearmSeconds: 0 } });
    const c = (at: number, socket: string, role: string, state: string): WatchedEvent => ({
      type: 'connection',
      at,
      socket,
      role,
      state,
      reason: 'pong timeout',
      attempt: 2,
    });
    expect(feed(w, [c(T0, 'market', 'market', 'live'), c(T0, 'user', 'account', 'live')])).toEqual([]);
    // A reconnect that heals in two seconds is routine.
    expect(feed(w, [c(T0 + 1000, 'market', 'market', 'reconnecting'), c(T0 + 3000, 'market', 'market', 'live')])).toEqual([]);
    expect(w.tick(T0 + 9_000)).toEqual([]);
    expect(feed(w, [c(T0 + 10_000, 'user', 'account', 'reconnecting'), c(T0 + 12_000, 'user', 'account', 'connecting')])).toEqual([]);
    const a = [...w.tick(T0 + 15_000)];
    expect(a.map((x) => [x.rule, x.severity])).toEqual([['disconnect', 'critical']]);
    expect(a[0]!.text).toBe('user socket down for 5 s (pong timeout), reconnect attempt 2');
    expect(w.tick(T0 + 16_000)).toEqual([]);
    expect(feed(w, [c(T0 + 17_000, 'user', 'account', 'live')])).toEqual([]);
    // A deliberate close is not a disconnect.
    expect(feed(w, [c(T0 + 18_000, 'market', 'market', 'closed')])).toEqual([]);
    expect(w.tick(T0 + 60_000)).toEqual([]);
    // Silent for longer than the grace: the same rule.
    expect(feed(w, [{ type: 'socket-silence', at: T0 + 61_000, socket: 'market', silent: true, reason: 'no ticker' }])).toEqual([]);
    expect(w.tick(T0 + 70_000).map((x) => x.text)).toEqual(['market socket silent for 9 s (no ticker)']);
  });

  it('clock: offset or uncertainty over its bound, once per episode', () => {
    const w = new Watcher({ alerts: { clockOffsetMs: 1000, clockUncertaintyMs: 500, rearmSeconds: 0 } });
    const k = (at: number, offsetMs: number, uncertaintyMs: number): WatchedEvent => ({ type: 'clock', at, offsetMs, uncertaintyMs });
    expect(feed(w, [k(T0, 300, 20)])).toEqual([]);
    const a = feed(w, [k(T0 + 1, -4012, 3), k(T0 + 2, -4000, 3)]);
    expect(a.map((x) => x.text)).toEqual(["venue clock is -4012 ms from ours (±3 ms): check this machine's time sync"]);
    expect(feed(w, [k(T0 + 3, 0, 3)])).toEqual([]);
    expect(feed(w, [k(T0 + 4, 0, 900)]).map((x) => x.rule)).toEqual(['clock']);
  });

  it('budget: a pool nearly spent warns, limited warns, banned is critical', () => {
    const w = new Watcher({ alerts: { budgetPct: 80, rearmSeconds: 0 } });
    const b = (at: number, used: number, state: string, until?: number): WatchedEvent => ({
      type: 'budget',
      at,
      pools: [{ name: 'weight/1m', used, limit: 100 }],
      state,
      ...(until === undefined ? {} : { until }),
    });
    expect(feed(w, [b(T0, 50, 'normal')])).toEqual([]);
    expect(feed(w, [b(T0 + 1, 85, 'normal')]).map((x) => x.text)).toEqual(['rate pool weight/1m is 85% used (85/100)']);
    expect(feed(w, [b(T0 + 2, 90, 'normal')])).toEqual([]);
    const limited = feed(w, [b(T0 + 3, 10, 'limited', T0 + 5003)]);
    expect(limited.map((x) => [x.severity, x.text])).toEqual([['warn', 'venue rate-limited us for 5 s: requests wait']]);
    const banned = feed(w, [b(T0 + 4, 10, 'banned', T0 + 120_004)]);
    expect(banned.map((x) => [x.severity, x.text])).toEqual([['critical', 'venue banned this IP for 120 s: nothing is sent']]);
    expect(feed(w, [b(T0 + 5, 10, 'normal')])).toEqual([]);
  });

  it('off: a rule listed never fires; ids carry the prefix', () => {
    const w = new Watcher({ alerts: { off: ['clock'] }, idPrefix: 'bin-main/' });
    expect(w.observe({ type: 'clock', at: T0, offsetMs: 9999, uncertaintyMs: 9999 })).toEqual([]);
    const [a] = w.observe({ type: 'budget', at: T0, pools: [], state: 'banned' });
    expect(a!.id.startsWith('bin-main/budget:')).toBe(true);
  });
});
