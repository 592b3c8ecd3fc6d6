/**
 * Hyperliquid request builders. Two shapes, both `POST` with a JSON body:
 * - `/info`: unsigned queries `{"type":…, "user": <master address>, …}`; the master (not the
 *   agent that signs) owns the orders, fills and positions (HL-NONCE "API wallets").
 * - `/exchange`: L1 actions `{"action", "nonce", "signature", "vaultAddress", "expiresAfter"}`.
 *   The action object is built in the venue's key order (the msgpack hash depends on it), signed
 *   by the agent key through sign.ts, and the very same object is serialised once as the body
 *   (invariant 1). `expiresAfter` = venue time + the validity window, so an order held up on the
 *   way is refused rather than placed late, and "never seen" can be believed after the window.
 * Prices and sizes go through the venue's rules (prices.ts) and floatToWire; the asset index
 * comes from the universe loaded with the instruments (assets.ts).
 */
import { add, mul, sub } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, Position, SymbolLeverage, TimeInForce } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import { CLOID_PATTERN } from './descriptor.js';
import { SigningError } from '../shared/signing-error.js';
import type {
  BatchCancelResult,
  Costs,
  Credentials,
  Env,
  FillsQuery,
  Lane,
  OrderRef,
  RequestPlan,
  SignContext,
  WireRequest,
} from '../venue.js';
import { assetOf } from './assets.js';
import { floatToWire } from './float-to-wire.js';
import { actionCosts, INFO_WEIGHT, infoCosts } from './limits.js';
import {
  parseActiveAssetData,
  parseBalances,
  parseBatchCancel,
  parseCancelAck,
  parseFills,
  parseInstruments,
  parseOpenOrders,
  parseOrderStatus,
  parsePlaceAck,
  parsePositions,
  parseServerTime,
  parseUserRateLimit,
  type UserRateLimit,
} from './parse.js';
import { checkPrice, checkSize, roundToGrid } from './prices.js';
import { signL1Action } from './sign.js';
import { triggerWire } from './trigger-wire.js';
import { isMainnet } from './urls.js';

export { InvalidIntentError };

