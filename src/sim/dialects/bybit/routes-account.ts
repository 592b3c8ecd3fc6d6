// Account endpoints: positions (one-way mode, cross margin), the unified wallet, the account's mode
// and DCP settings, the key's rights (`/v5/user/query-api`, what the preflight reads), and the coin
// list ccxt loads with its markets (no chain can deposit or withdraw: this is a local venue).
import * as D from '../../../core/decimal.js';
import { BybitError, errors } from './errors.js';
import { positionJson, walletJson } from './format.js';
import { bybitKeyPermissions } from './permissions.js';
import type { Route } from './route.js';
import { accountOf, linear } from './route.js';

const DAY_MS = 86_400_000;
/** A key bound to no IP expires after 90 days (BYD `user/apikey-info.mdx`). */
const UNBOUND_KEY_DAYS = 90;

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v5/position/list',
    signed: true,
    handle: (ctx) => {
      linear(ctx);
      const a = accountOf(ctx);
      const name = ctx.params.get('symbol');
      const settleCoin = ctx.params.get('settleCoin');
      if (name === undefined && settleCoin === undefined) throw errors.param('params error: symbol or settleCoin is required');
      const now = ctx.core.clock.now();
      // A named symbol is answered flat or not; by settleCoin only open positions are listed.
      const list = ctx.services
        .symbols()
        .filter((s) => (name === undefined ? s.marginAsset === settleCoin : s.symbol === name))
        .filter((s) => name !== undefined || !D.isZero(a.position(s.symbol).amount))
        .map((s) => positionJson(a, ctx.core.market.get(s.symbol)!, now, ctx.core.market));
      if (name !== undefined && list.length === 0) ctx.services.symbol(name);
      return { list, nextPageCursor: '', category: 'linear' };
    },
  },
  {
    // One leverage per symbol (one-way mode, cross margin): buy and sell must agree.
    method: 'POST',
    path: '/v5/position/set-leverage',
    signed: true,
    permission: 'trade',
    handle: (ctx) => {
      linear(ctx);
      const a = accountOf(ctx);
      const s = ctx.services.symbol(ctx.params.require('symbol'));
      const buy = ctx.params.decimal('buyLeverage', true)!;
      const sell = ctx.params.decimal('sellLeverage', true)!;
      if (buy !== sell) throw errors.param('buyLeverage must equal sellLeverage in one-way mode');
      if (!/^\d{1,3}$/.test(buy) || Number(buy) < 1 || Number(buy) > s.maxLeverage) throw new BybitError(200, 10001, 'leverage invalid');
      if (Number(buy) === a.leverageOf(s.symbol)) throw new BybitError(200, 110043, 'Set leverage not modified');
      a.leverage.set(s.symbol, Number(buy));
      return {};
    },
  },
  {
    method: 'GET',
    path: '/v5/account/wallet-balance',
    signed: true,
    handle: (ctx) => {
      if (ctx.params.require('accountType') !== 'UNIFIED') throw errors.param('accountType only support UNIFIED');
      const coins = ctx.params.get('coin')?.split(',');
      return { list: [walletJson(accountOf(ctx), ctx.core.engine.marks(), ctx.core.market, coins)] };
    },
  },
  {
    // Bybit "Set Margin Mode": one mode for the whole unified account. The venue answers a refusal
    // with 3400045 "Set margin mode failed" and its reasons; the local venue refuses while any
    // position or order is open, and portfolio margin, which it does not offer.
    method: 'POST',
    path: '/v5/account/set-margin-mode',
    signed: true,
    permission: 'trade',
    handle: (ctx) => {
      const a = accountOf(ctx);
      const wanted = ctx.params.require('setMarginMode');
      if (wanted !== 'ISOLATED_MARGIN' && wanted !== 'REGULAR_MARGIN' && wanted !== 'PORTFOLIO_MARGIN') throw errors.param('setMarginMode');
      const busy =
        ctx.services.symbols().some((s) => !D.isZero(a.position(s.symbol).amount)) || ctx.core.engine.openOrders(a.id).length > 0;
      if (wanted === 'PORTFOLIO_MARGIN' || busy) throw new BybitError(200, 3400045, 'Set margin mode failed');
      a.allIsolated = wanted === 'ISOLATED_MARGIN';
      return { reasons: [] };
    },
  },
  {
    method: 'GET',
    path: '/v5/account/info',
    signed: true,
    handle: (ctx) => {
      const a = accountOf(ctx);
      const derivatives = ctx.services.dcp(a.id).find((d) => d.product === 'DERIVATIVES')!;
      return {
        // 6: unified trading account 2.0 Pro.
        unifiedMarginStatus: 6,
        marginMode: a.allIsolated ? 'ISOLATED_MARGIN' : 'REGULAR_MARGIN',
        isMasterTrader: false,
        spotHedgingStatus: 'OFF',
        updatedTime: String(a.updateTime),
        dcpStatus: derivatives.dcpStatus,
        timeWindow: derivatives.timeWindow,
        smpGroup: 0,
      };
    },
  },
  {
    method: 'GET',
    path: '/v5/account/query-dcp-info',
    signed: true,
    handle: (ctx) => ({
      dcpInfos: ctx.services.dcp(accountOf(ctx).id).map((d) => ({ ...d, timeWindow: String(d.timeWindow) })),
    }),
  },
  {
    method: 'GET',
    path: '/v5/user/query-api',
    signed: true,
    handle: (ctx) => {
      const key = ctx.key!;
      const rights = bybitKeyPermissions(key);
      const unbound = rights.ips.includes('*');
      const expires = key.createTime + UNBOUND_KEY_DAYS * DAY_MS;
      const now = ctx.core.clock.now();
      return {
        id: String(key.createTime % 100_000_000),
        note: 'quantdeck sim',
        apiKey: key.apiKey,
        readOnly: rights.readOnly,
        secret: '',
        permissions: rights.permissions,
        ips: rights.ips,
        type: 1,
        deadlineDay: unbound ? Math.max(0, Math.ceil((expires - now) / DAY_MS)) : -1,
        expiredAt: unbound ? new Date(expires).toISOString().replace(/\.\d{3}Z$/, 'Z') : '',
        createdAt: new Date(key.createTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        unified: 0,
        uta: 1,
        userID: Number(key.accountId.replace(/\D/g, '')) + 100_000_000,
        inviterID: 0,
        vipLevel: 'No VIP',
        mktMakerLevel: '0',
        affiliateID: 0,
        rsaPublicKey: '',
        isMaster: true,
        parentUid: '0',
        kycLevel: 'LEVEL_DEFAULT',
        kycRegion: '',
      };
    },
  },
  {
    method: 'GET',
    path: '/v5/asset/coin/query-info',
    signed: true,
    handle: (ctx) => {
      const only = ctx.params.get('coin');
      const coins = [...new Set(ctx.services.symbols().map((s) => s.marginAsset))].filter((c) => only === undefined || c === only);
      return { rows: coins.map((coin) => ({ name: coin, coin, remainAmount: '0', chains: [] })) };
    },
  },
];
