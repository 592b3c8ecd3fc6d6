/**
 * Kraken v2 WebSocket formats, as parsers into venue-neutral stream events (docs/venues.md §5.4).
 * - Private `wss://ws-auth.kraken.com/v2`: no login frame; each subscription carries a token from
 *   REST `GetWebSocketsToken` (valid 15 minutes, and as long as a private subscription holds it).
 *   Channels `executions` (orders and fills; `snap_orders` sends the open orders first) and
 *   `balances` (a snapshot, then one update per ledger entry). A subscription refused for its token
 *   reads as `token-expired`: the engine fetches a new one and reconnects.
 * - Public `wss://ws.kraken.com/v2`: `ticker` with `event_trigger: bbo`, an update on every best
 *   bid/offer change, and `ohlc` per interval where the signal stack asks (klines.ts).
 * Keep-alive: `{"method":"ping"}` is answered by `{"method":"pong",…}`; a subscribed socket also
 * gets `{"channel":"heartbeat"}` about once a second. Numbers arrive as JSON numbers (fields.ts
 * `numText` writes them as decimals).
 *
 * Order updates after the first report of an order carry only what changed (status, filled
 * quantity…), and the engine merges whole orders: each user socket keeps the orders it has seen
 * by order id, completes a partial update from it, and forgets an order once it is final. An update
 * about an order it never saw is reported `unknown` (reconcile's REST snapshot covers it).
 */
import { isZero } from '../../core/decimal.js';
import type { Fill, Order, OrderState } from '../../core/types.js';
import {
  type AccountUpdate,
  excerptOf,
  type HeartbeatSpec,
  type KlineSubscription,
  type ParseResult,
  type StreamAdapter,
  type StreamEvent,
  StreamParseError,
  type StreamSpec,
} from '../stream-types.js';
import { OpenBars } from '../shared/kline-bars.js';
import { ohlcFrame, ohlcSubscriptions } from './klines.js';
import type { VenueUrls } from '../venue.js';
import { asArray, asObj, FieldError, isObj, lookup, nonEmpty, type Obj, str } from '../shared/fields.js';
import { ORDER_TYPES, SIDES, STREAM_ORDER_STATES, TIME_IN_FORCE } from './enums.js';
import { isoMs, numText } from './fields.js';
import { wsTokenPlan } from './requests.js';
import { assetName } from './symbols.js';

export const HEARTBEAT: HeartbeatSpec = {
  kind: 'app',
  ping: '{"method":"ping"}',
  intervalMs: 20_000,
  pongTimeoutMs: 10_000,
  silenceMs: 15_000,
};

/** Frames larger than this are dropped: an executions snapshot of a busy account stays well under. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** Orders a user socket remembers at most (open ones; final ones are forgotten at once). */
const MAX_KNOWN_ORDERS = 10_000;

export function subscribeFrame(params: Record<string, unknown>, reqId: number): string {
  return JSON.stringify({ method: 'subscribe', params, req_id: reqId });
}

function num(o: Obj, key: string): string {
  return numText(o[key], key);
}

function optNum(o: Obj, key: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : numText(o[key], key);
}

/** `exec_type` values that say the state themselves when `order_status` is absent. */
const EXEC_STATES: Readonly<Record<string, OrderState>> = {
  pending_new: 'new',
  new: 'new',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
};

