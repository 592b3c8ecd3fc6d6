// Keys that ask first (C, X, D disarming, quitting): the question, then y does it and any other key does nothing.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { type Confirm, initialUi, type UiState } from '../../../views/controller.js';
import { liveSession, order, position, T0 } from '../../store/fixtures.js';
import { accountDown, after, contextOf, DOWN, done, NOW, press, withOrders } from './keys.js';

const asking = (confirm: Confirm): UiState => ({ ...initialUi, mode: 'confirm', confirm });
const said = (text: string, level = 'info') => ({ ...initialUi, message: { text, level, at: NOW } });
const withPosition = (qty: string): EngineEvent[] => [
  ...liveSession(),
  { type: 'positions', at: T0, snapshot: true, positions: [position({ qty })] },
];
const armed: EngineEvent = { type: 'deadman', at: T0, armed: true, timeoutMs: 60_000 };

describe('C: cancel all', () => {
  it('asks with the number of open orders; y cancels them all', () => {
    const ctx = contextOf(withOrders());
    const ask = press(ctx, initialUi, 'C');
    expect(ask).toEqual({ ui: asking({ kind: 'cancel-all', text: 'Cancel ALL 2 open orders?' }), effects: [] });
    const yes = press(ctx, ask.ui, 'y');
    expect(yes.ui).toEqual(initialUi);
    expect(done(yes)).toEqual([{ label: 'cancel all', calls: [{ name: 'cancelAll', args: [] }] }]);
    const one = contextOf([...liveSession(), { type: 'order', at: T0, order: order() }]);
    expect(press(one, initialUi, 'C').ui.confirm?.text).toBe('Cancel ALL 1 open order?');
  });

  it('any other key cancels nothing and says so', () => {
    const ctx = contextOf(withOrders());
    for (const key of ['n', 'Y', 'enter', 'escape', 'C', 'ctrl+d']) {
      expect(press(ctx, initialUi, 'C', key)).toEqual({ ui: said('cancelled — nothing was sent'), effects: [] });
    }
  });

  it('with no open order says so instead of asking', () => {
    expect(press(contextOf(liveSession()), initialUi, 'C')).toEqual({ ui: said('no open orders to cancel'), effects: [] });
  });

  it('with a stop resting too, a no to the second question keeps the stops and says so', () => {
    const stop = order({ clientOrderId: 'qd-stop', side: 'sell', type: 'market', price: undefined, reduceOnly: true, trigger: { kind: 'stop', price: '60800.0', by: 'mark' } });
    const ctx = contextOf([...withPosition('0.010'), { type: 'order', at: T0, order: order() }, { type: 'order', at: T0, order: stop }]);
    const kept = press(ctx, initialUi, 'C', 'y', 'n');
    expect(kept.ui).toEqual(said('cancelling every open order, keeping the protective ones…'));
    expect(done(kept)).toEqual([{ label: 'cancel all (protective kept)', calls: [{ name: 'cancelAll', args: [{ protective: 'keep' }] }] }]);
  });
});

describe('X: flatten', () => {
  it('names the side and size that close the position; y flattens at market', () => {
    const short = contextOf(withPosition('-0.020'));
    const ask = press(short, initialUi, 'X');
    const text = 'Flatten BTCUSDT: BUY 0.020 BTC at market, reduce-only?';
    expect(ask).toEqual({ ui: asking({ kind: 'flatten', text }), effects: [] });
    const yes = press(short, ask.ui, 'y');
    expect(yes.ui).toEqual(initialUi);
    expect(done(yes)).toEqual([
      { label: 'Flatten BTCUSDT: BUY 0.020 BTC at market, reduce-only', follow: '', calls: [{ name: 'flatten', args: [] }] },
    ]);
    expect(press(contextOf(withPosition('0.5')), initialUi, 'X').ui.confirm?.text).toBe(
      'Flatten BTCUSDT: SELL 0.500 BTC at market, reduce-only?',
    );
  });

  it('no position, or a flat one: says so instead of asking', () => {
    const none = contextOf(liveSession());
    // The store drops a position when it goes flat; a snapshot that still holds one is judged the same.
    const flat = { ...none, state: { ...none.state, positions: { BTCUSDT: position({ qty: '0.000' }) } } };
    for (const ctx of [none, flat, contextOf(withPosition('0.000'))]) {
      expect(press(ctx, initialUi, 'X')).toEqual({ ui: said('no BTCUSDT position to flatten'), effects: [] });
    }
  });

  it('n after X flattens nothing', () => {
    const ctx = contextOf(withPosition('0.010'));
    expect(press(ctx, initialUi, 'X', 'n')).toEqual({ ui: said('cancelled — nothing was sent'), effects: [] });
  });
});

