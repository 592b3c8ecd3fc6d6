// The local venue's risk figures and its liquidation, computed the way the venues compute them, with one
// simplification stated here once:
//
//   maintenance margin = |size| × mark × rate, rate = 1 / (2 × the symbol's max leverage)
//
// i.e. half the initial margin at max leverage: Hyperliquid's own rule, and Binance's first bracket
// for BTCUSDT (0.4 % at 125x). No tiers (a venue's rate rises with the notional), no insurance fund,
// no ADL, no fee reserve in the liquidation price.
//
//   isolated: what stands behind a position is its isolated margin (entry notional / leverage, see
//             accounts.ts); it is liquidated when isolated margin + uPnL ≤ its maintenance margin.
//   cross:    the wallet less the isolated margins, plus every other cross position's uPnL less its
//             maintenance margin; liquidated when that + its own uPnL ≤ its maintenance margin.
//
// After every market move the sim closes a position whose mark reached its liquidation price with a
// reduce-only market order (Binance names such an order `autoclose-<time>`); the loss is what the
// book gives, booked into the wallet like any fill. The formulas are core/risk.ts's, which the
// cockpit uses too: the sim computes what a venue reports, the client only reads it.
import * as D from '../../core/decimal.js';
import { breakEvenPrice, isLiquidatedAt, liquidationPrice, maintenanceMargin } from '../../core/risk.js';
import type { Market } from '../market/market.js';
import { type AccountState, TAKER_FEE } from './accounts.js';
import type { MatchingEngine } from './engine.js';

export function maintRate(maxLeverage: number): string {
  return D.div('1', String(2 * maxLeverage), 8, 'half_up');
}

export interface SimPositionRisk {
  symbol: string;
  mode: 'cross' | 'isolated';
  leverage: number;
  amount: string;
  entryPrice: string;
  mark: string;
  upnl: string;
  /** Isolated margin, or the initial margin at the mark under cross. */
  margin: string;
  maint: string;
  /** Undefined when flat or when the position cannot be liquidated. */
  liquidation?: string;
  breakEven?: string;
}

function markOf(market: Market, symbol: string): string {
  return market.get(symbol)?.mark ?? '0';
}

function rateOf(market: Market, symbol: string): string {
  return maintRate(market.get(symbol)?.spec.maxLeverage ?? 20);
}

/** What stands behind one position before its own PnL (see the header). */
function collateral(a: AccountState, market: Market, symbol: string): string {
  if (a.marginModeOf(symbol) === 'isolated') return a.isolatedMargin(symbol);
  let c = a.wallet();
  for (const [other, p] of a.positions) {
    if (D.isZero(p.amount)) continue;
    if (a.marginModeOf(other) === 'isolated') c = D.sub(c, a.isolatedMargin(other));
    else if (other !== symbol) {
      const mark = markOf(market, other);
      c = D.add(c, D.sub(a.unrealized(other, mark), maintenanceMargin(p.amount, mark, rateOf(market, other))));
    }
  }
  return c;
}

export function positionRisk(a: AccountState, market: Market, symbol: string): SimPositionRisk {
  const p = a.position(symbol);
  const mark = markOf(market, symbol);
  const rate = rateOf(market, symbol);
  const out: SimPositionRisk = {
    symbol,
    mode: a.marginModeOf(symbol),
    leverage: a.leverageOf(symbol),
    amount: p.amount,
    entryPrice: p.entryPrice,
    mark,
    upnl: a.unrealized(symbol, mark),
    margin: a.positionMargin(symbol, mark),
    maint: D.isZero(p.amount) ? '0' : maintenanceMargin(p.amount, mark, rate),
  };
  if (D.isZero(p.amount)) return out;
  const liq = liquidationPrice({ qty: p.amount, entryPrice: p.entryPrice, collateral: collateral(a, market, symbol), maintRate: rate });
  if (liq !== undefined) out.liquidation = liq;
  const be = breakEvenPrice(p.amount, p.entryPrice, TAKER_FEE);
  if (be !== undefined) out.breakEven = be;
  return out;
}

export interface SimAccountRisk {
  wallet: string;
  upnl: string;
  /** wallet + uPnL */
  equity: string;
  /** Position margin (isolated margins, cross initial margins) plus open-order margin. */
  marginUsed: string;
  maint: string;
}

export function accountRisk(a: AccountState, market: Market): SimAccountRisk {
  let upnl = '0';
  let used = '0';
  let maint = '0';
  for (const m of market.symbols.values()) {
    const r = positionRisk(a, market, m.spec.symbol);
    upnl = D.add(upnl, r.upnl);
    used = D.add(D.add(used, r.margin), a.orderMargin.get(m.spec.symbol) ?? '0');
    maint = D.add(maint, r.maint);
  }
  return { wallet: a.wallet(), upnl, equity: D.add(a.wallet(), upnl), marginUsed: used, maint };
}

/**
 * Closes at market every position of every account whose mark reached its liquidation price.
 * Returns how many it closed.
 */
export function liquidateDue(engine: MatchingEngine, accounts: Map<string, AccountState>, market: Market, now: number): number {
  let closed = 0;
  for (const a of accounts.values()) {
    for (const [symbol, p] of a.positions) {
      if (D.isZero(p.amount)) continue;
      const r = positionRisk(a, market, symbol);
      if (!isLiquidatedAt(p.amount, r.mark, r.liquidation)) continue;
      const placed = engine.place(a.id, {
        symbol,
        side: D.sign(p.amount) > 0 ? 'SELL' : 'BUY',
        type: 'MARKET',
        timeInForce: 'GTC',
        quantity: D.abs(p.amount),
        reduceOnly: true,
        clientOrderId: `autoclose-${now}${closed}`,
      });
      if (!('reject' in placed)) closed++;
    }
  }
  return closed;
}
