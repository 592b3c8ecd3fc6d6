// The main screen's one-key actions: cancel the selected order, reconnect, Esc, and the SIM keys
// (faults menu, price regime) offered only against the local venue.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { initialUi, type UiState } from '../../../views/controller.js';
import { liveSession, order, T0 } from '../../store/fixtures.js';
import { contextOf, done, NOW, press, withOrders } from './keys.js';

const said = (text: string, level = 'info') => ({ ...initialUi, message: { text, level, at: NOW } });
const testnet = (): EngineEvent[] => liveSession().map((e) => (e.type === 'session' ? { ...e, env: 'testnet' } : e));

describe('c: cancel the selected order', () => {
  const ctx = contextOf(withOrders());

  it('cancels the order marked >, naming it; the message line follows that order', () => {
    const out = press(ctx, initialUi, 'c');
    expect(out.ui).toEqual(said('cancelling SELL 0.010 BTC BTCUSDT @ 64300.0 (qd-new)…'));
    expect(done(out)).toEqual([
      { label: 'cancel SELL 0.010 BTC BTCUSDT @ 64300.0', follow: 'qd-new', calls: [{ name: 'cancel', args: ['qd-new'] }] },
    ]);
  });

  it('an order of another symbol is named in its own raw terms, not the session instrument\'s', () => {
    const eth = contextOf([
      ...liveSession(),
      { type: 'order', at: T0, order: order({ clientOrderId: 'qd-eth', symbol: 'ETHUSDT', price: '3100.5', qty: '0.5' }) },
    ]);
    expect(press(eth, initialUi, 'c').ui.message?.text).toBe('cancelling BUY 0.5 ETHUSDT @ 3100.5 (qd-eth)…');
  });

  it('before the instrument is loaded, the order is named in its raw terms', () => {
    const bare = contextOf([
      ...liveSession().map((e): EngineEvent => (e.type === 'session' ? { ...e, instrument: undefined } : e)),
      { type: 'order', at: T0, order: order({ price: '64200' }) },
    ]);
    expect(bare.state.session?.instrument).toBeUndefined();
    expect(press(bare, initialUi, 'c').ui.message?.text).toBe('cancelling BUY 0.010 BTCUSDT @ 64200 (qd-1)…');
  });

  it('with another pane focused it cancels nothing and says how to pick an order', () => {
    for (const focus of ['fills', 'positions'] as const) {
      expect(press(ctx, { ...initialUi, focus }, 'c')).toEqual({
        ui: { ...said('no order selected: Tab to Open orders, j/k to pick one (marked >), then c', 'warn'), focus },
        effects: [],
      });
    }
  });

  it('with no open order says so', () => {
    expect(press(contextOf(liveSession()), initialUi, 'c')).toEqual({ ui: said('no open order to cancel'), effects: [] });
  });
});

describe('R, l, ?, unbound keys', () => {
  const ctx = contextOf(liveSession());

  it('R reconnects every socket, saying so', () => {
    const out = press(ctx, initialUi, 'R');
    expect(out.ui).toEqual(said('reconnecting every socket…'));
    expect(done(out)).toEqual([{ label: 'reconnect', calls: [{ name: 'reconnect', args: [] }] }]);
  });

  it('a key bound to nothing changes nothing', () => {
    const ui: UiState = { ...initialUi, message: { text: 'x', level: 'info', at: T0 } };
    for (const key of ['x', 'Z', 'pagedown', 'enter']) expect(press(ctx, ui, key)).toEqual({ ui, effects: [] });
    expect(press(ctx, ui, 'x').ui).toBe(ui);
  });
});

describe('Esc / q on the main screen', () => {
  const ctx = contextOf(withOrders());

  it('dismiss a message that stays until dismissed', () => {
    const sticky: UiState = { ...initialUi, message: { text: 'place: not done — timeout', level: 'error', at: T0, sticky: true } };
    expect(press(ctx, sticky, 'escape')).toEqual({ ui: initialUi, effects: [] });
    expect(press(ctx, sticky, 'q')).toEqual({ ui: initialUi, effects: [] });
  });

  it('dismiss the venue\'s refusal of the order the message line follows', () => {
    const refused = contextOf([
      ...liveSession(),
      { type: 'order', at: T0, order: order({ clientOrderId: 'qd-r', state: 'rejected', reason: 'insufficient margin' }) },
    ]);
    const following: UiState = { ...initialUi, message: { text: 'BUY 0.010 BTC', level: 'info', at: T0, orderId: 'qd-r' } };
    expect(press(refused, following, 'escape')).toEqual({ ui: initialUi, effects: [] });
  });

  it('otherwise say how to quit, since there is nothing to close', () => {
    const quiet: UiState = { ...initialUi, message: { text: 'reconnecting every socket…', level: 'info', at: T0 } };
    const hint = said('nothing to close — :q Enter or Ctrl-C quits');
    expect(press(ctx, quiet, 'escape')).toEqual({ ui: hint, effects: [] });
    expect(press(ctx, initialUi, 'q')).toEqual({ ui: hint, effects: [] });
  });
});