/** An order's report merged over what the socket knew of it; undefined when too little is known. */
export function orderOfExecution(e: Obj, known: Order | undefined): Order | undefined {
  const venueOrderId = str(e, 'order_id');
  const statusText = nonEmpty(e, 'order_status');
  const execType = nonEmpty(e, 'exec_type') ?? '';
  let state: OrderState | undefined =
    statusText !== undefined
      ? lookup(STREAM_ORDER_STATES, e, 'order_status')
      : Object.hasOwn(EXEC_STATES, execType)
        ? EXEC_STATES[execType]
        : undefined;
  const timestamp = e['timestamp'] === undefined ? undefined : isoMs(e, 'timestamp');
  let order: Order;
  if (known !== undefined) {
    order = { ...known };
  } else {
    if (
      e['symbol'] === undefined ||
      e['side'] === undefined ||
      e['order_type'] === undefined ||
      e['order_qty'] === undefined
    )
      return undefined;
    const type = lookup(ORDER_TYPES, e, 'order_type');
    order = {
      venueOrderId,
      clientOrderId: nonEmpty(e, 'cl_ord_id') ?? '',
      symbol: str(e, 'symbol'),
      side: lookup(SIDES, e, 'side'),
      type,
      qty: num(e, 'order_qty'),
      filledQty: '0',
      avgPrice: '0',
      state: state ?? 'new',
      reduceOnly: false,
      postOnly: e['post_only'] === true,
      updatedAt: timestamp ?? 0,
    };
    if (timestamp !== undefined) order.createdAt = timestamp;
    if (type === 'limit') {
      const price = optNum(e, 'limit_price');
      if (price !== undefined) order.price = price;
      const tif = nonEmpty(e, 'time_in_force');
      if (order.postOnly) order.timeInForce = 'gtx';
      else if (tif !== undefined && Object.hasOwn(TIME_IN_FORCE, tif))
        order.timeInForce = TIME_IN_FORCE[tif] as Order['timeInForce'] & string;
    }
  }
  const cid = nonEmpty(e, 'cl_ord_id');
  if (cid !== undefined) order.clientOrderId = cid;
  const cum = optNum(e, 'cum_qty');
  if (cum !== undefined) order.filledQty = cum;
  const avg = optNum(e, 'avg_price');
  if (avg !== undefined && !isZero(order.filledQty)) order.avgPrice = avg;
  if (state === 'new' && !isZero(order.filledQty)) state = 'partially_filled';
  if (state !== undefined) order.state = state;
  if (timestamp !== undefined) order.updatedAt = timestamp;
  const reason = nonEmpty(e, 'cancel_reason') ?? nonEmpty(e, 'reason');
  if (reason !== undefined && (order.state === 'canceled' || order.state === 'expired'))
    order.reason = reason;
  return order;
}

/** A `trade` execution → a fill; its order's known facts fill in what the report leaves out. */
export function fillOfExecution(e: Obj, order: Order | undefined): Fill {
  const fees = e['fees'] === undefined ? [] : asArray(e['fees'], 'fees');
  const fee = fees.length > 0 ? asObj(fees[0], 'fees[0]') : undefined;
  const symbol = nonEmpty(e, 'symbol') ?? order?.symbol;
  if (symbol === undefined) throw new FieldError('symbol is missing from a trade of an unknown order');
  const fill: Fill = {
    tradeId: str(e, 'exec_id'),
    venueOrderId: str(e, 'order_id'),
    symbol,
    side: e['side'] === undefined && order !== undefined ? order.side : lookup(SIDES, e, 'side'),
    price: num(e, 'last_price'),
    qty: num(e, 'last_qty'),
    fee: fee === undefined ? '0' : num(fee, 'qty'),
    feeAsset: fee === undefined ? '' : assetName(str(fee, 'asset')),
    time: isoMs(e, 'timestamp'),
    maker: e['liquidity_ind'] === 'm',
  };
  const cid = nonEmpty(e, 'cl_ord_id') ?? (order?.clientOrderId || undefined);
  if (cid !== undefined) fill.clientOrderId = cid;
  return fill;
}

/** The open orders a user socket knows by order id (see the file's comment). */
export class KnownOrders {
  readonly #orders = new Map<string, Order>();

