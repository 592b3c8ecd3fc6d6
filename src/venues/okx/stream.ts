/**
 * OKX v5 WebSocket formats, as pure parsers into venue-neutral stream events.
 * - Private `/ws/v5/private`: login first (login.ts), then `orders` (order updates; its fill
 *   fields carry our executions), `positions` and `account`, all for SWAP.
 * - Business `/ws/v5/business`: login like the private socket, then `orders-algo` (SWAP): a
 *   protective order's placement, trigger price change, firing and cancel, as they happen (the
 *   channel moved off `/private` in 2023).
 * - Public `/ws/v5/public`: `tickers` per instrument.
 * - Candles `candle<bar>` on `/ws/v5/business` too, without login (klines.ts).
 * Keep-alive is the text `ping` answered by the text `pong`: the venue closes a socket that has
 * pushed nothing for 30 s. Event frames: login/subscribe acks, errors (`60009` login failed,
 * `60011` not logged in…), and the `64008` notice that the venue will close the socket for an
 * upgrade within 60 s, which becomes a planned reconnect.
 * A bad frame becomes a StreamParseError result; nothing here throws past `parseOkxFrame`.
 */
import {
  type AccountUpdate,
  type BalanceChange,
  excerptOf,
  type HeartbeatSpec,
  type ParseResult,
  type PositionChange,
  type StreamAdapter,
  type StreamEvent,
  StreamParseError,
  type KlineSubscription,
  type StreamSpec,
} from '../stream-types.js';
import type { VenueUrls } from '../venue.js';
import { asArray, asObj, dec, FieldError, int, isObj, nonEmpty, type Obj, optDec, str } from '../shared/fields.js';

import { algoFrom } from './algo.js';
import { candleArgs, candlePush, timeframeOfChannel } from './klines.js';
import { okxLogin } from './login.js';
import { orderFrom, paidFee } from './parse.js';
import { INST_TYPE } from './requests.js';

/** Codes of a failed login (OKX-ERR websocket). */
const LOGIN_CODES = new Set(['60004', '60005', '60006', '60007', '60009', '60022', '60024', '60031', '60032', '63999']);

/** The upgrade notice: the venue closes this socket within 60 s. */
export const UPGRADE_NOTICE_CODE = '64008';

function ordersPush(data: unknown[], out: StreamEvent[]): void {
  for (const [i, raw] of data.entries()) {
    const o = asObj(raw, `data[${i}]`);
    const order = orderFrom(o);
    out.push({ type: 'order', order });
    const tradeId = nonEmpty(o, 'tradeId');
    const fillSz = optDec(o, 'fillSz');
    if (tradeId === undefined || fillSz === undefined || fillSz === '0') continue;
    out.push({
      type: 'fill',
      fill: {
        tradeId,
        venueOrderId: order.venueOrderId ?? '',
        ...(order.clientOrderId === '' ? {} : { clientOrderId: order.clientOrderId }),
        symbol: order.symbol,
        side: order.side,
        price: dec(o, 'fillPx'),
        qty: fillSz,
        fee: paidFee(optDec(o, 'fillFee')),
        feeAsset: nonEmpty(o, 'fillFeeCcy') ?? '',
        time: int(o, 'fillTime'),
        maker: o['execType'] === 'M',
      },
    });
  }
}

function positionsPush(data: unknown[], out: StreamEvent[]): void {
  const positions: PositionChange[] = [];
  let time = 0;
  for (const [i, raw] of data.entries()) {
    const p = asObj(raw, `data[${i}]`);
    const side = nonEmpty(p, 'posSide') ?? 'net';
    if (side !== 'net') {
      out.push({ type: 'unknown', name: `positions hedge-mode ${side}`, excerpt: '' });
      continue;
    }
    const qty = optDec(p, 'pos') ?? '0';
    positions.push({
      symbol: str(p, 'instId'),
      qty,
      entryPrice: optDec(p, 'avgPx') ?? '0',
      unrealizedPnl: optDec(p, 'upl') ?? '0',
    });
    time = Math.max(time, int(p, 'uTime'));
  }
  if (positions.length > 0) out.push({ type: 'account', time, reason: 'positions', balances: [], positions });
}

