/**
 * Coinbase Advanced Trade REST request builders. Each returns a `RequestPlan`: name, lane and costs
 * up front; the bytes built by `build(ctx)` at send time. Private calls carry `Authorization: Bearer
 * <JWT>`, a token minted for that one request (sign.ts): its `uri` claim names the method, the host
 * the request goes to and the path without the query; it lives two minutes from the venue's clock
 * (docs/venues.md §4.1). Bodies are JSON. Public calls (`/time`, `/market/…`) carry no token.
 */
import { randomBytes } from 'node:crypto';
import { revealSecret } from '../../core/secret.js';
import type { Balance, Fill, Instrument, Order, OrderIntent } from '../../core/types.js';
import { encodeQuery, type ParamList } from '../shared/encoding.js';
import { InvalidIntentError } from '../shared/errors.js';
import { fillsOfPage } from '../shared/fills-page.js';
import { SigningError } from '../shared/signing-error.js';
import type {
  BatchCancelResult,
  Costs,
  FillsPage,
  FillsQuery,
  HttpMethod,
  HttpReply,
  Lane,
  OrderRef,
  RequestPlan,
  SignContext,
  VenueErrorInfo,
  WireRequest,
} from '../venue.js';
import { WIRE_SIDES } from './enums.js';
import { PRIVATE, PUBLIC } from './limits.js';
import {
  countListed,
  firstCancelResult,
  parseAccounts,
  parseBatchCancel,
  parseCancelAck,
  parseFillsPage,
  parseInstruments,
  parseListedOrder,
  parseOrder,
  parseOrders,
  parsePlaceAck,
  parseServerTime,
} from './parse.js';
import { type CoinbaseKey, coinbaseRestJwt, coinbaseWsJwt } from './sign.js';

export { InvalidIntentError };

const VENUE = 'coinbase';

/** Fills asked for a page (the engine's own page size is larger; the venue's list takes this many). */
export const FILLS_PAGE = 250;
/** The newest orders of a product searched for one known by client id only (the list is newest first). */
export const CLIENT_ID_SEARCH = 250;
/** Order ids one `batch_cancel` takes. */
export const MAX_CANCEL_BATCH = 100;
/** Production's REST host, for a context that names none (the JWT's `uri` must name the host). */
const LIVE_HOST = 'api.coinbase.com';

/** The key custody holds: the key name as the API key, its EC or Ed25519 private key in either field. */
export function coinbaseKeyOf(ctx: SignContext): CoinbaseKey {
  const { credentials } = ctx;
  const privateKey = credentials.privateKey ?? credentials.apiSecret;
  if (privateKey === undefined) throw new SigningError(VENUE, 'credentials lack the private key');
  return { keyName: revealSecret(credentials.apiKey), privateKey };
}

/**
 * The token's times: whole seconds of the venue's clock, a second back, so a clock estimate a
 * moment ahead of the venue's never mints a token that is not valid yet (`nbf` in the future is
 * refused outright); it still lives 119 s, far longer than any request takes.
 */
export function jwtNow(ctx: SignContext): number {
  return Math.floor(ctx.venueNow() / 1000) - 1;
}

/** A fresh random nonce for a token's header, as the official SDK makes one. */
export function jwtNonce(): string {
  return randomBytes(16).toString('hex');
}

/** A WebSocket subscribe's token: no `uri`, minted for that one message. */
export function wsJwt(ctx: SignContext): string {
  return coinbaseWsJwt(coinbaseKeyOf(ctx), { now: jwtNow(ctx), nonce: jwtNonce() });
}

export interface CoinbasePlanSpec<T> {
  name: string;
  method: HttpMethod;
  /** `/api/v3/brokerage/orders`, `/api/v3/brokerage/market/products`… */
  path: string;
  signed: boolean;
  lane: Lane;
  mutating: boolean;
  params?: ParamList;
  body?: unknown;
  /** `at`: venue ms when the request was built (replies that carry no time are dated by it). */
  parse: (body: unknown, at: number) => T;
  check?: (reply: HttpReply) => VenueErrorInfo | undefined;
}