describe("D: the dead-man's switch", () => {
  it('arms at once when it is off', () => {
    const out = press(contextOf(liveSession()), initialUi, 'D');
    expect(out.ui).toEqual(said("arming the dead-man's switch…"));
    expect(done(out)).toEqual([{ label: 'dead-man', calls: [{ name: 'toggleDeadman', args: [] }] }]);
  });

  it('asks before disarming, saying what would stay on the venue; y disarms, anything else keeps it', () => {
    const none = contextOf([...liveSession(), armed]);
    const text = (n: string) => `Disarm the dead-man's switch? ${n} would then stay on the venue if this terminal or link dies.`;
    expect(press(none, initialUi, 'D')).toEqual({
      ui: asking({ kind: 'deadman-off', text: text('Orders placed later') }),
      effects: [],
    });
    const one = contextOf([...liveSession(), armed, { type: 'order', at: T0, order: order() }]);
    expect(press(one, initialUi, 'D').ui.confirm?.text).toBe(text('The 1 open order'));
    const two = contextOf([...withOrders(), armed]);
    const ask = press(two, initialUi, 'D');
    expect(ask.ui.confirm?.text).toBe(text('The 2 open orders'));
    const yes = press(two, ask.ui, 'y');
    expect(yes.ui).toEqual(said("disarming the dead-man's switch…"));
    expect(done(yes)).toEqual([{ label: 'dead-man', calls: [{ name: 'toggleDeadman', args: [] }] }]);
    expect(press(two, ask.ui, 'n')).toEqual({ ui: said('cancelled — nothing was sent'), effects: [] });
  });
});

describe("the guard's question before a sweep", () => {
  const ticket = { symbol: 'BTCUSDT', side: 'buy' as const, type: 'limit' as const, qty: '0.02', price: '64999.9', reduceOnly: false, postOnly: false };
  const label = 'BUY 0.020 BTC BTCUSDT @ 64999.9';
  const text = 'buy at 64999.9 is 1.2 % through the best ask 64220.4: it would sweep the book. Send it?';
  const ctx = contextOf(liveSession());

  it('y sends that very ticket, confirmed, and says so; the message line follows it', () => {
    const yes = press(ctx, asking({ kind: 'send', text, send: { ticket, label } }), 'y');
    expect(yes.ui).toEqual(said(`sending ${label}…`));
    expect(done(yes)).toEqual([{ label, follow: '', calls: [{ name: 'place', args: [ticket, { confirmed: true }] }] }]);
  });

  it('any other key sends nothing', () => {
    const out = press(ctx, asking({ kind: 'send', text, send: { ticket, label } }), 'n');
    expect(out).toEqual({ ui: said('cancelled — nothing was sent'), effects: [] });
  });

  it('a question without its ticket sends nothing on y', () => {
    expect(press(ctx, asking({ kind: 'send', text }), 'y')).toEqual({ ui: initialUi, effects: [] });
  });
});

describe('keys that change the account while it is not live', () => {
  it('b s c C X D are refused with the reason; R still reconnects', () => {
    const ctx = after(contextOf([...withOrders(), ...withPosition('0.010').slice(-1)]), accountDown);
    for (const key of ['b', 's', 'c', 'C', 'X', 'D']) {
      expect(press(ctx, initialUi, key)).toEqual({ ui: said(`${key}: refused, ${DOWN}`, 'warn'), effects: [] });
    }
    expect(done(press(ctx, initialUi, 'R'))).toEqual([{ label: 'reconnect', calls: [{ name: 'reconnect', args: [] }] }]);
  });

  it('before any session, and under a venue ban, too', () => {
    expect(press(contextOf([]), initialUi, 'C').ui.message?.text).toBe('C: refused, no session yet');
    const banned = contextOf([...withOrders(), { type: 'budget', at: T0, state: 'banned', until: T0 + 60_000, pools: [] }]);
    expect(press(banned, initialUi, 'c').ui.message?.text).toBe('c: refused, rate budget: banned by the venue');
  });
});

