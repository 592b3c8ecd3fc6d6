/**
 * Engine events → the store. Wires a StreamSocket's callbacks to the event sink (the store's
 * batcher): socket state changes and activity as they are, account events through the account
 * mirror (which emits orders, fills, positions, balances), market events as ticker updates, and
 * every stream issue as a log line with its context and running count (invariant 8: shown, not
 * swallowed). Venue-agnostic: it only reads venue-neutral stream events.
 */
import { add, div, normalize } from '../core/decimal.js';
import type { ConnectionEvent, EventSink, LogLevel } from './events.js';
import type { StreamEvent } from '../venues/stream-types.js';
import type { AccountState } from './account.js';
import type { StreamIssue, StreamOptions } from './stream-options.js';

/** Minimal structured logger (pino's shape), for the log file; never the terminal. */
export interface FeedLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FeedOptions {
  sink: EventSink;
  account: AccountState;
  logger?: FeedLogger;
  now?: () => number;
}

interface Quote {
  bid: string;
  ask: string;
  last: string;
  bidQty?: string;
  askQty?: string;
}

const ISSUE_LEVEL: Record<StreamIssue['kind'], LogLevel> = {
  malformed: 'warn',
  oversized: 'warn',
  unknown: 'info',
  'venue-error': 'warn',
  token: 'warn',
  resync: 'error',
  silent: 'error',
};

export class StreamFeed {
  readonly #quotes = new Map<string, Quote>();
  /** Last funding passed on per symbol (rate@time), so an unchanged one is not sent again. */
  readonly #fundingSeen = new Map<string, string>();
  readonly #sink: EventSink;
  readonly #account: AccountState;
  readonly #logger: FeedLogger | undefined;
  readonly #now: () => number;

  constructor(opts: FeedOptions) {
    this.#sink = opts.sink;
    this.#account = opts.account;
    this.#logger = opts.logger;
    this.#now = opts.now ?? Date.now;
  }

  /** The callbacks a StreamSocket needs; spread into its options. */
  handlers(socket: string): Pick<StreamOptions, 'onEvent' | 'onStatus' | 'onIssue' | 'onActivity' | 'onSilence'> {
    return {
      onEvent: (ev) => this.event(ev),
      onStatus: (ev) => this.status(ev),
      onIssue: (issue) => this.issue(issue),
      onActivity: (at) => this.#sink.push({ type: 'socket-activity', at, socket }),
      onSilence: (silent, reason) => this.silence(socket, silent, reason),
    };
  }

  /** The row mark; the report itself went out as a 'silent' issue (log line and counter). */
  silence(socket: string, silent: boolean, reason: string): void {
    const at = this.#now();
    this.#sink.push({ type: 'socket-silence', at, socket, silent, reason });
    if (!silent) {
      this.#sink.push({ type: 'log', at, level: 'info', text: `${socket}: delivering again after being silent`, source: 'stream' });
      this.#logger?.info({ socket }, 'stream delivering again');
    }
  }

  /** The mark stream's funding, passed on when it changes (not once a second). */
  #funding(symbol: string, rate: string, nextFundingTime: number): void {
    const key = `${rate}@${nextFundingTime}`;
    if (this.#fundingSeen.get(symbol) === key) return;
    this.#fundingSeen.set(symbol, key);
    const funding = { symbol, rate, ...(nextFundingTime > 0 ? { nextFundingTime } : {}) };
    this.#sink.push({ type: 'funding', at: this.#now(), funding });
  }

  event(ev: StreamEvent): void {
    switch (ev.type) {
      case 'order':
        this.#account.upsertOrder(ev.order);
        return;
      case 'fill':
        this.#account.addFill(ev.fill);
        return;
      case 'account':
        this.#account.applyAccountUpdate(ev);
        return;
      case 'mark':
        this.#account.applyMark(ev);
        this.#funding(ev.symbol, ev.fundingRate, ev.nextFundingTime);
        return;
      case 'ticker':
        this.#quote(ev.symbol, { bid: ev.bid, ask: ev.ask, bidQty: ev.bidQty, askQty: ev.askQty });
        return;
      case 'trade':
        this.#quote(ev.symbol, { last: ev.price });
        return;
      default:
        // Control events (login, pong, token, errors, unknowns) are the socket's own business.
        return;
    }
  }

  status(ev: ConnectionEvent): void {
    this.#sink.push(ev);
    if (ev.state === 'reconnecting') this.#logger?.warn({ socket: ev.socket, attempt: ev.attempt, reason: ev.reason }, 'stream reconnecting');
  }

  issue(issue: StreamIssue): void {
    const excerpt = issue.excerpt === undefined ? '' : ` — ${issue.excerpt}`;
    const text = `${issue.socket}: ${issue.message} (#${issue.count} ${issue.kind})${excerpt}`;
    this.#sink.push({ type: 'log', at: issue.at, level: ISSUE_LEVEL[issue.kind], text, source: 'stream' });
    this.#logger?.warn({ ...issue }, 'stream issue');
  }

  /** Mid of the last best bid/ask of a symbol, if both are known. */
  mid(symbol: string): string | undefined {
    const q = this.bestBidAsk(symbol);
    return q === undefined ? undefined : normalize(div(add(q.bid, q.ask), '2', 12, 'half_even'));
  }

  /** The last best bid and ask of a symbol, if both are known. */
  bestBidAsk(symbol: string): { bid: string; ask: string } | undefined {
    const q = this.#quotes.get(symbol);
    return q === undefined || q.bid === '' || q.ask === '' ? undefined : { bid: q.bid, ask: q.ask };
  }

  #quote(symbol: string, change: Partial<Quote>): void {
    const old = this.#quotes.get(symbol);
    const q: Quote = { bid: change.bid ?? old?.bid ?? '', ask: change.ask ?? old?.ask ?? '', last: change.last ?? old?.last ?? '' };
    const bidQty = change.bidQty ?? old?.bidQty;
    const askQty = change.askQty ?? old?.askQty;
    if (bidQty !== undefined && askQty !== undefined) Object.assign(q, { bidQty, askQty });
    // Until a trade prints, the bid stands in for the last price.
    if (q.last === '' && q.bid !== '' && q.ask !== '') q.last = q.bid;
    this.#quotes.set(symbol, q);
    if (q.bid === '' || q.ask === '') return;
    this.#sink.push({ type: 'ticker', at: this.#now(), symbol, ...q });
  }
}
