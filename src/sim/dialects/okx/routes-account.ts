// Account endpoints: the funding currencies (none can move: this is a local venue), balance,
// positions (net mode, cross margin), and the key's configuration (`perm`, `ip`) that the preflight
// reads.
import * as D from '../../../core/decimal.js';
import { accountRisk } from '../../matching/margin.js';
import { balanceDetails, money, positionJson } from './format.js';
import { errors } from './errors.js';
import { okxKeyPermissions } from './permissions.js';
import type { Route } from './route.js';
import { accountOf } from './route.js';

export const accountRoutes: Route[] = [
  {
    // The funding currencies (ccxt's okx loads them with its markets when it has a key).
    method: 'GET',
    path: '/api/v5/asset/currencies',
    signed: true,
    handle: (ctx) =>
      [...new Set(ctx.services.swaps().map((s) => s.spec.marginAsset))].map((ccy) => ({
        ccy,
        name: ccy,
        chain: `${ccy}-local`,
        canDep: false,
        canWd: false,
        canInternal: false,
        minWd: '0',
        maxWd: '0',
        wdTickSz: '8',
        minFee: '0',
        maxFee: '0',
        mainNet: false,
        logoLink: '',
      })),
  },
  {
    method: 'GET',
    path: '/api/v5/account/balance',
    signed: true,
    handle: (ctx) => {
      const a = accountOf(ctx);
      const now = ctx.core.clock.now();
      const only = ctx.params.get('ccy')?.split(',');
      const risk = accountRisk(a, ctx.core.market);
      // Single-currency margin (acctLv 2): the margin figures are the margin currency's own
      // (`details[].imr`, `mmr`, `mgnRatio` = equity / maintenance); the account-level ones are ''.
      const details = balanceDetails(a, ctx.core.engine.marks(), now)
        .filter((d) => only === undefined || only.includes(d.ccy!))
        .map((d) =>
          d.ccy === 'USDT'
            ? {
                ...d,
                imr: money(risk.marginUsed),
                mmr: money(risk.maint),
                mgnRatio: D.isZero(risk.maint) ? '' : D.div(risk.equity, risk.maint, 8, 'half_up'),
              }
            : d,
        );
      const totalEq = details.find((d) => d.ccy === 'USDT')?.eq ?? '0';
      return [{ uTime: String(a.updateTime || now), totalEq, adjEq: totalEq, imr: '', mmr: '', mgnRatio: '', details }];
    },
  },
  {
    method: 'GET',
    path: '/api/v5/account/positions',
    signed: true,
    handle: (ctx) => {
      const type = ctx.params.get('instType');
      if (type !== undefined && type !== 'SWAP') throw errors.param('instType');
      const a = accountOf(ctx);
      const only = ctx.params.get('instId');
      const now = ctx.core.clock.now();
      return ctx.services
        .swaps()
        .filter((s) => (only === undefined || s.instId === only) && a.positions.has(s.spec.symbol))
        .filter((s) => only !== undefined || !D.isZero(a.positions.get(s.spec.symbol)!.amount))
        .map((s) => positionJson(a, ctx.core.market.get(s.spec.symbol)!, s, now, ctx.core.market));
    },
  },
  {
    // OKX "Get leverage": the account's leverage for an instrument in a margin mode. Net mode,
    // cross margin here: one row, `posSide: net`; isolated asks are answered for the same lever.
    method: 'GET',
    path: '/api/v5/account/leverage-info',
    signed: true,
    handle: (ctx) => {
      const instId = ctx.params.get('instId');
      if (instId === undefined || instId === '') throw errors.required('instId');
      const mgnMode = ctx.params.get('mgnMode');
      if (mgnMode === undefined || mgnMode === '') throw errors.required('mgnMode');
      if (mgnMode !== 'cross' && mgnMode !== 'isolated') throw errors.param('mgnMode');
      const a = accountOf(ctx);
      return instId.split(',').map((id) => {
        const swap = ctx.services.swap(id);
        return { instId: swap.instId, mgnMode, posSide: 'net', lever: String(a.leverageOf(swap.spec.symbol)) };
      });
    },
  },
  {
    // OKX "Set leverage": per instrument and margin mode; net mode needs no `posSide`.
    method: 'POST',
    path: '/api/v5/account/set-leverage',
    signed: true,
    permission: 'trade',
    handle: (ctx) => {
      const instId = ctx.params.require('instId');
      const lever = ctx.params.require('lever');
      const mgnMode = ctx.params.require('mgnMode');
      if (mgnMode !== 'cross' && mgnMode !== 'isolated') throw errors.param('mgnMode');
      const swap = ctx.services.swap(instId);
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(lever) || Number(lever) < 1 || Number(lever) > swap.spec.maxLeverage)
        throw errors.param('lever');
      const a = accountOf(ctx);
      const symbol = swap.spec.symbol;
      // The leverage of the mode the instrument trades in is the one that moves.
      if (mgnMode === a.marginModeOf(symbol)) a.leverage.set(symbol, Math.floor(Number(lever)));
      return [{ instId: swap.instId, lever, mgnMode, posSide: 'net' }];
    },
  },
  {
    method: 'GET',
    path: '/api/v5/account/config',
    signed: true,
    handle: (ctx) => {
      const key = ctx.key!;
      return [
        {
          uid: key.accountId,
          mainUid: key.accountId,
          acctLv: '2',
          posMode: 'net_mode',
          autoLoan: false,
          label: 'quantdeck sim',
          ...okxKeyPermissions(key),
        },
      ];
    },
  },
];
