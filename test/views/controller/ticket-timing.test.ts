// Ticket flags: o makes the limit post-only, i makes it IOC (they exclude each other, a second
// press turns either off); the ticket says so and Enter sends exactly that to the engine.
import { describe, expect, it } from 'vitest';
import { initialUi } from '../../../views/controller.js';
import { describeTicket } from '../../../views/ticket.js';
import { liveSession } from '../../store/fixtures.js';
import { contextOf, done, press } from './keys.js';

const ctx = contextOf(liveSession());

describe('post-only and IOC in the ticket', () => {
  it('o and i switch the timing, each excluding the other; a second press turns it off', () => {
    expect(press(ctx, initialUi, 'b', 'o').ui.ticket?.timing).toBe('post-only');
    expect(press(ctx, initialUi, 'b', 'o', 'i').ui.ticket?.timing).toBe('ioc');
    expect(press(ctx, initialUi, 'b', 'i', 'o').ui.ticket?.timing).toBe('post-only');
    expect(press(ctx, initialUi, 'b', 'i', 'i').ui.ticket?.timing).toBe('gtc');
  });

  it('Enter sends a post-only limit as postOnly, an IOC limit with timeInForce ioc', () => {
    const post = done(press(ctx, initialUi, 'b', 'o', 'enter'));
    expect(post[0]).toMatchObject({ label: 'BUY 0.001 BTC BTCUSDT @ 64210.1, post-only' });
    expect(post[0] && 'calls' in post[0] ? post[0].calls[0]?.args[0] : undefined).toEqual({
      symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '64210.1', reduceOnly: false, postOnly: true,
    });
    const ioc = done(press(ctx, initialUi, 's', 'i', 'enter'));
    expect(ioc[0]).toMatchObject({ label: 'SELL 0.001 BTC BTCUSDT @ 64210.2, IOC' });
    expect(ioc[0] && 'calls' in ioc[0] ? ioc[0].calls[0]?.args[0] : undefined).toEqual({
      symbol: 'BTCUSDT', side: 'sell', type: 'limit', qty: '0.001', price: '64210.2', reduceOnly: false, postOnly: false, timeInForce: 'ioc',
    });
  });

  it('a market order carries neither, whatever was switched on before m', () => {
    const out = done(press(ctx, initialUi, 'b', 'i', 'm', 'enter'));
    const sent = out[0] && 'calls' in out[0] ? out[0].calls[0]?.args[0] : undefined;
    expect(sent).toEqual({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.001', reduceOnly: false, postOnly: false });
    const t = press(ctx, initialUi, 'b', 'o', 'm').ui.ticket!;
    expect(describeTicket(t, 'BTCUSDT')).toBe('BUY 0.001 BTCUSDT at market');
  });
});
