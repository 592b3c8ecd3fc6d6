/**
 * The ticket's view of the world, read from the store: the book, the instrument's rules, the money
 * available, the position, and the leverage margin is judged at (the account's, as the venue holds it).
 */
import { selectSymbolPosition } from '../src/store/selectors.js';
import { spotBase } from '../src/store/spot-selectors.js';
import type { QuantState } from '../src/store/state.js';
import type { TicketContext } from './ticket.js';

export function ticketContextOf(
  s: QuantState,
  defaultLeverage: string,
  sizePresets?: readonly string[],
): TicketContext {
  const instrument = s.session?.instrument;
  const position = selectSymbolPosition(s);
  // The account's leverage as the venue holds it; before it is read, the position's; else assumed.
  const account = s.session === null ? undefined : s.leverage[s.session.symbol]?.leverage;
  const out: TicketContext =
    account !== undefined
      ? { leverage: account }
      : position?.leverage !== undefined
        ? { leverage: position.leverage }
        : { leverage: defaultLeverage, leverageAssumed: true };
  if (sizePresets !== undefined) out.sizePresets = sizePresets;
  if (s.session?.slippagePct !== undefined) out.slippagePct = s.session.slippagePct;
  if (instrument !== undefined) {
    out.instrument = instrument;
    const bal = s.balances[instrument.quote];
    if (bal !== undefined) out.available = bal.available;
  }
  if (s.ticker !== null) {
    out.bid = s.ticker.bid;
    out.ask = s.ticker.ask;
  }
  if (position !== null) out.positionQty = position.qty;
  const base = spotBase(s);
  // Before the venue's balances arrive the free base is unknown, not zero: not checked then.
  if (base !== null) out.spot = Object.keys(s.holdings).length === 0 ? {} : { baseFree: base.freeQty };
  return out;
}