function accountPush(data: unknown[], out: StreamEvent[]): void {
  for (const [i, raw] of data.entries()) {
    const a = asObj(raw, `data[${i}]`);
    const balances: BalanceChange[] = asArray(a['details'] ?? [], 'details').map((d, j) => {
      const b = asObj(d, `details[${j}]`);
      return { asset: str(b, 'ccy'), wallet: dec(b, 'cashBal') };
    });
    const update: AccountUpdate = { type: 'account', time: int(a, 'uTime'), reason: 'account', balances, positions: [] };
    out.push(update);
  }
}

function tickersPush(data: unknown[], out: StreamEvent[]): void {
  for (const [i, raw] of data.entries()) {
    const t = asObj(raw, `data[${i}]`);
    out.push({
      type: 'ticker',
      symbol: str(t, 'instId'),
      bid: dec(t, 'bidPx'),
      bidQty: dec(t, 'bidSz'),
      ask: dec(t, 'askPx'),
      askQty: dec(t, 'askSz'),
      time: int(t, 'ts'),
    });
  }
}

/** The TP/SL kinds a protective order is; other algo kinds (placed elsewhere) are named, not read. */
const PROTECTIVE_ALGO_TYPES = new Set(['conditional', 'oco']);

function algoPush(data: unknown[], out: StreamEvent[]): void {
  for (const [i, raw] of data.entries()) {
    const o = asObj(raw, `data[${i}]`);
    const ordType = typeof o['ordType'] === 'string' ? o['ordType'] : '';
    if (!PROTECTIVE_ALGO_TYPES.has(ordType)) {
      out.push({ type: 'unknown', name: `orders-algo ${ordType || '(no ordType)'}`, excerpt: '' });
      continue;
    }
    out.push({ type: 'order', order: algoFrom(o) });
  }
}

const CHANNELS: Record<string, (data: unknown[], out: StreamEvent[]) => void> = {
  orders: ordersPush,
  'orders-algo': algoPush,
  positions: positionsPush,
  account: accountPush,
  tickers: tickersPush,
};

function eventFrame(f: Obj, text: string): StreamEvent[] {
  const event = str(f, 'event');
  const code = f['code'] === undefined ? '' : String(f['code']);
  const msg = typeof f['msg'] === 'string' ? f['msg'] : '';
  switch (event) {
    case 'login':
      return [{ type: 'login', ok: code === '0' || code === '', message: msg === '' ? 'logged in' : msg }];
    case 'subscribe':
      return [{ type: 'subscribed', ok: true, message: JSON.stringify(f['arg'] ?? {}) }];
    case 'unsubscribe':
    case 'channel-conn-count':
      return [{ type: 'notice', text: `${event} ${excerptOf(text, 80)}` }];
    case 'notice':
      if (code === UPGRADE_NOTICE_CODE) return [{ type: 'reconnect', reason: `venue notice ${code}: ${msg || 'upgrade'}` }];
      return [{ type: 'notice', text: `notice ${code} ${msg}` }];
    case 'error':
    case 'channel-conn-count-error':
      if (LOGIN_CODES.has(code)) return [{ type: 'login', ok: false, message: `${code} ${msg}` }];
      return [{ type: 'error', code, message: msg }];
    default:
      return [{ type: 'unknown', name: `event ${event}`, excerpt: excerptOf(text) }];
  }
}

/** One text frame of any OKX socket → events, or a named parse error. */
export function parseOkxFrame(text: string): ParseResult {
  if (text === 'pong') return { ok: true, events: [{ type: 'pong' }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new StreamParseError('not-json', 'frame is neither JSON nor pong', excerptOf(text)) };
  }
  if (!isObj(value)) {
    return { ok: false, error: new StreamParseError('bad-shape', 'frame is not a JSON object', excerptOf(text)) };
  }
  try {
    if (value['event'] !== undefined) return { ok: true, events: eventFrame(value, text) };
    const arg = value['arg'];
    if (!isObj(arg) || typeof arg['channel'] !== 'string' || !Array.isArray(value['data'])) {
      return { ok: false, error: new StreamParseError('bad-shape', 'frame has neither "event" nor "arg"+"data"', excerptOf(text)) };
    }
    const channel = arg['channel'];
    const timeframe = timeframeOfChannel(channel);
    if (timeframe !== undefined) {
      const events: StreamEvent[] = [];
      candlePush(arg, timeframe, value['data'], events);
      return { ok: true, events };
    }
    const handler = Object.hasOwn(CHANNELS, channel) ? CHANNELS[channel] : undefined;
    if (handler === undefined) return { ok: true, events: [{ type: 'unknown', name: `channel ${channel}`, excerpt: excerptOf(text) }] };
    const events: StreamEvent[] = [];
    handler(value['data'], events);
    return { ok: true, events };
  } catch (err) {
    const why = err instanceof FieldError ? err.message : String(err);
    return { ok: false, error: new StreamParseError('bad-field', why, excerptOf(text)) };
  }
}

