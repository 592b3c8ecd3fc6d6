/**
 * The venue adapter interface: everything the engine needs to know about one venue's wire
 * protocol, as pure data and pure functions. The engine (src/engine/) is written once against
 * this file; a venue plugs in by exporting one object that implements `VenueAdapter`.
 *
 * Shape of a request (invariant 1, sign the exact bytes you transmit): the adapter returns a
 * `RequestPlan` whose lane and costs are known up front (so the engine can wait in its lane
 * BEFORE anything time-sensitive is computed), and whose `build(ctx)` produces the final bytes
 * — path, query string, body string, headers, signature — at send time with a fresh venue
 * timestamp or nonce. The HTTP layer sends those strings verbatim and hands the parsed JSON to
 * `plan.parse`. HMAC query signing (Binance), header signing with a passphrase (OKX) and
 * wallet-signed JSON actions with nonces (Hyperliquid) all fit that one shape.
 *
 * Pure: no I/O, no timers, no clock reads. Time, nonces and credentials arrive in `SignContext`.
 */
import type { Costs, Lane, PoolSpec } from '../core/budget.js';
import type { ClientOrderIdSpec } from '../core/client-order-id.js';
import type { FailureClass } from '../core/retry.js';
import type { Secret } from '../core/secret.js';
import type { Kline, Timeframe } from '../core/signals/types.js';
import type { AccountRisk, Balance, Fill, Funding, Instrument, MarginMode, OpenInterest, Order, OrderIntent, Position, SymbolLeverage } from '../core/types.js';
import type { AmendAck, AmendRequest } from './amend-spec.js';
import type { DeadmanSpec } from './deadman-spec.js';
import type { ProtectiveSpec } from './protective-spec.js';
import type { KeyPermissions } from './key-permissions.js';
import type { StreamAdapter } from './stream-types.js';

// ---------------------------------------------------------------------------------------------
// Identity, environments, credentials
// ---------------------------------------------------------------------------------------------

/** Stable id of a venue+product, e.g. 'binance-usdm', 'okx', 'hyperliquid'. */
export type VenueId = string;

/**
 * sim = the local venue (src/sim) on 127.0.0.1; demo = a venue's paper-money production mirror;
 * live = real money (mainnet). The one word for it everywhere (the engine's events, the store, the views).
 */
export type Env = 'sim' | 'testnet' | 'demo' | 'live';

export const ENVS: readonly Env[] = ['sim', 'testnet', 'demo', 'live'];

/**
 * What custody hands the engine. Only signers reveal the secrets. Fields a venue does not use
 * stay absent (Binance HMAC: apiKey + apiSecret; OKX adds passphrase; Hyperliquid: privateKey
 * and walletAddress of the master account when an agent key signs).
 */
export interface Credentials {
  venue: VenueId;
  env: Env;
  apiKey: Secret;
  apiSecret?: Secret;
  passphrase?: Secret;
  privateKey?: Secret;
  walletAddress?: string;
}

/** Base URLs of one environment. No trailing slash. */
export interface VenueUrls {
  /** REST origin + optional prefix, e.g. 'https://fapi.binance.com'. */
  rest: string;
  /** Public market streams. */
  wsPublic: string;
  /** Private (user data) streams; for listen-key venues the key is appended by the stream format. */
  wsPrivate: string;
  /** Where the venue serves some private channels apart from `wsPrivate` (OKX `/ws/v5/business`: algo orders). */
  wsBusiness?: string;
  /** Request/response WebSocket API, where the venue has one. */
  wsApi?: string;
}

// ---------------------------------------------------------------------------------------------
// Rate budget: pools, lanes, costs, server feedback
// ---------------------------------------------------------------------------------------------

/**
 * Lanes and costs are the core budget's (core/budget.ts): critical = orders, cancels, dead-man
 * re-arms, queries resolving ambiguous orders; background = the rest. Costs: weight drawn from
 * each pool by one request, by pool id: `{ 'weight-1m': 1, 'orders-10s': 1 }`.
 */
export type { Costs, Lane } from '../core/budget.js';

