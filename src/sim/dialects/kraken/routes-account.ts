// Account methods: Balance, BalanceEx (with what open orders hold), OpenOrders, ClosedOrders,
// QueryOrders, TradesHistory (newest first, 50 a page, `start`/`end` as Unix seconds or trade ids,
// exclusive, `ofs`), GetWebSocketsToken and GetApiKeyInfo.
import * as D from '../../../core/decimal.js';
import type { Order } from '../../matching/orders.js';
import { isOpen } from '../../matching/orders.js';
import { errors } from './errors.js';
import { amount, orderJson, tradeJson } from './format.js';
import { orderTxid, tradeIdOf, tradeTxid } from './ids.js';
import { assetCode } from './pairs.js';
import { krakenKeyPermissions } from './permissions.js';
import { accountOf, type Ctx, type Route, spotOf } from './route.js';

const PAGE = 50;

function ordersJson(ctx: Ctx, list: Order[]): Record<string, unknown> {
  const withTrades = ctx.params.bool('trades');
  const ref = ctx.params.get('userref');
  const clOrdId = ctx.params.get('cl_ord_id');
  const out: Record<string, unknown> = {};
  for (const o of list) {
    const x = ctx.services.orders.extras(o.orderId);
    if (ref !== undefined && String(x.userref) !== ref) continue;
    if (clOrdId !== undefined && x.clOrdId !== clOrdId) continue;
    out[orderTxid(o.orderId)] = orderJson(o, x, withTrades);
  }
  return out;
}

/** A `start`/`end` bound: Unix seconds (with a fraction) or a trade id; [seconds ms, trade id]. */
function bound(ctx: Ctx, name: string): { ms?: number; tradeId?: number } {
  const v = ctx.params.get(name);
  if (v === undefined) return {};
  const id = tradeIdOf(v);
  if (id !== undefined) return { tradeId: id };
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(v)) throw errors.invalidArguments(name);
  return { ms: Number(v) * 1000 };
}

export const accountRoutes: Route[] = [
  {
    method: 'POST',
    path: '/0/private/Balance',
    private: true,
    right: 'funds',
    handle: (ctx) => {
      const spot = spotOf(ctx);
      return Object.fromEntries([...spot.balances].map(([asset, v]) => [assetCode(asset), amount(asset, v)]));
    },
  },
  {
    method: 'POST',
    path: '/0/private/BalanceEx',
    private: true,
    right: 'funds',
    handle: (ctx) => {
      const spot = spotOf(ctx);
      return Object.fromEntries(
        [...spot.balances].map(([asset, v]) => [
          assetCode(asset),
          { balance: amount(asset, v), hold_trade: amount(asset, D.max(spot.held(asset), '0')) },
        ]),
      );
    },
  },
  {
    method: 'POST',
    path: '/0/private/OpenOrders',
    private: true,
    right: 'open',
    kind: 'query',
    handle: (ctx) => ({ open: ordersJson(ctx, ctx.core.engine.openOrders(accountOf(ctx).id)) }),
  },
  {
    method: 'POST',
    path: '/0/private/ClosedOrders',
    private: true,
    right: 'closed',
    kind: 'query',
    handle: (ctx) => {
      // The venue narrows by client order id (and userref) server-side, before the page of 50.
      const clOrdId = ctx.params.get('cl_ord_id');
      const ref = ctx.params.get('userref');
      const closed = ctx.services.orders
        .all(accountOf(ctx).id)
        .filter((o) => !isOpen(o))
        .filter((o) => {
          const x = ctx.services.orders.extras(o.orderId);
          return (clOrdId === undefined || x.clOrdId === clOrdId) && (ref === undefined || String(x.userref) === ref);
        })
        .reverse();
      const ofs = ctx.params.int('ofs') ?? 0;
      return { closed: ordersJson(ctx, closed.slice(ofs, ofs + PAGE)), count: closed.length };
    },
  },
  {
    method: 'POST',
    path: '/0/private/QueryOrders',
    private: true,
    right: 'history',
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const ids = ctx.params.list('txid');
      if (ids.length === 0 || ids.length > 50) throw errors.invalidArguments('txid');
      const found: Order[] = [];
      for (const id of ids) {
        const o = ctx.services.orders.byTxid(account.id, id);
        if (o === undefined) throw errors.invalidOrder();
        found.push(o);
      }
      return ordersJson(ctx, found);
    },
  },
  {
    method: 'POST',
    path: '/0/private/TradesHistory',
    private: true,
    right: 'history',
    cost: 2,
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const type = ctx.params.get('type') ?? 'all';
      if (type !== 'all') throw errors.invalidArguments('type');
      const start = bound(ctx, 'start');
      const end = bound(ctx, 'end');
      const ofs = ctx.params.int('ofs') ?? 0;
      const fills = ctx.core.engine.fills.filter(
        (f) =>
          f.accountId === account.id &&
          (start.ms === undefined || f.time > start.ms) &&
          (start.tradeId === undefined || f.tradeId > start.tradeId) &&
          (end.ms === undefined || f.time < end.ms) &&
          (end.tradeId === undefined || f.tradeId < end.tradeId),
      );
      const page = fills.reverse().slice(ofs, ofs + PAGE);
      const trades: Record<string, unknown> = {};
      for (const f of page)
        trades[tradeTxid(f.tradeId)] = tradeJson(f, ctx.core.engine.orders.get(f.orderId));
      return { trades, count: fills.length };
    },
  },
  {
    method: 'POST',
    path: '/0/private/GetWebSocketsToken',
    private: true,
    right: 'websocket',
    handle: (ctx) => ({ token: ctx.services.newWsToken(accountOf(ctx).id), expires: 900 }),
  },
  {
    method: 'POST',
    path: '/0/private/GetApiKeyInfo',
    private: true,
    handle: (ctx) => {
      const key = ctx.key!;
      const p = krakenKeyPermissions(key);
      const created = String(Math.floor(key.createTime / 1000));
      return {
        apiKeyName: `sim-${accountOf(ctx).name}`,
        apiKey: key.apiKey,
        nonce: ctx.services.nonceOf(key.apiKey),
        nonceWindow: p.nonceWindow,
        permissions: [...p.permissions],
        iban: 'AA00 SIMV ENUE 0001',
        validUntil: '0',
        queryFrom: '0',
        queryTo: '0',
        createdTime: created,
        modifiedTime: created,
        ipAllowlist: [],
        lastUsed: String(Math.floor(ctx.core.clock.now() / 1000)),
      };
    },
  },
];
