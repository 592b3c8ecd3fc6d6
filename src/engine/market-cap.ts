/**
 * The slippage cap on market orders (src/core/slippage.ts) at the one place every order goes out:
 * the adapter's `placeOrder`, as the order manager calls it at send time. A market intent — a ticket,
 * a flatten, a close, a reverse — leaves as an IOC limit N % through the reference price of that
 * moment; the book keeps it a market order (the merge rule keeps the first-recorded type). With no
 * reference price or no tick size the order is refused with the reason and nothing is sent.
 */
import { cappedPrice } from '../core/slippage.js';
import type { Instrument, OrderIntent } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';

export interface SlippageCap {
  /** Percent, e.g. '2'. */
  pct: string;
  reference(symbol: string): string | undefined;
  instrument(symbol: string): Instrument | undefined;
}

/** A market order the cap cannot price: refused before anything is signed. */
export class SlippageCapError extends Error {
  override readonly name = 'SlippageCapError';
}

export function cappedIntent(intent: OrderIntent, cap: SlippageCap): OrderIntent {
  // A protective order fires later, at a price not known now: it goes as the venue's conditional
  // market order (Hyperliquid's trigger wire carries its own worst price, trigger-wire.ts).
  if (intent.type !== 'market' || intent.trigger !== undefined) return intent;
  const what = `market order ${intent.clientOrderId}`;
  const reference = cap.reference(intent.symbol);
  if (reference === undefined) throw new SlippageCapError(`${what}: no price for ${intent.symbol} yet, and its ${cap.pct} % slippage cap is priced from one`);
  const ins = cap.instrument(intent.symbol);
  if (ins === undefined) throw new SlippageCapError(`${what}: the tick size of ${intent.symbol} is not known, so its ${cap.pct} % slippage cap cannot be priced`);
  return { ...intent, type: 'limit', timeInForce: 'ioc', price: cappedPrice(intent.side, reference, cap.pct, ins.tickSize) };
}

/** The adapter as the order manager sees it: market intents capped at send time. */
export function withSlippageCap(adapter: RestAdapter, cap: SlippageCap): RestAdapter {
  return { ...adapter, placeOrder: (intent) => adapter.placeOrder(cappedIntent(intent, cap)) };
}
