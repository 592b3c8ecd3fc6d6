/**
 * OKX v5 REST request builders. Each returns a `RequestPlan`: name, lane and costs up front; the
 * bytes built by `build(ctx)` at send time. GET parameters ride in the query string, which is part
 * of the signed `requestPath`; POST parameters are a JSON body, serialised once here and signed
 * and sent as those very bytes (invariant 1). Signed requests carry the key, an ISO-8601 ms
 * timestamp from the venue clock, the base64 HMAC and the passphrase; demo credentials add
 * `x-simulated-trading: 1` (same host as production, docs/venues.md §2.1).
 */
import { revealSecret } from '../../core/secret.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, Position, SymbolLeverage } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import { CLORDID_PATTERN } from './descriptor.js';
import { okxPermissions } from './permissions.js';
import type { KeyPermissions } from '../key-permissions.js';
import { encodeQuery, type ParamList } from '../shared/encoding.js';
import { SigningError } from '../shared/signing-error.js';
import type { BatchCancelResult, Costs, Credentials, FillsQuery, HttpReply, Lane, OrderRef, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { WIRE_LIMIT_TYPE } from './enums.js';
import { cancelBatchCosts, one, PLACE_COSTS, POOL } from './limits.js';
import {
  parseBalances,
  parseBatchResults,
  parseCancelAck,
  parseEnvelope,
  parseFills,
  parseInstruments,
  parseLeverageInfo,
  parseOrder,
  parseOrders,
  parsePlaceAck,
  parsePositions,
  parseServerTime,
  parseTickers,
  type OkxTicker,
} from './parse.js';
import { okxTimestamp, signOkxRest } from './sign.js';

export { InvalidIntentError };

const VENUE = 'okx';

/** Swaps only: the instrument type every list request filters on. */
export const INST_TYPE = 'SWAP';

/** Margin mode of new orders: one cross-margined account, like the other venues' one-way mode. */
export const TD_MODE = 'cross';


/** Most orders one `cancel-batch-orders` request takes. */
export const MAX_CANCEL_BATCH = 20;

/** Page size of list endpoints (OKX maximum). */
export const PAGE_LIMIT = 100;

export interface OkxPlanSpec<T> {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  lane: Lane;
  costs: Costs;
  signed: boolean;
  mutating: boolean;
  /** GET parameters, in wire order. */
  query?: ParamList;
  /** POST body (an object or an array), serialised once. */
  body?: unknown;
  /** Adds `expTime` = timestamp + the validity window: the venue discards the order after it. */
  expires?: boolean;
  parse: (body: unknown) => T;
}

function need(credentials: Credentials, part: 'apiSecret' | 'passphrase') {
  const value = credentials[part];
  if (value === undefined) throw new SigningError(VENUE, `credentials lack the ${part === 'apiSecret' ? 'secret key' : 'passphrase'}`);
  return value;
}

/** The one place OKX requests are turned into bytes. */
export function okxPlan<T>(spec: OkxPlanSpec<T>): RequestPlan<T> {
  const { name, method, path, lane, costs, signed } = spec;
  const query = spec.query === undefined ? '' : encodeQuery(VENUE, spec.query);
  const body = spec.body === undefined ? '' : JSON.stringify(spec.body);
  const requestPath = query === '' ? path : `${path}?${query}`;
  return {
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
        const now = Math.floor(ctx.venueNow());
        const timestamp = okxTimestamp(now);
        headers['OK-ACCESS-KEY'] = revealSecret(credentials.apiKey);
        headers['OK-ACCESS-SIGN'] = signOkxRest(need(credentials, 'apiSecret'), { timestamp, method, requestPath, body });
        headers['OK-ACCESS-TIMESTAMP'] = timestamp;
        headers['OK-ACCESS-PASSPHRASE'] = revealSecret(need(credentials, 'passphrase'));
        if (spec.expires === true && ctx.recvWindowMs > 0) headers['expTime'] = String(now + ctx.recvWindowMs);
      }
      if (ctx.credentials.env === 'demo') headers['x-simulated-trading'] = '1';
      return { name, method, path, query, body, headers, lane, costs };
    },
    parse: (reply: HttpReply) => spec.parse(reply.body),
  };
}

/** `ordId` wins when both are known (as on the venue). */
function idFields(ref: OrderRef): Record<string, string> {
  if (ref.venueOrderId !== undefined) return { ordId: ref.venueOrderId };
  if (ref.clientOrderId !== undefined) return { clOrdId: ref.clientOrderId };
  throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
}