/** One rate limit the venue enforces, as the core budget takes it, plus where the venue reports it. */
export interface RatePool extends PoolSpec {
  /** Lower-case response header carrying the venue's own count for this pool, if any. */
  usedHeader?: string;
}

/** What one reply says about the budget. Times are venue ms. */
export interface RateFeedback {
  /** The venue's own counts, pool id → used in the current window. */
  used: Readonly<Record<string, number>>;
  /** The venue refused because of rate (Binance 429 / -1003 without ban). */
  rateLimited: boolean;
  /** Retry-After, in ms, when given. */
  retryAfterMs?: number;
  /** The venue banned us (Binance 418) until this venue time. */
  bannedUntil?: number;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Handed to `RequestPlan.build` at send time, after the request's wait in its lane. */
export interface SignContext {
  credentials: Credentials;
  /** Venue time now in ms, from the engine's clock estimator (never the wall clock). */
  venueNow(): number;
  /** Strictly increasing nonces shared by every signer of this account (wallet-signed venues). */
  nextNonce(): number;
  /** Validity window the venue should apply, ms (Binance recvWindow). */
  recvWindowMs: number;
  /**
   * The REST host the request goes to, with its port where not the default (`api.coinbase.com`,
   * `127.0.0.1:40123`): for venues whose signature names it (Coinbase's JWT `uri` claim).
   */
  restHost?: string;
  /**
   * The engine's latest price of a symbol (mid of the best bid/ask, else the position's mark), for
   * venues without true market orders (Hyperliquid sends an IOC limit around it); undefined when
   * nothing is known yet.
   */
  referencePrice?(symbol: string): string | undefined;
}

/** A fully built request: sent byte for byte. `query` has no leading '?'; '' when empty. */
export interface WireRequest {
  name: string;
  method: HttpMethod;
  path: string;
  query: string;
  body: string;
  /** Includes auth headers (API key, signature, passphrase) and the content type when there is a body. */
  headers: Readonly<Record<string, string>>;
  lane: Lane;
  costs: Costs;
}

/** A parsed reply, as the engine's HTTP layer hands it to the adapter. */
export interface HttpReply {
  status: number;
  /** Header names lower-case. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON (the HTTP layer turns non-JSON bodies into a named error before this point). */
  body: unknown;
}

/**
 * One request, described before it is built. `T` is the domain result of a successful reply.
 * `mutating` requests (place, cancel, dead-man arm) are never blindly retried after an ambiguous
 * failure: the order manager resolves them by querying.
 */
export interface RequestPlan<T> {
  name: string;
  lane: Lane;
  costs: Costs;
  signed: boolean;
  mutating: boolean;
  build(ctx: SignContext): WireRequest;
  /**
   * A reply the adapter's `checkReply` found clean that still fails for this request (Bybit's
   * order query answers a clean empty list for an order it never saw): checked before `parse`.
   */
  check?(reply: HttpReply): VenueErrorInfo | undefined;
  /** Called only for replies `checkReply` (and `check`) found clean. Throws `VenueParseError` on a bad shape. */
  parse(reply: HttpReply): T;
}

/** Identifies one order for query/cancel. At least one of the ids is set. */
export interface OrderRef {
  symbol: string;
  clientOrderId?: string;
  venueOrderId?: string;
  /**
   * A protective (conditional) order: venues that keep those apart (Binance's algo service, OKX's
   * algo orders) query and cancel them at other endpoints, under their own ids.
   */
  protective?: boolean;
}

/** An amend's request and the venue's answer: ./amend-spec.ts. */
export type { AmendAck, AmendRequest } from './amend-spec.js';

export interface FillsQuery {
  symbol: string;
  /** Venue ms; fills before this, for venues paged backward from the newest (see `fillsPaging`). */
  endTime?: number;
  /** Fills with a trade id >= this (watermark + 1), where the venue supports it. */
  fromTradeId?: string;
  /** Venue ms; used when no trade id watermark exists. */
  startTime?: number;
  limit?: number;
  /** The venue's cursor of the next page, for venues paged by cursor (see `fillsPaging`). */
  cursor?: string;
}

/** One page of fills and the venue's cursor of the next one (absent on the last page). */
export interface FillsPage {
  fills: Fill[];
  cursor?: string;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * How the engine may react to a failure: core/retry.ts's classes (safe, backoff, clock, auth,
 * rejected, ambiguous). The adapter's error table decides the class of each venue error.
 */
export type { FailureClass };

/** What a venue error means to the engine, beyond its retry class. */
export type ErrorMeaning =
  | 'timestamp'
  | 'signature'
  | 'auth'
  | 'permission'
  | 'rate_limited'
  | 'banned'
  | 'unknown_status'
  | 'order_not_found'
  | 'order_archived'
  | 'duplicate_client_id'
  | 'listen_key_invalid'
  | 'insufficient_balance'
  | 'would_take'
  | 'reduce_only_rejected'
  | 'bad_request'
  | 'unavailable'
  | 'other';

/** A venue error decoded. `code` is the venue's own code ('-1021', '51000'), as text. */
export interface VenueErrorInfo {
  status: number;
  code?: string;
  message: string;
  meaning: ErrorMeaning;
  failure: FailureClass;
}

/** A 2xx reply whose body does not have the shape the parser needs. */
export class VenueParseError extends Error {
  override readonly name = 'VenueParseError';
  constructor(
    readonly what: string,
    readonly excerpt: string,
  ) {
    super(`${what}: unexpected reply ${excerpt}`);
  }
}

/**
 * How a wallet-signed venue issues nonces (Hyperliquid: per signer, strictly increasing, near venue
 * time). Pure: the engine holds the state, one per signer, and calls `next` at build time.
 */
export interface NonceSpec<S = unknown> {
  initial(venueNow: number): S;
  next(state: S, venueNow: number): { nonce: number; state: S };
}

/** What one batch cancel did not cancel, with the venue's reason. */
export interface BatchCancelResult {
  failed: Array<{ ref: OrderRef; code?: string; message: string }>;
}

/**
 * Cancels many orders in one request, for venues without a cancel-all (OKX swaps, Hyperliquid):
 * the engine lists the open orders and cancels them `max` at a time.
 */
export interface CancelBatchSpec {
  max: number;
  plan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult>;
}

/** Protective (conditional) orders where the venue keeps them apart: ./protective-spec.ts. */
export type { ProtectiveSpec } from './protective-spec.js';

// ---------------------------------------------------------------------------------------------
// Client order ids, dead-man's switch
// ---------------------------------------------------------------------------------------------

/**
 * What the venue accepts as a client order id, in the form core/client-order-id.ts generates to;
 * `tag` leads our ids (within the alphabet) so they stand apart from orders placed elsewhere.
 */
export interface ClientIdSpec extends ClientOrderIdSpec {
  tag: string;
}

/** The venue-side dead-man's switch, of either kind: ./deadman-spec.ts. */
export type { DeadmanSpec, DisconnectDeadmanSpec, TimerDeadmanSpec } from './deadman-spec.js';

/**
 * The key preflight's request ("what may this key do?"), signed and sent like any other plan.
 * `origin`: the REST origin of the endpoint where it is not `urls(env).rest` (Binance: /sapi is on
 * the spot host); throws a named error for an environment that has no such endpoint.
 * `expect.walletAddress`: the account the key must act for, checked where the venue reports it.
 */
export interface KeyPermissionsSpec {
  origin?(env: Env, rest: string): string;
  plan(expect: { walletAddress?: string }): RequestPlan<KeyPermissions>;
}

// ---------------------------------------------------------------------------------------------
// The REST side of an adapter (part A)
// ---------------------------------------------------------------------------------------------

export interface RestAdapter {
  id: VenueId;
  /** Human name, 'Binance USD-M'. */
  name: string;
  envs: readonly Env[];
  /** Throws a named error for an env the venue does not have. `sim` needs the sim's own URLs. */
  urls(env: Env, sim?: VenueUrls): VenueUrls;
  pools: readonly RatePool[];
  /**
   * Pools that depend on the account's standing at the venue (Kraken's verification tier), by the
   * name a profile account gives as `rateTier`; `pools` are the strictest tier's, for an account
   * that names none.
   */
  rateTiers?: { readonly names: readonly string[]; pools(tier: string): readonly RatePool[] };
  clientId: ClientIdSpec;
  /** Default validity window sent with signed requests (0 when the venue has none). */
  recvWindowMs: number;
  /**
   * cancel-all and fills need a symbol on some venues. `rateLimitHoldsAll`: during a 429's
   * Retry-After the venue refuses every request and counts each toward a ban, so the engine holds
   * the critical lane too (Binance: the limit is the whole IP's).
   */
  capabilities: {
    cancelAllScope: 'symbol' | 'account';
    fillsScope: 'symbol' | 'account';
    rateLimitHoldsAll?: boolean;
    /**
     * How fills are paged. Absent: up from the watermark by trade id (Binance `fromId`).
     * `backward`: the venue returns the newest fills after `startTime` first, at most `maxPage` a
     * page, and the engine pages back with `endTime` (OKX pages by bill id, not trade id).
     * `cursor`: newest first from `startTime`, and the venue's cursor leads to the next page
     * (`fillsPage`; Bybit).
     */
    fillsPaging?: { direction: 'backward' | 'cursor'; maxPage: number };
    /** The venue cancels by its own order id only (Coinbase): the engine sends it with every cancel. */
    cancelNeedsVenueId?: boolean;
    /**
     * The private stream reports orders but no fills or balances (Coinbase's `user` channel): the
     * engine fetches both over REST when a report shows an order filled more (engine/fills-catch-up.ts).
     */
    fillsOffStream?: boolean;
  };

