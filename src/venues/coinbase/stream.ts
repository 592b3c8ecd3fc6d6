/**
 * Coinbase Advanced Trade WebSocket formats, as parsers into venue-neutral stream events
 * (docs/venues.md §4.4).
 * - Two hosts: market data (`ticker`, `heartbeats`, and `candles` — five-minute candles only — where
 *   the signal stack asks: klines.ts) and user order data (`user`, `heartbeats`).
 *   One channel a subscribe message: `{"type":"subscribe","product_ids":[…],"channel":…,"jwt":…}`,
 *   each answered on the `subscriptions` channel with everything the socket holds. The venue
 *   disconnects a socket that has not subscribed within 5 seconds: the frames go out at once.
 * - A fresh JWT (the REST token without `uri`, two minutes) in every subscribe, minted when the
 *   frames are built — on every connect and reconnect, never reused. The venue checks the token
 *   when it takes the subscription; a subscription outlives its token, so nothing is re-sent
 *   while a socket stays up. A refused token is answered `{"type":"error","message":…}`: the
 *   attempt fails and the next connect mints another.
 * - `heartbeats` once a second keep a quiet socket open and are how the engine hears a live one
 *   (no application ping exists; WebSocket ping frames are answered by the transport).
 * - Every message carries `sequence_num`, counting the socket's messages: a gap on the user socket
 *   means an order update may be lost, so the socket reconnects (and resyncs) at once.
 * The `user` channel reports orders only (each report is the whole order: status, cumulative and
 * leaves quantity, average price), no fills or balances: those come by REST (resync.ts; the engine
 * fetches them when a report shows more filled). An ended order reports no size left, so each
 * user socket remembers the size of the orders it has seen open.
 */
import { add, isZero } from '../../core/decimal.js';
import type { Order, OrderState } from '../../core/types.js';
import { asArray, asObj, FieldError, isObj, lookup, nonEmpty, type Obj, str } from '../shared/fields.js';
import {
  excerptOf,
  type HeartbeatSpec,
  type KlineSubscription,
  type ParseResult,
  type StreamAdapter,
  type StreamEvent,
  StreamParseError,
  type StreamSpec,
} from '../stream-types.js';
import type { SignContext, VenueUrls } from '../venue.js';
import { ORDER_STATES, ORDER_TYPES, SIDES, TIME_IN_FORCE, typeWord } from './enums.js';
import { isoMs, optAmount, optIsoMs } from './fields.js';
import { wsJwt } from './requests.js';
import { OpenBars } from '../shared/kline-bars.js';
import { candleEvents, KLINE_POLL, STREAMED } from './klines.js';

export const HEARTBEAT: HeartbeatSpec = {
  kind: 'ws-ping',
  intervalMs: 20_000,
  pongTimeoutMs: 10_000,
  // Heartbeats arrive each second: ten without one is a dead line.
  silenceMs: 10_000,
};

/** Frames larger than this are dropped: a user snapshot of a busy account stays well under. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** Orders a user socket remembers at most (open ones; ended ones are forgotten at once). */
const MAX_KNOWN_ORDERS = 10_000;

export function subscribeFrame(channel: string, productIds: readonly string[], ctx?: SignContext): string {
  return JSON.stringify({
    type: 'subscribe',
    product_ids: [...productIds],
    channel,
    ...(ctx === undefined ? {} : { jwt: wsJwt(ctx) }),
  });
}

const ENDED: ReadonlySet<OrderState> = new Set(['filled', 'canceled', 'expired', 'rejected']);

/** The size of each order a user socket has seen open, by order id (see the file's comment). */
export class KnownSizes {
  readonly #sizes = new Map<string, string>();

  get size(): number {
    return this.#sizes.size;
  }

  get(id: string): string | undefined {
    return this.#sizes.get(id);
  }

  note(order: Order): void {
    const id = order.venueOrderId;
    if (id === undefined) return;
    this.#sizes.delete(id);
    if (ENDED.has(order.state)) return;
    this.#sizes.set(id, order.qty);
    if (this.#sizes.size > MAX_KNOWN_ORDERS) {
      const oldest = this.#sizes.keys().next().value;
      if (oldest !== undefined) this.#sizes.delete(oldest);
    }
  }
}

