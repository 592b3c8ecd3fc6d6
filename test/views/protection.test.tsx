// Protective orders in the cockpit: the Protection section (trigger, distance from the mark in
// quote and %, share covered, a position with no stop flagged), the header's word on what the
// dead-man does to stops, `:stop` / `:tp` / `:bracket`, and `C` asking about stops (keeping them
// unless the trader says otherwise).
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { initialUi } from '../../views/controller.js';
import { BTC, liveSession, order, position, T0 } from '../store/fixtures.js';
import { contextOf, done, press } from './controller/keys.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const line = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text)) ?? '';
const long = (qty = '0.010'): EngineEvent => ({ type: 'positions', at: T0, snapshot: true, positions: [position({ qty, markPrice: '64000.0' })] });
const stop = (price: string, over = {}): EngineEvent => ({
  type: 'order',
  at: T0,
  order: order({ clientOrderId: `qd-stop-${price}`, side: 'sell', type: 'market', qty: '0.010', reduceOnly: true, price: undefined, state: 'new', trigger: { kind: 'stop', price, by: 'mark' }, ...over }),
});
const tp = (price: string): EngineEvent => ({
  type: 'order',
  at: T0,
  order: order({ clientOrderId: `qd-tp-${price}`, side: 'sell', type: 'market', qty: '0.005', reduceOnly: true, price: undefined, state: 'new', trigger: { kind: 'take_profit', price, by: 'mark' } }),
});

describe('the Protection section', () => {
  it('flags a position with no stop on the venue', async () => {
    m = await mount([...liveSession(), long()], { columns: 120, rows: 40 });
    expect(m.screen()).toContain('⚠ BTCUSDT long 0.010 has NO STOP on the venue — :stop PRICE or :bracket STOP TARGET');
  });

  it('lists each protective order with trigger, distance from the mark in quote and %, and share covered', async () => {
    m = await mount([...liveSession(), long(), stop('60800.0'), tp('67200.0')], { columns: 120, rows: 40 });
    const s = m.screen();
    expect(s).not.toContain('NO STOP');
    expect(line(s, 'Protection')).toContain('Protection (2) · stops cover 100%');
    expect(s).toMatch(/^\s*STOP\s+SELL\s+0\.010\s+60800\.0\s+mark\s+-3200\.0\s+-5%\s+100%\s+resting/m);
    expect(s).toMatch(/^\s*TP\s+SELL\s+0\.005\s+67200\.0\s+mark\s+3200\.0\s+5%\s+50%\s+resting/m);
    // Open orders shows them too, typed and at their trigger.
    expect(s).toMatch(/SELL STP\s+0\.010\s+@60800\.0/);
  });

  it('is not drawn when flat with nothing protective resting', async () => {
    m = await mount(liveSession(), { columns: 120, rows: 40 });
    expect(m.screen()).not.toContain('Protection');
  });

  it("the header says what the venue's dead-man does to stops", async () => {
    const kept = liveSession().map((e) => (e.type === 'session' ? { ...e, deadmanStops: 'kept' as const } : e));
    m = await mount([...kept, { type: 'deadman', at: T0, armed: true, deadline: T0 + 51_000, timeoutMs: 60_000 }], { columns: 140, rows: 40 });
    expect(line(m.screen(), 'QUANTDECK')).toMatch(/dead-man \d+s\s+· stops kept/);
    m.unmount();
    const gone = liveSession().map((e) => (e.type === 'session' ? { ...e, deadmanStops: 'cancelled' as const } : e));
    m = await mount([...gone, { type: 'deadman', at: T0, armed: true, deadline: T0 + 51_000, timeoutMs: 60_000 }], { columns: 140, rows: 40 });
    expect(line(m.screen(), 'QUANTDECK')).toContain('· stops cancelled too');
  });
});

