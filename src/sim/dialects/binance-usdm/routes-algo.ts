// The Algo Order API, where USD-M conditional orders live since 2025-12-09: place (POST /fapi/v1/algoOrder),
// cancel one (DELETE, by algoId or clientAlgoId, no symbol needed), cancel a symbol's (DELETE
// /fapi/v1/algoOpenOrders), query one, list the open ones and a symbol's history. The local venue serves
// the two market kinds, STOP_MARKET and TAKE_PROFIT_MARKET, on the mark (MARK_PRICE) or last
// (CONTRACT_PRICE, the default) price; STOP, TAKE_PROFIT and TRAILING_STOP_MARKET answer -1116.
import { isTriggerReject, type NewTriggerRequest, type TriggerOrder, type TriggerRef } from '../../matching/triggers.js';
import { isReject } from '../../matching/orders.js';
import { BinanceError, errors, triggerRejectError } from './errors.js';
import { algoJson, newAlgoJson } from './format-algo.js';
import type { Ctx, Route } from './route.js';
import { accountOf, optionalSymbol, symbolParam } from './route.js';
import { CLIENT_ID, generatedClientId } from './routes-trade.js';

const SERVED = new Set(['STOP_MARKET', 'TAKE_PROFIT_MARKET']);
const NOT_SERVED = new Set(['STOP', 'TAKE_PROFIT', 'TRAILING_STOP_MARKET']);

function newAlgoRequest(ctx: Ctx): NewTriggerRequest {
  const p = ctx.params;
  const algoType = p.require('algoType');
  if (algoType !== 'CONDITIONAL') throw errors.badParam('algoType');
  const m = symbolParam(ctx);
  const side = p.require('side');
  if (side !== 'BUY' && side !== 'SELL') throw errors.badSide();
  const type = p.require('type');
  if (!SERVED.has(type)) {
    throw NOT_SERVED.has(type)
      ? new BinanceError(-1116, `Invalid orderType. The local venue serves STOP_MARKET and TAKE_PROFIT_MARKET, not ${type}.`)
      : errors.badType();
  }
  const positionSide = p.get('positionSide');
  if (positionSide !== undefined && positionSide !== 'BOTH')
    throw new BinanceError(-4061, "Order's position side does not match user's setting.");
  if (p.has('price')) throw errors.notRequired('price');
  const closePosition = p.bool('closePosition');
  const reduceOnly = p.bool('reduceOnly');
  let quantity: string | undefined;
  if (closePosition) {
    // Close-All: "Cannot be used with quantity" nor with reduceOnly.
    if (p.has('quantity')) throw errors.notRequired('quantity');
    if (p.has('reduceOnly')) throw errors.notRequired('reduceOnly');
  } else {
    quantity = p.decimal('quantity', true);
  }
  const triggerPrice = p.decimal('triggerPrice', true)!;
  const wt = p.get('workingType') ?? 'CONTRACT_PRICE';
  if (wt !== 'CONTRACT_PRICE' && wt !== 'MARK_PRICE') throw errors.badParam('workingType');
  const tif = p.get('timeInForce');
  if (tif !== undefined && tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK' && tif !== 'GTX') throw errors.badTif();
  const cid = p.get('clientAlgoId');
  if (cid !== undefined && !CLIENT_ID.test(cid)) throw errors.badClientOrderId();
  const resp = p.get('newOrderRespType');
  if (resp !== undefined && resp !== 'ACK' && resp !== 'RESULT') throw new BinanceError(-1136, 'Invalid newOrderRespType.');
  return {
    symbol: m.spec.symbol,
    side,
    type: type as NewTriggerRequest['type'],
    triggerPrice,
    triggerBy: wt === 'MARK_PRICE' ? 'mark' : 'last',
    quantity,
    reduceOnly,
    clientId: cid ?? generatedClientId(),
    refuseWithoutPosition: true,
    meta: { priceProtect: String(p.bool('priceProtect')) },
  };
}

function algoRef(ctx: Ctx): TriggerRef {
  const id = ctx.params.int('algoId');
  if (id !== undefined) return { triggerId: id };
  const cid = ctx.params.get('clientAlgoId');
  if (cid !== undefined) return { clientId: cid };
  throw errors.eitherParam('algoId', 'clientAlgoId');
}

function findAlgo(ctx: Ctx, notFound: () => BinanceError): TriggerOrder {
  const t = ctx.core.engine.triggers.find(accountOf(ctx).id, algoRef(ctx));
  if (!t) throw notFound();
  return t;
}

const specOf = (ctx: Ctx, t: TriggerOrder) => ctx.core.market.get(t.symbol)!.spec;

export const algoRoutes: Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/algoOrder',
    security: 'SIGNED',
    permission: 'trade',
    weight: 0,
    kind: 'order',
    countsOrder: true,
    handle: (ctx) => {
      const account = accountOf(ctx);
      const r = ctx.core.engine.triggers.place(account.id, newAlgoRequest(ctx));
      if (isTriggerReject(r)) throw triggerRejectError(r);
      return newAlgoJson(r, specOf(ctx, r));
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/algoOrder',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    kind: 'cancel',
    handle: (ctx) => {
      const t = findAlgo(ctx, errors.cancelUnknown);
      const r = ctx.core.engine.triggers.cancel(t.accountId, { triggerId: t.triggerId });
      if (isReject(r)) throw errors.cancelUnknown();
      return { algoId: r.triggerId, clientAlgoId: r.clientId, code: '200', msg: 'success' };
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/algoOpenOrders',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    kind: 'cancel',
    handle: (ctx) => {
      ctx.core.engine.triggers.cancelAll(accountOf(ctx).id, symbolParam(ctx).spec.symbol);
      return { code: 200, msg: 'The operation of cancel all open order is done.' };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/algoOrder',
    security: 'SIGNED',
    permission: 'read',
    weight: 1,
    kind: 'query',
    handle: (ctx) => {
      const t = findAlgo(ctx, errors.noSuchOrder);
      return algoJson(t, specOf(ctx, t));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/openAlgoOrders',
    security: 'SIGNED',
    permission: 'read',
    weight: (p) => (p.has('symbol') ? 1 : 40),
    kind: 'query',
    handle: (ctx) => {
      const m = optionalSymbol(ctx);
      const id = ctx.params.int('algoId');
      return ctx.core.engine.triggers
        .open(accountOf(ctx).id, m?.spec.symbol)
        .filter((t) => id === undefined || t.triggerId === id)
        .map((t) => algoJson(t, specOf(ctx, t)));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/allAlgoOrders',
    security: 'SIGNED',
    permission: 'read',
    weight: 5,
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const m = symbolParam(ctx);
      const limit = Math.min(ctx.params.int('limit') ?? 500, 1000);
      const out = [...ctx.core.engine.triggers.all.values()].filter(
        (t) => t.accountId === account.id && t.symbol === m.spec.symbol,
      );
      return out.slice(-limit).map((t) => algoJson(t, m.spec));
    },
  },
];
