// OKX algo orders, the TP/SL kinds: place (POST /trade/order-algo, `ordType` conditional with a take-profit
// or a stop-loss or both, oco with both), amend (POST /trade/amend-algos), cancel (POST
// /trade/cancel-algos, up to 10), details
// (GET /trade/order-algo), pending and history lists. Market TP/SL only (`tpOrdPx`/`slOrdPx` -1), on the
// last or mark price; trigger, move_order_stop, twap, iceberg and chase are not served.
import * as D from '../../../core/decimal.js';
import { isTriggerReject, type NewTriggerRequest, type TriggerOrder, type TriggerReject } from '../../matching/triggers.js';
import { errors, itemError, rejectError, type OkxError } from './errors.js';
import { algoJson, algosOf, algoState, type OkxAlgo } from './format-algo.js';
import { type Swap, toBase } from './format.js';
import type { Params } from './params.js';
import type { Ctx, Route } from './route.js';
import { accountOf } from './route.js';
import { CLORDID, eachItem } from './routes-trade.js';

const ORD_TYPES = new Set(['conditional', 'oco']);
const NOT_SERVED = new Set(['trigger', 'move_order_stop', 'twap', 'iceberg', 'chase']);

type Leg = 'tp' | 'sl';

/** Why a leg would fire at once, in the venue's words (51277–51280). */
function wouldTrigger(leg: Leg, side: 'BUY' | 'SELL', item: Record<string, string>): OkxError {
  if (leg === 'tp')
    return side === 'BUY'
      ? itemError('51277', 'TP trigger price cannot be higher than the last price.', item)
      : itemError('51279', 'TP trigger price cannot be lower than the last price.', item);
  return side === 'BUY'
    ? itemError('51278', 'SL trigger price cannot be lower than the last price.', item)
    : itemError('51280', 'SL trigger price cannot be higher than the last price.', item);
}

function legRequest(p: Params, leg: Leg, base: Omit<NewTriggerRequest, 'type' | 'triggerPrice' | 'triggerBy'>): NewTriggerRequest | undefined {
  const trigger = p.decimal(`${leg}TriggerPx`, false);
  if (trigger === undefined) return undefined;
  const ord = p.get(`${leg}OrdPx`);
  if (ord !== '-1') throw errors.param(`${leg}OrdPx (the local venue serves market TP/SL only: -1)`);
  const by = p.get(`${leg}TriggerPxType`) ?? 'last';
  if (by !== 'last' && by !== 'mark') throw errors.param(`${leg}TriggerPxType`);
  return { ...base, type: leg === 'tp' ? 'TAKE_PROFIT_MARKET' : 'STOP_MARKET', triggerPrice: trigger, triggerBy: by };
}