describe('a stop or take-profit selected in the Protection section', () => {
  const scene = [...liveSession(), long(), stop('60800.0'), tp('67200.0')];
  const ctx = contextOf(scene);
  // As the section lists them: the stop, then the take-profit.
  const ids = ['qd-stop-60800.0', 'qd-tp-67200.0'];

  it('Tab focuses it while it has rows; j/k choose a row', () => {
    const focused = press(ctx, initialUi, 'tab');
    expect(focused.ui.focus).toBe('protection');
    expect(press(ctx, initialUi, 'tab', 'tab').ui.focus).toBe('fills');
    expect(press(ctx, initialUi, 'shift+tab', 'shift+tab', 'shift+tab').ui.focus).toBe('protection');
    expect(press(ctx, initialUi, 'tab', 'j').ui.selectedOrder).toBe(ids[1]);
    expect(press(ctx, initialUi, 'tab', 'j', 'k').ui.selectedOrder).toBe(ids[0]);
  });

  it('c cancels the selected one; + / - and :amend move its trigger', () => {
    expect(done(press(ctx, initialUi, 'tab', 'j', 'c'))[0]).toMatchObject({ calls: [{ name: 'cancel', args: [ids[1]] }] });
    expect(done(press(ctx, initialUi, 'tab', 'j', '+'))).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: [ids[1], { ticks: 1 }] }] }]);
    expect(done(press(ctx, initialUi, 'tab', '-'))).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: [ids[0], { ticks: -1 }] }] }]);
    const typed = press(ctx, press(ctx, initialUi, 'tab').ui, ':', ...'amend 61000'.split(''), 'enter');
    expect(typed.ui.message?.text).toMatch(/stop @ 60800\.0 \(mark\), reduce-only to trigger 61000…$/);
    expect(done(typed)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: [ids[0], { price: '61000' }] }] }]);
  });

  it('once its last row is gone the focus is Open orders again: c acts on the row marked there', () => {
    const gone = contextOf([
      ...scene,
      { type: 'order', at: T0 + 1, order: order({ clientOrderId: 'qd-open', side: 'buy', price: '63000.0', qty: '0.002', state: 'new' }) },
      ...[stop('60800.0'), tp('67200.0')].map((e) => (e.type === 'order' ? { ...e, at: T0 + 2, order: { ...e.order, state: 'canceled' as const, updatedAt: T0 + 2 } } : e)),
    ]);
    const ui = { ...initialUi, focus: 'protection' as const, selectedOrder: ids[0]! };
    expect(done(press(gone, ui, 'c'))[0]).toMatchObject({ calls: [{ name: 'cancel', args: ['qd-open'] }] });
    expect(press(gone, ui, 'tab').ui.focus).toBe('fills');
  });

  it('draws the selection marker on its row and the focus on its title', async () => {
    m = await mount(scene, { columns: 120, rows: 40 });
    expect(line(m.screen(), 'Protection (2)')).not.toContain('> Protection');
    await m.press(KEY.tab, 'j');
    const s = m.screen();
    expect(line(s, 'Protection (2)')).toContain('> Protection (2)');
    expect(s).toMatch(/^\s*>\s+TP\s+SELL\s+0\.005\s+67200\.0/m);
    expect(s).toMatch(/^\s+STOP\s+SELL\s+0\.010\s+60800\.0/m);
  });
});

