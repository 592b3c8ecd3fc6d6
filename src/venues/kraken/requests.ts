/**
 * Kraken spot REST request builders. Each returns a `RequestPlan`: name, lane and costs up front;
 * the bytes built by `build(ctx)` at send time. Public calls are GETs with a query string. Private
 * calls are POSTs whose form-encoded body starts with a fresh `nonce` (ctx.nextNonce: strictly
 * increasing per key across restarts, engine/nonce-file.ts) and `API-Sign` covers the path and
 * SHA-256(nonce ‖ that very body) (invariant 1; sign.ts, docs/venues.md §5.1).
 */
import { revealSecret } from '../../core/secret.js';
import type { Balance, Fill, Instrument, Order, OrderIntent } from '../../core/types.js';
import { fillsOfPage } from '../shared/fills-page.js';
import { encodeQuery, type ParamList } from '../shared/encoding.js';
import { InvalidIntentError } from '../shared/errors.js';
import { SigningError } from '../shared/signing-error.js';
import type {
  Costs,
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
import { CL_ORD_ID_PATTERN } from './descriptor.js';
import { WIRE_TIME_IN_FORCE } from './enums.js';
import { apiCost, COST, PUBLIC } from './limits.js';
import {
  countMatching,
  parseBalances,
  parseCancelAck,
  parseCount,
  parseFillsPage,
  parseInstruments,
  parseOneOrder,
  parseOrders,
  parsePlaceAck,
  parseServerTime,
  parseWsToken,
} from './parse.js';
import { signKraken } from './sign.js';
import { restPair } from './symbols.js';

export { InvalidIntentError };

const VENUE = 'kraken';

/** TradesHistory's page: 50 trades, newest first. */
export const TRADES_PAGE = 50;

export interface KrakenPlanSpec<T> {
  name: string;
  /** `/0/public/…` (GET, unsigned) or `/0/private/…` (POST, signed). */
  path: string;
  lane: Lane;
  costs: Costs;
  mutating: boolean;
  /** Parameters in wire order; the nonce leads a private body and is not listed here. */
  params?: ParamList;
  /** `at`: venue ms when the request was built (replies that carry no time are dated by it). */
  parse: (body: unknown, at: number) => T;
  check?: (reply: HttpReply) => VenueErrorInfo | undefined;
}

/** The one place Kraken requests are turned into bytes. */
export function krakenPlan<T>(spec: KrakenPlanSpec<T>): RequestPlan<T> {
  const { name, path, lane, costs } = spec;
  const signed = /^\/0\/private\//.test(path);
  const params = spec.params === undefined || spec.params.length === 0 ? '' : encodeQuery(VENUE, spec.params);
  let builtAt = 0;
  const plan: RequestPlan<T> = {
    name,
    lane,
    costs,
    signed,
    mutating: spec.mutating,
    build(ctx: SignContext): WireRequest {
      // Unsigned calls read no clock: the venue's Time is what syncs it.
      if (!signed) return { name, method: 'GET', path, query: params, body: '', headers: {}, lane, costs };
      builtAt = ctx.venueNow();
      const { credentials } = ctx;
      if (credentials.apiSecret === undefined)
        throw new SigningError(VENUE, 'credentials lack the API secret');
      const nonce = String(ctx.nextNonce());
      const body = params === '' ? `nonce=${nonce}` : `nonce=${nonce}&${params}`;
      const headers = {
        'Content-Type': 'application/x-www-form-urlencoded',
        'API-Key': revealSecret(credentials.apiKey),
        'API-Sign': signKraken(credentials.apiSecret, { uriPath: path, nonce, postData: body }),
      };
      return { name, method: 'POST', path, query: '', body, headers, lane, costs };
    },
    parse: (reply: HttpReply) => spec.parse(reply.body, builtAt),
  };
  if (spec.check !== undefined) plan.check = spec.check;
  return plan;
}

/** The wire parameters of an intent; throws for what Kraken spot cannot express or quantdeck does not send. */
export function orderParams(intent: OrderIntent): Array<[string, string]> {
  const id = intent.clientOrderId;
  if (!CL_ORD_ID_PATTERN.test(id)) {
    throw new InvalidIntentError(
      `cl_ord_id ${JSON.stringify(id)} is not a UUID or 1-18 letters, digits, '-' and '_'`,
    );
  }
  if (intent.trigger !== undefined || intent.closePosition === true) {
    throw new InvalidIntentError(`order ${id}: protective orders are not placed on Kraken spot`);
  }
  if (intent.reduceOnly)
    throw new InvalidIntentError(`order ${id}: reduce-only means nothing on spot (there is no position)`);
  const params: Array<[string, string]> = [
    ['ordertype', intent.type],
    ['type', intent.side],
    ['volume', intent.qty],
    ['pair', restPair(intent.symbol)],
  ];
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${id} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${id} has a price`);
    if (intent.timeInForce !== undefined && intent.timeInForce !== 'ioc') {
      throw new InvalidIntentError(`market order ${id} cannot be ${intent.timeInForce}`);
    }
  } else {
    if (intent.price === undefined) throw new InvalidIntentError(`limit order ${id} has no price`);
    params.push(['price', intent.price]);
    const tif = intent.timeInForce ?? 'gtc';
    if (intent.postOnly) {
      if (tif !== 'gtc' && tif !== 'gtx')
        throw new InvalidIntentError(`post-only order ${id} cannot be ${tif}`);
      params.push(['oflags', 'post']);
    } else if (tif !== 'gtc') {
      if (tif === 'gtx') throw new InvalidIntentError(`order ${id}: gtx is post-only; set postOnly`);
      params.push(['timeinforce', WIRE_TIME_IN_FORCE[tif]]);
    }
  }
  params.push(['cl_ord_id', id]);
  return params;
}

/** POST /0/private/AddOrder: spends the trading limiter, not the API counter. */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  const params = orderParams(intent);
  return krakenPlan({
    name: 'placeOrder',
    path: '/0/private/AddOrder',
    lane: 'critical',
    costs: COST.add,
    mutating: true,
    params,
    parse: (body, at) => parsePlaceAck(intent, body, at),
  });
}

/** A clean reply without the order asked for: the venue has no such order (there). */
function notFoundIn(
  key: 'open' | 'closed' | undefined,
  ref: OrderRef,
): (reply: HttpReply) => VenueErrorInfo | undefined {
  return (reply) =>
    countMatching(reply.body, key, ref) === 0
      ? {
          status: reply.status,
          message: `the venue lists no ${key ?? ''} order with this id`.replace('  ', ' '),
          meaning: 'order_not_found',
          failure: 'rejected',
        }
      : undefined;
}

/**
 * One order by id, on the critical lane (it resolves ambiguous placements). By txid:
 * QueryOrders, open or closed. By client id alone: QueryOrders takes txids only, so the open orders
 * filtered by `cl_ord_id`; a closed one is found by `closedOrderPlan` (the adapter's second look).
 */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  if (ref.venueOrderId !== undefined) {
    return krakenPlan({
      name: 'queryOrder',
      path: '/0/private/QueryOrders',
      lane: 'critical',
      costs: apiCost(),
      mutating: false,
      params: [
        ['txid', ref.venueOrderId],
        ['trades', 'false'],
      ],
      parse: (body) => parseOneOrder(body, undefined, ref),
      check: notFoundIn(undefined, ref),
    });
  }
  if (ref.clientOrderId === undefined)
    throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
  return krakenPlan({
    name: 'queryOrder',
    path: '/0/private/OpenOrders',
    lane: 'critical',
    costs: apiCost(),
    mutating: false,
    params: [
      ['trades', 'false'],
      ['cl_ord_id', ref.clientOrderId],
    ],
    parse: (body) => parseOneOrder(body, 'open', ref),
    check: notFoundIn('open', ref),
  });
}

/** POST /0/private/ClosedOrders filtered by `cl_ord_id`: a filled, cancelled or expired order found by client id. */
export function closedOrderPlan(ref: OrderRef): RequestPlan<Order> {
  if (ref.clientOrderId === undefined) return queryOrderPlan(ref);
  return krakenPlan({
    name: 'queryClosedOrder',
    path: '/0/private/ClosedOrders',
    lane: 'critical',
    costs: apiCost(),
    mutating: false,
    params: [
      ['trades', 'false'],
      ['cl_ord_id', ref.clientOrderId],
    ],
    parse: (body) => parseOneOrder(body, 'closed', ref),
    check: notFoundIn('closed', ref),
  });
}

/** POST /0/private/CancelOrder by txid, else by `cl_ord_id`. The ack means "cancel accepted": `pending_cancel`. */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  let id: [string, string];
  if (ref.venueOrderId !== undefined) id = ['txid', ref.venueOrderId];
  else if (ref.clientOrderId !== undefined) id = ['cl_ord_id', ref.clientOrderId];
  else throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
  return krakenPlan({
    name: 'cancelOrder',
    path: '/0/private/CancelOrder',
    lane: 'critical',
    costs: COST.cancel,
    mutating: true,
    params: [id],
    parse: (body, at) => parseCancelAck(ref, body, at),
  });
}

/** POST /0/private/CancelAll: every open order of the account (Kraken has no per-pair cancel-all). */
export const cancelAllPlan = (): RequestPlan<void> =>
  krakenPlan({
    name: 'cancelAll',
    path: '/0/private/CancelAll',
    lane: 'critical',
    costs: apiCost(),
    mutating: true,
    parse: (body) => {
      parseCount(body);
    },
  });

/** POST /0/private/OpenOrders: every open order of the account, kept to the symbol's when one is given. */
export const openOrdersPlan = (symbol?: string): RequestPlan<Order[]> =>
  krakenPlan({
    name: 'openOrders',
    path: '/0/private/OpenOrders',
    lane: 'background',
    costs: apiCost(),
    mutating: false,
    params: [['trades', 'false']],
    parse: (body) => parseOrders(body, 'open', symbol),
  });

/** POST /0/private/BalanceEx: wallet and what open orders hold, per asset. */
export const balancesPlan = (): RequestPlan<Balance[]> =>
  krakenPlan({
    name: 'balances',
    path: '/0/private/BalanceEx',
    lane: 'background',
    costs: apiCost(),
    mutating: false,
    parse: (body, at) => parseBalances(body, at),
  });

/**
 * POST /0/private/TradesHistory since the watermark's time, newest first, 50 a page, followed by
 * offset (`ofs`, the cursor). `start` is exclusive and in whole seconds: a second before the
 * watermark's, so the fill at the watermark comes back and dedupe drops it. Costs 2 on the counter.
 */
export function fillsPagePlan(query: FillsQuery): RequestPlan<FillsPage> {
  const offset = query.cursor === undefined ? 0 : Number(query.cursor);
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new InvalidIntentError(`fills cursor ${JSON.stringify(query.cursor)} is not an offset`);
  const params: Array<[string, string]> = [
    ['type', 'all'],
    ['trades', 'false'],
  ];
  if (query.startTime !== undefined)
    params.push(['start', String(Math.max(0, Math.floor(query.startTime / 1000) - 1))]);
  if (query.endTime !== undefined) params.push(['end', String(Math.ceil(query.endTime / 1000))]);
  if (offset > 0) params.push(['ofs', String(offset)]);
  return krakenPlan({
    name: 'fills',
    path: '/0/private/TradesHistory',
    lane: 'background',
    costs: apiCost(2),
    mutating: false,
    params,
    parse: (body) => parseFillsPage(body, query.symbol, offset),
  });
}

/** One page of fills, for callers that do not follow the cursor. */
export const fillsPlan = (query: FillsQuery): RequestPlan<Fill[]> => fillsOfPage(fillsPagePlan(query));

/** Unsigned; on the critical lane because a nonce or clock retry waits for it. */
export const serverTimePlan = (): RequestPlan<number> =>
  krakenPlan({
    name: 'serverTime',
    path: '/0/public/Time',
    lane: 'critical',
    costs: PUBLIC,
    mutating: false,
    parse: parseServerTime,
  });

/** GET /0/public/AssetPairs: every pair in one reply. */
export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  krakenPlan({
    name: 'instruments',
    path: '/0/public/AssetPairs',
    lane: 'background',
    costs: PUBLIC,
    mutating: false,
    parse: parseInstruments,
  });

/** POST /0/private/GetWebSocketsToken: the private socket's token (use within 15 minutes). */
export const wsTokenPlan = (): RequestPlan<string> =>
  krakenPlan({
    name: 'wsToken',
    path: '/0/private/GetWebSocketsToken',
    lane: 'background',
    costs: apiCost(),
    mutating: false,
    parse: parseWsToken,
  });
