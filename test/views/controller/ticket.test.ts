// The order ticket key by key: what it holds after each key, and the one request Enter sends.
import { describe, expect, it } from 'vitest';
import { initialUi, type UiState } from '../../../views/controller.js';
import { balance, liveSession, position, T0 } from '../../store/fixtures.js';
import { accountDown, after, contextOf, DOWN, done, NOW, press } from './keys.js';

const ctx = contextOf(liveSession());
const ticketOf = (ui: UiState) => {
  expect(ui.ticket).not.toBeNull();
  return ui.ticket!;
};

describe('opening a ticket', () => {
  it('b opens a limit buy at the best bid, s a sell at the ask, sized at the first preset; the message line clears', () => {
    const said: UiState = { ...initialUi, message: { text: 'reconnecting every socket…', level: 'info', at: T0 } };
    const buy = press(ctx, said, 'b');
    expect(buy).toEqual({
      ui: {
        ...initialUi,
        mode: 'ticket',
        ticket: {
          side: 'buy',
          type: 'limit',
          qty: '0.001',
          price: '64210.1',
          reduceOnly: false,
          timing: 'gtc',
          preset: 1,
          priceFixed: false,
          editing: null,
          error: null,
        },
      },
      effects: [],
    });
    const sell = ticketOf(press(ctx, said, 's').ui);
    expect([sell.side, sell.price, sell.qty]).toEqual(['sell', '64210.2', '0.001']);
  });

  it('sizes come from the session\'s presets when it has them', () => {
    const own = contextOf(liveSession(), { sizePresets: ['0.05', '0.1'] });
    expect(ticketOf(press(own, initialUi, 'b').ui).qty).toBe('0.05');
    expect(ticketOf(press(own, initialUi, 'b', '2').ui).qty).toBe('0.1');
    // No third preset: the size stays.
    expect(ticketOf(press(own, initialUi, 'b', '2', '3').ui)).toMatchObject({ qty: '0.1', preset: 2 });
  });

  it('is refused while the account is not live, saying why', () => {
    const down = after(ctx, accountDown);
    for (const key of ['b', 's']) {
      expect(press(down, initialUi, key)).toEqual({
        ui: { ...initialUi, message: { text: `${key}: refused, ${DOWN}`, level: 'warn', at: NOW } },
        effects: [],
      });
    }
  });
});

describe('ticket keys', () => {
  const open = press(ctx, initialUi, 'b').ui;
  const keys = (...k: string[]) => press(ctx, open, ...k);

  it('number keys pick a size preset (1, 2, 5, 10, 20 times the minimum)', () => {
    expect(ticketOf(keys('3').ui)).toMatchObject({ qty: '0.005', preset: 3 });
    expect(ticketOf(keys('5').ui)).toMatchObject({ qty: '0.02', preset: 5 });
    expect(ticketOf(keys('5', '2').ui)).toMatchObject({ qty: '0.002', preset: 2 });
    expect(keys('4').effects).toEqual([]);
  });

  it('arrows and + - move the price by one tick, ← → by ten; a moved price stays fixed', () => {
    const price = (...k: string[]) => ticketOf(keys(...k).ui).price;
    expect(price('up')).toBe('64210.2');
    expect(price('+')).toBe('64210.2');
    expect(price('=')).toBe('64210.2');
    expect(price('down')).toBe('64210.0');
    expect(price('-')).toBe('64210.0');
    expect(price('_')).toBe('64210.0');
    expect(price('right')).toBe('64211.1');
    expect(price('left')).toBe('64209.1');
    expect(price('right', 'left', 'up', 'down')).toBe('64210.1');
    expect(ticketOf(keys('up').ui).priceFixed).toBe(true);
    expect(keys('up', 'right').effects).toEqual([]);
  });

  it('an untouched price follows the book: a tick moves from where the bid is now', () => {
    const moved = after(ctx, { type: 'ticker', at: T0 + 2000, symbol: 'BTCUSDT', bid: '64300.0', ask: '64300.1', last: '64300.0' });
    expect(ticketOf(press(moved, open, '+').ui).price).toBe('64300.1');
    expect(ticketOf(press(moved, open, '2').ui).price).toBe('64300.0');
  });

  it('m switches market / limit, r reduce-only on / off', () => {
    expect(ticketOf(keys('m').ui).type).toBe('market');
    expect(ticketOf(keys('m', 'm').ui).type).toBe('limit');
    expect(ticketOf(keys('r').ui).reduceOnly).toBe(true);
    expect(ticketOf(keys('r', 'r').ui).reduceOnly).toBe(false);
    expect(keys('m', 'r').effects).toEqual([]);
  });

  it('keys of other screens do nothing in the ticket', () => {
    for (const key of ['c', 'C', 'X', 'D', 'tab', 'j']) expect(keys(key)).toEqual({ ui: open, effects: [] });
  });

  it('q and Esc close it and say nothing was sent', () => {
    for (const key of ['q', 'escape']) {
      expect(keys('3', key)).toEqual({
        ui: { ...open, mode: 'main', ticket: null, message: { text: 'ticket closed, nothing sent', level: 'info', at: NOW } },
        effects: [],
      });
    }
  });
});

