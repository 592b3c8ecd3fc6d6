// Account endpoints (account, balance, positions, brackets, key permissions, listen keys) and the few
// wallet endpoints third-party clients call while loading markets.
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import type { AccountState } from '../../matching/accounts.js';
import { accountRisk, positionRisk as simPositionRisk } from '../../matching/margin.js';
import { BinanceError, errors } from './errors.js';
import { usd } from './format.js';
import type { Ctx, Route } from './route.js';
import { accountOf, optionalSymbol, symbolParam } from './route.js';

const MARGIN_TYPES = { ISOLATED: 'isolated', CROSSED: 'cross' } as const;

function totals(ctx: Ctx, a: AccountState) {
  let upnl = '0';
  let posMargin = '0';
  let orderMargin = '0';
  for (const m of ctx.core.market.symbols.values()) {
    upnl = D.add(upnl, a.unrealized(m.spec.symbol, m.mark));
    posMargin = D.add(posMargin, a.positionMargin(m.spec.symbol, m.mark));
    orderMargin = D.add(orderMargin, a.orderMargin.get(m.spec.symbol) ?? '0');
  }
  const wallet = a.wallet();
  const available = ctx.core.engine.marks().size > 0 ? a.available(ctx.core.engine.marks()) : wallet;
  return {
    wallet,
    upnl,
    posMargin,
    orderMargin,
    margin: D.add(wallet, upnl),
    available: D.max(available, '0'),
  };
}

function positionFields(ctx: Ctx, a: AccountState, m: SymbolMarket) {
  const p = a.position(m.spec.symbol);
  const notional = D.mul(p.amount, m.mark);
  const risk = simPositionRisk(a, ctx.core.market, m.spec.symbol);
  const isolated = risk.mode === 'isolated';
  // The venue writes '0' where there is no such price (flat, or a long its margin fully covers).
  const price = (v: string | undefined) => (v === undefined ? '0' : D.toFixed(v, m.spec.pricePrecision, 'half_up'));
  return {
    symbol: m.spec.symbol,
    positionSide: 'BOTH',
    positionAmt: D.toFixed(p.amount, m.spec.quantityPrecision, 'half_up'),
    entryPrice: D.normalize(p.entryPrice),
    breakEvenPrice: risk.breakEven === undefined ? '0.0' : D.normalize(D.toFixed(risk.breakEven, 8, 'half_up')),
    markPrice: D.toFixed(m.mark, 8, 'half_up'),
    unRealizedProfit: usd(risk.upnl),
    liquidationPrice: price(risk.liquidation),
    leverage: String(risk.leverage),
    marginType: risk.mode,
    isolatedMargin: isolated ? usd(D.add(risk.margin, risk.upnl)) : '0',
    isolatedWallet: isolated ? usd(risk.margin) : '0',
    maintMargin: usd(risk.maint),
    notional: usd(notional),
    initialMargin: usd(risk.margin),
    openOrderInitialMargin: usd(a.orderMargin.get(m.spec.symbol) ?? '0'),
    updateTime: p.updateTime,
  };
}

/** The cross-wallet fields that `account` assets and `balance` rows share, from the same totals. */
function crossWallet(a: AccountState, t: ReturnType<typeof totals>) {
  return {
    crossWalletBalance: usd(t.wallet),
    crossUnPnl: usd(t.upnl),
    availableBalance: usd(t.available),
    maxWithdrawAmount: usd(t.available),
    marginAvailable: true,
    updateTime: a.updateTime,
  };
}

function hasActivity(ctx: Ctx, a: AccountState, m: SymbolMarket): boolean {
  return (
    !D.isZero(a.position(m.spec.symbol).amount) || ctx.core.engine.openOrders(a.id, m.spec.symbol).length > 0
  );
}

