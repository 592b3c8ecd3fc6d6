/**
 * The engine's side of the fat-finger guard: gathers what the pure guard judges (best prices, the
 * reference price, the position, the last minute's orders) and counts what it lets through. An
 * order it refuses is never signed, so never on the wire.
 */
import { type GuardLimits, type GuardVerdict, guardOrder } from '../core/order-guard.js';
import { SlidingCount } from '../core/sliding-count.js';
import type { Instrument } from '../core/types.js';
import type { OrderTicket } from './actions.js';

export interface OrderGateSources {
  bestBidAsk(symbol: string): { bid: string; ask: string } | undefined;
  reference(symbol: string): string | undefined;
  /** Signed position in the symbol, '0' when flat. */
  position(symbol: string): string;
  instrument(): Instrument | undefined;
  /** Monotonic milliseconds. */
  now(): number;
}

export class OrderGate {
  readonly limits: GuardLimits;
  readonly #from: OrderGateSources;
  readonly #sent = new SlidingCount(60_000);

  constructor(limits: GuardLimits, from: OrderGateSources) {
    this.limits = limits;
    this.#from = from;
  }

  judge(t: OrderTicket): GuardVerdict {
    const f = this.#from;
    const quote = f.bestBidAsk(t.symbol);
    const reference = f.reference(t.symbol);
    const i = f.instrument();
    const own = i?.symbol === t.symbol ? i : undefined;
    return guardOrder(
      { side: t.side, type: t.type, qty: t.qty, reduceOnly: t.reduceOnly, ...(t.price === undefined ? {} : { price: t.price }) },
      {
        ...(quote === undefined ? {} : { bid: quote.bid, ask: quote.ask }),
        ...(reference === undefined ? {} : { reference }),
        position: f.position(t.symbol),
        ...(own?.contractSize === undefined ? {} : { contractSize: own.contractSize }),
        sentLastMinute: this.#sent.count(f.now()),
        quote: own?.quote ?? 'quote',
      },
      this.limits,
    );
  }

  /** An order the guard let through went out. */
  sent(): void {
    this.#sent.add(this.#from.now());
  }
}