  get size(): number {
    return this.#orders.size;
  }

  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  put(order: Order): void {
    const id = order.venueOrderId;
    if (id === undefined) return;
    if (
      order.state === 'filled' ||
      order.state === 'canceled' ||
      order.state === 'expired' ||
      order.state === 'rejected'
    ) {
      this.#orders.delete(id);
      return;
    }
    this.#orders.delete(id);
    this.#orders.set(id, order);
    if (this.#orders.size > MAX_KNOWN_ORDERS) {
      const oldest = this.#orders.keys().next().value;
      if (oldest !== undefined) this.#orders.delete(oldest);
    }
  }
}

function executions(data: unknown, known: KnownOrders, out: StreamEvent[]): void {
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const e = asObj(raw, `data[${i}]`);
    const id = str(e, 'order_id');
    const before = known.get(id);
    const order = orderOfExecution(e, before);
    if (e['exec_type'] === 'trade') out.push({ type: 'fill', fill: fillOfExecution(e, order ?? before) });
    if (order === undefined) {
      out.push({
        type: 'unknown',
        name: `executions: order ${id} not seen before`,
        excerpt: excerptOf(JSON.stringify(e)),
      });
      continue;
    }
    known.put(order);
    out.push({ type: 'order', order });
  }
}

function balances(kind: string, data: unknown, out: StreamEvent[]): void {
  const rows = asArray(data, 'data').map((raw, i) => asObj(raw, `data[${i}]`));
  const update: AccountUpdate = {
    type: 'account',
    time: 0,
    reason: kind === 'snapshot' ? 'snapshot' : (nonEmpty(rows[0] ?? {}, 'type') ?? 'update'),
    balances: rows.map((b) => ({ asset: assetName(str(b, 'asset')), wallet: num(b, 'balance') })),
    positions: [],
  };
  for (const b of rows)
    if (b['timestamp'] !== undefined) update.time = Math.max(update.time, isoMs(b, 'timestamp'));
  out.push(update);
}

function tickers(data: unknown, out: StreamEvent[]): void {
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const t = asObj(raw, `data[${i}]`);
    out.push({
      type: 'ticker',
      symbol: str(t, 'symbol'),
      bid: num(t, 'bid'),
      bidQty: num(t, 'bid_qty'),
      ask: num(t, 'ask'),
      askQty: num(t, 'ask_qty'),
      time: t['timestamp'] === undefined ? 0 : isoMs(t, 'timestamp'),
    });
  }
}

/**
 * One frame → events. `known` is the user socket's order memory (absent on a public socket); `open`
 * the market socket's open candles (a candle closes when its successor arrives).
 */
