// The Signals pane in the cockpit: S opens it with the proposals, Enter shows exactly the orders
// one would send, y accepts it (and a guard question is asked, then y accepts it confirmed), n
// declines it; without the signal stack S says it is off; :auto asks for automatic mode.
import { afterEach, describe, expect, it } from 'vitest';
import type { Proposal } from '../../src/core/signals/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { liveSession, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const apply: Proposal = {
  id: 'sim-1-p1',
  strategy: 'trend-follow',
  action: 'apply',
  symbol: 'BTCUSDT',
  signal: { symbol: 'BTCUSDT', side: 'buy', confidence: 0.7, horizon: '1m', entry: '64000.0', stop: '63500.0', target: '65000.0', rationale: 'up \u001b[2J', source: 'rules' },
  orders: [
    { account: 'sim-1', symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '64000.0', reduceOnly: false },
    { account: 'sim-1', symbol: 'BTCUSDT', side: 'sell', type: 'stop', qty: '0.001', price: '63500.0', reduceOnly: true },
    { account: 'sim-1', symbol: 'BTCUSDT', side: 'sell', type: 'take-profit', qty: '0.001', price: '65000.0', reduceOnly: true },
  ],
  reason: 'rules signal buy BTCUSDT (1m); gate passes on 1m; tier 1',
  status: 'open',
  at: T0,
};
const older: Proposal = { ...apply, id: 'sim-1-p0', action: 'retire', strategy: 'breakout', orders: [], status: 'declined', signal: undefined };
const events = (): EngineEvent[] => [
  ...liveSession(),
  { type: 'signals', at: T0, part: 'proposal', proposal: older },
  { type: 'signals', at: T0, part: 'proposal', proposal: apply },
];
const screen = (mm: Mounted) => mm.lines().join('\n');

describe('the Signals pane', () => {
  it('S lists the proposals, Enter shows the orders, y accepts the proposal', async () => {
    m = await mount(events(), { columns: 120, rows: 30 });
    await m.press('S');
    expect(screen(m)).toContain('Signals · BTCUSDT · 1 open proposal');
    expect(screen(m)).toMatch(/> sim-1-p1 APPLY trend-follow buy BTCUSDT 1m · 3 order\(s\) · open/);
    expect(screen(m)).toContain('sim-1-p0 RETIRE breakout');
    await m.press(KEY.enter);
    const shown = screen(m);
    expect(shown).toContain('Proposal sim-1-p1');
    expect(shown).toContain('1. buy 0.001 BTCUSDT limit 64000.0');
    expect(shown).toContain('2. sell 0.001 BTCUSDT stop 63500.0 reduce-only  (once the entry fills)');
    expect(shown).toContain('3. sell 0.001 BTCUSDT take-profit 65000.0 reduce-only');
    // Where the entry stands against the touch, live: resting under the ask, then taking it.
    expect(shown).toContain('the ask is 64210.2 now: the entry rests at 64000.0, 210.2 under it, until the price comes back');
    await m.feed({ type: 'ticker', at: T0 + 1, symbol: 'BTCUSDT', bid: '63999.9', ask: '64000.0', last: '64000.0' });
    expect(screen(m)).toContain('the ask is 64000.0 now: the entry takes it at once');
    expect(m.actions.calls).toEqual([]);
    m.actions.reply = { ok: true, clientOrderId: 'qd-7', message: 'sim-1-p1: buy 0.001 BTCUSDT limit 64000.0 sent (qd-7)' };
    await m.press('y');
    expect(m.actions.calls).toEqual([{ name: 'accept', args: ['sim-1-p1', {}] }]);
    expect(screen(m)).toContain('sent (qd-7)');
  });

  it("a fan-out's touch line is under this account's own entry (the stop's), not another member's", async () => {
    const fan: Proposal = {
      ...apply,
      id: 'sim-1-p2',
      action: 'fan-out',
      orders: [{ ...apply.orders[0]!, account: 'b', price: '63000.0' }, ...apply.orders],
    };
    m = await mount([...liveSession(), { type: 'signals', at: T0, part: 'proposal', proposal: fan }], { columns: 120, rows: 30 });
    await m.press('S', KEY.enter);
    const lines = m.lines();
    const touch = lines.findIndex((l) => l.includes('the ask is 64210.2 now'));
    expect(lines.filter((l) => l.includes('the ask is')).length).toBe(1);
    expect(lines[touch - 1]).toContain('2. sim-1: buy 0.001 BTCUSDT limit 64000.0');
  });

  it('a guard question about its order is asked; y accepts it confirmed', async () => {
    m = await mount(events(), { columns: 120, rows: 30 });
    m.actions.reply = { ok: false, error: 'buy at 64000 would sweep the book. Send it?', confirm: true };
    await m.press('S', KEY.enter, 'y');
    expect(screen(m)).toContain('would sweep the book. Send it?');
    m.actions.reply = { ok: true, clientOrderId: 'qd-8' };
    await m.press('y');
    expect(m.actions.calls.map((c) => c.args)).toEqual([['sim-1-p1', {}], ['sim-1-p1', { confirmed: true }]]);
  });

  it('n declines; j/k move; q goes back', async () => {
    m = await mount(events(), { columns: 120, rows: 30 });
    await m.press('S', 'j');
    expect(screen(m)).toMatch(/> sim-1-p0 RETIRE/);
    await m.press('k', KEY.enter, 'n');
    expect(m.actions.calls).toEqual([{ name: 'decline', args: ['sim-1-p1'] }]);
    await m.press('q');
    expect(screen(m)).not.toContain('Signals ·');
  });

  it('y on a shown proposal that dropped out of the capped list sends nothing (not another one)', async () => {
    m = await mount(events(), { columns: 120, rows: 30 });
    await m.press('S', KEY.enter);
    expect(screen(m)).toContain('Proposal sim-1-p1');
    // Thirty newer open proposals: the store keeps the last 30, sim-1-p1 is gone.
    const newer = Array.from({ length: 30 }, (_, i): EngineEvent => ({ type: 'signals', at: T0 + i + 1, part: 'proposal', proposal: { ...apply, id: `sim-1-q${i}`, at: T0 + i + 1 } }));
    await m.feed(...newer);
    expect(screen(m)).toContain('no such proposal');
    await m.press('y');
    expect(m.actions.calls).toEqual([]);
    expect(screen(m)).toContain('sim-1-p1 is no longer listed: nothing sent');
  });

  it('without the signal stack, S says so; :auto asks the stack', async () => {
    m = await mount(events(), { columns: 120, rows: 30, sim: false });
    await m.press('S');
    expect(screen(m)).toContain('S: the signal stack is off for this account');
    m.unmount();
    m = await mount(events(), { columns: 120, rows: 30 });
    await m.press(':', ...'auto on', KEY.enter);
    expect(m.actions.calls).toEqual([{ name: 'setAuto', args: [true] }]);
  });
});