describe(':stop, :tp, :bracket', () => {
  const typeIn = (events: EngineEvent[], command: string) => {
    const ctx = contextOf(events);
    return press(ctx, initialUi, ':', ...command.split(''), 'enter');
  };

  it('send at once (no question) and the message line follows the order', () => {
    expect(done(typeIn([...liveSession(), long()], 'stop 60800'))).toEqual([
      { label: 'stop at 60800', follow: '', calls: [{ name: 'protect', args: ['stop', '60800'] }] },
    ]);
    expect(done(typeIn([...liveSession(), long()], 'tp 67000'))).toEqual([
      { label: 'take-profit at 67000', follow: '', calls: [{ name: 'protect', args: ['take_profit', '67000'] }] },
    ]);
    expect(done(typeIn([...liveSession(), long()], 'bracket 60800 67000'))).toEqual([
      { label: 'bracket 60800 / 67000', follow: '', calls: [{ name: 'bracket', args: ['60800', '67000'] }] },
    ]);
  });

  it("with 'all' after the price: the venue's close-position order, for whatever the position is when it fires", () => {
    expect(done(typeIn([...liveSession(), long()], 'stop 60800 all'))).toEqual([
      { label: 'stop at 60800 for the whole position', follow: '', calls: [{ name: 'protect', args: ['stop', '60800', { closePosition: true }] }] },
    ]);
    expect(done(typeIn([...liveSession(), long()], 'tp 67000 all'))).toEqual([
      { label: 'take-profit at 67000 for the whole position', follow: '', calls: [{ name: 'protect', args: ['take_profit', '67000', { closePosition: true }] }] },
    ]);
  });

  it.each([
    ['stop', "one trigger price, then 'all' or nothing — :stop PRICE [all]"],
    ['stop 60800 everything', "after the price only 'all' (close the whole position when it fires), not 'everything'"],
    ['stop 60800 all now', "one trigger price, then 'all' or nothing"],
    ['tp 63000 all', "long's take-profit sits above the mark"],
    ['stop abc', "trigger 'abc' is not a number"],
    ['stop 65000', "long's stop sits below the mark 64000.0: 65000 would trigger at once"],
    ['tp 63000', "long's take-profit sits above the mark"],
    ['stop 60800.05', 'is not on the 0.10 tick'],
    ['bracket 60800', 'a stop and a target — :bracket STOP TARGET'],
    ['bracket 65000 67000', "long's stop sits below the mark"],
  ])(':%s is refused with a reason, nothing sent', (command, why) => {
    const out = typeIn([...liveSession(), long()], command);
    expect(out.effects).toEqual([]);
    expect(out.ui.message?.text).toContain(why);
  });

  it('with no position: nothing to protect', () => {
    expect(typeIn(liveSession(), 'stop 60000').ui.message?.text).toMatch(/no position to protect/);
  });
});

describe('C with protective orders resting', () => {
  it('asks about the others, then about the stops; any key but y keeps the stops', () => {
    const ctx = contextOf([...liveSession(), long(), { type: 'order', at: T0, order: order({ clientOrderId: 'qd-lim' }) }, stop('60800.0')]);
    const first = press(ctx, initialUi, 'C');
    expect(first.ui.confirm?.text).toBe('Cancel ALL 1 open order? (1 protective order: asked next)');
    const second = press(ctx, first.ui, 'y');
    expect(second.effects).toEqual([]);
    expect(second.ui.confirm?.text).toBe('Cancel the 1 protective order (stops, take-profits) too? y: yes · any other key: keep them');
    expect(done(press(ctx, second.ui, 'n'))).toEqual([{ label: 'cancel all (protective kept)', calls: [{ name: 'cancelAll', args: [{ protective: 'keep' }] }] }]);
    expect(done(press(ctx, second.ui, 'y'))).toEqual([{ label: 'cancel all, protective orders too', calls: [{ name: 'cancelAll', args: [{ protective: 'include' }] }] }]);
    // A no to the first question sends nothing at all.
    expect(press(ctx, first.ui, 'n').effects).toEqual([]);
  });

  it('only stops resting: one question, and a no sends nothing', () => {
    const ctx = contextOf([...liveSession(), long(), stop('60800.0')]);
    const q = press(ctx, initialUi, 'C');
    expect(q.ui.confirm?.text).toBe('Only 1 protective order rest: cancel them, leaving the position without a stop?');
    expect(press(ctx, q.ui, 'n').effects).toEqual([]);
    expect(done(press(ctx, q.ui, 'y'))).toEqual([{ label: 'cancel all, protective orders too', calls: [{ name: 'cancelAll', args: [{ protective: 'include' }] }] }]);
  });

  it('no protective orders: the old single question', () => {
    const ctx = contextOf([...liveSession(), { type: 'order', at: T0, order: order({ clientOrderId: 'qd-lim' }) }]);
    const q = press(ctx, initialUi, 'C');
    expect(q.ui.confirm?.text).toBe('Cancel ALL 1 open order?');
    expect(done(press(ctx, q.ui, 'y'))).toEqual([{ label: 'cancel all', calls: [{ name: 'cancelAll', args: [] }] }]);
  });
});

void BTC;