/** The one place Coinbase requests are turned into bytes. */
export function coinbasePlan<T>(spec: CoinbasePlanSpec<T>): RequestPlan<T> {
  const { name, method, signed, lane } = spec;
  const costs: Costs = signed ? PRIVATE : PUBLIC;
  const { path } = spec;
  const query = spec.params === undefined || spec.params.length === 0 ? '' : encodeQuery(VENUE, spec.params);
  const body = spec.body === undefined ? '' : JSON.stringify(spec.body);
  let builtAt = 0;
  const plan: RequestPlan<T> = {
    name,
    lane,
    costs,
    signed,
    mutating: spec.mutating,
    build(ctx: SignContext): WireRequest {
      const headers: Record<string, string> = {};
      if (body !== '') headers['Content-Type'] = 'application/json';
      if (signed) {
        builtAt = ctx.venueNow();
        const host = ctx.restHost ?? (ctx.credentials.env === 'live' ? LIVE_HOST : undefined);
        if (host === undefined) throw new SigningError(VENUE, "the REST host is unknown: the token's uri must name it");
        const jwt = coinbaseRestJwt(coinbaseKeyOf(ctx), { method, host, path, now: jwtNow(ctx), nonce: jwtNonce() });
        headers.Authorization = `Bearer ${jwt}`;
      }
      return { name, method, path, query, body, headers, lane, costs };
    },
    parse: (reply: HttpReply) => spec.parse(reply.body, builtAt),
  };
  if (spec.check !== undefined) plan.check = spec.check;
  return plan;
}

/**
 * The order configuration of an intent (docs/venues.md §4.5): `market_market_ioc` by base size;
 * limits `limit_limit_gtc` (with `post_only`), `sor_limit_ioc` and `limit_limit_fok`. Throws for
 * what Coinbase spot cannot express or quantdeck does not send.
 */