  /** Unsigned venue time, for the clock estimator. */
  serverTime(): RequestPlan<number>;
  instruments(): RequestPlan<Instrument[]>;
  placeOrder(intent: OrderIntent): RequestPlan<Order>;
  queryOrder(ref: OrderRef): RequestPlan<Order>;
  /**
   * The second place to look for an order `queryOrder` did not find, where one request cannot see
   * every order by client id (Kraken: open and closed orders are listed apart, and QueryOrders takes
   * venue ids only). The engine asks it before it believes "never seen" (engine/query-order.ts).
   */
  queryOrderElsewhere?(ref: OrderRef): RequestPlan<Order>;
  cancelOrder(ref: OrderRef): RequestPlan<Order>;
  /**
   * Amends a resting limit order in place through the venue's modify endpoint, keeping its client
   * order id (engine/amend.ts); absent where the venue has none.
   */
  amendOrder?(request: AmendRequest): RequestPlan<AmendAck>;
  /**
   * Moves a protective order's trigger price (and size) through the venue's own modify, keeping its
   * client order id; absent where the venue has none (Binance's algo service): the engine then
   * replaces the order (engine/amend-replace.ts).
   */
  amendTrigger?(request: AmendRequest): RequestPlan<AmendAck>;
  cancelAll(symbol?: string): RequestPlan<void>;
  /**
   * The newest `limit` bars of a symbol's timeframe, ending at `endTime` (venue ms) where given,
   * oldest first (the last may be open): public, background lane. Absent where the adapter has none.
   */
  klines?(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]>;
  /**
   * The same range read for a period's history where the venue serves older bars from another
   * endpoint than `klines` (OKX: `market/candles` keeps the newest 1,440, `history-candles` the years
   * before). Absent: a history is paged through `klines` as far back as the venue keeps.
   */
  klineHistory?(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]>;
  openOrders(symbol?: string): RequestPlan<Order[]>;
  /**
   * Absent where the account holds no positions (spot: Coinbase, Kraken): every caller reads that as
   * none, with no request sent (a spot holding is a balance, engine/spot-flatten.ts).
   */
  positions?(): RequestPlan<Position[]>;
  balances(): RequestPlan<Balance[]>;
  fills(query: FillsQuery): RequestPlan<Fill[]>;
  /** Present for venues paged by cursor: a page of fills with the cursor of the next. */
  fillsPage?(query: FillsQuery): RequestPlan<FillsPage>;
  /**
   * The account's leverage for a symbol (Binance `symbolConfig`, OKX `leverage-info`, Hyperliquid
   * `activeAssetData`): a ticket's margin is judged at it, not at 1x.
   */
  leverage?(symbol: string): RequestPlan<SymbolLeverage>;
  /** Equity, margin used, maintenance (Binance `/fapi/v3/account`, OKX `account/balance`…). */
  accountRisk?(): RequestPlan<AccountRisk>;
  /** A perpetual's funding rate and next funding time (Binance `premiumIndex`, OKX `public/funding-rate`…). */
  funding?(symbol: string): RequestPlan<Funding>;
  /**
   * A perpetual's open interest in base units (Binance `openInterest`, OKX `public/open-interest`…):
   * public, background lane. Absent where the venue gives none for the product traded (spot).
   */
  openInterest?(symbol: string): RequestPlan<OpenInterest>;
  /** Sets the symbol's leverage; `current` brings the mode where the venue sets leverage per mode (OKX, Hyperliquid). */
  setLeverage?(symbol: string, leverage: number, current: SymbolLeverage | undefined): RequestPlan<void>;
  /** Sets cross or isolated margin, for the symbol or the whole account (`marginModeScope`). */
  setMarginMode?(symbol: string, mode: MarginMode, current: SymbolLeverage | undefined): RequestPlan<void>;
  /** Where the mode is the account's and the leverage read does not say it (Bybit `account/info`). */
  accountMarginMode?(): RequestPlan<MarginMode | undefined>;
  /** Where a margin mode applies: one symbol, or every symbol of the account (Bybit UTA). */
  marginModeScope?: 'symbol' | 'account';
  /**
   * Where the venue has one (Binance `POST /fapi/v1/order/test`): an order checked like a new one —
   * signature, trading right, parameters — and never placed. `keys check` uses it where the key's
   * rights cannot be asked.
   */
  testOrder?(intent: OrderIntent): RequestPlan<void>;
  /**
   * A mid price over REST, present where a market order is priced from the current price
   * (Hyperliquid: an IOC limit around it). The engine asks it when no streamed quote has come
   * yet; `undefined` when the venue lists no price for the symbol.
   */
  quote?(symbol: string): RequestPlan<string | undefined>;
  /** Present where the venue says what a key may do (custody's preflight, engine/preflight.ts). */
  keyPermissions?: KeyPermissionsSpec;
  deadman?: DeadmanSpec;
  /** Present where `cancelAll` has no venue endpoint: cancel-all goes through batches. */
  cancelBatch?: CancelBatchSpec;
  /** Present where the venue keeps protective (conditional) orders apart: see `ProtectiveSpec`. */
  protective?: ProtectiveSpec;
  /** Present for nonce-signed venues; without it the engine issues max(last + 1, venue ms). */
  nonces?: NonceSpec;
  /**
   * The venue remembers each key's highest nonce for good (Kraken): the engine keeps a floor per key
   * on disk (EngineOptions.nonceFloor) so nonces increase across restarts, and will not start without it.
   */
  persistentNonces?: boolean;

  /**
   * A reply the venue sends as text, not JSON, decoded where the adapter knows the words (Coinbase
   * answers a token it does not take with 401 `Unauthorized`); undefined leaves it to the HTTP
   * layer's own naming of a non-JSON reply.
   */
  nonJsonReply?(status: number, excerpt: string): VenueErrorInfo | undefined;
  /** Decodes an error reply, or returns undefined when the reply is a success (some venues say 200 + code). */
  checkReply(reply: HttpReply): VenueErrorInfo | undefined;
  /**
   * Rate feedback carried by any reply, success or not. `venueNow` dates a relative Retry-After;
   * `request` is what the reply answers, for venues whose headers count per endpoint (Bybit).
   */
  rateFeedback(reply: HttpReply, venueNow: number, request?: { name: string; costs: Costs }): RateFeedback;
}

// ---------------------------------------------------------------------------------------------
// STREAMS: formats live in ./stream-types.ts (listen keys, WS login/subscribe/ping formats, event
// parsers). The full adapter is the REST side plus `stream`. Stream fields go there, not above
// this line.
// ---------------------------------------------------------------------------------------------

export interface VenueAdapter extends RestAdapter {
  stream: StreamAdapter;
}