function placeAlgo(ctx: Ctx): Record<string, string>[] {
  const p = ctx.params;
  const account = accountOf(ctx);
  const s = ctx.services.swap(p.require('instId'));
  const tdMode = p.require('tdMode');
  if (tdMode !== 'cross' && tdMode !== 'isolated') throw errors.param('tdMode');
  const side = p.require('side');
  if (side !== 'buy' && side !== 'sell') throw errors.param('side');
  const posSide = p.get('posSide');
  if (posSide !== undefined && posSide !== 'net') throw errors.param('posSide');
  const ordType = p.require('ordType');
  if (!ORD_TYPES.has(ordType)) {
    throw NOT_SERVED.has(ordType)
      ? errors.param(`ordType (the local venue serves conditional and oco, not ${ordType})`)
      : errors.param('ordType');
  }
  const algoClOrdId = p.get('algoClOrdId') ?? '';
  if (algoClOrdId !== '' && !CLORDID.test(algoClOrdId)) throw errors.param('algoClOrdId');
  const item = { algoId: '', clOrdId: '', algoClOrdId, tag: '' };
  const closeFraction = p.get('closeFraction');
  const sz = p.decimal('sz', false);
  if (closeFraction !== undefined && closeFraction !== '1') throw errors.param('closeFraction');
  if ((closeFraction === undefined) === (sz === undefined)) throw errors.required('sz');
  const reduceOnly = p.bool('reduceOnly');
  // "If posSide is net, reduceOnly must be true" for a close-fraction order.
  if (closeFraction !== undefined && !reduceOnly) throw errors.param('reduceOnly');
  const quantity = sz === undefined ? undefined : toBase(sz, s);
  if (quantity !== undefined && !D.isZero(D.sub(sz!, D.mul(D.div(sz!, s.lotSz, 0, 'down'), s.lotSz))))
    throw itemError('51121', 'Order quantity must be a multiple of the lot size.', item);
  if (algoClOrdId !== '' && [...algosOf(ctx.core, account.id).values()].some((a) => a.legs[0]!.meta.algoClOrdId === algoClOrdId && algoState(a) === 'live'))
    throw itemError('51016', 'Duplicated clOrdId', item);
  const algoId = String(ctx.core.engine.triggers.nextId);
  const base = {
    symbol: s.spec.symbol,
    side: side === 'buy' ? ('BUY' as const) : ('SELL' as const),
    quantity,
    reduceOnly: reduceOnly || closeFraction !== undefined,
    clientId: '',
    refuseWithoutPosition: true,
    // cxlOnClosePos: "the TP/SL order will be canceled when the position is fully closed"; a
    // close-fraction order protects the whole position and goes with it.
    expireWhenFlat: p.bool('cxlOnClosePos') || closeFraction !== undefined,
    group: `okx-${algoId}`,
    meta: { algoId, algoClOrdId, ordType, tdMode },
  };
  const legs: Array<[Leg, NewTriggerRequest]> = [];
  for (const leg of ['tp', 'sl'] as const) {
    const r = legRequest(p, leg, base);
    if (r !== undefined) legs.push([leg, r]);
  }
  if (legs.length === 0) throw errors.required('slTriggerPx');
  if (ordType === 'oco' && legs.length < 2) throw errors.required(legs[0]![0] === 'tp' ? 'slTriggerPx' : 'tpTriggerPx');
  // Both legs are checked before either is placed: the algo order is accepted whole or not at all.
  for (const [leg, r] of legs) {
    const bad = ctx.core.engine.triggers.check(account.id, r);
    if (bad) throw legError(bad, leg, r.side, item);
  }
  for (const [leg, r] of legs) {
    const placed = ctx.core.engine.triggers.place(account.id, r);
    if (isTriggerReject(placed)) throw legError(placed, leg, r.side, item);
  }
  return [{ ...item, algoId, sCode: '0', sMsg: '' }];
}

function legError(r: TriggerReject, leg: Leg, side: 'BUY' | 'SELL', item: Record<string, string>): OkxError {
  if (r.reject === 'would-trigger') return wouldTrigger(leg, side, item);
  if (r.reject === 'max-open-triggers') return itemError('51024', 'Order failed. The number of pending orders exceeds the limit.', item);
  return rejectError(r, item);
}

function findAlgo(ctx: Ctx, p: Params): OkxAlgo | undefined {
  const algos = algosOf(ctx.core, accountOf(ctx).id);
  const id = p.get('algoId');
  if (id !== undefined) return algos.get(id);
  const cid = p.get('algoClOrdId');
  if (cid === undefined) throw errors.required('algoId');
  return [...algos.values()].reverse().find((a) => a.legs[0]!.meta.algoClOrdId === cid);
}

const swapOfAlgo = (ctx: Ctx, a: OkxAlgo): Swap =>
  [...ctx.services.swaps()].find((s) => s.spec.symbol === a.legs[0]!.symbol)!;

const lastOf = (ctx: Ctx, a: OkxAlgo) => ctx.core.market.get(a.legs[0]!.symbol)!.stats.last;

function cancelAlgo(ctx: Ctx): Record<string, string> {
  const p = ctx.params;
  const algoId = p.require('algoId');
  const s = ctx.services.swap(p.require('instId'));
  const a = algosOf(ctx.core, accountOf(ctx).id).get(algoId);
  const item = { algoId, clOrdId: '', algoClOrdId: a?.legs[0]?.meta.algoClOrdId ?? '' };
  if (a === undefined || a.legs[0]!.symbol !== s.spec.symbol || algoState(a) !== 'live')
    throw itemError('51400', 'Order cancellation failed as the order has been filled, canceled or does not exist.', item);
  for (const t of a.legs) if (t.status === 'NEW') ctx.core.engine.triggers.cancel(t.accountId, { triggerId: t.triggerId });
  return { ...item, sCode: '0', sMsg: '' };
}

/**
 * POST /trade/amend-algos: a live TP/SL's size and trigger prices moved in place (same algoId), both legs
 * checked before either changes; a trigger already crossed answers 51277–51280 like a new one.
 */