export function orderConfiguration(intent: OrderIntent): Record<string, Record<string, unknown>> {
  const id = intent.clientOrderId;
  if (intent.trigger !== undefined || intent.closePosition === true)
    throw new InvalidIntentError(`order ${id}: protective orders are not placed on Coinbase spot`);
  if (intent.reduceOnly)
    throw new InvalidIntentError(`order ${id}: reduce-only means nothing on spot (there is no position)`);
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${id} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${id} has a price`);
    if (intent.timeInForce !== undefined && intent.timeInForce !== 'ioc')
      throw new InvalidIntentError(`market order ${id} cannot be ${intent.timeInForce}`);
    return { market_market_ioc: { base_size: intent.qty } };
  }
  if (intent.price === undefined) throw new InvalidIntentError(`limit order ${id} has no price`);
  const tif = intent.timeInForce ?? 'gtc';
  if (intent.postOnly) {
    if (tif !== 'gtc' && tif !== 'gtx') throw new InvalidIntentError(`post-only order ${id} cannot be ${tif}`);
    return { limit_limit_gtc: { base_size: intent.qty, limit_price: intent.price, post_only: true } };
  }
  if (tif === 'gtx') throw new InvalidIntentError(`order ${id}: gtx is post-only; set postOnly`);
  if (tif === 'ioc') return { sor_limit_ioc: { base_size: intent.qty, limit_price: intent.price } };
  if (tif === 'fok') return { limit_limit_fok: { base_size: intent.qty, limit_price: intent.price } };
  return { limit_limit_gtc: { base_size: intent.qty, limit_price: intent.price, post_only: false } };
}

/** `client_order_id`: up to 128 characters (the ids quantdeck makes are far shorter). */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** POST /orders: the `client_order_id` makes it idempotent (the venue answers a seen id with its order). */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  if (!CLIENT_ID.test(intent.clientOrderId))
    throw new InvalidIntentError(`client_order_id ${JSON.stringify(intent.clientOrderId)} is not 1-128 letters, digits, '-' and '_'`);
  const body = {
    client_order_id: intent.clientOrderId,
    product_id: intent.symbol,
    side: WIRE_SIDES[intent.side],
    order_configuration: orderConfiguration(intent),
  };
  return coinbasePlan({
    name: 'placeOrder',
    method: 'POST',
    path: '/api/v3/brokerage/orders',
    signed: true,
    lane: 'critical',
    mutating: true,
    body,
    parse: (reply, at) => parsePlaceAck(intent, reply, at),
  });
}

/**
 * One order, on the critical lane (it resolves ambiguous placements). By venue id:
 * `orders/historical/{order_id}`. By client id alone: no endpoint takes one, so the product's newest
 * orders (open or ended) are listed and searched; one older than the newest CLIENT_ID_SEARCH is
 * reported not found (an order whose placement is in doubt is among the newest).
 */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  if (ref.venueOrderId !== undefined) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(ref.venueOrderId))
      throw new InvalidIntentError(`order id ${JSON.stringify(ref.venueOrderId)} is not a Coinbase order id`);
    return coinbasePlan({
      name: 'queryOrder',
      method: 'GET',
      path: `/api/v3/brokerage/orders/historical/${ref.venueOrderId}`,
      signed: true,
      lane: 'critical',
      mutating: false,
      parse: parseOrder,
    });
  }
  if (ref.clientOrderId === undefined)
    throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
  return coinbasePlan({
    name: 'queryOrder',
    method: 'GET',
    path: '/api/v3/brokerage/orders/historical/batch',
    signed: true,
    lane: 'critical',
    mutating: false,
    params: [
      ['product_ids', ref.symbol],
      ['limit', CLIENT_ID_SEARCH],
    ],
    parse: (body) => parseListedOrder(body, ref),
    check: (reply) =>
      countListed(reply.body, ref) === 0
        ? {
            status: reply.status,
            message: `none of the product's newest ${CLIENT_ID_SEARCH} orders has this client_order_id`,
            meaning: 'order_not_found',
            failure: 'rejected',
          }
        : undefined,
  });
}

/** A cancel the venue answered 200 but did not do: `UNKNOWN_CANCEL_ORDER` is an order it does not hold open. */
function cancelRefused(reply: HttpReply): VenueErrorInfo | undefined {
  const first = firstCancelResult(reply.body);
  if (first === undefined || first.success) return undefined;
  const reason = first.reason || 'UNKNOWN_CANCEL_FAILURE_REASON';
  return {
    status: reply.status,
    code: reason,
    message: `${reason} (not cancelled)`,
    meaning: reason === 'UNKNOWN_CANCEL_ORDER' ? 'order_not_found' : 'other',
    failure: 'rejected',
  };
}

function batchCancel<T>(name: string, ids: string[], parse: (body: unknown, at: number) => T, check?: (r: HttpReply) => VenueErrorInfo | undefined) {
  return coinbasePlan({
    name,
    method: 'POST',
    path: '/api/v3/brokerage/orders/batch_cancel',
    signed: true,
    lane: 'critical',
    mutating: true,
    body: { order_ids: ids },
    parse,
    ...(check === undefined ? {} : { check }),
  });
}

/**
 * POST /orders/batch_cancel with one id. Coinbase cancels by its own order id only (no endpoint
 * takes a `client_order_id`): an order whose id is not known yet cannot be cancelled until a
 * query has found it. The ack means "cancel accepted": `pending_cancel`.
 */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  const id = ref.venueOrderId;
  if (id === undefined)
    throw new InvalidIntentError(
      `order ${ref.clientOrderId ?? ''} of ${ref.symbol}: Coinbase cancels by its order id, not yet known for this order`,
    );
  return batchCancel('cancelOrder', [id], (body, at) => parseCancelAck(ref, body, at), cancelRefused);
}