/** The `ordType` an intent needs; OKX folds time in force and post-only into it. */
export function wireOrdType(intent: OrderIntent): string {
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${intent.clientOrderId} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${intent.clientOrderId} has a price`);
    return 'market';
  }
  if (intent.price === undefined) throw new InvalidIntentError(`limit order ${intent.clientOrderId} has no price`);
  if (intent.postOnly && intent.timeInForce !== undefined && intent.timeInForce !== 'gtx') {
    throw new InvalidIntentError(`post-only order ${intent.clientOrderId} cannot be ${intent.timeInForce}`);
  }
  return WIRE_LIMIT_TYPE[intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc')];
}

/** POST /api/v5/trade/order, cross margin, one-way (net) mode. */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  if (!CLORDID_PATTERN.test(intent.clientOrderId)) {
    throw new InvalidIntentError(`clOrdId ${JSON.stringify(intent.clientOrderId)} is not 1-32 letters and digits`);
  }
  const ordType = wireOrdType(intent);
  const body: Record<string, string> = { instId: intent.symbol, tdMode: TD_MODE, side: intent.side, ordType, sz: intent.qty };
  if (intent.price !== undefined) body['px'] = intent.price;
  if (intent.reduceOnly) body['reduceOnly'] = 'true';
  body['clOrdId'] = intent.clientOrderId;
  return okxPlan({
    name: 'placeOrder',
    method: 'POST',
    path: '/api/v5/trade/order',
    lane: 'critical',
    costs: PLACE_COSTS,
    signed: true,
    mutating: true,
    body,
    expires: true,
    parse: (reply) => parsePlaceAck(intent, reply),
  });
}

/** GET /api/v5/trade/order: critical, since it resolves orders whose placement was ambiguous. */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return okxPlan({
    name: 'queryOrder',
    method: 'GET',
    path: '/api/v5/trade/order',
    lane: 'critical',
    costs: one(POOL.query),
    signed: true,
    mutating: false,
    query: [['instId', ref.symbol], ...Object.entries(idFields(ref))],
    parse: parseOrder,
  });
}

/** POST /api/v5/trade/cancel-order. The ack means "cancel accepted": the order is `pending_cancel`. */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return okxPlan({
    name: 'cancelOrder',
    method: 'POST',
    path: '/api/v5/trade/cancel-order',
    lane: 'critical',
    costs: one(POOL.cancel),
    signed: true,
    mutating: true,
    body: { instId: ref.symbol, ...idFields(ref) },
    parse: (reply) => parseCancelAck(ref, reply),
  });
}

/** POST /api/v5/trade/cancel-batch-orders, at most 20 orders. */
export function cancelBatchPlan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult> {
  if (refs.length === 0 || refs.length > MAX_CANCEL_BATCH) {
    throw new InvalidIntentError(`a batch cancel takes 1-${MAX_CANCEL_BATCH} orders, got ${refs.length}`);
  }
  return okxPlan({
    name: 'cancelBatch',
    method: 'POST',
    path: '/api/v5/trade/cancel-batch-orders',
    lane: 'critical',
    costs: cancelBatchCosts(refs.length),
    signed: true,
    mutating: true,
    body: refs.map((ref) => ({ instId: ref.symbol, ...idFields(ref) })),
    parse: (reply) => ({
      failed: parseBatchResults(reply).flatMap((r, i) =>
        r.sCode === '0' ? [] : [{ ref: refs[i] ?? { symbol: '', venueOrderId: r.ordId }, code: r.sCode, message: r.sMsg }],
      ),
    }),
  });
}

/**
 * OKX has no cancel-all endpoint for swaps (mass-cancel is for option market makers): the engine
 * lists the open orders and cancels them with `cancelBatch`.
 */
export function cancelAllPlan(symbol?: string): RequestPlan<void> {
  throw new InvalidIntentError(`okx has no cancel-all for ${symbol ?? 'the account'}: list open orders and cancel them in batches`);
}

/** GET /api/v5/trade/orders-pending: the first page (100 newest) of live orders. */
export function openOrdersPlan(symbol?: string): RequestPlan<Order[]> {
  const query: Array<readonly [string, string]> = [['instType', INST_TYPE]];
  if (symbol !== undefined) query.push(['instId', symbol]);
  query.push(['limit', String(PAGE_LIMIT)]);
  return okxPlan({
    name: 'openOrders',
    method: 'GET',
    path: '/api/v5/trade/orders-pending',
    lane: 'background',
    costs: one(POOL.pending),
    signed: true,
    mutating: false,
    query,
    parse: parseOrders,
  });
}

export const positionsPlan = (): RequestPlan<Position[]> =>
  okxPlan({
    name: 'positions',
    method: 'GET',
    path: '/api/v5/account/positions',
    lane: 'background',
    costs: one(POOL.positions),
    signed: true,
    mutating: false,
    query: [['instType', INST_TYPE]],
    parse: parsePositions,
  });

/** GET /api/v5/account/leverage-info for the margin mode orders are sent in (`TD_MODE`). */
export const leveragePlan = (instId: string): RequestPlan<SymbolLeverage> =>
  okxPlan({
    name: 'leverage',
    method: 'GET',
    path: '/api/v5/account/leverage-info',
    lane: 'background',
    costs: one(POOL.leverage),
    signed: true,
    mutating: false,
    query: [
      ['instId', instId],
      ['mgnMode', TD_MODE],
    ],
    parse: (body) => parseLeverageInfo(body, instId),
  });

export const balancesPlan = (): RequestPlan<Balance[]> =>
  okxPlan({
    name: 'balances',
    method: 'GET',
    path: '/api/v5/account/balance',
    lane: 'background',
    costs: one(POOL.balance),
    signed: true,
    mutating: false,
    parse: parseBalances,
  });

/**
 * GET /api/v5/trade/fills (last 3 days), newest first, at most 100. OKX pages by bill id, not by
 * trade id, so the watermark is a time: `begin` = the watermark's time (the fill at the watermark
 * comes back and is dropped by dedupe), `end` bounds a page when paging back.
 */
export function fillsPlan(query: FillsQuery): RequestPlan<Fill[]> {
  const params: Array<readonly [string, string]> = [
    ['instType', INST_TYPE],
    ['instId', query.symbol],
  ];
  if (query.startTime !== undefined) params.push(['begin', String(Math.max(0, Math.floor(query.startTime) - 1))]);
  if (query.endTime !== undefined) params.push(['end', String(Math.floor(query.endTime) + 1)]);
  params.push(['limit', String(Math.min(PAGE_LIMIT, Math.max(1, query.limit ?? PAGE_LIMIT)))]);
  return okxPlan({
    name: 'fills',
    method: 'GET',
    path: '/api/v5/trade/fills',
    lane: 'background',
    costs: one(POOL.fills),
    signed: true,
    mutating: false,
    query: params,
    parse: parseFills,
  });
}

/** Unsigned; on the critical lane because a 50102 retry waits for it. */
export const serverTimePlan = (): RequestPlan<number> =>
  okxPlan({
    name: 'serverTime',
    method: 'GET',
    path: '/api/v5/public/time',
    lane: 'critical',
    costs: one(POOL.time),
    signed: false,
    mutating: false,
    parse: parseServerTime,
  });

export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  okxPlan({
    name: 'instruments',
    method: 'GET',
    path: '/api/v5/public/instruments',
    lane: 'background',
    costs: one(POOL.instruments),
    signed: false,
    mutating: false,
    query: [['instType', INST_TYPE]],
    parse: parseInstruments,
  });

/** GET /api/v5/market/ticker for one instrument, or /market/tickers for every swap. */
export function tickersPlan(symbol?: string): RequestPlan<OkxTicker[]> {
  return okxPlan({
    name: 'tickers',
    method: 'GET',
    path: symbol === undefined ? '/api/v5/market/tickers' : '/api/v5/market/ticker',
    lane: 'background',
    costs: one(POOL.tickers),
    signed: false,
    mutating: false,
    query: symbol === undefined ? [['instType', INST_TYPE]] : [['instId', symbol]],
    parse: parseTickers,
  });
}

/** GET /api/v5/account/config: what the key may do (preflight), parsed by permissions.ts. */
export const accountConfigPlan = (): RequestPlan<KeyPermissions> =>
  okxPlan({
    name: 'accountConfig',
    method: 'GET',
    path: okxPermissions.request().path,
    lane: 'background',
    costs: one(POOL.config),
    signed: true,
    mutating: false,
    parse: (body) => okxPermissions.parse(body),
  });

/**
 * POST /api/v5/trade/cancel-all-after: `timeOut` in whole seconds, 10–120, "0" disarms. Setting
 * the timer is safe to repeat, so it is not `mutating` for the retry rules.
 */
export function cancelAllAfterPlan(timeoutMs: number): RequestPlan<void> {
  const seconds = timeoutMs <= 0 ? 0 : Math.max(10, Math.min(120, Math.round(timeoutMs / 1000)));
  return okxPlan({
    name: seconds === 0 ? 'deadmanDisarm' : 'deadmanArm',
    method: 'POST',
    path: '/api/v5/trade/cancel-all-after',
    lane: 'critical',
    costs: one(POOL.deadman),
    signed: true,
    mutating: false,
    body: { timeOut: String(seconds) },
    parse: parseEnvelope,
  });
}
