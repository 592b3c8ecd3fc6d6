/**
 * Binance USD-M futures stream formats, as pure parsers into venue-neutral stream events.
 * The stream host routes by kind of data (docs/venues.md §1.7): a socket on the
 * wrong route, or on the retired unrouted `/ws` and `/stream` paths, opens and then stays silent.
 * - `/public`: high-frequency book data — `<symbol>@bookTicker`, depth.
 * - `/market`: the rest of market data — `<symbol>@aggTrade`, `@markPrice`, `@kline_<i>` (klines.ts), tickers.
 * - `/private`: the user data stream by listen key — ORDER_TRADE_UPDATE, ALGO_UPDATE, ACCOUNT_UPDATE,
 *   listenKeyExpired.
 * Each route has a ws mode (streams in the path: `/market/ws/a/b`; private: `/private/ws?listenKey=K`)
 * and a stream mode (`/market/stream?streams=a/b`, frames wrapped as `{"stream":…,"data":…}`).
 * A bad frame becomes a StreamParseError result; nothing here throws past `parseBinanceFrame`.
 */
import type { Order } from '../../core/types.js';
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
import { asObj, bool, dec, FieldError, int, isObj, lookup, type Obj, optArray, str } from '../shared/fields.js';
import type { VenueUrls } from '../venue.js';
import { ORDER_STATES, ORDER_TYPES, SIDES, TIME_IN_FORCE } from './enums.js';
import { listenKeyToken } from './listen-key.js';
import { algoUpdateOrder, firedClientId } from './algo.js';
import { klineEvent, klineStreamName } from './klines.js';

/** ORDER_TRADE_UPDATE → the order as now known, plus a fill when the execution traded. */
function orderTradeUpdate(frame: Obj, out: StreamEvent[]): void {
  const o = asObj(frame['o'], 'o');
  const time = int(o, 'T');
  const symbol = str(o, 's');
  const venueOrderId = String(int(o, 'i'));
  const clientOrderId = firedClientId(str(o, 'c'), o['ot']);
  const orderSide = lookup(SIDES, o, 'S');
  const type = lookup(ORDER_TYPES, o, 'o');
  const tifRaw = o['f'];
  const timeInForce = typeof tifRaw === 'string' ? TIME_IN_FORCE[tifRaw] : undefined;
  const price = dec(o, 'p');
  const state = lookup(ORDER_STATES, o, 'X');
  const order: Order = {
    venueOrderId,
    clientOrderId,
    symbol,
    side: orderSide,
    type,
    qty: dec(o, 'q'),
    filledQty: dec(o, 'z'),
    avgPrice: dec(o, 'ap'),
    state,
    reduceOnly: bool(o, 'R'),
    postOnly: tifRaw === 'GTX',
    updatedAt: time,
  };
  if (timeInForce !== undefined) order.timeInForce = timeInForce;
  if (type === 'limit') order.price = price;
  if (o['X'] === 'EXPIRED_IN_MATCH') order.reason = 'expired by self-trade prevention';
  else if (state === 'expired' && tifRaw === 'GTX') order.reason = 'post-only order would have traded';
  out.push({ type: 'order', order });
  const exec = str(o, 'x');
  if (exec === 'TRADE' || exec === 'CALCULATED') {
    const fee = o['n'] === undefined ? '0' : dec(o, 'n');
    out.push({
      type: 'fill',
      fill: {
        tradeId: String(int(o, 't')),
        venueOrderId,
        clientOrderId,
        symbol,
        side: orderSide,
        price: dec(o, 'L'),
        qty: dec(o, 'l'),
        fee,
        feeAsset: typeof o['N'] === 'string' ? o['N'] : '',
        time,
        maker: bool(o, 'm'),
      },
    });
  }
}

/** ACCOUNT_UPDATE → wallet balances and one-way-mode positions (`ps: BOTH`). */
function accountUpdate(frame: Obj, out: StreamEvent[]): void {
  const a = asObj(frame['a'], 'a');
  const balances: BalanceChange[] = [];
  for (const b of optArray(a, 'B')) {
    if (!isObj(b)) throw new FieldError('B[] entry is not an object');
    balances.push({ asset: str(b, 'a'), wallet: dec(b, 'wb') });
  }
  const positions: PositionChange[] = [];
  for (const p of optArray(a, 'P')) {
    if (!isObj(p)) throw new FieldError('P[] entry is not an object');
    const ps = p['ps'] ?? 'BOTH';
    if (ps !== 'BOTH') {
      // Hedge mode (LONG/SHORT legs) is outside the one-way domain model: say so, don't merge.
      out.push({ type: 'unknown', name: `ACCOUNT_UPDATE hedge-mode position ${String(ps)}`, excerpt: '' });
      continue;
    }
    positions.push({ symbol: str(p, 's'), qty: dec(p, 'pa'), entryPrice: dec(p, 'ep'), unrealizedPnl: dec(p, 'up') });
  }
  const update: AccountUpdate = {
    type: 'account',
    time: int(frame, 'T'),
    reason: typeof a['m'] === 'string' ? a['m'] : '',
    balances,
    positions,
  };
  out.push(update);
}

