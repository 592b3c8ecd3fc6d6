/**
 * Bybit v5 REST request builders. Each returns a `RequestPlan`: name, lane and costs up front; the
 * bytes built by `build(ctx)` at send time. GET parameters ride in the query string, POST
 * parameters in a JSON body serialised once here; the signature covers those very bytes
 * (invariant 1): `X-BAPI-SIGN` over timestamp + key + recvWindow + (query | body), with the
 * venue-clock timestamp and the validity window in their own headers (docs/venues.md §3.1).
 * Every request is for linear contracts (USDT perpetuals) in one-way mode.
 */
import { conditionalFields } from './conditional.js';
import { revealSecret } from '../../core/secret.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, Position, SymbolLeverage } from '../../core/types.js';
import { fillsOfPage } from '../shared/fills-page.js';
import { encodeQuery, type ParamList } from '../shared/encoding.js';
import { InvalidIntentError } from '../shared/errors.js';
import { SigningError } from '../shared/signing-error.js';
import type {
  Costs,
  Credentials,
  FillsPage,
  FillsQuery,
  HttpReply,
  Lane,
  OrderRef,
  RequestPlan,
  SignContext,
  VenueErrorInfo,
  WireRequest,
} from '../venue.js';
import { ORDER_LINK_ID_PATTERN } from './descriptor.js';
import { WIRE_SIDES, WIRE_TIME_IN_FORCE } from './enums.js';
import { envelopeResult } from './fields.js';
import { costsOf, POOL } from './limits.js';
import {
  parseBalances,
  parseCancelAck,
  parseCancelAll,
  parseFillsPage,
  parseInstruments,
  parseLeverage,
  parseOrder,
  parseOrders,
  parsePlaceAck,
  parsePositions,
  parseServerTime,
} from './parse.js';
import { type BybitSigningKey, signBybitRequest } from './sign.js';

export { InvalidIntentError };

const VENUE = 'bybit';

/** USDT and USDC perpetuals and futures. */
export const CATEGORY = 'linear';

/** The settle coin that lists every USDT contract where a list needs a symbol or a coin. */
export const SETTLE_COIN = 'USDT';

/** Page sizes (the venue's maxima): executions 100, open orders 50, positions 200, instruments 1000. */
export const PAGE = { executions: 100, orders: 50, positions: 200, instruments: 1000 } as const;

export interface BybitPlanSpec<T> {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  lane: Lane;
  costs: Costs;
  signed: boolean;
  mutating: boolean;
  /** GET parameters, in wire order. */
  query?: ParamList;
  /** POST body, serialised once. */
  body?: Record<string, unknown>;
  parse: (body: unknown) => T;
  /** A clean envelope that still means failure for this request (an order query's empty list). */
  check?: (reply: HttpReply) => VenueErrorInfo | undefined;
}

/** The key that signs: the HMAC secret, else an RSA private key. */
export function signingKey(credentials: Credentials): BybitSigningKey {
  if (credentials.apiSecret !== undefined) return { apiSecret: credentials.apiSecret };
  if (credentials.privateKey !== undefined) return { privateKey: credentials.privateKey };
  throw new SigningError(VENUE, 'credentials lack the secret key (or an RSA private key)');
}

/** The one place Bybit requests are turned into bytes. */
export function bybitPlan<T>(spec: BybitPlanSpec<T>): RequestPlan<T> {
  const { name, method, path, lane, costs, signed } = spec;
  const query = spec.query === undefined ? '' : encodeQuery(VENUE, spec.query);
  const body = spec.body === undefined ? '' : JSON.stringify(spec.body);
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
        const { credentials } = ctx;
        const timestamp = String(Math.floor(ctx.venueNow()));
        const recvWindow = String(Math.max(1, Math.floor(ctx.recvWindowMs)));
        const apiKey = revealSecret(credentials.apiKey);
        headers['X-BAPI-API-KEY'] = apiKey;
        headers['X-BAPI-TIMESTAMP'] = timestamp;
        headers['X-BAPI-RECV-WINDOW'] = recvWindow;
        headers['X-BAPI-SIGN'] = signBybitRequest(signingKey(credentials), {
          timestamp,
          apiKey,
          recvWindow,
          payload: method === 'GET' ? query : body,
        });
        // "2" = signed by HMAC or RSA over the documented prehash (the official examples send it).
        headers['X-BAPI-SIGN-TYPE'] = '2';
      }
      return { name, method, path, query, body, headers, lane, costs };
    },
    parse: (reply: HttpReply) => spec.parse(reply.body),
  };
  if (spec.check !== undefined) plan.check = spec.check;
  return plan;
}

/** `orderId` wins when both are known (as on the venue). */
function idParams(ref: OrderRef): Array<[string, string]> {
  if (ref.venueOrderId !== undefined) return [['orderId', ref.venueOrderId]];
  if (ref.clientOrderId !== undefined) return [['orderLinkId', ref.clientOrderId]];
  throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
}