describe('typing a price or a size', () => {
  const open = press(ctx, initialUi, 'b').ui;
  const keys = (...k: string[]) => press(ctx, open, ...k);

  it('p types a price: digits and . only; Backspace erases; Enter or Tab takes it as a fixed limit price', () => {
    const typing = keys('p', '6', '4', 'x', '0', '0', '0', '.', '5', 'backspace');
    expect(typing.ui.mode).toBe('edit');
    expect(ticketOf(typing.ui).editing).toEqual({ field: 'price', text: '64000.' });
    expect(typing.effects).toEqual([]);
    const taken = press(ctx, typing.ui, '5', 'enter');
    expect(taken.ui.mode).toBe('ticket');
    expect(ticketOf(taken.ui)).toMatchObject({ price: '64000.5', priceFixed: true, type: 'limit', editing: null });
    expect(ticketOf(press(ctx, typing.ui, 'tab').ui).price).toBe('64000.');
    // A typed price on a market ticket makes it a limit again.
    expect(ticketOf(keys('m', 'p', '1', 'enter').ui).type).toBe('limit');
  });

  it('z types a size that no longer follows the presets', () => {
    const typing = keys('z', '0', '.', '0', '0', '7');
    expect(ticketOf(typing.ui).editing).toEqual({ field: 'size', text: '0.007' });
    const taken = press(ctx, typing.ui, 'enter');
    expect(taken.ui.mode).toBe('ticket');
    expect(ticketOf(taken.ui)).toMatchObject({ qty: '0.007', preset: null, editing: null });
  });

  it('Esc drops what was typed and keeps the old value', () => {
    const dropped = keys('z', '9', '9', 'escape');
    expect(dropped.ui.mode).toBe('ticket');
    expect(ticketOf(dropped.ui)).toEqual(open.ticket);
  });
});

describe('Enter sends', () => {
  const open = press(ctx, initialUi, 'b').ui;

  it('exactly the order the ticket shows, once; the ticket closes and the message line says what was sent', () => {
    const sent = press(ctx, open, '3', 'up', 'enter');
    expect(sent.ui).toEqual({
      ...initialUi,
      message: { text: 'sending BUY 0.005 BTC BTCUSDT @ 64210.2…', level: 'info', at: NOW },
    });
    const ticket = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.005', price: '64210.2', reduceOnly: false, postOnly: false };
    // The effect carries the ticket too: should the guard ask first, y sends this very one.
    expect(done(sent)).toEqual([{ label: 'BUY 0.005 BTC BTCUSDT @ 64210.2', follow: '', ticket, calls: [{ name: 'place', args: [ticket] }] }]);
  });

  it('a market reduce-only sell against a long, without a price', () => {
    const long = contextOf([...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position()] }]);
    const sent = press(long, initialUi, 's', 'm', 'r', 'enter');
    expect(sent.ui.message?.text).toBe('sending SELL 0.001 BTC BTCUSDT at market, reduce-only…');
    const ticket = { symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.001', reduceOnly: true, postOnly: false };
    expect(done(sent)).toEqual([
      { label: 'SELL 0.001 BTC BTCUSDT at market, reduce-only', follow: '', ticket, calls: [{ name: 'place', args: [ticket] }] },
    ]);
  });

  it('nothing when the check fails: the ticket stays open with the reason', () => {
    const zero = press(ctx, open, 'z', '0', 'enter', 'enter');
    expect(zero.effects).toEqual([]);
    expect(zero.ui.mode).toBe('ticket');
    expect(ticketOf(zero.ui).error).toBe('size must be more than 0');
    expect(zero.ui.message).toBeNull();
    const poor = contextOf([...liveSession(), { type: 'balances', at: T0, snapshot: true, balances: [balance({ available: '100' })] }]);
    const big = press(poor, initialUi, 'b', '5', 'enter');
    expect(big.effects).toEqual([]);
    expect(ticketOf(big.ui).error).toMatch(/^needs 1284\.21 USDT margin at 1x/);
  });

  it('nothing when the account dropped while the ticket was open', () => {
    const out = press(after(ctx, accountDown), open, 'enter');
    expect(out).toEqual({ ui: { ...open, ticket: { ...open.ticket!, error: `not sent: ${DOWN}` } }, effects: [] });
  });
});
