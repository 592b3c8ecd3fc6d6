// Amending the selected order: `+`/`-` move it a tick, `:amend PRICE [QTY]` to a typed price; each
// names the order and asks the engine's amend with its client order id; bad words are named and
// nothing is asked; a market order, no order, or an account that is down: refused, saying why.
import { describe, expect, it } from 'vitest';
import { AMEND_USAGE, parseAmendArgs } from '../../../views/amend.js';
import { initialUi, type UiState } from '../../../views/controller.js';
import { liveSession, order, T0 } from '../../store/fixtures.js';
import { accountDown, after, contextOf, done, DOWN, NOW, press, withOrders } from './keys.js';

const said = (text: string, level = 'info') => ({ ...initialUi, message: { text, level, at: NOW } });
const line = (command: string): UiState => ({ ...initialUi, mode: 'command', command });
const ctx = contextOf(withOrders());

describe('+ and -: the selected order a tick up or down', () => {
  it('asks the engine to move the order marked > one tick, by its client order id', () => {
    const up = press(ctx, initialUi, '+');
    expect(up.ui).toEqual(said('amending SELL 0.010 BTC BTCUSDT @ 64300.0 up 1 tick…'));
    expect(done(up)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-new', { ticks: 1 }] }] }]);
    expect(done(press(ctx, initialUi, 'j', '_'))[0]).toMatchObject({ calls: [{ name: 'amend', args: ['qd-old', { ticks: -1 }] }] });
    expect(done(press(ctx, initialUi, '=')).length).toBe(1);
    expect(done(press(ctx, initialUi, '-'))[0]).toMatchObject({ calls: [{ name: 'amend', args: ['qd-new', { ticks: -1 }] }] });
  });

  it('refuses with no order, a market order, or the account down, asking nothing', () => {
    expect(press(contextOf(liveSession()), initialUi, '+')).toEqual({ ui: said('no open order to amend', 'warn'), effects: [] });
    const market = contextOf([...liveSession(), { type: 'order', at: T0, order: order({ clientOrderId: 'qd-mkt', type: 'market' }) }]);
    expect(press(market, initialUi, '+').ui.message?.text).toBe('qd-mkt is a market order: only a resting limit order or a stop/take-profit can be amended');
    expect(press(market, initialUi, '+').effects).toEqual([]);
    const down = press(after(ctx, accountDown), initialUi, '+');
    expect(down.effects).toEqual([]);
    expect(down.ui.message?.text).toBe(`+: refused, ${DOWN}`);
  });
});

describe('a stop or take-profit selected: its trigger moves', () => {
  const stop = order({ clientOrderId: 'qd-stp', type: 'market', side: 'sell', reduceOnly: true, trigger: { kind: 'stop', price: '62000', by: 'mark' } });
  const withStop = contextOf([...liveSession(), { type: 'order', at: T0, order: stop }]);

  it('+ asks the engine to move it a tick, naming it as the stop it is', () => {
    const up = press(withStop, initialUi, '+');
    expect(up.ui.message?.text).toMatch(/^amending SELL 0\.010 BTC BTCUSDT stop @ 62000\.0 \(mark\), reduce-only up 1 tick…$/);
    expect(done(up)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-stp', { ticks: 1 }] }] }]);
  });

  it(':amend PRICE moves it to that trigger', () => {
    const out = press(withStop, line('amend 61500'), 'enter');
    expect(out.ui.message?.text).toMatch(/ to trigger 61500…$/);
    expect(done(out)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-stp', { price: '61500' }] }] }]);
  });
});

describe(':amend PRICE [QTY]', () => {
  it('moves the selected order to the typed price, and quantity when given', () => {
    const out = press(ctx, line('amend 64250.5'), 'enter');
    expect(out.ui.message?.text).toBe('amending SELL 0.010 BTC BTCUSDT @ 64300.0 to 64250.5…');
    expect(done(out)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-new', { price: '64250.5' }] }] }]);
    expect(done(press(ctx, line('am 64000 0.02'), 'enter'))[0]).toMatchObject({ calls: [{ name: 'amend', args: ['qd-new', { price: '64000', qty: '0.02' }] }] });
  });

  it('names what is wrong with the words and asks nothing', () => {
    const usage = ':amend PRICE [QTY], e.g. :amend 64000 or :amend 64000 0.002 (the selected order; a stop or take-profit: its trigger)';
    const cases: Array<[string, string]> = [
      ['amend', `a price is needed — ${usage}`],
      ['amend abc', `price 'abc' is not a positive number — ${usage}`],
      ['amend 0', `price '0' is not a positive number — ${usage}`],
      ['amend 64000 -1', `quantity '-1' is not a positive number — ${usage}`],
      ['amend 1 2 3', `too many values — ${usage}`],
    ];
    for (const [typed, text] of cases) expect(press(ctx, line(typed), 'enter')).toEqual({ ui: said(text, 'warn'), effects: [] });
  });
});

describe('what the message line says while an amend is asked', () => {
  it('- says down; a typed quantity is named', () => {
    expect(press(ctx, initialUi, '-').ui).toEqual(said('amending SELL 0.010 BTC BTCUSDT @ 64300.0 down 1 tick…'));
    expect(press(ctx, line('amend 64000 0.02'), 'enter').ui.message?.text).toBe('amending SELL 0.010 BTC BTCUSDT @ 64300.0 to 64000 for 0.02…');
  });

  it("an order of another symbol is described without the session instrument's units", () => {
    const eth = contextOf([...liveSession(), { type: 'order', at: T0, order: order({ clientOrderId: 'qd-eth', symbol: 'ETHUSDT', price: '3000.00', qty: '0.5' }) }]);
    const text = press(eth, initialUi, '+').ui.message?.text ?? '';
    expect(text).toMatch(/^amending BUY .*ETHUSDT @ 3000\.00 up 1 tick…$/);
    expect(text).not.toContain('BTC ');
  });

  it('before the instrument is known the order is still described and asked', () => {
    const bare = contextOf(withOrders().map((e) => (e.type === 'session' ? { ...e, instrument: undefined } : e)));
    const out = press(bare, initialUi, '+');
    expect(out.ui.message?.text).toMatch(/^amending SELL .*BTCUSDT @ 64300\.0 up 1 tick…$/);
    expect(done(out)[0]).toMatchObject({ calls: [{ name: 'amend', args: ['qd-new', { ticks: 1 }] }] });
  });

  it('with Fills or Positions focused, + has no order selected and says how to pick one', () => {
    for (const focus of ['fills', 'positions'] as const) {
      expect(press(ctx, { ...initialUi, focus }, '+')).toEqual({
        ui: { ...said('no order selected: Tab to Open orders, j/k to pick one (marked >)', 'warn'), focus },
        effects: [],
      });
    }
  });

  it(':amend with the account down is refused, saying why, and asks nothing', () => {
    expect(press(after(ctx, accountDown), line('amend 64000'), 'enter')).toEqual({ ui: said(`amend: refused, ${DOWN}`, 'warn'), effects: [] });
  });
});

describe(':amend works on the selected order wherever the focus is', () => {
  const stop = order({ clientOrderId: 'qd-stop', side: 'sell', type: 'market', price: undefined, reduceOnly: true, trigger: { kind: 'stop', price: '60800.0', by: 'mark' } });
  const scene = contextOf([...withOrders(), { type: 'order', at: T0, order: stop }]);
  const typed = (focus: UiState['focus']) => press(scene, { ...line('amend 61000'), focus }, 'enter');

  it('Protection focused: its selected stop, by its trigger', () => {
    const out = typed('protection');
    expect(done(out)).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-stop', { price: '61000' }] }] }]);
    expect(out.ui.message?.text).toMatch(/ to trigger 61000…$/);
  });

  it('Fills or Positions focused: the order Open orders marks', () => {
    for (const focus of ['fills', 'positions', 'orders'] as const) {
      expect(done(typed(focus))).toEqual([{ label: 'amend', calls: [{ name: 'amend', args: ['qd-new', { price: '61000' }] }] }]);
    }
  });
});

describe('parseAmendArgs', () => {
  it('a price alone carries no quantity key at all; a long wrong word is shown cut to 20 characters', () => {
    expect(parseAmendArgs(['64000'])).toStrictEqual({ change: { price: '64000' } });
    expect(parseAmendArgs(['64000', '0.02'])).toStrictEqual({ change: { price: '64000', qty: '0.02' } });
    const long = 'x'.repeat(30);
    expect(parseAmendArgs([long])).toEqual({ error: `price '${'x'.repeat(20)}' is not a positive number — ${AMEND_USAGE}` });
    expect(parseAmendArgs(['1', long])).toEqual({ error: `quantity '${'x'.repeat(20)}' is not a positive number — ${AMEND_USAGE}` });
  });
});
