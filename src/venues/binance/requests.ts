/**
 * Binance USD-M REST request builders. Each returns a `RequestPlan`: name, lane and weights up
 * front; the bytes (query with `recvWindow` and `timestamp`, signature, API key header) built by
 * `build(ctx)` at send time through the signer (sign.ts). All parameters ride in the query string
 * for every method, so what was signed is exactly what is sent (invariant 1).
 */
import { revealSecret } from '../../core/secret.js';
import type { Order, OrderIntent } from '../../core/types.js';
import type { ParamList, ParamValue } from '../shared/encoding.js';
import { privateKeyFromPem } from '../shared/private-key.js';
import { SigningError } from '../shared/signing-error.js';
import type { Costs, Credentials, HttpMethod, HttpReply, Lane, OrderRef, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { WIRE_SIDE, WIRE_TIF, WIRE_TYPE } from './enums.js';
import { NEW_ORDER_COSTS, WEIGHTS, weight } from './limits.js';
import {
  parseAnyObject,
  parseBalances,
  parseSymbolConfig,
  parseFills,
  parseInstruments,
  parseOrder,
  parseOrders,
  parsePositions,
  parseServerTime,
} from './parse.js';
import { InvalidIntentError } from '../shared/errors.js';
import { type BinanceKey, buildBinanceQuery, signBinanceRest } from './sign.js';

export { InvalidIntentError };

const VENUE = 'binance';

const keys = new WeakMap<Credentials, BinanceKey>();

/** The signing key in the credentials: an HMAC secret, or an Ed25519/RSA PEM private key. */
export function binanceKey(credentials: Credentials): BinanceKey {
  const cached = keys.get(credentials);
  if (cached !== undefined) return cached;
  let key: BinanceKey;
  if (credentials.apiSecret !== undefined) key = { type: 'hmac', secret: credentials.apiSecret };
  else if (credentials.privateKey !== undefined) {
    const kind = privateKeyFromPem(VENUE, credentials.privateKey).asymmetricKeyType;
    if (kind !== 'ed25519' && kind !== 'rsa') throw new SigningError(VENUE, `unsupported key type ${kind ?? 'unknown'}`);
    key = { type: kind, privateKey: credentials.privateKey };
  } else throw new SigningError(VENUE, 'credentials hold neither an API secret nor a private key');
  keys.set(credentials, key);
  return key;
}

export type BinanceAuth = 'none' | 'key' | 'signed';

export interface BinancePlanSpec<T> {
  name: string;
  method: HttpMethod;
  path: string;
  lane: Lane;
  costs: Costs;
  /** none: public; key: X-MBX-APIKEY only (listen key); signed: key + timestamp + signature. */
  auth: BinanceAuth;
  mutating: boolean;
  params: ParamList;
  parse: (body: unknown) => T;
}

/** The one place Binance requests are turned into bytes. Also used for the listen-key requests. */
export function binancePlan<T>(spec: BinancePlanSpec<T>): RequestPlan<T> {
  const { name, method, path, lane, costs, auth, params } = spec;
  return {
    name,
    lane,
    costs,
    signed: auth === 'signed',
    mutating: spec.mutating,
    build(ctx: SignContext): WireRequest {
      let query: string;
      if (auth === 'signed') {
        const all: Array<readonly [string, ParamValue]> = [...params];
        if (ctx.recvWindowMs > 0) all.push(['recvWindow', ctx.recvWindowMs]);
        all.push(['timestamp', Math.floor(ctx.venueNow())]);
        query = signBinanceRest(binanceKey(ctx.credentials), all).signedQuery;
      } else {
        query = buildBinanceQuery(params);
      }
      const headers: Record<string, string> =
        auth === 'none' ? {} : { 'X-MBX-APIKEY': revealSecret(ctx.credentials.apiKey) };
      return { name, method, path, query, body: '', headers, lane, costs };
    },
    parse: (reply: HttpReply) => spec.parse(reply.body),
  };
}

function orderIdParams(ref: OrderRef): ParamList {
  if (ref.venueOrderId !== undefined) return [['orderId', ref.venueOrderId]];
  if (ref.clientOrderId !== undefined) return [['origClientOrderId', ref.clientOrderId]];
  throw new InvalidIntentError(`order of ${ref.symbol}: neither a venue nor a client order id`);
}

/** POST /fapi/v1/order. `postOnly` is GTX; reduce-only rides as `reduceOnly=true`. */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  return binancePlan({
    name: 'placeOrder',
    method: 'POST',
    path: '/fapi/v1/order',
    lane: 'critical',
    costs: NEW_ORDER_COSTS,
    auth: 'signed',
    mutating: true,
    params: orderParams(intent),
    parse: parseOrder,
  });
}