function account(version: 2 | 3) {
  return (ctx: Ctx) => {
    const a = accountOf(ctx);
    const t = totals(ctx, a);
    const asset = {
      asset: 'USDT',
      walletBalance: usd(t.wallet),
      unrealizedProfit: usd(t.upnl),
      marginBalance: usd(t.margin),
      maintMargin: usd(accountRisk(a, ctx.core.market).maint),
      initialMargin: usd(D.add(t.posMargin, t.orderMargin)),
      positionInitialMargin: usd(t.posMargin),
      openOrderInitialMargin: usd(t.orderMargin),
      ...crossWallet(a, t),
    };
    const symbols = [...ctx.core.market.symbols.values()];
    const positions = (version === 3 ? symbols.filter((m) => hasActivity(ctx, a, m)) : symbols).map((m) => {
      const f = positionFields(ctx, a, m);
      return {
        symbol: f.symbol,
        positionSide: f.positionSide,
        positionAmt: f.positionAmt,
        unrealizedProfit: f.unRealizedProfit,
        isolatedMargin: f.isolatedMargin,
        notional: f.notional,
        isolatedWallet: f.isolatedWallet,
        initialMargin: f.initialMargin,
        maintMargin: f.maintMargin,
        positionInitialMargin: f.initialMargin,
        openOrderInitialMargin: f.openOrderInitialMargin,
        updateTime: f.updateTime,
        ...(version === 2
          ? {
              leverage: f.leverage,
              entryPrice: f.entryPrice,
              breakEvenPrice: f.breakEvenPrice,
              maxNotional: '5000000',
              isolated: f.marginType === 'isolated',
              bidNotional: '0',
              askNotional: '0',
            }
          : {}),
      };
    });
    return {
      ...(version === 2
        ? {
            feeTier: 0,
            feeBurn: false,
            canTrade: true,
            canDeposit: true,
            canWithdraw: true,
            updateTime: 0,
            multiAssetsMargin: false,
            tradeGroupId: -1,
          }
        : {}),
      totalInitialMargin: asset.initialMargin,
      totalMaintMargin: asset.maintMargin,
      totalWalletBalance: asset.walletBalance,
      totalUnrealizedProfit: asset.unrealizedProfit,
      totalMarginBalance: asset.marginBalance,
      totalPositionInitialMargin: asset.positionInitialMargin,
      totalOpenOrderInitialMargin: asset.openOrderInitialMargin,
      totalCrossWalletBalance: asset.crossWalletBalance,
      totalCrossUnPnl: asset.crossUnPnl,
      availableBalance: asset.availableBalance,
      maxWithdrawAmount: asset.maxWithdrawAmount,
      assets: [asset],
      positions,
    };
  };
}

function balance(ctx: Ctx) {
  const a = accountOf(ctx);
  const t = totals(ctx, a);
  return [
    {
      accountAlias: 'SgsR',
      asset: 'USDT',
      balance: usd(t.wallet),
      ...crossWallet(a, t),
    },
  ];
}

function positionRisk(version: 2 | 3) {
  return (ctx: Ctx) => {
    const a = accountOf(ctx);
    const one = optionalSymbol(ctx);
    const all = one ? [one] : [...ctx.core.market.symbols.values()];
    const list = version === 3 && !one ? all.filter((m) => hasActivity(ctx, a, m)) : all;
    return list.map((m) => {
      const f = positionFields(ctx, a, m);
      const common = {
        symbol: f.symbol,
        positionSide: f.positionSide,
        positionAmt: f.positionAmt,
        entryPrice: f.entryPrice,
        breakEvenPrice: f.breakEvenPrice,
        markPrice: f.markPrice,
        unRealizedProfit: f.unRealizedProfit,
        liquidationPrice: f.liquidationPrice,
        isolatedMargin: f.isolatedMargin,
        notional: f.notional,
        isolatedWallet: f.isolatedWallet,
        updateTime: f.updateTime,
      };
      return version === 2
        ? {
            ...common,
            leverage: f.leverage,
            marginType: f.marginType,
            isAutoAddMargin: 'false',
            maxNotionalValue: '5000000',
          }
        : {
            ...common,
            marginAsset: 'USDT',
            initialMargin: f.initialMargin,
            maintMargin: f.maintMargin,
            positionInitialMargin: f.initialMargin,
            openOrderInitialMargin: f.openOrderInitialMargin,
            adl: 0,
            bidNotional: '0',
            askNotional: '0',
          };
    });
  };
}

function brackets(m: SymbolMarket) {
  return {
    symbol: m.spec.symbol,
    notionalCoef: 1.0,
    brackets: [
      {
        bracket: 1,
        initialLeverage: m.spec.maxLeverage,
        notionalCap: 50000,
        notionalFloor: 0,
        maintMarginRatio: 0.004,
        cum: 0,
      },
      {
        bracket: 2,
        initialLeverage: 20,
        notionalCap: 5_000_000,
        notionalFloor: 50000,
        maintMarginRatio: 0.025,
        cum: 1050,
      },
    ],
  };
}

const signedRead = { security: 'SIGNED' as const, permission: 'read' as const };

