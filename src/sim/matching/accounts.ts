// Balances and one-way positions of an account, in exact decimals. One leverage and one margin mode (cross
// by default, or isolated) per symbol; the risk figures built on them are in ./margin.ts.
import * as D from '../../core/decimal.js';
import type { SpotFunds } from './spot.js';

export interface Position {
  symbol: string;
  /** Signed: > 0 long, < 0 short. */
  amount: string;
  entryPrice: string;
  updateTime: number;
}

export const MAKER_FEE = '0.0002';
export const TAKER_FEE = '0.0004';
export const DEFAULT_LEVERAGE = 20;

export class AccountState {
  readonly balances = new Map<string, string>();
  readonly positions = new Map<string, Position>();
  readonly leverage = new Map<string, number>();
  /** Symbols in isolated margin; every other symbol is cross. */
  readonly isolated = new Set<string>();
  /** Per account instead of per symbol (Bybit's unified account): every symbol isolated. */
  allIsolated = false;
  /** Initial margin held by open orders, per symbol (kept incrementally). */
  readonly orderMargin = new Map<string, string>();
  /** Realised PnL accumulated per symbol (ACCOUNT_UPDATE `cr`). */
  readonly realized = new Map<string, string>();
  updateTime = 0;
  /** A spot account (spot dialects): assets and the amounts open orders lock, in place of margin. */
  spot: SpotFunds | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    balances: Record<string, string>,
  ) {
    for (const [asset, amount] of Object.entries(balances)) this.balances.set(asset, D.normalize(amount));
  }

  wallet(asset = 'USDT'): string {
    return this.balances.get(asset) ?? '0';
  }

  leverageOf(symbol: string): number {
    return this.leverage.get(symbol) ?? DEFAULT_LEVERAGE;
  }

  marginModeOf(symbol: string): 'cross' | 'isolated' {
    return this.allIsolated || this.isolated.has(symbol) ? 'isolated' : 'cross';
  }

  /**
   * An isolated position's margin, simplified: its entry notional at the symbol's leverage (no
   * margin added or removed by hand, none moved by a leverage change). '0' for cross or flat.
   */
  isolatedMargin(symbol: string): string {
    const p = this.positions.get(symbol);
    if (!p || D.isZero(p.amount) || this.marginModeOf(symbol) !== 'isolated') return '0';
    return D.div(D.mul(D.abs(p.amount), p.entryPrice), String(this.leverageOf(symbol)), 8, 'ceil');
  }

  position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) {
      p = { symbol, amount: '0', entryPrice: '0', updateTime: 0 };
      this.positions.set(symbol, p);
    }
    return p;
  }

  /**
   * Books a fill into the position and the wallet. Returns the realised PnL (before the fee). Entry price
   * is the volume-weighted average while the position grows, unchanged while it shrinks, and the fill price
   * when it flips.
   */
  applyFill(
    symbol: string,
    side: 'BUY' | 'SELL',
    qty: string,
    price: string,
    fee: string,
    time: number,
  ): string {
    const p = this.position(symbol);
    const signed = side === 'BUY' ? qty : D.neg(qty);
    const old = p.amount;
    let realized = '0';
    if (D.isZero(old) || D.sign(old) === D.sign(signed)) {
      const total = D.add(D.abs(old), qty);
      p.entryPrice = D.div(D.add(D.mul(D.abs(old), p.entryPrice), D.mul(qty, price)), total, 12, 'half_up');
      p.amount = D.add(old, signed);
    } else {
      const closed = D.min(D.abs(old), qty);
      const direction = D.sign(old) > 0 ? price : D.neg(price);
      const entryLeg = D.sign(old) > 0 ? p.entryPrice : D.neg(p.entryPrice);
      realized = D.mul(D.sub(direction, entryLeg), closed);
      p.amount = D.add(old, signed);
      if (D.isZero(p.amount)) p.entryPrice = '0';
      else if (D.sign(p.amount) !== D.sign(old)) p.entryPrice = price;
    }
    p.updateTime = time;
    this.realized.set(symbol, D.add(this.realized.get(symbol) ?? '0', realized));
    this.balances.set('USDT', D.sub(D.add(this.wallet(), realized), fee));
    this.updateTime = time;
    return realized;
  }

  unrealized(symbol: string, mark: string): string {
    const p = this.positions.get(symbol);
    if (!p || D.isZero(p.amount)) return '0';
    return D.mul(D.sub(mark, p.entryPrice), p.amount);
  }

  positionMargin(symbol: string, mark: string): string {
    const p = this.positions.get(symbol);
    if (!p || D.isZero(p.amount)) return '0';
    if (this.marginModeOf(symbol) === 'isolated') return this.isolatedMargin(symbol);
    return D.div(D.mul(D.abs(p.amount), mark), String(this.leverageOf(symbol)), 8, 'half_up');
  }

  addOrderMargin(symbol: string, delta: string): void {
    this.orderMargin.set(symbol, D.add(this.orderMargin.get(symbol) ?? '0', delta));
  }

  /** Wallet + uPnL − position margin − open-order margin, over every symbol (marks given). */
  available(marks: Map<string, string>): string {
    let avail = this.wallet();
    for (const [symbol, mark] of marks) {
      avail = D.add(avail, this.unrealized(symbol, mark));
      avail = D.sub(avail, this.positionMargin(symbol, mark));
      avail = D.sub(avail, this.orderMargin.get(symbol) ?? '0');
    }
    return avail;
  }
}
