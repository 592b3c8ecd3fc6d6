import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEvent, applyEvents } from '../../src/store/apply.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { initialState } from '../../src/store/state.js';
import { fill, liveSession, order, position, T0 } from './fixtures.js';

const live = () => applyEvents(initialState(), liveSession());

describe('applyEvents', () => {
  it('returns the same state for an empty batch', () => {
    const s = live();
    expect(applyEvents(s, [])).toBe(s);
  });

  it('folds a live session into every slice', () => {
    const s = live();
    expect(s.session).toMatchObject({ venue: 'binance-usdm', env: 'sim', symbol: 'BTCUSDT' });
    expect(s.session?.instrument?.tickSize).toBe('0.10');
    expect(s.sockets['user']).toMatchObject({ state: 'live', role: 'account', lastMessageAt: T0, reconnects: 0 });
    expect(s.auth?.permissions.summary).toBe('read+trade, IP-bound');
    expect(s.clock).toMatchObject({ offsetMs: 12.4, history: [12.4] });
    expect(s.budget?.pools).toHaveLength(2);
    expect(s.ticker).toMatchObject({ bid: '64210.1', history: [64210.1] });
    expect(s.balances['USDT']?.available).toBe('9935.80');
    expect(s.sim?.regime).toBe('calm');
    expect(s.eventCount).toBe(liveSession().length);
  });

  it('leaves untouched slices with their identity (selectors skip re-render)', () => {
    const s = live();
    const t = applyEvent(s, { type: 'fill', at: T0 + 1, fill: fill(1) });
    expect(t.fills).not.toBe(s.fills);
    expect(t.orders).toBe(s.orders);
    expect(t.sockets).toBe(s.sockets);
    expect(t.ticker).toBe(s.ticker);
    expect(t.positions).toBe(s.positions);
  });

  it('counts reconnects, keeps `since` while the state holds, and narrates changes', () => {
    let s = live();
    s = applyEvent(s, {
      type: 'connection',
      at: T0 + 10,
      socket: 'user',
      role: 'account',
      state: 'reconnecting',
      reason: 'pong timeout',
      attempt: 1,
      nextRetryAt: T0 + 400,
    });
    s = applyEvent(s, {
      type: 'connection',
      at: T0 + 400,
      socket: 'user',
      role: 'account',
      state: 'reconnecting',
      attempt: 2,
      nextRetryAt: T0 + 1400,
    });
    const user = s.sockets['user']!;
    expect(user).toMatchObject({ state: 'reconnecting', since: T0 + 10, attempt: 2, reconnects: 1, lastMessageAt: T0 });
    expect(s.log.at(-1)?.text).toBe('user socket reconnecting attempt 1 (pong timeout)');
    expect(s.log.at(-1)?.level).toBe('warn');
    s = applyEvent(s, { type: 'connection', at: T0 + 2000, socket: 'user', role: 'account', state: 'live' });
    expect(s.sockets['user']).toMatchObject({ state: 'live', since: T0 + 2000, reconnects: 1 });
    expect(s.sockets['user']?.attempt).toBeUndefined();
  });

  it("logs a protective leg by its trigger, not as a bare market order", () => {
    let s = live();
    const leg = order({ clientOrderId: 'qd-tp', side: 'sell', type: 'market', price: undefined, reduceOnly: true, trigger: { kind: 'take_profit', price: '66104.1', by: 'mark' } });
    s = applyEvent(s, { type: 'order', at: T0, order: { ...leg, state: 'pending_new', updatedAt: T0 } });
    s = applyEvent(s, { type: 'order', at: T0 + 5, order: { ...leg, state: 'new', updatedAt: T0 + 5 } });
    expect(s.log.at(-1)?.text).toMatch(/^order qd-tp accepted \(SELL \S+ BTCUSDT take-profit at 66104\.1 \(mark\) MKT\)$/);
  });

  it('keeps open orders only, ignores older views of an order, and logs closures', () => {
    let s = live();
    s = applyEvent(s, { type: 'order', at: T0, order: order({ state: 'pending_new', updatedAt: T0 }) });
    s = applyEvent(s, { type: 'order', at: T0 + 5, order: order({ state: 'new', updatedAt: T0 + 5 }) });
    expect(s.orders['qd-1']?.state).toBe('new');
    expect(s.log.at(-1)?.text).toContain('order qd-1 accepted');
    // A late REST view from before the ack must not roll the order back.
    s = applyEvent(s, { type: 'order', at: T0 + 6, order: order({ state: 'pending_new', updatedAt: T0 + 1 }) });
    expect(s.orders['qd-1']?.state).toBe('new');
    s = applyEvent(s, {
      type: 'order',
      at: T0 + 9,
      order: order({ state: 'rejected', reason: 'insufficient margin', updatedAt: T0 + 9 }),
    });
    expect(s.orders['qd-1']).toBeUndefined();
    expect(s.log.at(-1)).toMatchObject({ level: 'warn', text: expect.stringContaining('insufficient margin') });
  });

  it('logs the end of an order once when it is told twice (REST reply, then stream), and keeps it among the closed', () => {
    let s = live();
    s = applyEvent(s, { type: 'order', at: T0, order: order({ state: 'new', updatedAt: T0 }) });
    const before = s.log.length;
    s = applyEvent(s, { type: 'order', at: T0 + 5, order: order({ state: 'canceled', price: '64200.0', updatedAt: T0 + 5 }) });
    s = applyEvent(s, { type: 'order', at: T0 + 6, order: order({ state: 'canceled', price: '64200.00', updatedAt: T0 + 6 }) });
    // A stale open view arriving after the end does not bring the order back.
    s = applyEvent(s, { type: 'order', at: T0 + 7, order: order({ state: 'new', updatedAt: T0 + 4 }) });
    expect(s.log.slice(before).filter((e) => e.text.includes('qd-1 canceled'))).toHaveLength(1);
    expect(s.orders['qd-1']).toBeUndefined();
    expect(s.closedOrders.map((o) => [o.clientOrderId, o.state])).toEqual([['qd-1', 'canceled']]);
  });

  it('replaces open orders on a snapshot, dropping terminal ones', () => {
    let s = applyEvent(live(), { type: 'order', at: T0, order: order({ clientOrderId: 'old' }) });
    s = applyEvent(s, {
      type: 'orders-snapshot',
      at: T0 + 1,
      orders: [order({ clientOrderId: 'a' }), order({ clientOrderId: 'b', state: 'filled' })],
    });
    expect(Object.keys(s.orders)).toEqual(['a']);
  });

  it('drops a fill replayed after resync and keeps fills newest first', () => {
    let s = live();
    s = applyEvents(s, [1, 2, 3].map((n): EngineEvent => ({ type: 'fill', at: T0 + n, fill: fill(n) })));
    s = applyEvents(s, [2, 3, 4].map((n): EngineEvent => ({ type: 'fill', at: T0 + n, fill: fill(n) })));
    expect(s.fills.map((f) => f.tradeId)).toEqual(['t4', 't3', 't2', 't1']);
    expect(s.fillCount).toBe(4);
  });

  it('bounds fills, log, clock and ticker history', () => {
    let s = applyEvents(initialState({ fills: 5, log: 7, clockHistory: 3, tickerHistory: 4, tickerBucketMs: 1000 }), liveSession());
    const events: EngineEvent[] = [];
    for (let n = 0; n < 30; n++) {
      events.push({ type: 'fill', at: T0 + n, fill: fill(n) });
      events.push({ type: 'clock', at: T0 + n, offsetMs: n, uncertaintyMs: 1, driftPpm: 0, lastSyncAt: T0 + n });
      events.push({ type: 'ticker', at: T0 + n * 1000, symbol: 'BTCUSDT', bid: '1', ask: '2', last: String(n) });
    }
    s = applyEvents(s, events);
    expect(s.fills.map((f) => f.tradeId)).toEqual(['t29', 't28', 't27', 't26', 't25']);
    expect(s.fillCount).toBe(30);
    expect(s.log).toHaveLength(7);
    expect(s.log.at(-1)?.text).toContain('@ 64210.1');
    expect(s.log.map((e) => e.seq)).toEqual([...s.log.map((e) => e.seq)].sort((a, b) => a - b));
    expect(s.clock?.history).toEqual([27, 28, 29]);
    expect(s.ticker?.history).toEqual([26, 27, 28, 29]);
  });

  it('keeps one ticker history point per bucket (the last price)', () => {
    let s = live();
    const at = Math.floor(T0 / 1000) * 1000 + 5000;
    s = applyEvent(s, { type: 'ticker', at, symbol: 'BTCUSDT', bid: '1', ask: '2', last: '100' });
    s = applyEvent(s, { type: 'ticker', at: at + 500, symbol: 'BTCUSDT', bid: '1', ask: '2', last: '101' });
    s = applyEvent(s, { type: 'ticker', at: at + 1000, symbol: 'BTCUSDT', bid: '1', ask: '2', last: '99' });
    expect(s.ticker?.history).toEqual([64210.1, 101, 99]);
  });

  it('upserts positions, removes a flat one, and replaces all on a snapshot', () => {
    let s = live();
    s = applyEvent(s, { type: 'positions', at: T0, snapshot: false, positions: [position(), position({ symbol: 'ETHUSDT' })] });
    expect(Object.keys(s.positions).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    s = applyEvent(s, { type: 'positions', at: T0, snapshot: false, positions: [position({ qty: '0.000' })] });
    expect(Object.keys(s.positions)).toEqual(['ETHUSDT']);
    s = applyEvent(s, { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '-0.5' })] });
    expect(s.positions).toEqual({ BTCUSDT: position({ qty: '-0.5' }) });
  });

  it('records reconcile corrections, newest first, bounded, and logs each one', () => {
    let s = applyEvents(initialState({ corrections: 3 }), liveSession());
    s = applyEvent(s, { type: 'reconcile', at: T0 + 1, trigger: 'periodic', corrections: [] });
    expect(s.reconcile).toMatchObject({ lastAt: T0 + 1, passes: 1, totalCorrections: 0, corrections: [] });
    expect(s.reconcile.lastCorrectionAt).toBeUndefined();
    s = applyEvent(s, {
      type: 'reconcile',
      at: T0 + 2,
      trigger: 'reconnect',
      corrections: [
        { kind: 'fill-recovered', text: 'recovered 2 fills missed while disconnected' },
        { kind: 'order-closed', text: 'order qd-7 closed while away', clientOrderId: 'qd-7' },
      ],
    });
    s = applyEvent(s, {
      type: 'reconcile',
      at: T0 + 3,
      trigger: 'reconnect',
      corrections: [
        { kind: 'position-changed', text: 'position BTCUSDT 0.010 → 0.012' },
        { kind: 'balance-changed', text: 'USDT balance corrected' },
      ],
    });
    expect(s.reconcile.corrections.map((c) => c.kind)).toEqual(['position-changed', 'balance-changed', 'fill-recovered']);
    expect(s.reconcile).toMatchObject({ totalCorrections: 4, passes: 3, lastCorrectionAt: T0 + 3 });
    expect(s.log.at(-1)?.text).toBe('reconcile: USDT balance corrected');
    s = applyEvent(s, { type: 'reconcile', at: T0 + 4, trigger: 'periodic', corrections: [], error: 'HTTP 503' });
    expect(s.reconcile.lastError).toBe('HTTP 503');
    expect(s.log.at(-1)?.level).toBe('error');
  });

  it('narrates budget, dead-man and regime changes only when they change', () => {
    let s = live();
    const before = s.log.length;
    s = applyEvent(s, { type: 'budget', at: T0, state: 'normal', pools: [] });
    expect(s.log.length).toBe(before);
    s = applyEvent(s, { type: 'budget', at: T0, state: 'banned', until: T0 + 60_000, reason: 'HTTP 418', pools: [] });
    expect(s.budget).toMatchObject({ state: 'banned', until: T0 + 60_000 });
    expect(s.log.at(-1)).toMatchObject({ level: 'error', text: 'rate budget banned: HTTP 418' });
    s = applyEvent(s, { type: 'deadman', at: T0, armed: true, deadline: T0 + 60_000, timeoutMs: 60_000 });
    expect(s.log.at(-1)?.text).toBe("dead-man's switch armed (60 s)");
    s = applyEvent(s, { type: 'sim', at: T0, regime: 'volatile', activeFaults: ['clock skew +2 s'] });
    expect(s.log.at(-1)?.text).toBe('SIM regime: volatile');
    expect(s.sim?.activeFaults).toEqual(['clock skew +2 s']);
  });

  it('does not mutate its input', () => {
    const s = live();
    const frozen = JSON.stringify(s);
    applyEvents(s, [
      { type: 'fill', at: T0, fill: fill(9) },
      { type: 'order', at: T0, order: order() },
      { type: 'positions', at: T0, snapshot: true, positions: [position()] },
      { type: 'socket-activity', at: T0 + 99, socket: 'user' },
    ]);
    expect(JSON.stringify(s)).toBe(frozen);
  });
});