function bookTicker(frame: Obj, out: StreamEvent[]): void {
  out.push({
    type: 'ticker',
    symbol: str(frame, 's'),
    bid: dec(frame, 'b'),
    bidQty: dec(frame, 'B'),
    ask: dec(frame, 'a'),
    askQty: dec(frame, 'A'),
    time: int(frame, frame['T'] === undefined ? 'E' : 'T'),
  });
}

function aggTrade(frame: Obj, out: StreamEvent[]): void {
  // `m` = the buyer is the maker, so the taker sold.
  out.push({
    type: 'trade',
    symbol: str(frame, 's'),
    price: dec(frame, 'p'),
    qty: dec(frame, 'q'),
    side: bool(frame, 'm') ? 'sell' : 'buy',
    time: int(frame, 'T'),
  });
}

function markPrice(frame: Obj, out: StreamEvent[]): void {
  out.push({
    type: 'mark',
    symbol: str(frame, 's'),
    markPrice: dec(frame, 'p'),
    indexPrice: dec(frame, 'i'),
    fundingRate: dec(frame, 'r'),
    nextFundingTime: int(frame, 'T'),
    time: int(frame, 'E'),
  });
}

const HANDLERS: Record<string, (frame: Obj, out: StreamEvent[]) => void> = {
  ORDER_TRADE_UPDATE: orderTradeUpdate,
  // Conditional (protective) orders of the algo service (algo.ts).
  ALGO_UPDATE: (frame, out) => out.push({ type: 'order', order: algoUpdateOrder(frame) }),
  ACCOUNT_UPDATE: accountUpdate,
  listenKeyExpired: (frame, out) => out.push({ type: 'token-expired', time: int(frame, 'E') }),
  bookTicker,
  aggTrade,
  markPriceUpdate: markPrice,
  kline: klineEvent,
};

/**
 * Events the user stream sends that the cockpit does not model. TRADE_LITE duplicates the fill
 * of ORDER_TRADE_UPDATE (it would double-count); a conditional order that triggers sends its
 * order as ORDER_TRADE_UPDATE (ALGO_UPDATE above follows the conditional order itself); the rest
 * are configuration or notices.
 */
const KNOWN_IGNORED = new Set([
  'TRADE_LITE',
  'ACCOUNT_CONFIG_UPDATE',
  'MARGIN_CALL',
  'STRATEGY_UPDATE',
  'GRID_UPDATE',
  'CONDITIONAL_ORDER_TRIGGER_REJECT',
]);

/** One text frame of any Binance USD-M stream → events, or a named parse error. */
export function parseBinanceFrame(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new StreamParseError('not-json', 'frame is not JSON', excerptOf(text)) };
  }
  if (!isObj(value)) {
    return { ok: false, error: new StreamParseError('bad-shape', 'frame is not a JSON object', excerptOf(text)) };
  }
  // Combined streams wrap each event; the stream name adds nothing the event lacks.
  const frame = typeof value['stream'] === 'string' && isObj(value['data']) ? value['data'] : value;
  const name = frame['e'];
  if (typeof name !== 'string') {
    // A reply to a SUBSCRIBE/LIST request ({"result":null,"id":1}) or an error ({"code":…,"msg":…}).
    if (typeof frame['code'] === 'number' && typeof frame['msg'] === 'string') {
      return { ok: true, events: [{ type: 'error', code: String(frame['code']), message: frame['msg'] }] };
    }
    if ('result' in frame && 'id' in frame) {
      return { ok: true, events: [{ type: 'subscribed', ok: true, message: `id ${String(frame['id'])}` }] };
    }
    return { ok: false, error: new StreamParseError('bad-shape', 'frame has no event type "e"', excerptOf(text)) };
  }
  const handler = HANDLERS[name];
  if (handler === undefined || !Object.hasOwn(HANDLERS, name)) {
    if (KNOWN_IGNORED.has(name)) return { ok: true, events: [{ type: 'notice', text: name }] };
    return { ok: true, events: [{ type: 'unknown', name, excerpt: excerptOf(text) }] };
  }
  const events: StreamEvent[] = [];
  try {
    handler(frame, events);
  } catch (err) {
    const why = err instanceof FieldError ? err.message : String(err);
    return { ok: false, error: new StreamParseError('bad-field', `${name}: ${why}`, excerptOf(text)) };
  }
  return { ok: true, events };
}

/** Stream names for one symbol, e.g. `btcusdt@bookTicker`. */
export type BinanceMarketChannel = 'bookTicker' | 'aggTrade' | 'markPrice';

/** The routed entry points of the stream host. */
export type BinanceRoute = 'public' | 'market' | 'private';

