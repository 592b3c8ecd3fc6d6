// Focus decides what j/k move and what `c` cancels; the log, help and faults layers scroll.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { selectOpenOrders } from '../../../src/store/selectors.js';
import { initialUi, selectedIndex, type UiState } from '../../../views/controller.js';
import { fill, liveSession, order, position, T0 } from '../../store/fixtures.js';
import { contextOf, done, press, withOrders } from './keys.js';

/** Open orders qd-new, qd-old; three fills; positions ETHUSDT, SOLUSDT. */
const scene = (): EngineEvent[] => [
  ...withOrders(),
  ...[1, 2, 3].map((n) => ({ type: 'fill' as const, at: T0 + n, fill: fill(n, { clientOrderId: `fill-${n}` }) })),
  {
    type: 'positions',
    at: T0,
    snapshot: true,
    positions: [position({ symbol: 'ETHUSDT' }), position({ symbol: 'SOLUSDT', qty: '0.500' })],
  },
];

describe('focus', () => {
  it('Tab moves orders → fills → positions → orders, Shift-Tab the other way, and nothing else changes', () => {
    const ctx = contextOf(scene());
    const seen = (key: string) => {
      const out: string[] = [];
      let ui = initialUi;
      for (let i = 0; i < 3; i++) {
        const o = press(ctx, ui, key);
        expect(o.effects).toEqual([]);
        expect(o.ui).toEqual({ ...ui, focus: o.ui.focus });
        ui = o.ui;
        out.push(ui.focus);
      }
      return out;
    };
    expect(seen('tab')).toEqual(['fills', 'positions', 'orders']);
    expect(seen('shift+tab')).toEqual(['positions', 'fills', 'orders']);
  });

  it('the selected row is the chosen open order, or the first; none while another pane has the focus', () => {
    const ctx = contextOf(scene());
    const s = ctx.state;
    expect(selectOpenOrders(s).map((o) => o.clientOrderId)).toEqual(['qd-new', 'qd-old']);
    expect(selectedIndex(initialUi, s)).toBe(0);
    expect(selectedIndex({ focus: 'orders', selectedOrder: 'qd-old' }, s)).toBe(1);
    // The chosen order left the book: the first row is selected again.
    expect(selectedIndex({ focus: 'orders', selectedOrder: 'qd-gone' }, s)).toBe(0);
    expect(selectedIndex({ focus: 'fills', selectedOrder: 'qd-old' }, s)).toBe(-1);
    expect(selectedIndex({ focus: 'positions', selectedOrder: null }, s)).toBe(-1);
    expect(selectedIndex(initialUi, contextOf(liveSession()).state)).toBe(-1);
  });
});

describe('j / k', () => {
  it('on Open orders they choose the order c cancels, stopping at the first and the last', () => {
    const ctx = contextOf(scene());
    const chosen = (...keys: string[]) => press(ctx, initialUi, ...keys).ui.selectedOrder;
    expect(chosen('j')).toBe('qd-old');
    expect(chosen('j', 'j', 'j')).toBe('qd-old');
    expect(chosen('j', 'k')).toBe('qd-new');
    expect(chosen('k')).toBe('qd-new');
    expect(chosen('down', 'up', 'down')).toBe('qd-old');
    const three = contextOf([...scene(), { type: 'order', at: T0, order: order({ clientOrderId: 'qd-mid', createdAt: T0 - 1000 }) }]);
    expect(press(three, initialUi, 'j', 'j').ui.selectedOrder).toBe('qd-old');
    expect(press(three, initialUi, 'j', 'j', 'k').ui.selectedOrder).toBe('qd-mid');
    // A choice whose order left: j moves on from the first row.
    expect(press(ctx, { ...initialUi, selectedOrder: 'qd-gone' }, 'j').ui.selectedOrder).toBe('qd-old');
    expect(done(press(ctx, initialUi, 'j', 'c'))).toEqual([
      expect.objectContaining({ calls: [{ name: 'cancel', args: ['qd-old'] }] }),
    ]);
  });

  it('on Open orders with none open they change nothing', () => {
    const ctx = contextOf(liveSession());
    const ui: UiState = { ...initialUi, selectedOrder: 'qd-1' };
    const out = press(ctx, ui, 'j');
    expect(out.ui).toBe(ui);
    expect(out.effects).toEqual([]);
  });

  it('on Fills and Positions they scroll the focused pane only, within its rows', () => {
    const ctx = contextOf(scene());
    const fills: UiState = { ...initialUi, focus: 'fills' };
    expect(press(ctx, fills, 'j').ui.scroll).toEqual({ fills: 1, positions: 0, log: 0, help: 0 });
    expect(press(ctx, fills, 'j', 'j', 'j', 'j').ui.scroll.fills).toBe(2);
    expect(press(ctx, fills, 'j', 'j', 'k').ui.scroll.fills).toBe(1);
    expect(press(ctx, fills, 'k').ui.scroll.fills).toBe(0);
    expect(press(ctx, fills, 'j').ui.selectedOrder).toBeNull();
    const positions: UiState = { ...initialUi, focus: 'positions' };
    expect(press(ctx, positions, 'j').ui.scroll).toEqual({ fills: 0, positions: 1, log: 0, help: 0 });
    expect(press(ctx, positions, 'j', 'j', 'j').ui.scroll.positions).toBe(1);
    expect(press(ctx, positions, 'j', 'k', 'k').ui.scroll.positions).toBe(0);
    // An empty pane stays at its top.
    expect(press(contextOf(liveSession()), fills, 'j').ui.scroll.fills).toBe(0);
  });
});