/**
 * The venue cuts a socket after 30 s without a push; a ping every 15 s keeps it up and its pong
 * proves the line alive. No pong in 10 s, or 40 s of total silence, and the socket is dead.
 */
export const OKX_HEARTBEAT: HeartbeatSpec = {
  kind: 'app',
  ping: 'ping',
  intervalMs: 15_000,
  pongTimeoutMs: 10_000,
  silenceMs: 40_000,
};

/** Pushes are small; the venue's own limit on a subscribe request is 64 KB. */
export const OKX_MAX_FRAME_BYTES = 1 << 20;

export const PRIVATE_CHANNELS = [
  { channel: 'orders', instType: INST_TYPE },
  { channel: 'positions', instType: INST_TYPE },
  { channel: 'account' },
] as const;

export function subscribeFrame(args: readonly object[]): string {
  return JSON.stringify({ op: 'subscribe', args });
}

export function okxUserStream(urls: VenueUrls): StreamSpec {
  return {
    name: 'user',
    role: 'account',
    url: () => urls.wsPrivate,
    login: okxLogin,
    subscribe: { frames: () => [subscribeFrame(PRIVATE_CHANNELS)], acks: PRIVATE_CHANNELS.length, timeoutMs: 10_000 },
    heartbeat: OKX_HEARTBEAT,
    maxFrameBytes: OKX_MAX_FRAME_BYTES,
    parse: parseOkxFrame,
  };
}

export const ALGO_CHANNELS = [{ channel: 'orders-algo', instType: INST_TYPE }] as const;

/**
 * `/ws/v5/business`, for `orders-algo`: without it a protective order that fires or is cancelled
 * reaches the cockpit only with the next reconcile. Absent (no business URL): no socket.
 */
export function okxAlgoStream(urls: VenueUrls): StreamSpec[] {
  const url = urls.wsBusiness;
  if (url === undefined) return [];
  return [
    {
      name: 'algo',
      role: 'account',
      url: () => url,
      login: okxLogin,
      subscribe: { frames: () => [subscribeFrame(ALGO_CHANNELS)], acks: ALGO_CHANNELS.length, timeoutMs: 10_000 },
      heartbeat: OKX_HEARTBEAT,
      maxFrameBytes: OKX_MAX_FRAME_BYTES,
      parse: parseOkxFrame,
    },
  ];
}

export function okxMarketStream(urls: VenueUrls, symbols: readonly string[]): StreamSpec {
  const args = symbols.map((instId) => ({ channel: 'tickers', instId }));
  return {
    name: 'market',
    role: 'market',
    url: () => urls.wsPublic,
    subscribe: { frames: () => (args.length === 0 ? [] : [subscribeFrame(args)]), acks: args.length, timeoutMs: 10_000 },
    heartbeat: OKX_HEARTBEAT,
    maxFrameBytes: OKX_MAX_FRAME_BYTES,
    parse: parseOkxFrame,
  };
}

/**
 * Candles on `/ws/v5/business`, where OKX routes them (a `candle` subscription on `/public` is
 * refused): public channels, no login. Absent (no business URL): no socket.
 */
export function okxCandleStream(urls: VenueUrls, klines: readonly KlineSubscription[]): StreamSpec[] {
  const url = urls.wsBusiness;
  if (url === undefined || klines.length === 0) return [];
  const args = candleArgs(klines);
  return [
    {
      name: 'candles',
      role: 'market',
      url: () => url,
      subscribe: { frames: () => [subscribeFrame(args)], acks: args.length, timeoutMs: 10_000 },
      heartbeat: OKX_HEARTBEAT,
      maxFrameBytes: OKX_MAX_FRAME_BYTES,
      parse: parseOkxFrame,
    },
  ];
}

/** `VenueAdapter.stream` of OKX: tickers on `/public`, candles on `/business`. */
export const okxStreams: StreamAdapter = {
  user: okxUserStream,
  userExtra: okxAlgoStream,
  market: (urls, symbols, klines = []) => [
    ...(symbols.length === 0 && klines.length > 0 ? [] : [okxMarketStream(urls, symbols)]),
    ...okxCandleStream(urls, klines),
  ],
};