/** Which route serves a market channel: book data is "public", the rest "market". */
export const ROUTE_OF_CHANNEL: Readonly<Record<BinanceMarketChannel, Exclude<BinanceRoute, 'private'>>> = {
  bookTicker: 'public',
  aggTrade: 'market',
  markPrice: 'market',
};

export function marketStreamNames(symbols: readonly string[], channels: readonly BinanceMarketChannel[]): string[] {
  return symbols.flatMap((s) => channels.map((c) => `${s.toLowerCase()}@${c}`));
}

const trimmed = (url: string): string => url.replace(/\/+$/, '');

/** Combined market stream URL on one route: `<wsRoot>/<route>/stream?streams=a/b`. */
export function marketStreamUrl(wsRoot: string, route: Exclude<BinanceRoute, 'private'>, streams: readonly string[]): string {
  return `${trimmed(wsRoot)}/${route}/stream?streams=${streams.join('/')}`;
}

/**
 * User data stream URL: `<wsRoot>/private/ws?listenKey=K`. No `events` filter: without one the
 * venue sends every event of the key, listenKeyExpired included, which the keep-alive relies on.
 */
export function userStreamUrl(wsRoot: string, listenKey: string): string {
  return `${trimmed(wsRoot)}/private/ws?listenKey=${encodeURIComponent(listenKey)}`;
}

/**
 * The venue pings every 3 min and drops a client that stays silent; we ping more often so that
 * a half-open socket is found in well under a minute.
 */
export const BINANCE_HEARTBEAT: HeartbeatSpec = {
  kind: 'ws-ping',
  intervalMs: 20_000,
  pongTimeoutMs: 10_000,
  silenceMs: 60_000,
};

/** Real frames are a few KB; an ACCOUNT_UPDATE with every position stays far below this. */
export const BINANCE_MAX_FRAME_BYTES = 1 << 20;

/** The market channels a session subscribes to per symbol. */
export const DEFAULT_MARKET_CHANNELS: readonly BinanceMarketChannel[] = ['bookTicker', 'aggTrade', 'markPrice'];

export function binanceUserStream(urls: VenueUrls): StreamSpec {
  return {
    name: 'user',
    role: 'account',
    url: (listenKey) => userStreamUrl(urls.wsPrivate, listenKey ?? ''),
    token: listenKeyToken,
    heartbeat: BINANCE_HEARTBEAT,
    maxFrameBytes: BINANCE_MAX_FRAME_BYTES,
    parse: parseBinanceFrame,
  };
}

/**
 * What a market socket must deliver soon after going live, per channel it carries: the mark price
 * is pushed every 3 s whatever the market does, the best bid/ask on every change of a liquid book.
 * Trades are not expected: a quiet symbol may print none for a while.
 */
const EXPECTED_EVENT: Readonly<Record<BinanceMarketChannel, StreamEvent['type'] | undefined>> = {
  bookTicker: 'ticker',
  markPrice: 'mark',
  aggTrade: undefined,
};

function expectsOf(channels: readonly BinanceMarketChannel[]): StreamSpec['expects'] {
  const events = [...new Set(channels.flatMap((c) => EXPECTED_EVENT[c] ?? []))];
  return events.length === 0 ? undefined : { events, withinMs: 5_000 };
}

/**
 * One socket per route the channels need, named after the route ('public', 'market'): a route
 * serves only its own kinds of stream. Kline streams ride the `/market` route; with no symbols
 * and only klines asked for, that is the one socket.
 */
export function binanceMarketStreams(
  urls: VenueUrls,
  symbols: readonly string[],
  channels: readonly BinanceMarketChannel[] = DEFAULT_MARKET_CHANNELS,
  klines: readonly KlineSubscription[] = [],
): StreamSpec[] {
  const used = symbols.length === 0 && klines.length > 0 ? [] : channels;
  const routes = [...new Set(used.map((c) => ROUTE_OF_CHANNEL[c]))];
  if (klines.length > 0 && !routes.includes('market')) routes.push('market');
  return routes.map((route) => {
    const carried = used.filter((c) => ROUTE_OF_CHANNEL[c] === route);
    const klineNames = route === 'market' ? klines.map((k) => klineStreamName(k.symbol, k.timeframe)) : [];
    const url = marketStreamUrl(urls.wsPublic, route, [...marketStreamNames(symbols, carried), ...klineNames]);
    const expects = expectsOf(carried);
    return {
      name: route,
      role: 'market',
      url: () => url,
      ...(expects === undefined ? {} : { expects }),
      heartbeat: BINANCE_HEARTBEAT,
      maxFrameBytes: BINANCE_MAX_FRAME_BYTES,
      parse: parseBinanceFrame,
    };
  });
}

/** `VenueAdapter.stream` of Binance USD-M. */
export const binanceStreams: StreamAdapter = {
  user: binanceUserStream,
  market: (urls, symbols, klines) => binanceMarketStreams(urls, symbols, DEFAULT_MARKET_CHANNELS, klines),
};