/** One order of the `user` channel, at `time` (the message's timestamp when the order names none). */
export function orderOfUser(o: Obj, time: number, known?: KnownSizes): Order {
  const id = str(o, 'order_id');
  const filledQty = optAmount(o, 'cumulative_quantity') ?? '0';
  const leaves = optAmount(o, 'leaves_quantity') ?? '0';
  let state = lookup(ORDER_STATES, o, 'status');
  if (state === 'new' && !isZero(filledQty)) state = 'partially_filled';
  const typeText = typeWord(str(o, 'order_type'));
  const type = Object.hasOwn(ORDER_TYPES, typeText) ? (ORDER_TYPES[typeText] as Order['type']) : 'limit';
  const createdAt = optIsoMs(o, 'creation_time');
  const postOnly = o['post_only'] === true || o['post_only'] === 'true';
  const order: Order = {
    venueOrderId: id,
    clientOrderId: nonEmpty(o, 'client_order_id') ?? '',
    symbol: str(o, 'product_id'),
    side: lookup(SIDES, o, 'order_side'),
    type,
    // Open: what filled and what is left. Ended: the size seen while open, else what filled.
    qty: ENDED.has(state) ? (known?.get(id) ?? add(filledQty, leaves)) : add(filledQty, leaves),
    filledQty,
    avgPrice: isZero(filledQty) ? '0' : (optAmount(o, 'avg_price') ?? '0'),
    state,
    reduceOnly: false,
    postOnly,
    updatedAt: optIsoMs(o, 'end_time') ?? time,
  };
  if (createdAt !== undefined) order.createdAt = createdAt;
  const price = optAmount(o, 'limit_price');
  if (type === 'limit' && price !== undefined) order.price = price;
  const tif = nonEmpty(o, 'time_in_force');
  if (postOnly) order.timeInForce = 'gtx';
  else if (type === 'limit' && tif !== undefined && Object.hasOwn(TIME_IN_FORCE, tif))
    order.timeInForce = TIME_IN_FORCE[tif] as Order['timeInForce'] & string;
  const reason = nonEmpty(o, 'reject_reason') ?? nonEmpty(o, 'cancel_reason');
  if (reason !== undefined && ENDED.has(state) && state !== 'filled') order.reason = reason;
  known?.note(order);
  return order;
}

function userEvents(events: unknown[], time: number, known: KnownSizes, out: StreamEvent[]): void {
  for (const [i, raw] of events.entries()) {
    const ev = asObj(raw, `events[${i}]`);
    const orders = ev['orders'] === undefined ? [] : asArray(ev['orders'], `events[${i}].orders`);
    for (const [j, o] of orders.entries())
      out.push({ type: 'order', order: orderOfUser(asObj(o, `events[${i}].orders[${j}]`), time, known) });
  }
}

function tickerEvents(events: unknown[], time: number, out: StreamEvent[]): void {
  for (const [i, raw] of events.entries()) {
    const ev = asObj(raw, `events[${i}]`);
    const tickers = ev['tickers'] === undefined ? [] : asArray(ev['tickers'], `events[${i}].tickers`);
    for (const [j, t0] of tickers.entries()) {
      const t = asObj(t0, `events[${i}].tickers[${j}]`);
      const bid = optAmount(t, 'best_bid');
      const ask = optAmount(t, 'best_ask');
      // An empty side of the book (a halted product) says nothing about the best price.
      if (bid === undefined || ask === undefined) continue;
      out.push({
        type: 'ticker',
        symbol: str(t, 'product_id'),
        bid,
        bidQty: optAmount(t, 'best_bid_quantity') ?? '0',
        ask,
        askQty: optAmount(t, 'best_ask_quantity') ?? '0',
        time,
      });
    }
  }
}

/** What a socket's parser remembers between frames: the last `sequence_num`, order sizes. */
export interface SocketMemory {
  lastSeq?: number;
  known?: KnownSizes;
  /** A gap in `sequence_num` makes the socket reconnect (the user socket: an update may be lost). */
  reconnectOnGap?: boolean;
  /** The market socket's open candles: one closes when a later one of its product arrives. */
  open?: OpenBars;
}

function bad(failure: 'not-json' | 'bad-shape' | 'bad-field', message: string, text: string): ParseResult {
  return { ok: false, error: new StreamParseError(failure, `coinbase frame: ${message}`, excerptOf(text)) };
}

