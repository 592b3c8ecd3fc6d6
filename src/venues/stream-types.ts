/**
 * The venue-neutral description of a venue's WebSocket streams. An adapter fills these in (pure
 * data and pure functions); the engine's one stream state machine (src/engine/stream.ts) runs
 * every venue from them. Nothing here does I/O: a REST call a stream needs before it can connect
 * (Binance's listen key) is described as request plans of the adapter (venue.ts), which
 * the engine sends on its background lane.
 *
 * Fits: Binance USD-M (listen key in the URL, WS ping frames, no login), OKX (WS login frame with
 * passphrase, subscribe frames with acks, text `ping`/`pong`), Hyperliquid (no login, subscribe
 * frames, `{"method":"ping"}` → `{"channel":"pong"}`).
 */
import { neutralise } from '../core/untrusted.js';
import type { Kline, Timeframe } from '../core/signals/types.js';
import type { Fill, Order } from '../core/types.js';
import type { RequestPlan, SignContext, VenueUrls } from './venue.js';

/** What a socket feeds; the engine marks that part of the screen stale while it is down. */
export type StreamRole = 'account' | 'market';

/**
 * How the engine tells a live socket from a dead one. Pings go out every `intervalMs` whatever
 * else is flowing (some venues close a socket that has not *received* from us for a while); a
 * ping unanswered after `pongTimeoutMs`, or no inbound frame of any kind for `silenceMs`, makes
 * the socket dead.
 * - `ws-ping`: RFC 6455 ping frames; pong frames answer (Binance).
 * - `app`: a text frame the venue answers with a frame that `parse` turns into `{type:'pong'}`
 *   (OKX `ping`/`pong`, Hyperliquid `{"method":"ping"}`/`{"channel":"pong"}`).
 */
export type HeartbeatSpec =
  | { kind: 'ws-ping'; intervalMs: number; pongTimeoutMs: number; silenceMs: number }
  | { kind: 'app'; ping: string; intervalMs: number; pongTimeoutMs: number; silenceMs: number };

/** A WS login (OKX `{"op":"login",…}`), signed at send time like a REST request. */
export interface StreamLoginSpec {
  /** `ctx.venueNow()` is venue time (the engine's clock estimate, never the wall clock). */
  frame(ctx: SignContext): string;
  /** No `{type:'login'}` event within this long → the attempt failed. */
  timeoutMs: number;
}

/** Frames sent once the socket is (logged) in; `acks` = how many `{type:'subscribed'}` to await. */
export interface StreamSubscribeSpec {
  /**
   * `ctx` names the account where a subscription needs it (Hyperliquid's master address); `token`
   * is the stream's token where the venue wants it in the subscription, not the URL (Kraken).
   */
  frames(ctx?: SignContext, token?: string): string[];
  /** 0 when the venue does not acknowledge (or the streams are named in the URL). */
  acks: number;
  timeoutMs: number;
}

/**
 * A token the URL needs, obtained over REST before connecting and kept alive while in use:
 * Binance USD-M's listen key (POST to create, PUT every < 60 min, re-create on
 * `listenKeyExpired` or -1125). The engine sends these on the background lane.
 */
export interface StreamTokenSpec {
  /** Its `parse` returns the token. */
  create(): RequestPlan<string>;
  keepAlive?: { everyMs: number; request(token: string): RequestPlan<void> };
  /** True when a failed keep-alive says the token is gone and must be re-created (-1125). */
  isGone(error: unknown): boolean;
  /** Releases the token on a clean close (best effort). */
  close?(token: string): RequestPlan<void>;
}

/** Everything the engine needs to run one socket of one venue. */
export interface StreamSpec {
  /** Stable name for logs and the store ('user', 'market', 'public'). */
  name: string;
  role: StreamRole;
  /** Where to connect; `token` is the current token when the spec has a `token`. */
  url(token: string | undefined): string;
  token?: StreamTokenSpec;
  login?: StreamLoginSpec;
  subscribe?: StreamSubscribeSpec;
  heartbeat: HeartbeatSpec;
  /**
   * What a market socket must deliver once live, and how soon: every listed event type at least
   * once within `withinMs`, else the engine reports it "connected but silent" (a venue that moved
   * a stream keeps the old socket open and sends nothing). List only what the venue sends on its
   * own clock (a best bid/ask, a mark price), never trades, which a quiet market may not print.
   * Absent: any data event counts, within the engine's default.
   */
  expects?: { events: readonly StreamEvent['type'][]; withinMs: number };
  /** Larger frames are dropped, logged and counted, never parsed. */
  maxFrameBytes: number;
  /** One text frame → typed events, or a named error. Never throws. */
  parse(text: string): ParseResult;
}