describe('quitting', () => {
  it('Ctrl-C with nothing open quits at once and disarms', () => {
    expect(done(press(contextOf(liveSession()), initialUi, 'ctrl+c'))).toEqual([{ quit: { deadman: 'disarm' } }]);
  });

  it('Ctrl-C with orders open asks what stays; no keeps running; y or a second Ctrl-C quits with that plan', () => {
    const ctx = contextOf(withOrders());
    const ask = press(ctx, initialUi, 'ctrl+c');
    expect(ask.effects).toEqual([]);
    expect(ask.ui).toEqual(
      asking({
        kind: 'quit',
        text: "Quit? 2 orders stay resting; dead-man's switch is OFF: the orders rest until cancelled.",
        quit: { deadman: 'disarm' },
      }),
    );
    expect(press(ctx, ask.ui, 'n')).toEqual({ ui: said('not quitting'), effects: [] });
    expect(done(press(ctx, ask.ui, 'y'))).toEqual([{ quit: { deadman: 'disarm' } }]);
    const again = press(ctx, ask.ui, 'ctrl+c');
    expect(again.ui).toBe(ask.ui);
    expect(done(again)).toEqual([{ quit: { deadman: 'disarm' } }]);
  });

  it("with the dead-man's switch armed, quitting leaves it armed so the venue cancels the orders", () => {
    const ctx = contextOf([...withOrders(), armed]);
    const ask = press(ctx, initialUi, 'ctrl+c');
    expect(ask.ui.confirm?.quit).toEqual({ deadman: 'leave-armed' });
    expect(done(press(ctx, ask.ui, 'y'))).toEqual([{ quit: { deadman: 'leave-armed' } }]);
    expect(done(press(ctx, ask.ui, 'ctrl+c'))).toEqual([{ quit: { deadman: 'leave-armed' } }]);
  });

  it('a quit question without a plan disarms on the way out', () => {
    const bare = asking({ kind: 'quit', text: 'Quit?' });
    const ctx = contextOf(withOrders());
    expect(done(press(ctx, bare, 'y'))).toEqual([{ quit: { deadman: 'disarm' } }]);
    expect(done(press(ctx, bare, 'ctrl+c'))).toEqual([{ quit: { deadman: 'disarm' } }]);
  });

  it('Ctrl-C from any layer drops the ticket, the typed command or the other question, and asks', () => {
    const ctx = contextOf(withOrders());
    const question = press(ctx, initialUi, 'ctrl+c').ui;
    const ticket = press(ctx, initialUi, 'b', '3').ui;
    expect(press(ctx, ticket, 'ctrl+c').ui).toEqual(question);
    const typing = press(ctx, initialUi, ':', 'l', 'o').ui;
    expect(press(ctx, typing, 'ctrl+c').ui).toEqual(question);
    const cancelAll = press(ctx, initialUi, 'C').ui;
    expect(press(ctx, cancelAll, 'ctrl+c').ui).toEqual(question);
  });

  it('Ctrl-C with nothing open quits from any layer, leaving the main screen behind for a key that still arrives', () => {
    // Armed with nothing open: D asks before disarming, and Ctrl-C at that question quits at once.
    const calm = contextOf([...liveSession(), armed]);
    for (const layer of [['D'], ['b', '3'], [':', 'x'], ['l']]) {
      const quit = press(calm, press(calm, initialUi, ...layer).ui, 'ctrl+c');
      expect(done(quit)).toEqual([{ quit: { deadman: 'disarm' } }]);
      expect(quit.ui).toMatchObject({ mode: 'main', ticket: null, confirm: null, command: '' });
      // A y or a ticket key after it meets the main screen: nothing flattened, nothing thrown.
      expect(press(calm, quit.ui, 'y', '+', 'enter').effects).toEqual([]);
    }
  });

  it('a close question without its share sends nothing on y', () => {
    const ctx = contextOf(withPosition('0.010'));
    expect(press(ctx, asking({ kind: 'close', text: 'Close?' }), 'y')).toEqual({ ui: initialUi, effects: [] });
  });

  it('a yes with no question on screen sends nothing', () => {
    const ctx = contextOf(withPosition('0.010'));
    const blank: UiState = { ...initialUi, mode: 'confirm', confirm: null };
    expect(press(ctx, blank, 'y')).toEqual({ ui: initialUi, effects: [] });
    expect(press(ctx, blank, 'n')).toEqual({ ui: said('cancelled — nothing was sent'), effects: [] });
  });
});