/** One frame → events. */
export function parseCoinbaseFrame(text: string, memory: SocketMemory = {}): ParseResult {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return bad('not-json', 'not JSON', text);
  }
  if (!isObj(msg)) return bad('bad-shape', 'not an object', text);
  try {
    if (msg['type'] === 'error') {
      const message = typeof msg['message'] === 'string' ? msg['message'] : 'error';
      return { ok: true, events: [{ type: 'error', code: 'error', message }] };
    }
    const channel = msg['channel'];
    if (typeof channel !== 'string') return bad('bad-shape', 'no channel', text);
    const out: StreamEvent[] = [];
    const seq = msg['sequence_num'];
    if (typeof seq === 'number' && Number.isSafeInteger(seq)) {
      const last = memory.lastSeq;
      memory.lastSeq = seq;
      // A new connection counts from 0 again; a jump forward is a lost message.
      if (last !== undefined && seq > last + 1 && memory.reconnectOnGap === true)
        out.push({ type: 'reconnect', reason: `sequence_num jumped from ${last} to ${seq}: a message was lost` });
    }
    const time = msg['timestamp'] === undefined ? 0 : isoMs(msg, 'timestamp');
    const events = msg['events'] === undefined ? [] : asArray(msg['events'], 'events');
    switch (channel) {
      case 'subscriptions': {
        const first = isObj(events[0]) ? events[0]['subscriptions'] : undefined;
        const held = isObj(first) ? Object.keys(first).join(', ') : '';
        out.push({ type: 'subscribed', ok: true, message: `subscribed ${held}` });
        break;
      }
      case 'heartbeats':
        out.push({ type: 'notice', text: 'heartbeat' });
        break;
      case 'user':
        userEvents(events, time, memory.known ?? new KnownSizes(), out);
        break;
      case 'ticker':
      case 'ticker_batch':
        tickerEvents(events, time, out);
        break;
      case 'candles':
        out.push(...candleEvents(events, memory.open ?? new OpenBars()));
        break;
      default:
        // Channels quantdeck does not subscribe (l2_data, market_trades…): nothing to model.
        out.push({ type: 'notice', text: channel });
    }
    return { ok: true, events: out };
  } catch (err) {
    if (err instanceof FieldError) return bad('bad-field', err.message, text);
    throw err;
  }
}

export const coinbaseStreams: StreamAdapter = {
  user(urls: VenueUrls): StreamSpec {
    const memory: SocketMemory = { known: new KnownSizes(), reconnectOnGap: true };
    return {
      name: 'user',
      role: 'account',
      url: () => {
        // A new connection numbers its messages from 0.
        delete memory.lastSeq;
        return urls.wsPrivate;
      },
      subscribe: {
        frames: (ctx) => {
          if (ctx === undefined) throw new Error('coinbase user channel needs a JWT: no sign context');
          return [subscribeFrame('user', [], ctx), subscribeFrame('heartbeats', [], ctx)];
        },
        acks: 2,
        timeoutMs: 10_000,
      },
      heartbeat: HEARTBEAT,
      maxFrameBytes: MAX_FRAME_BYTES,
      parse: (text) => parseCoinbaseFrame(text, memory),
    };
  },
  market(urls: VenueUrls, symbols: readonly string[], klines: readonly KlineSubscription[] = []): readonly StreamSpec[] {
    const memory: SocketMemory = { open: new OpenBars() };
    // The `candles` channel is five-minute candles only; the other timeframes are polled (klinePolled).
    const candles = [...new Set(klines.filter((k) => k.timeframe === STREAMED).map((k) => k.symbol))];
    return [
      {
        name: 'market',
        role: 'market',
        url: () => {
          delete memory.lastSeq;
          memory.open?.forget();
          return urls.wsPublic;
        },
        subscribe: {
          // The market channels need no token; one is sent where there are credentials, as the SDK does.
          // A kline-only socket (the kline feed's own) subscribes no ticker.
          frames: (ctx) => [
            ...(symbols.length === 0 ? [] : [subscribeFrame('ticker', symbols, ctx)]),
            subscribeFrame('heartbeats', [], ctx),
            ...(candles.length === 0 ? [] : [subscribeFrame('candles', candles, ctx)]),
          ],
          acks: (symbols.length === 0 ? 0 : 1) + 1 + (candles.length === 0 ? 0 : 1),
          timeoutMs: 10_000,
        },
        heartbeat: HEARTBEAT,
        ...(symbols.length === 0 ? {} : { expects: { events: ['ticker'] as const, withinMs: 30_000 } }),
        maxFrameBytes: MAX_FRAME_BYTES,
        parse: (text) => parseCoinbaseFrame(text, memory),
      },
    ];
  },
  klinePolled: KLINE_POLL,
};