/** Up to MAX_CANCEL_BATCH orders in one batch_cancel, every one known by its venue id. */
export function cancelBatchPlan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult> {
  if (refs.length === 0 || refs.length > MAX_CANCEL_BATCH)
    throw new InvalidIntentError(`a batch cancel takes 1-${MAX_CANCEL_BATCH} orders, got ${refs.length}`);
  const ids = refs.map((r) => {
    if (r.venueOrderId === undefined)
      throw new InvalidIntentError(`order ${r.clientOrderId ?? ''}: a batch cancel needs the venue's order id`);
    return r.venueOrderId;
  });
  return batchCancel('cancelBatch', ids, (body) => parseBatchCancel(refs, body));
}

/** Coinbase has no cancel-all: the engine lists open orders and cancels them in batches (`cancelBatch`). */
export function cancelAllPlan(symbol?: string): RequestPlan<void> {
  throw new InvalidIntentError(
    `coinbase has no cancel-all for ${symbol ?? 'the account'}: list open orders and cancel them in batches`,
  );
}

/** GET /orders/historical/batch?order_status=OPEN: the open orders, of one product when given. */
export const openOrdersPlan = (symbol?: string): RequestPlan<Order[]> =>
  coinbasePlan({
    name: 'openOrders',
    method: 'GET',
    path: '/api/v3/brokerage/orders/historical/batch',
    signed: true,
    lane: 'background',
    mutating: false,
    params: [['order_status', 'OPEN'], ...(symbol === undefined ? [] : [['product_ids', symbol] as const]), ['limit', 1000]],
    parse: (body) => parseOrders(body, symbol),
  });

/** GET /accounts: free (`available_balance`) and locked (`hold`) per currency; 250 accounts a page, the most. */
export const balancesPlan = (): RequestPlan<Balance[]> =>
  coinbasePlan({
    name: 'balances',
    method: 'GET',
    path: '/api/v3/brokerage/accounts',
    signed: true,
    lane: 'background',
    mutating: false,
    params: [['limit', 250]],
    parse: (body, at) => parseAccounts(body, at),
  });

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * GET /orders/historical/fills of one product since the watermark's time
 * (`start_sequence_timestamp`, inclusive: the fill at the watermark comes back and dedupe drops
 * it), newest first, followed by the venue's cursor.
 */
export function fillsPagePlan(query: FillsQuery): RequestPlan<FillsPage> {
  const params: Array<[string, string | number]> = [['product_ids', query.symbol]];
  if (query.startTime !== undefined) params.push(['start_sequence_timestamp', iso(query.startTime)]);
  if (query.endTime !== undefined) params.push(['end_sequence_timestamp', iso(query.endTime)]);
  params.push(['limit', Math.min(query.limit ?? FILLS_PAGE, FILLS_PAGE)]);
  if (query.cursor !== undefined) params.push(['cursor', query.cursor]);
  return coinbasePlan({
    name: 'fills',
    method: 'GET',
    path: '/api/v3/brokerage/orders/historical/fills',
    signed: true,
    lane: 'background',
    mutating: false,
    params,
    parse: (body) => parseFillsPage(body, query.symbol),
  });
}

/** One page of fills, for callers that do not follow the cursor. */
export const fillsPlan = (query: FillsQuery): RequestPlan<Fill[]> => fillsOfPage(fillsPagePlan(query));

/** Unsigned; on the critical lane because a clock resync waits for it. */
export const serverTimePlan = (): RequestPlan<number> =>
  coinbasePlan({
    name: 'serverTime',
    method: 'GET',
    path: '/api/v3/brokerage/time',
    signed: false,
    lane: 'critical',
    mutating: false,
    parse: parseServerTime,
  });

/** GET /market/products: every spot product in one public reply. */
export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  coinbasePlan({
    name: 'instruments',
    method: 'GET',
    path: '/api/v3/brokerage/market/products',
    signed: false,
    lane: 'background',
    mutating: false,
    params: [['product_type', 'SPOT']],
    parse: parseInstruments,
  });