export const accountRoutes: Route[] = [
  { method: 'GET', path: '/fapi/v2/account', ...signedRead, weight: 5, handle: account(2) },
  { method: 'GET', path: '/fapi/v3/account', ...signedRead, weight: 5, handle: account(3) },
  { method: 'GET', path: '/fapi/v2/balance', ...signedRead, weight: 5, handle: balance },
  { method: 'GET', path: '/fapi/v3/balance', ...signedRead, weight: 5, handle: balance },
  { method: 'GET', path: '/fapi/v2/positionRisk', ...signedRead, weight: 5, handle: positionRisk(2) },
  { method: 'GET', path: '/fapi/v3/positionRisk', ...signedRead, weight: 5, handle: positionRisk(3) },
  {
    method: 'GET',
    path: '/fapi/v1/leverageBracket',
    ...signedRead,
    weight: 1,
    handle: (ctx) => {
      const one = optionalSymbol(ctx);
      return one ? [brackets(one)] : [...ctx.core.market.symbols.values()].map(brackets);
    },
  },
  {
    // Binance "Symbol Configuration": leverage and margin type of every symbol, or of one.
    method: 'GET',
    path: '/fapi/v1/symbolConfig',
    ...signedRead,
    weight: 5,
    handle: (ctx) => {
      const a = accountOf(ctx);
      const one = optionalSymbol(ctx);
      return (one ? [one] : [...ctx.core.market.symbols.values()]).map((m) => ({
        symbol: m.spec.symbol,
        marginType: a.marginModeOf(m.spec.symbol) === 'isolated' ? 'ISOLATED' : 'CROSSED',
        isAutoAddMargin: 'false',
        leverage: a.leverageOf(m.spec.symbol),
        maxNotionalValue: '5000000',
      }));
    },
  },
  {
    // Binance "Change Margin Type": per symbol, refused while the symbol has a position or open orders.
    method: 'POST',
    path: '/fapi/v1/marginType',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    handle: (ctx) => {
      const a = accountOf(ctx);
      const m = symbolParam(ctx);
      const wanted = ctx.params.get('marginType');
      if (wanted === undefined) throw errors.mandatory('marginType');
      const mode = MARGIN_TYPES[wanted.toUpperCase() as keyof typeof MARGIN_TYPES];
      if (mode === undefined) throw errors.badParam('marginType');
      const symbol = m.spec.symbol;
      if (a.marginModeOf(symbol) === mode) throw new BinanceError(-4046, 'No need to change margin type.');
      if (!D.isZero(a.position(symbol).amount)) throw new BinanceError(-4048, 'Margin type cannot be changed if there exists position.');
      if (ctx.core.engine.openOrders(a.id, symbol).length > 0)
        throw new BinanceError(-4047, 'Margin type cannot be changed if there exists open orders.');
      if (mode === 'isolated') a.isolated.add(symbol);
      else a.isolated.delete(symbol);
      return { code: 200, msg: 'success' };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/positionSide/dual',
    ...signedRead,
    weight: 30,
    handle: () => ({ dualSidePosition: false }),
  },
  {
    method: 'GET',
    path: '/fapi/v1/multiAssetsMargin',
    ...signedRead,
    weight: 30,
    handle: () => ({ multiAssetsMargin: false }),
  },
  {
    method: 'GET',
    path: '/fapi/v1/commissionRate',
    ...signedRead,
    weight: 20,
    handle: (ctx) => {
      const m = optionalSymbol(ctx);
      return {
        symbol: m?.spec.symbol ?? '',
        makerCommissionRate: '0.000200',
        takerCommissionRate: '0.000400',
      };
    },
  },
  {
    method: 'GET',
    path: '/sapi/v1/account/apiRestrictions',
    security: 'SIGNED',
    permission: 'any',
    weight: 1,
    handle: (ctx) => ({
      ...ctx.key!.permissions,
      createTime: ctx.key!.createTime,
      tradingAuthorityExpirationTime: 0,
    }),
  },
  {
    method: 'GET',
    path: '/sapi/v1/capital/config/getall',
    security: 'SIGNED',
    permission: 'any',
    weight: 10,
    handle: () => [],
  },
  { method: 'GET', path: '/sapi/v1/margin/allPairs', security: 'NONE', weight: 1, handle: () => [] },
  {
    method: 'POST',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    permission: 'any',
    weight: 1,
    handle: (ctx) => ({ listenKey: ctx.services.listenKeys.create(ctx.key!.accountId) }),
  },
  {
    method: 'PUT',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    permission: 'any',
    weight: 1,
    handle: (ctx) => {
      const key = ctx.services.listenKeys.keepalive(ctx.key!.accountId);
      if (key === undefined) throw errors.listenKeyUnknown();
      return { listenKey: key };
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    permission: 'any',
    weight: 1,
    handle: (ctx) => {
      ctx.services.listenKeys.close(ctx.key!.accountId);
      return {};
    },
  },
];