const VENUE = 'hyperliquid';
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** A market order is an IOC limit this far through the reference price (the SDK's default is 5 %). */
export const MARKET_SLIPPAGE = '0.03';

/** Most cancels per batch action (each counts against the address allowance). */
export const MAX_CANCEL_BATCH = 100;

const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json' };

/** The master account the agent trades for, lower-case; every user query names it. */
export function masterAddress(credentials: Credentials): string {
  const wallet = credentials.walletAddress;
  if (wallet === undefined || !ADDRESS.test(wallet)) {
    throw new SigningError(VENUE, 'credentials lack the master wallet address (0x + 40 hex digits)');
  }
  return wallet.toLowerCase();
}

interface Built {
  env: Env;
  now: number;
}

export interface InfoSpec<T> {
  name: string;
  lane: Lane;
  weight: number;
  body(ctx: SignContext): Record<string, unknown>;
  parse(body: unknown, built: Built): T;
}

/** The one place `/info` requests become bytes. */
export function infoPlan<T>(spec: InfoSpec<T>): RequestPlan<T> {
  const costs = infoCosts(spec.weight);
  let built: Built | undefined;
  return {
    name: spec.name,
    lane: spec.lane,
    costs,
    signed: false,
    mutating: false,
    build(ctx: SignContext): WireRequest {
      // Unsigned and untimed: the clock may not be synced yet (exchangeStatus is how it gets synced).
      built = { env: ctx.credentials.env, now: 0 };
      const body = JSON.stringify(spec.body(ctx));
      return { name: spec.name, method: 'POST', path: '/info', query: '', body, headers: JSON_HEADERS, lane: spec.lane, costs };
    },
    parse: (reply) => spec.parse(reply.body, built ?? { env: 'sim', now: 0 }),
  };
}

export interface ActionSpec<T> {
  name: string;
  lane: Lane;
  costs: Costs;
  mutating: boolean;
  /** The action object in the venue's key order; may read the asset table of `ctx`'s environment. */
  action(ctx: SignContext): Record<string, unknown>;
  parse(body: unknown, built: Built): T;
}

/** The one place `/exchange` actions are signed and turned into bytes. */
export function actionPlan<T>(spec: ActionSpec<T>): RequestPlan<T> {
  let built: Built | undefined;
  return {
    name: spec.name,
    lane: spec.lane,
    costs: spec.costs,
    signed: true,
    mutating: spec.mutating,
    build(ctx: SignContext): WireRequest {
      const { credentials } = ctx;
      if (credentials.privateKey === undefined) throw new SigningError(VENUE, 'credentials lack the agent private key');
      const now = Math.floor(ctx.venueNow());
      built = { env: credentials.env, now };
      const action = spec.action(ctx);
      const nonce = ctx.nextNonce();
      const expiresAfter = ctx.recvWindowMs > 0 ? now + ctx.recvWindowMs : null;
      const signature = signL1Action(credentials.privateKey, {
        action,
        nonce,
        vaultAddress: null,
        expiresAfter,
        isMainnet: isMainnet(credentials.env),
      });
      const body = JSON.stringify({ action, nonce, signature, vaultAddress: null, expiresAfter });
      return { name: spec.name, method: 'POST', path: '/exchange', query: '', body, headers: JSON_HEADERS, lane: spec.lane, costs: spec.costs };
    },
    parse: (reply) => spec.parse(reply.body, built ?? { env: 'sim', now: 0 }),
  };
}

export const WIRE_TIF: Readonly<Record<Exclude<TimeInForce, 'fok'>, string>> = { gtc: 'Gtc', ioc: 'Ioc', gtx: 'Alo' };

/** The time in force an intent gets on this venue (no FOK; post-only is ALO; market is IOC). */
export function tifOf(intent: OrderIntent): Exclude<TimeInForce, 'fok'> {
  const id = intent.clientOrderId;
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${id} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${id} has a price`);
    return 'ioc';
  }
  if (intent.price === undefined) throw new InvalidIntentError(`limit order ${id} has no price`);
  if (intent.postOnly) {
    if (intent.timeInForce !== undefined && intent.timeInForce !== 'gtx') {
      throw new InvalidIntentError(`post-only order ${id} cannot be ${intent.timeInForce}`);
    }
    return 'gtx';
  }
  const tif = intent.timeInForce ?? 'gtc';
  if (tif === 'fok') throw new InvalidIntentError(`order ${id}: Hyperliquid has no fill-or-kill`);
  return tif;
}

/**
 * The price a market order is sent with: the reference price moved `MARKET_SLIPPAGE` against us,
 * on the venue's grid (a buy rounds up, a sell down). Hyperliquid has no true market orders.
 */
export function protectivePrice(intent: OrderIntent, ctx: SignContext, szDecimals: number): string {
  const ref = ctx.referencePrice?.(intent.symbol);
  if (ref === undefined) {
    throw new InvalidIntentError(
      `market order ${intent.clientOrderId}: no reference price for ${intent.symbol} yet (Hyperliquid market orders are IOC limits around the current price)`,
    );
  }
  const buy = intent.side === 'buy';
  const factor = buy ? add('1', MARKET_SLIPPAGE) : sub('1', MARKET_SLIPPAGE);
  return roundToGrid(mul(ref, factor), szDecimals, buy);
}

/** `{"type":"order","orders":[{a,b,p,s,r,t,c}],"grouping":"na"}` (a whole-position TP/SL: "positionTpsl"). */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  if (!CLOID_PATTERN.test(intent.clientOrderId)) {
    throw new InvalidIntentError(`cloid ${JSON.stringify(intent.clientOrderId)} is not 0x + 32 lower-case hex digits`);
  }
  const tif = tifOf(intent);
  return actionPlan({
    name: 'placeOrder',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const asset = assetOf(ctx.credentials.env, intent.symbol);
      const what = `order ${intent.clientOrderId}`;
      checkSize(intent.qty, asset.szDecimals, what);
      // A protective order is a trigger wire (trigger-wire.ts): its price is the worst fill once fired;
      // one for the whole position goes with size 0, grouped positionTpsl.
      const trigger = intent.trigger === undefined ? undefined : triggerWire(intent, asset.szDecimals, MARKET_SLIPPAGE);
      const price = trigger?.price ?? (intent.type === 'market' ? protectivePrice(intent, ctx, asset.szDecimals) : intent.price!);
      checkPrice(price, asset.szDecimals, what);
      const wire = {
        a: asset.index,
        b: intent.side === 'buy',
        p: floatToWire(price),
        s: trigger?.size ?? floatToWire(intent.qty),
        r: intent.reduceOnly || intent.closePosition === true,
        t: trigger?.t ?? { limit: { tif: WIRE_TIF[tif] } },
        c: intent.clientOrderId,
      };
      return { type: 'order', orders: [wire], grouping: trigger?.grouping ?? 'na' };
    },
    parse: (body, built) => parsePlaceAck(intent, body, tif, built.now),
  });
}

function refText(ref: OrderRef): string {
  return ref.clientOrderId ?? ref.venueOrderId ?? '?';
}

function oidNumber(ref: OrderRef): number {
  const n = Number(ref.venueOrderId);
  if (!/^\d{1,16}$/.test(ref.venueOrderId ?? '') || !Number.isSafeInteger(n)) {
    throw new InvalidIntentError(`order ${refText(ref)}: venue order id ${JSON.stringify(ref.venueOrderId)} is not a Hyperliquid oid`);
  }
  return n;
}

function cloidOf(ref: OrderRef): string {
  const cloid = ref.clientOrderId ?? '';
  if (!CLOID_PATTERN.test(cloid)) throw new InvalidIntentError(`order of ${ref.symbol}: neither an oid nor a 0x-hex cloid`);
  return cloid;
}

/** `orderStatus` by oid when known, else by cloid: critical, it resolves ambiguous orders. */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  const oid = ref.venueOrderId !== undefined ? oidNumber(ref) : cloidOf(ref);
  return infoPlan({
    name: 'queryOrder',
    lane: 'critical',
    weight: INFO_WEIGHT.light,
    body: (ctx) => ({ type: 'orderStatus', user: masterAddress(ctx.credentials), oid }),
    parse: (body) => parseOrderStatus(body, ref),
  });
}

/** `cancel` by oid, or `cancelByCloid`. */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  const byOid = ref.venueOrderId !== undefined;
  const id = byOid ? oidNumber(ref) : cloidOf(ref);
  return actionPlan({
    name: 'cancelOrder',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const a = assetOf(ctx.credentials.env, ref.symbol).index;
      return byOid
        ? { type: 'cancel', cancels: [{ a, o: id }] }
        : { type: 'cancelByCloid', cancels: [{ asset: a, cloid: id }] };
    },
    parse: (body, built) => parseCancelAck(ref, body, built.now),
  });
}

/** One `cancel` action for up to MAX_CANCEL_BATCH orders, every one known by its oid. */
export function cancelBatchPlan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult> {
  if (refs.length === 0 || refs.length > MAX_CANCEL_BATCH) {
    throw new InvalidIntentError(`a batch cancel takes 1-${MAX_CANCEL_BATCH} orders, got ${refs.length}`);
  }
  const oids = refs.map(oidNumber);
  return actionPlan({
    name: 'cancelBatch',
    lane: 'critical',
    costs: actionCosts(refs.length),
    mutating: true,
    action: (ctx) => ({
      type: 'cancel',
      cancels: refs.map((ref, i) => ({ a: assetOf(ctx.credentials.env, ref.symbol).index, o: oids[i]! })),
    }),
    parse: (body) => ({ failed: parseBatchCancel(refs, body) }),
  });
}

/** Hyperliquid has no cancel-all action: the engine lists open orders and cancels them in batches. */
export function cancelAllPlan(symbol?: string): RequestPlan<void> {
  throw new InvalidIntentError(
    `hyperliquid has no cancel-all for ${symbol ?? 'the account'}: list open orders and cancel them in batches`,
  );
}

/** `frontendOpenOrders` (it carries origSz, tif, reduceOnly and cloid, which `openOrders` lacks). */
export function openOrdersPlan(symbol?: string): RequestPlan<Order[]> {
  return infoPlan({
    name: 'openOrders',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'frontendOpenOrders', user: masterAddress(ctx.credentials) }),
    parse: (body) => parseOpenOrders(body, symbol),
  });
}

const clearinghouse = <T>(name: string, parse: (body: unknown) => T): RequestPlan<T> =>
  infoPlan({
    name,
    lane: 'background',
    weight: INFO_WEIGHT.light,
    body: (ctx) => ({ type: 'clearinghouseState', user: masterAddress(ctx.credentials) }),
    parse,
  });

export const positionsPlan = (): RequestPlan<Position[]> => clearinghouse('positions', parsePositions);
export const balancesPlan = (): RequestPlan<Balance[]> => clearinghouse('balances', parseBalances);

/** `activeAssetData`: the account's leverage for one coin (clearinghouseState has it only with a position). */
export const leveragePlan = (coin: string): RequestPlan<SymbolLeverage> =>
  infoPlan({
    name: 'leverage',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'activeAssetData', user: masterAddress(ctx.credentials), coin }),
    parse: (body) => parseActiveAssetData(body, coin),
  });

/**
 * Fills from a venue time (`userFillsByTime`, inclusive; the fill at the watermark comes back and
 * dedupe drops it), else the newest (`userFills`). Hyperliquid pages by time, not trade id.
 */
export function fillsPlan(query: FillsQuery): RequestPlan<Fill[]> {
  const start = query.startTime;
  return infoPlan({
    name: 'fills',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => {
      const user = masterAddress(ctx.credentials);
      return start === undefined
        ? { type: 'userFills', user }
        : { type: 'userFillsByTime', user, startTime: Math.max(0, Math.floor(start)), aggregateByTime: false };
    },
    parse: (body) => parseFills(body, query.symbol),
  });
}

/** `exchangeStatus` carries the venue's clock: unsigned, critical (a nonce retry waits for it). */
export const serverTimePlan = (): RequestPlan<number> =>
  infoPlan({ name: 'serverTime', lane: 'critical', weight: INFO_WEIGHT.light, body: () => ({ type: 'exchangeStatus' }), parse: parseServerTime });

/** `metaAndAssetCtxs`: the universe (asset indices, size decimals) and marks for the price grid. */
export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  infoPlan({
    name: 'instruments',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: () => ({ type: 'metaAndAssetCtxs' }),
    parse: (body, built) => parseInstruments(body, built.env),
  });

/** `allMids`: every coin's mid; a market order's reference price before the first streamed quote. */
export const quotePlan = (coin: string): RequestPlan<string | undefined> =>
  infoPlan({
    name: 'allMids',
    // It prices an order about to be sent: the order's lane.
    lane: 'critical',
    weight: INFO_WEIGHT.light,
    body: () => ({ type: 'allMids' }),
    parse: (body) => {
      const mid = (body as Record<string, unknown> | null)?.[coin];
      return typeof mid === 'string' && /^\d+(\.\d+)?$/.test(mid) && !/^0+(\.0+)?$/.test(mid) ? mid : undefined;
    },
  });

/** The address allowance: `{cumVlm, nRequestsUsed, nRequestsCap}` (limits.ts turns it into a pool). */
export const userRateLimitPlan = (): RequestPlan<UserRateLimit> =>
  infoPlan({
    name: 'userRateLimit',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'userRateLimit', user: masterAddress(ctx.credentials) }),
    parse: parseUserRateLimit,
  });

/**
 * `scheduleCancel`: every open order of the account is canceled at `time` (at least 5 s ahead);
 * without `time` the schedule is removed. Setting it again is safe to repeat.
 */
export function scheduleCancelPlan(timeoutMs: number): RequestPlan<void> {
  const arm = timeoutMs > 0;
  return actionPlan({
    name: arm ? 'deadmanArm' : 'deadmanDisarm',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: false,
    action: (ctx) => (arm ? { type: 'scheduleCancel', time: Math.floor(ctx.venueNow()) + Math.floor(timeoutMs) } : { type: 'scheduleCancel' }),
    parse: () => undefined,
  });
}