describe('the log view', () => {
  const logs = (n: number): EngineEvent[] =>
    Array.from({ length: n }, (_, i) => ({ type: 'log' as const, at: T0, level: 'info' as const, text: `line ${i}` }));
  const ctx = contextOf([...liveSession(), ...logs(60)], { pageRows: 7 });
  const lines = ctx.state.log.length;
  const back = (ui: UiState) => ui.scroll.log;

  it('opens at the newest line; k goes back, j toward the newest, never past either end', () => {
    expect(lines).toBeGreaterThan(60);
    const open = press(ctx, { ...initialUi, scroll: { ...initialUi.scroll, log: 5 } }, 'l');
    expect(open.ui).toEqual({ ...initialUi, mode: 'log' });
    expect(back(press(ctx, open.ui, 'k', 'k', 'k').ui)).toBe(3);
    expect(back(press(ctx, open.ui, 'k', 'k', 'j').ui)).toBe(1);
    expect(back(press(ctx, open.ui, 'j').ui)).toBe(0);
    expect(back(press(ctx, open.ui, 'up', 'up', 'down').ui)).toBe(1);
    const oldest = press(ctx, open.ui, 'g').ui;
    expect(back(oldest)).toBe(lines - 1);
    expect(back(press(ctx, oldest, 'k').ui)).toBe(lines - 1);
    expect(back(press(ctx, oldest, 'j').ui)).toBe(lines - 2);
    expect(back(press(ctx, oldest, 'G').ui)).toBe(0);
    expect(back(press(ctx, oldest, 'end').ui)).toBe(0);
    expect(back(press(ctx, open.ui, 'home').ui)).toBe(lines - 1);
    for (const key of ['j', 'k', 'g', 'G', 'pageup', ' ']) expect(press(ctx, open.ui, 'k', key).effects).toEqual([]);
  });

  it('pages by the rows the view shows: PgUp / PgDn / Space', () => {
    const open = press(ctx, initialUi, 'l').ui;
    expect(back(press(ctx, open, 'pageup').ui)).toBe(7);
    expect(back(press(ctx, open, 'pageup', 'pageup', 'pagedown').ui)).toBe(7);
    expect(back(press(ctx, open, 'pageup', ' ').ui)).toBe(0);
    expect(back(press(ctx, open, 'pagedown').ui)).toBe(0);
  });

  it('q and Esc go back to the main screen', () => {
    const scrolled = press(ctx, initialUi, 'l', 'k');
    expect(press(ctx, scrolled.ui, 'q')).toEqual({ ui: { ...scrolled.ui, mode: 'main' }, effects: [] });
    expect(press(ctx, scrolled.ui, 'escape').ui.mode).toBe('main');
  });

  it('an empty log stays at its one position', () => {
    const empty = contextOf([]);
    expect(empty.state.log).toEqual([]);
    expect(back(press(empty, initialUi, 'l', 'k', 'g').ui)).toBe(0);
  });
});

describe('help', () => {
  const ctx = contextOf(liveSession());

  it('opens at the top; j / k scroll, never above the top; ? q Esc close it', () => {
    const open = press(ctx, { ...initialUi, scroll: { ...initialUi.scroll, help: 4 } }, '?');
    expect(open).toEqual({ ui: { ...initialUi, mode: 'help' }, effects: [] });
    expect(press(ctx, open.ui, 'j', 'j').ui.scroll.help).toBe(2);
    expect(press(ctx, open.ui, 'j', 'j', 'k').ui.scroll.help).toBe(1);
    expect(press(ctx, open.ui, 'k').ui.scroll.help).toBe(0);
    expect(press(ctx, open.ui, 'down', 'up', 'down').ui.scroll.help).toBe(1);
    for (const key of ['?', 'q', 'escape']) expect(press(ctx, open.ui, 'j', key).ui.mode).toBe('main');
    expect(press(ctx, open.ui, 'j', '?').ui.scroll.help).toBe(1);
  });
});

describe('the faults menu', () => {
  const ctx = contextOf(liveSession());

  it('j / k move the choice round the menu, both ways', () => {
    const open = press(ctx, initialUi, 'f').ui;
    expect(open.faultIndex).toBe(0);
    expect(press(ctx, open, 'j').ui.faultIndex).toBe(1);
    expect(press(ctx, open, 'k').ui.faultIndex).toBe(3);
    expect(press(ctx, open, 'j', 'j', 'j', 'j').ui.faultIndex).toBe(0);
    expect(press(ctx, open, 'up', 'up', 'down').ui.faultIndex).toBe(3);
    expect(press(ctx, open, 'j').effects).toEqual([]);
  });
});