export function parseKrakenFrame(text: string, known?: KnownOrders, open?: OpenBars): ParseResult {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: new StreamParseError('not-json', 'kraken frame is not JSON', excerptOf(text)),
    };
  }
  if (!isObj(msg))
    return {
      ok: false,
      error: new StreamParseError('bad-shape', 'kraken frame is not an object', excerptOf(text)),
    };
  try {
    const out: StreamEvent[] = [];
    const method = msg['method'];
    if (method === 'pong') return { ok: true, events: [{ type: 'pong' }] };
    if (method === 'subscribe') {
      const ok = msg['success'] === true;
      const error = typeof msg['error'] === 'string' ? msg['error'] : '';
      const result = isObj(msg['result']) ? msg['result'] : {};
      const channel = typeof result['channel'] === 'string' ? result['channel'] : '';
      // Kraken refuses a token it no longer knows as `ESession:Invalid session` (the cure is a new
      // token: knowm/XChange PR 3697, Kraken support's advice); any refusal naming the token too.
      if (!ok && /token|ESession:Invalid session/i.test(error)) out.push({ type: 'token-expired', time: 0 });
      out.push({
        type: 'subscribed',
        ok,
        message: ok ? `subscribed ${channel}` : error || 'subscription refused',
      });
      return { ok: true, events: out };
    }
    if (typeof method === 'string')
      return {
        ok: true,
        events: [{ type: 'notice', text: `${method} ${msg['success'] === true ? 'ok' : 'refused'}` }],
      };
    const channel = msg['channel'];
    if (channel === 'heartbeat') return { ok: true, events: [{ type: 'notice', text: 'heartbeat' }] };
    if (channel === 'status') {
      const first = asArray(msg['data'], 'data')[0];
      const system = isObj(first) ? String(first['system'] ?? '') : '';
      return { ok: true, events: [{ type: 'notice', text: `status ${system}` }] };
    }
    if (channel === 'executions') {
      executions(msg['data'], known ?? new KnownOrders(), out);
      return { ok: true, events: out };
    }
    if (channel === 'balances') {
      balances(String(msg['type'] ?? ''), msg['data'], out);
      return { ok: true, events: out };
    }
    if (channel === 'ticker') {
      tickers(msg['data'], out);
      return { ok: true, events: out };
    }
    if (channel === 'ohlc') return { ok: true, events: ohlcFrame(msg, open ?? new OpenBars()) };
    if (msg['error'] !== undefined) {
      return { ok: true, events: [{ type: 'error', code: 'error', message: String(msg['error']) }] };
    }
    return {
      ok: true,
      events: [{ type: 'unknown', name: String(channel ?? 'frame'), excerpt: excerptOf(text) }],
    };
  } catch (err) {
    if (err instanceof FieldError)
      return {
        ok: false,
        error: new StreamParseError('bad-field', `kraken frame: ${err.message}`, excerptOf(text)),
      };
    throw err;
  }
}

export const krakenStreams: StreamAdapter = {
  user(urls: VenueUrls): StreamSpec {
    const known = new KnownOrders();
    return {
      name: 'user',
      role: 'account',
      url: () => urls.wsPrivate,
      token: { create: wsTokenPlan, isGone: () => false },
      subscribe: {
        frames: (_ctx, token) => {
          if (token === undefined)
            throw new Error('kraken private channels need the GetWebSocketsToken token');
          return [
            subscribeFrame({ channel: 'executions', token, snap_orders: true, snap_trades: false }, 1),
            subscribeFrame({ channel: 'balances', token, snapshot: true }, 2),
          ];
        },
        acks: 2,
        timeoutMs: 10_000,
      },
      heartbeat: HEARTBEAT,
      maxFrameBytes: MAX_FRAME_BYTES,
      parse: (text) => parseKrakenFrame(text, known),
    };
  },
  market(urls: VenueUrls, symbols: readonly string[], klines: readonly KlineSubscription[] = []): readonly StreamSpec[] {
    const open = new OpenBars();
    const ohlc = ohlcSubscriptions(klines);
    return [
      {
        name: 'market',
        role: 'market',
        url: () => {
          // A new connection's snapshot starts the candles afresh.
          open.forget();
          return urls.wsPublic;
        },
        subscribe: {
          // A kline-only socket (the kline feed's own) subscribes no ticker.
          frames: () => [
            ...(symbols.length === 0
              ? []
              : [subscribeFrame({ channel: 'ticker', symbol: [...symbols], event_trigger: 'bbo', snapshot: true }, 3)]),
            ...ohlc.map((o, i) =>
              subscribeFrame({ channel: 'ohlc', symbol: o.symbols, interval: o.interval, snapshot: true }, 10 + i),
            ),
          ],
          // One acknowledgement per symbol of each subscription.
          acks: symbols.length + ohlc.reduce((n, o) => n + o.symbols.length, 0),
          timeoutMs: 10_000,
        },
        heartbeat: HEARTBEAT,
        // Candles update on trades only, which a quiet market may not print: only tickers are expected.
        ...(symbols.length === 0 ? {} : { expects: { events: ['ticker'] as const, withinMs: 30_000 } }),
        maxFrameBytes: MAX_FRAME_BYTES,
        parse: (text) => parseKrakenFrame(text, undefined, open),
      },
    ];
  },
};