/** The `timeInForce` an intent needs; Bybit says post-only as a time in force. */
export function wireTimeInForce(intent: OrderIntent): string | undefined {
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${intent.clientOrderId} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${intent.clientOrderId} has a price`);
    // "Market order will always use IOC": nothing to send.
    return undefined;
  }
  if (intent.price === undefined) throw new InvalidIntentError(`limit order ${intent.clientOrderId} has no price`);
  if (intent.postOnly && intent.timeInForce !== undefined && intent.timeInForce !== 'gtx') {
    throw new InvalidIntentError(`post-only order ${intent.clientOrderId} cannot be ${intent.timeInForce}`);
  }
  return WIRE_TIME_IN_FORCE[intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc')];
}

/** POST /v5/order/create, one-way mode (`positionIdx` 0). */
/** POST /v5/order/create; a protective intent adds its trigger (conditional.ts). */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  if (!ORDER_LINK_ID_PATTERN.test(intent.clientOrderId)) {
    throw new InvalidIntentError(
      `orderLinkId ${JSON.stringify(intent.clientOrderId)} is not 1-36 letters, digits, '-' and '_'`,
    );
  }
  const tif = wireTimeInForce(intent);
  const body: Record<string, unknown> = {
    category: CATEGORY,
    symbol: intent.symbol,
    side: WIRE_SIDES[intent.side],
    orderType: intent.type === 'market' ? 'Market' : 'Limit',
    qty: intent.qty,
  };
  if (intent.price !== undefined) body['price'] = intent.price;
  if (tif !== undefined) body['timeInForce'] = tif;
  if (intent.trigger !== undefined) {
    if (intent.type !== 'market') throw new InvalidIntentError(`protective order ${intent.clientOrderId} must execute at market`);
    Object.assign(body, conditionalFields(intent.side, intent.trigger, intent.closePosition === true));
    // Close-on-trigger closes whatever the position is: qty "0", reduce-only.
    if (intent.closePosition === true) body['qty'] = '0';
  }
  if (intent.reduceOnly || intent.closePosition === true) body['reduceOnly'] = true;
  body['positionIdx'] = 0;
  body['orderLinkId'] = intent.clientOrderId;
  return bybitPlan({
    name: 'placeOrder',
    method: 'POST',
    path: '/v5/order/create',
    lane: 'critical',
    costs: costsOf(POOL.create),
    signed: true,
    mutating: true,
    body,
    parse: (reply) => parsePlaceAck(intent, reply),
  });
}

/** An order query's clean but empty answer: the venue holds no such order (recent 500 closed kept). */
function emptyMeansNotFound(reply: HttpReply): VenueErrorInfo | undefined {
  try {
    const list = envelopeResult(reply.body)['list'];
    if (Array.isArray(list) && list.length === 0) {
      return { status: reply.status, message: 'the venue has no order with this id', meaning: 'order_not_found', failure: 'rejected' };
    }
  } catch {
    // Not an envelope: the parser names it.
  }
  return undefined;
}

/**
 * GET /v5/order/realtime by id: open orders and the most recent closed ones (by id, `openOnly` is
 * ignored). Critical, since it resolves orders whose placement was ambiguous.
 */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return bybitPlan({
    name: 'queryOrder',
    method: 'GET',
    path: '/v5/order/realtime',
    lane: 'critical',
    costs: costsOf(POOL.realtime),
    signed: true,
    mutating: false,
    query: [['category', CATEGORY], ['symbol', ref.symbol], ...idParams(ref)],
    parse: parseOrder,
    check: emptyMeansNotFound,
  });
}

/** POST /v5/order/cancel. The ack means "cancel accepted": the order is `pending_cancel`. */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return bybitPlan({
    name: 'cancelOrder',
    method: 'POST',
    path: '/v5/order/cancel',
    lane: 'critical',
    costs: costsOf(POOL.cancel),
    signed: true,
    mutating: true,
    body: { category: CATEGORY, symbol: ref.symbol, ...Object.fromEntries(idParams(ref)) },
    parse: (reply) => parseCancelAck(ref, reply),
  });
}

/** POST /v5/order/cancel-all for a symbol, or every USDT contract. */
/**
 * POST /v5/order/cancel-all. `orderFilter` Order: active orders only (without it, linear cancels
 * conditional orders too) — a cancel-all keeps the stops; StopOrder: the conditional ones.
 */
export function cancelAllPlan(symbol?: string, orderFilter: 'Order' | 'StopOrder' = 'Order'): RequestPlan<void> {
  return bybitPlan({
    name: orderFilter === 'Order' ? 'cancelAll' : 'cancelAllConditional',
    method: 'POST',
    path: '/v5/order/cancel-all',
    lane: 'critical',
    costs: costsOf(POOL.cancelAll),
    signed: true,
    mutating: true,
    body: symbol === undefined ? { category: CATEGORY, settleCoin: SETTLE_COIN, orderFilter } : { category: CATEGORY, symbol, orderFilter },
    parse: (body) => {
      parseCancelAll(body);
    },
  });
}

/** GET /v5/order/realtime: the first page (50 newest) of open orders — active ones, or (StopOrder) conditional ones. */
export function openOrdersPlan(symbol?: string, orderFilter: 'Order' | 'StopOrder' = 'Order'): RequestPlan<Order[]> {
  return bybitPlan({
    name: orderFilter === 'Order' ? 'openOrders' : 'openConditionalOrders',
    method: 'GET',
    path: '/v5/order/realtime',
    lane: 'background',
    costs: costsOf(POOL.realtime),
    signed: true,
    mutating: false,
    query: [
      ['category', CATEGORY],
      symbol === undefined ? ['settleCoin', SETTLE_COIN] : ['symbol', symbol],
      ['openOnly', '0'],
      ['orderFilter', orderFilter],
      ['limit', String(PAGE.orders)],
    ],
    parse: parseOrders,
  });
}

export const positionsPlan = (): RequestPlan<Position[]> =>
  bybitPlan({
    name: 'positions',
    method: 'GET',
    path: '/v5/position/list',
    lane: 'background',
    costs: costsOf(POOL.positions),
    signed: true,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['settleCoin', SETTLE_COIN],
      ['limit', String(PAGE.positions)],
    ],
    parse: parsePositions,
  });

/** GET /v5/position/list for one symbol: its row carries the account's leverage even when flat. */
export const leveragePlan = (symbol: string): RequestPlan<SymbolLeverage> =>
  bybitPlan({
    name: 'leverage',
    method: 'GET',
    path: '/v5/position/list',
    lane: 'background',
    costs: costsOf(POOL.positions),
    signed: true,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['symbol', symbol],
    ],
    parse: (body) => parseLeverage(body, symbol),
  });

/** GET /v5/account/wallet-balance of the unified trading account, read as `parse` reads it. */
export const walletBalance = <T>(name: string, parse: (body: unknown) => T): RequestPlan<T> =>
  bybitPlan({
    name,
    method: 'GET',
    path: '/v5/account/wallet-balance',
    lane: 'background',
    costs: costsOf(POOL.wallet),
    signed: true,
    mutating: false,
    query: [['accountType', 'UNIFIED']],
    parse,
  });

export const balancesPlan = (): RequestPlan<Balance[]> => walletBalance('balances', parseBalances);

/**
 * GET /v5/execution/list, newest first, at most 100 a page, followed by `cursor`. The watermark is
 * a time: `startTime` = the watermark's time (the fill at the watermark comes back and is dropped
 * by dedupe); with only `startTime` the venue answers up to 7 days after it.
 */
export function fillsPagePlan(query: FillsQuery): RequestPlan<FillsPage> {
  const params: Array<readonly [string, string]> = [
    ['category', CATEGORY],
    ['symbol', query.symbol],
  ];
  if (query.startTime !== undefined) params.push(['startTime', String(Math.max(0, Math.floor(query.startTime)))]);
  if (query.endTime !== undefined) params.push(['endTime', String(Math.floor(query.endTime))]);
  params.push(['limit', String(Math.min(PAGE.executions, Math.max(1, query.limit ?? PAGE.executions)))]);
  if (query.cursor !== undefined) params.push(['cursor', query.cursor]);
  return bybitPlan({
    name: 'fills',
    method: 'GET',
    path: '/v5/execution/list',
    lane: 'background',
    costs: costsOf(POOL.executions),
    signed: true,
    mutating: false,
    query: params,
    parse: parseFillsPage,
  });
}

/** One page of fills, for callers that do not follow the cursor. */
export const fillsPlan = (query: FillsQuery): RequestPlan<Fill[]> => fillsOfPage(fillsPagePlan(query));

/** Unsigned; on the critical lane because a 10002 retry waits for it. */
export const serverTimePlan = (): RequestPlan<number> =>
  bybitPlan({
    name: 'serverTime',
    method: 'GET',
    path: '/v5/market/time',
    lane: 'critical',
    costs: costsOf(),
    signed: false,
    mutating: false,
    parse: parseServerTime,
  });

/** GET /v5/market/instruments-info: every trading linear contract fits one page of 1000. */
export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  bybitPlan({
    name: 'instruments',
    method: 'GET',
    path: '/v5/market/instruments-info',
    lane: 'background',
    costs: costsOf(),
    signed: false,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['limit', String(PAGE.instruments)],
    ],
    parse: parseInstruments,
  });