/** The stream side of a venue adapter: `VenueAdapter.stream` (venue.ts). */
export interface StreamAdapter {
  /** The private stream: orders, fills, balances, positions of the credentials' account. */
  user(urls: VenueUrls): StreamSpec;
  /**
   * Further private sockets, where the venue serves some private channels apart (OKX's algo orders
   * on `/ws/v5/business`). Each logs in, subscribes and resyncs like the user stream; they carry no
   * trades of ours, so the periodic check of unheard trades does not judge them silent.
   */
  userExtra?(urls: VenueUrls): readonly StreamSpec[];
  /**
   * Public market data (best bid/ask, trades, mark price) of these symbols: one socket, or one per
   * entry point where the venue routes kinds of data to different paths (Binance USD-M).
   */
  market(urls: VenueUrls, symbols: readonly string[], klines?: readonly KlineSubscription[]): readonly StreamSpec[];
  /**
   * Timeframes the venue's kline stream does not carry (Coinbase streams 5-minute candles only):
   * `market` subscribes nothing for them, and the kline feed asks the adapter's REST `klines` for
   * their newest bars every `everyMs` instead (background lane), the open bar and the one it closed.
   * Absent: every timeframe streams.
   */
  klinePolled?: { timeframes: readonly Timeframe[]; everyMs: number };
}

/** A kline stream the signal stack asks for beside a market socket's tickers (docs/signals.md). */
export interface KlineSubscription {
  symbol: string;
  timeframe: Timeframe;
}

// ---------------------------------------------------------------------------------------------
// Events a parser produces. Partial updates carry only what the venue sent; the engine merges
// them into its account state (which holds the full domain objects).

/** An order as the venue now reports it (new, partial fill, cancel, expiry…). */
export interface OrderUpdate {
  type: 'order';
  order: Order;
}

/** One execution. `fill.tradeId` is the dedupe key. */
export interface FillUpdate {
  type: 'fill';
  fill: Fill;
}

/** A position's new size and entry as the venue pushed it (no mark price on most streams). */
export interface PositionChange {
  symbol: string;
  /** Signed: negative = short. */
  qty: string;
  /** Absent: the venue's push did not say (Hyperliquid fills carry the size only); the mirror keeps its own. */
  entryPrice?: string;
  unrealizedPnl?: string;
}

/** A balance's new wallet amount (streams rarely carry `available`; REST snapshots do). */
export interface BalanceChange {
  asset: string;
  wallet: string;
}

/** Balances and/or positions changed; `reason` is the venue's cause ('ORDER', 'FUNDING_FEE'…). */
export interface AccountUpdate {
  type: 'account';
  time: number;
  reason: string;
  balances: BalanceChange[];
  positions: PositionChange[];
}

/** Best bid/ask. */
export interface TickerUpdate {
  type: 'ticker';
  symbol: string;
  bid: string;
  bidQty: string;
  ask: string;
  askQty: string;
  time: number;
}

/** A public trade; `side` is the taker's side. */
export interface TradeUpdate {
  type: 'trade';
  symbol: string;
  price: string;
  qty: string;
  side: 'buy' | 'sell';
  time: number;
}

/** A bar of a kline stream: the open bar as it forms, then once closed (`kline.closed`). */
export interface KlineUpdate {
  type: 'kline';
  symbol: string;
  timeframe: Timeframe;
  kline: Kline;
}

export interface MarkPriceUpdate {
  type: 'mark';
  symbol: string;
  markPrice: string;
  indexPrice: string;
  fundingRate: string;
  nextFundingTime: number;
  time: number;
}

/** The stream's token (listen key) expired: the engine re-creates it and reconnects. */
export interface TokenExpired {
  type: 'token-expired';
  time: number;
}

export interface LoginResult {
  type: 'login';
  ok: boolean;
  message: string;
}

export interface SubscribeResult {
  type: 'subscribed';
  ok: boolean;
  message: string;
}

/** An application-level pong (see HeartbeatSpec `app`). */
export interface Pong {
  type: 'pong';
}

/** The venue reported an error on the socket. */
export interface StreamVenueError {
  type: 'error';
  code: string;
  message: string;
}

/**
 * The venue announced it will close this socket soon (OKX 64008 "closing for upgrade in 60 s"):
 * the engine reconnects now, on its own terms, instead of waiting for the drop.
 */
export interface ReconnectNotice {
  type: 'reconnect';
  reason: string;
}

/** A benign frame that carries nothing (a greeting, a subscription echo). */
export interface StreamNotice {
  type: 'notice';
  text: string;
}

/** Well-formed but of a kind this adapter does not model: counted and logged, not an error. */
export interface UnknownEvent {
  type: 'unknown';
  name: string;
  excerpt: string;
}

export type StreamEvent =
  | OrderUpdate
  | FillUpdate
  | AccountUpdate
  | TickerUpdate
  | TradeUpdate
  | MarkPriceUpdate
  | KlineUpdate
  | TokenExpired
  | LoginResult
  | SubscribeResult
  | Pong
  | StreamVenueError
  | ReconnectNotice
  | StreamNotice
  | UnknownEvent;

export type StreamEventType = StreamEvent['type'];

/** Why a frame could not be read. */
export type StreamParseFailure = 'not-json' | 'bad-shape' | 'bad-field';

/** A frame the parser could not turn into events; carries a short excerpt for the log. */
export class StreamParseError extends Error {
  override readonly name = 'StreamParseError';
  constructor(
    readonly failure: StreamParseFailure,
    message: string,
    readonly excerpt: string,
  ) {
    super(message);
  }
}

export type ParseResult = { ok: true; events: StreamEvent[] } | { ok: false; error: StreamParseError };

/** At most `max` characters of a frame, for logs (frames carry no secrets; listen keys are in URLs). */
export function excerptOf(text: string, max = 120): string {
  const shown = neutralise(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${shown}…(${text.length} chars)` : shown;
}
