// The ticket shows what a market order will be on the wire: an IOC limit at the session's slippage
// cap, priced from the mid as the engine prices it; a limit order shows none.
import { describe, expect, it } from 'vitest';
import { openTicket, ticketNotes, toggleMarket } from '../../views/ticket.js';
import { BTC } from '../store/fixtures.js';

describe('the slippage cap in the ticket', () => {
  const ctx = { instrument: BTC, bid: '60000.0', ask: '60000.2', leverage: '1', slippagePct: '2' };

  it('a market buy: IOC at most 2 % above the mid; a sell: at least 2 % below', () => {
    const buy = toggleMarket(openTicket('buy', ctx, ['0.001']));
    expect(ticketNotes(buy, ctx).cap).toBe('IOC ≤ 61200.1, cap 2 %');
    const sell = toggleMarket(openTicket('sell', ctx, ['0.001']));
    expect(ticketNotes(sell, ctx).cap).toBe('IOC ≥ 58800.1, cap 2 %');
  });

  it('no book yet: the cap alone; a limit order or a session without a cap: none', () => {
    const noBook = { instrument: BTC, leverage: '1', slippagePct: '0.5' };
    expect(ticketNotes(toggleMarket(openTicket('buy', noBook, ['0.001'])), noBook).cap).toBe('cap 0.5 %');
    expect(ticketNotes(openTicket('buy', ctx, ['0.001']), ctx).cap).toBeUndefined();
    const { slippagePct: _, ...uncapped } = ctx;
    expect(ticketNotes(toggleMarket(openTicket('buy', uncapped, ['0.001'])), uncapped).cap).toBeUndefined();
  });
});
