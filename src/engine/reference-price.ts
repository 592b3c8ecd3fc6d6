/**
 * The price a signer prices a market order from (SignContext.referencePrice): the mid of the
 * streamed best bid/ask, else the mark of a held position, else a recent REST quote. A market order
 * must not be refused because the first streamed quote has not come yet (just after start, after a
 * reconnect): `ensure` asks the venue over REST first.
 */
import { gt, isDecimal } from '../core/decimal.js';
import { errorMessage } from '../core/error-message.js';
import type { RequestPlan } from '../venues/venue.js';
import type { RestRunner } from './stream-options.js';

// A REST quote stands in for a streamed one this long: enough for the order it was asked for.
const REST_QUOTE_TTL_MS = 5_000;

export interface ReferencePriceSources {
  /** The streamed mid, if a quote has come. */
  mid(symbol: string): string | undefined;
  /** The mark price of a held position in the symbol, if any. */
  mark(symbol: string): string | undefined;
  /** The adapter's REST quote, when the venue has one. */
  quote: ((symbol: string) => RequestPlan<string | undefined>) | undefined;
  rest: RestRunner;
  /** A failed REST quote is worth a warning; the order then meets the adapter's own refusal. */
  warn(text: string): void;
}

export class ReferencePrices {
  readonly #from: ReferencePriceSources;
  readonly #fetched = new Map<string, { price: string; at: number }>();

  constructor(from: ReferencePriceSources) {
    this.#from = from;
  }

  price(symbol: string): string | undefined {
    const mid = this.#from.mid(symbol);
    if (mid !== undefined) return mid;
    const mark = this.#from.mark(symbol);
    if (mark !== undefined && isDecimal(mark) && gt(mark, '0')) return mark;
    const fetched = this.#fetched.get(symbol);
    return fetched !== undefined && performance.now() - fetched.at < REST_QUOTE_TTL_MS ? fetched.price : undefined;
  }

  /** Asks the venue over REST when there is no price yet and the venue can quote. */
  async ensure(symbol: string): Promise<void> {
    const quote = this.#from.quote;
    if (quote === undefined || this.price(symbol) !== undefined) return;
    try {
      const price = await this.#from.rest(quote(symbol));
      if (price !== undefined) this.#fetched.set(symbol, { price, at: performance.now() });
    } catch (err) {
      this.#from.warn(`no streamed quote for ${symbol} and the REST quote failed: ${errorMessage(err)}`);
    }
  }
}