/** POST /fapi/v1/order/test: the same parameters, checked by the venue and never placed (nothing to resolve). */
export function testOrderPlan(intent: OrderIntent): RequestPlan<void> {
  return binancePlan({
    name: 'testOrder',
    method: 'POST',
    path: '/fapi/v1/order/test',
    lane: 'background',
    costs: weight(WEIGHTS.testOrder),
    auth: 'signed',
    mutating: false,
    params: orderParams(intent),
    parse: () => undefined,
  });
}

function orderParams(intent: OrderIntent): Array<readonly [string, string]> {
  const params: Array<readonly [string, string]> = [
    ['symbol', intent.symbol],
    ['side', WIRE_SIDE[intent.side]],
    ['type', WIRE_TYPE[intent.type]],
  ];
  if (intent.type === 'limit') {
    if (intent.price === undefined) throw new InvalidIntentError(`limit order ${intent.clientOrderId} has no price`);
    const tif = intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc');
    if (intent.postOnly && intent.timeInForce !== undefined && intent.timeInForce !== 'gtx') {
      throw new InvalidIntentError(`post-only order ${intent.clientOrderId} cannot be ${intent.timeInForce}`);
    }
    params.push(['timeInForce', WIRE_TIF[tif]], ['quantity', intent.qty], ['price', intent.price]);
  } else {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${intent.clientOrderId} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${intent.clientOrderId} has a price`);
    params.push(['quantity', intent.qty]);
  }
  if (intent.reduceOnly) params.push(['reduceOnly', 'true']);
  // RESULT: the reply carries the order's state after matching (a market order comes back FILLED).
  params.push(['newClientOrderId', intent.clientOrderId], ['newOrderRespType', 'RESULT']);
  return params;
}

/** GET /fapi/v1/order: critical, since it resolves orders whose placement was ambiguous. */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return binancePlan({
    name: 'queryOrder',
    method: 'GET',
    path: '/fapi/v1/order',
    lane: 'critical',
    costs: weight(WEIGHTS.queryOrder),
    auth: 'signed',
    mutating: false,
    params: [['symbol', ref.symbol], ...orderIdParams(ref)],
    parse: parseOrder,
  });
}

export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return binancePlan({
    name: 'cancelOrder',
    method: 'DELETE',
    path: '/fapi/v1/order',
    lane: 'critical',
    costs: weight(WEIGHTS.cancelOrder),
    auth: 'signed',
    mutating: true,
    params: [['symbol', ref.symbol], ...orderIdParams(ref)],
    parse: parseOrder,
  });
}

export function cancelAllPlan(symbol?: string): RequestPlan<void> {
  if (symbol === undefined) throw new InvalidIntentError('binance-usdm cancels all open orders one symbol at a time');
  return binancePlan({
    name: 'cancelAll',
    method: 'DELETE',
    path: '/fapi/v1/allOpenOrders',
    lane: 'critical',
    costs: weight(WEIGHTS.cancelAll),
    auth: 'signed',
    mutating: true,
    params: [['symbol', symbol]],
    parse: parseAnyObject,
  });
}

export function openOrdersPlan(symbol?: string): RequestPlan<Order[]> {
  return binancePlan({
    name: 'openOrders',
    method: 'GET',
    path: '/fapi/v1/openOrders',
    lane: 'background',
    costs: weight(symbol === undefined ? WEIGHTS.openOrdersAll : WEIGHTS.openOrdersSymbol),
    auth: 'signed',
    mutating: false,
    params: symbol === undefined ? [] : [['symbol', symbol]],
    parse: parseOrders,
  });
}

export const positionsPlan = () =>
  binancePlan({
    name: 'positions',
    method: 'GET',
    path: '/fapi/v3/positionRisk',
    lane: 'background',
    costs: weight(WEIGHTS.positionRisk),
    auth: 'signed',
    mutating: false,
    params: [],
    parse: parsePositions,
  });

/** GET /fapi/v1/symbolConfig: the account's leverage and margin type per symbol (v3 positionRisk has no leverage). */
export const leveragePlan = (symbol: string) =>
  binancePlan({
    name: 'leverage',
    method: 'GET',
    path: '/fapi/v1/symbolConfig',
    lane: 'background',
    costs: weight(WEIGHTS.symbolConfig),
    auth: 'signed',
    mutating: false,
    params: [['symbol', symbol]],
    parse: (body) => parseSymbolConfig(body, symbol),
  });

export const balancesPlan = () =>
  binancePlan({
    name: 'balances',
    method: 'GET',
    path: '/fapi/v3/balance',
    lane: 'background',
    costs: weight(WEIGHTS.balance),
    auth: 'signed',
    mutating: false,
    params: [],
    parse: parseBalances,
  });

export function fillsPlan(query: { symbol: string; fromTradeId?: string; startTime?: number; limit?: number }) {
  const params: Array<readonly [string, string | number]> = [['symbol', query.symbol]];
  if (query.fromTradeId !== undefined) params.push(['fromId', query.fromTradeId]);
  else if (query.startTime !== undefined) params.push(['startTime', Math.floor(query.startTime)]);
  params.push(['limit', Math.min(1000, Math.max(1, query.limit ?? 1000))]);
  return binancePlan({
    name: 'fills',
    method: 'GET',
    path: '/fapi/v1/userTrades',
    lane: 'background',
    costs: weight(WEIGHTS.userTrades),
    auth: 'signed',
    mutating: false,
    params,
    parse: parseFills,
  });
}

/** Unsigned; on the critical lane because a -1021 retry waits for it. */
export const serverTimePlan = () =>
  binancePlan({
    name: 'serverTime',
    method: 'GET',
    path: '/fapi/v1/time',
    lane: 'critical',
    costs: weight(WEIGHTS.time),
    auth: 'none',
    mutating: false,
    params: [],
    parse: parseServerTime,
  });

export const instrumentsPlan = () =>
  binancePlan({
    name: 'instruments',
    method: 'GET',
    path: '/fapi/v1/exchangeInfo',
    lane: 'background',
    costs: weight(WEIGHTS.exchangeInfo),
    auth: 'none',
    mutating: false,
    params: [],
    parse: parseInstruments,
  });

/** POST /fapi/v1/countdownCancelAll; `countdownTime=0` disarms. Setting a timer is safe to repeat. */
export function countdownPlan(symbol: string, timeoutMs: number): RequestPlan<void> {
  return binancePlan({
    name: timeoutMs === 0 ? 'deadmanDisarm' : 'deadmanArm',
    method: 'POST',
    path: '/fapi/v1/countdownCancelAll',
    lane: 'critical',
    costs: weight(WEIGHTS.countdownCancelAll),
    auth: 'signed',
    mutating: false,
    params: [
      ['symbol', symbol],
      ['countdownTime', Math.floor(timeoutMs)],
    ],
    parse: parseAnyObject,
  });
}