describe('log lines from venue text', () => {
  it('keep controls and bidi marks visible, whether a batch writes fewer lines than the log holds or more', () => {
    const hostile = (n: number): EngineEvent => ({ type: 'log', at: T0 + n, level: 'warn', text: `venue says \u001b[2J\u202e${n}`, source: 'stream' });
    const few = applyEvents(initialState({ log: 10 }), [hostile(1)]);
    expect(few.log.at(-1)?.text).toBe('venue says \\x1b[2J\\u{202E}1');
    // A storm: 25 lines into a log of 10 — the 10 kept are the last, each neutralised, seq counted for all.
    const storm = applyEvents(few, Array.from({ length: 25 }, (_, i) => hostile(i + 2)));
    expect(storm.log.map((e) => e.text)).toEqual(Array.from({ length: 10 }, (_, i) => `venue says \\x1b[2J\\u{202E}${i + 17}`));
    expect(storm.log.at(-1)?.seq).toBe((few.log.at(-1)?.seq ?? 0) + 25);
  });
});

describe('the log of one batch', () => {
  it('is the log the same events give one batch each: lines of fills, order ends and text, any bound', () => {
    // The batch keeps only its last `limits.log` lines (a ring) and writes the text of fills and
    // ended orders last: one event per batch keeps every line as it comes.
    const event = fc.oneof(
      fc.nat(50).map((n): EngineEvent => ({ type: 'fill', at: T0 + n, fill: fill(n, { side: n % 2 === 0 ? 'buy' : 'sell' }) })),
      fc.nat(50).map((n): EngineEvent => ({ type: 'order', at: T0 + n, order: order({ clientOrderId: `qd-${n}`, state: n % 3 === 0 ? 'rejected' : 'canceled', reason: n % 2 === 0 ? 'why' : undefined, updatedAt: T0 + n }) })),
      fc.nat(50).map((n): EngineEvent => ({ type: 'log', at: T0 + n, level: 'warn', text: `line ${n}\u001b`, ...(n % 2 === 0 ? { source: 'stream' } : {}) })),
    );
    fc.assert(
      fc.property(fc.nat(12), fc.array(event, { maxLength: 40 }), fc.array(event, { maxLength: 40 }), (log, before, batch) => {
        const start = applyEvents(initialState({ log }), before);
        const whole = applyEvents(start, batch);
        const oneByOne = batch.reduce((s, e) => applyEvents(s, [e]), start);
        expect(whole.log).toStrictEqual(oneByOne.log);
        expect(whole.logSeq).toBe(oneByOne.logSeq);
      }),
      { numRuns: 500 },
    );
  });
});
