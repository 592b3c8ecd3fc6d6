// Public endpoints: server time, instruments (swaps), funding, open interest, tickers.
import { errors } from './errors.js';
import * as D from '../../../core/decimal.js';
import { simOpenInterest } from '../../market/open-interest.js';
import { instrumentJson, money, type Swap, tickerJson, toContracts } from './format.js';
import type { Ctx, Route } from './route.js';

function instType(ctx: Ctx): void {
  const t = ctx.params.require('instType');
  if (t !== 'SWAP') throw errors.param('instType');
}

/** OKX "Get open interest": `oi` in contracts, `oiCcy` in the base currency, `oiUsd` at the mark. */
function openInterest(ctx: Ctx, s: Swap): Record<string, string> {
  const now = ctx.core.clock.now();
  const m = ctx.core.market.get(s.spec.symbol)!;
  const base = simOpenInterest(ctx.core.seed, s.spec, ctx.core.accounts.values(), now);
  return { instType: 'SWAP', instId: s.instId, oi: toContracts(base, s), oiCcy: D.normalize(base), oiUsd: money(D.mul(base, m.mark)), ts: String(now) };
}

function ticker(ctx: Ctx, instId: string): Record<string, string> {
  const s = ctx.services.swap(instId);
  return tickerJson(ctx.core.market.get(s.spec.symbol)!, s, ctx.core.clock.now());
}

export const publicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v5/public/time',
    signed: false,
    handle: (ctx) => [{ ts: String(ctx.core.clock.now()) }],
  },
  {
    method: 'GET',
    path: '/api/v5/public/instruments',
    signed: false,
    handle: (ctx) => {
      instType(ctx);
      const only = ctx.params.get('instId');
      const now = ctx.core.clock.now();
      return ctx.services
        .swaps()
        .filter((s) => only === undefined || s.instId === only)
        .map((s) => instrumentJson(s, now));
    },
  },
  {
    // OKX "Get funding rate": `fundingTime` is the next settlement, `nextFundingTime` the one after.
    method: 'GET',
    path: '/api/v5/public/funding-rate',
    signed: false,
    handle: (ctx) => {
      const s = ctx.services.swap(ctx.params.require('instId'));
      const next = Math.ceil(ctx.core.clock.now() / 28_800_000) * 28_800_000;
      return [
        {
          instType: 'SWAP',
          instId: s.instId,
          fundingRate: '0.0001',
          nextFundingRate: '',
          fundingTime: String(next),
          nextFundingTime: String(next + 28_800_000),
          method: 'current_period',
          ts: String(ctx.core.clock.now()),
        },
      ];
    },
  },
  {
    // instType is required; without instId every swap's row.
    method: 'GET',
    path: '/api/v5/public/open-interest',
    signed: false,
    handle: (ctx) => {
      instType(ctx);
      const only = ctx.params.get('instId');
      if (only !== undefined) return [openInterest(ctx, ctx.services.swap(only))];
      return ctx.services.swaps().map((s) => openInterest(ctx, s));
    },
  },
  {
    method: 'GET',
    path: '/api/v5/market/ticker',
    signed: false,
    handle: (ctx) => [ticker(ctx, ctx.params.require('instId'))],
  },
  {
    method: 'GET',
    path: '/api/v5/market/tickers',
    signed: false,
    handle: (ctx) => {
      instType(ctx);
      return ctx.services.swaps().map((s) => ticker(ctx, s.instId));
    },
  },
];