describe('SIM keys', () => {
  const ctx = contextOf(liveSession());

  it('f opens the faults menu at its first line', () => {
    const ui: UiState = { ...initialUi, faultIndex: 2, message: { text: 'x', level: 'info', at: T0 } };
    expect(press(ctx, ui, 'f')).toEqual({ ui: { ...initialUi, mode: 'faults' }, effects: [] });
  });

  it('a number injects that fault; Enter the one chosen with j/k; the menu closes and says what was injected', () => {
    const byNumber = press(ctx, initialUi, 'f', '3');
    expect(byNumber.ui).toEqual({
      ...said('injecting fault: drop the next order response (unknown, then query)'),
      faultIndex: 2,
    });
    expect(done(byNumber)).toEqual([
      { label: 'fault drop-order-response', calls: [{ name: 'injectFault', args: ['drop-order-response'] }] },
    ]);
    const chosen = press(ctx, initialUi, 'f', 'j', 'enter');
    expect(chosen.ui.faultIndex).toBe(1);
    expect(done(chosen)).toEqual([{ label: 'fault skew-clock', calls: [{ name: 'injectFault', args: ['skew-clock'] }] }]);
    expect(done(press(ctx, initialUi, 'f', 'k', 'enter'))[0]).toMatchObject({ calls: [{ args: ['rate-limit-storm'] }] });
    expect(done(press(ctx, initialUi, 'f', 'enter'))[0]).toMatchObject({ calls: [{ args: ['drop-socket'] }] });
  });

  it('q and Esc leave the menu injecting nothing', () => {
    for (const key of ['q', 'escape']) {
      expect(press(ctx, initialUi, 'f', 'j', key)).toEqual({ ui: { ...initialUi, faultIndex: 1 }, effects: [] });
    }
  });

  it('a choice past the menu injects nothing', () => {
    const ui: UiState = { ...initialUi, mode: 'faults', faultIndex: 9 };
    expect(press(ctx, ui, 'enter')).toEqual({ ui, effects: [] });
  });

  it('a fault effect run without SIM actions fails loudly instead of doing nothing', () => {
    const out = press(ctx, initialUi, 'f', '1');
    const call = out.effects[0];
    expect(call?.kind).toBe('call');
    if (call?.kind !== 'call') return;
    const bare = contextOf(testnet(), { sim: false });
    expect(() => call.run(bare.actions)).toThrow('SIM action without SIM actions');
  });

  it('v switches the price regime calm ↔ volatile', () => {
    const calm = press(ctx, initialUi, 'v');
    expect(calm.ui).toEqual(said('switching the price regime to volatile…'));
    expect(done(calm)).toEqual([{ label: 'regime volatile', calls: [{ name: 'setRegime', args: ['volatile'] }] }]);
    const volatile = contextOf([...liveSession(), { type: 'sim', at: T0, regime: 'volatile', activeFaults: [] }]);
    expect(done(press(volatile, initialUi, 'v'))).toEqual([{ label: 'regime calm', calls: [{ name: 'setRegime', args: ['calm'] }] }]);
  });

  it('v before the venue reported its regime switches to volatile', () => {
    const early = contextOf(liveSession().filter((e) => e.type !== 'sim'));
    expect(early.state.sim).toBeNull();
    expect(done(press(early, initialUi, 'v'))).toEqual([{ label: 'regime volatile', calls: [{ name: 'setRegime', args: ['volatile'] }] }]);
  });

  it('are refused outside SIM, naming where the session trades', () => {
    for (const key of ['f', 'v']) {
      expect(press(contextOf(testnet()), initialUi, key)).toEqual({
        ui: said(`${key}: SIM only (this session trades against testnet)`, 'warn'),
        effects: [],
      });
    }
    expect(press(contextOf([]), initialUi, 'v').ui.message?.text).toBe('v: SIM only (this session trades against no venue)');
    // Even were SIM steering wired to a real venue's session, the keys stay refused.
    expect(press(contextOf(testnet(), { sim: true }), initialUi, 'f').ui.message?.text).toBe(
      'f: SIM only (this session trades against testnet)',
    );
  });

  it('are refused in a SIM session whose SIM steering is absent', () => {
    const bare = contextOf(liveSession(), { sim: false });
    expect(press(bare, initialUi, 'f')).toEqual({ ui: said('f: SIM only (this session trades against sim)', 'warn'), effects: [] });
  });
});