function amendAlgo(ctx: Ctx): Record<string, string>[] {
  const p = ctx.params;
  const s = ctx.services.swap(p.require('instId'));
  const a = findAlgo(ctx, p);
  const item = { algoId: a?.algoId ?? p.get('algoId') ?? '', algoClOrdId: a?.legs[0]?.meta.algoClOrdId ?? p.get('algoClOrdId') ?? '', reqId: p.get('reqId') ?? '' };
  if (a === undefined || a.legs[0]!.symbol !== s.spec.symbol || algoState(a) !== 'live')
    throw itemError('51603', 'Order does not exist', item);
  const newSz = p.decimal('newSz', false);
  const change = (t: TriggerOrder) => {
    const leg = t.type === 'STOP_MARKET' ? 'sl' : 'tp';
    const triggerPrice = p.decimal(leg === 'sl' ? 'newSlTriggerPx' : 'newTpTriggerPx', false);
    return { leg: leg as Leg, triggerPrice, quantity: newSz === undefined || t.quantity === undefined ? undefined : toBase(newSz, s) };
  };
  const changes = a.legs.map((t) => ({ t, ...change(t) })).filter((c) => c.triggerPrice !== undefined || c.quantity !== undefined);
  if (changes.length === 0) throw errors.required('newSz');
  for (const c of changes) {
    const bad = ctx.core.engine.triggers.check(c.t.accountId, {
      symbol: c.t.symbol,
      side: c.t.side,
      type: c.t.type,
      triggerBy: c.t.triggerBy,
      reduceOnly: c.t.reduceOnly,
      clientId: '',
      triggerPrice: c.triggerPrice ?? c.t.triggerPrice,
      quantity: c.quantity ?? c.t.quantity,
    });
    if (bad && bad.reject !== 'max-open-triggers') throw legError(bad, c.leg, c.t.side, item);
  }
  for (const c of changes) {
    ctx.core.engine.triggers.amend(c.t.accountId, { triggerId: c.t.triggerId }, {
      ...(c.triggerPrice === undefined ? {} : { triggerPrice: c.triggerPrice }),
      ...(c.quantity === undefined ? {} : { quantity: c.quantity }),
    });
  }
  return [{ ...item, sCode: '0', sMsg: '' }];
}

/** `ordType` as the lists take it: conditional and oco may be given together, comma-separated. */
function ordTypesParam(p: Params): Set<string> {
  const raw = p.require('ordType');
  const types = new Set(raw.split(','));
  for (const t of types) if (!ORD_TYPES.has(t) && !NOT_SERVED.has(t)) throw errors.param('ordType');
  return types;
}

function listAlgos(ctx: Ctx, keep: (a: OkxAlgo) => boolean): Record<string, unknown>[] {
  const p = ctx.params;
  const types = ordTypesParam(p);
  const instId = p.get('instId');
  const algoId = p.get('algoId');
  const limit = Math.min(p.int('limit') ?? 100, 100);
  return [...algosOf(ctx.core, accountOf(ctx).id).values()]
    .filter((a) => types.has(a.legs[0]!.meta.ordType ?? '') && (algoId === undefined || a.algoId === algoId) && keep(a))
    .map((a) => algoJson(a, swapOfAlgo(ctx, a), lastOf(ctx, a)))
    .filter((row) => instId === undefined || row.instId === instId)
    .reverse()
    .slice(0, limit);
}

export const algoRoutes: Route[] = [
  { method: 'POST', path: '/api/v5/trade/order-algo', signed: true, permission: 'trade', kind: 'order', handle: placeAlgo },
  { method: 'POST', path: '/api/v5/trade/amend-algos', signed: true, permission: 'trade', kind: 'order', handle: amendAlgo },
  {
    method: 'POST',
    path: '/api/v5/trade/cancel-algos',
    signed: true,
    permission: 'trade',
    kind: 'cancel',
    batch: true,
    handle: (ctx) => eachItem(ctx, (item) => cancelAlgo(item)),
  },
  {
    method: 'GET',
    path: '/api/v5/trade/order-algo',
    signed: true,
    kind: 'query',
    handle: (ctx) => {
      const a = findAlgo(ctx, ctx.params);
      if (a === undefined) throw errors.orderNotFound();
      return [algoJson(a, swapOfAlgo(ctx, a), lastOf(ctx, a))];
    },
  },
  {
    method: 'GET',
    path: '/api/v5/trade/orders-algo-pending',
    signed: true,
    kind: 'query',
    handle: (ctx) => listAlgos(ctx, (a) => algoState(a) === 'live'),
  },
  {
    method: 'GET',
    path: '/api/v5/trade/orders-algo-history',
    signed: true,
    kind: 'query',
    handle: (ctx) => {
      const state = ctx.params.get('state');
      if (state === undefined && ctx.params.get('algoId') === undefined) throw errors.required('state');
      return listAlgos(ctx, (a) => algoState(a) !== 'live' && (state === undefined || algoState(a) === state));
    },
  },
];
