// A synthetic order book around the mid: a few levels per side whose sizes are redrawn every tick from the
// symbol's seeded stream. Liquidity taken by orders stays taken until the next tick, so a large market order
// walks the levels (slippage) and a large resting order fills over several ticks (partial fills).
import * as D from '../../core/decimal.js';
import { roundToStep } from '../../core/rounding.js';
import type { Rng } from './random.js';
import type { SymbolSpec } from './symbols.js';

export interface Level {
  price: string;
  qty: string;
}

export const BOOK_LEVELS = 20;

export class Book {
  bids: Level[] = [];
  asks: Level[] = [];

  constructor(readonly spec: SymbolSpec) {}

  /** Rebuilds both sides around `mid` with `spreadTicks` between best bid and best ask. */
  rebuild(mid: string, spreadTicks: number, rng: Rng): void {
    const tick = this.spec.tickSize;
    const half = Math.floor(spreadTicks / 2);
    const bestBid = D.sub(roundToStep(mid, tick, 'floor'), D.mul(tick, String(half)));
    const bestAsk = D.add(bestBid, D.mul(tick, String(spreadTicks)));
    this.bids = [];
    this.asks = [];
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const gap = D.mul(tick, String(i));
      this.bids.push({ price: D.sub(bestBid, gap), qty: this.#drawQty(rng, i) });
      this.asks.push({ price: D.add(bestAsk, gap), qty: this.#drawQty(rng, i) });
    }
    this.bids = this.bids.filter((l) => D.gt(l.price, '0'));
  }

  #drawQty(rng: Rng, depth: number): string {
    const x = this.spec.levelQty * (0.3 + rng.next() * 1.4) * (1 + depth * 0.15);
    const q = roundToStep(x.toFixed(8), this.spec.stepSize, 'down');
    return D.isZero(q) ? this.spec.stepSize : q;
  }

  bestBid(): Level | undefined {
    return this.bids.find((l) => !D.isZero(l.qty));
  }

  bestAsk(): Level | undefined {
    return this.asks.find((l) => !D.isZero(l.qty));
  }

  /**
   * Takes up to `qty` from the side a taker of `side` hits, at prices no worse than `limit` (undefined:
   * any price). Returns the fills, level by level; the book keeps what is left.
   */
  take(side: 'BUY' | 'SELL', qty: string, limit: string | undefined): Level[] {
    const levels = side === 'BUY' ? this.asks : this.bids;
    const fills: Level[] = [];
    let left = qty;
    for (const level of levels) {
      if (D.isZero(left)) break;
      if (D.isZero(level.qty)) continue;
      if (limit !== undefined && (side === 'BUY' ? D.gt(level.price, limit) : D.lt(level.price, limit)))
        break;
      const q = D.min(left, level.qty);
      fills.push({ price: level.price, qty: q });
      level.qty = D.sub(level.qty, q);
      left = D.sub(left, q);
    }
    return fills;
  }

  /** How much a taker of `side` could get at prices no worse than `limit`. */
  available(side: 'BUY' | 'SELL', limit: string | undefined): string {
    const levels = side === 'BUY' ? this.asks : this.bids;
    let total = '0';
    for (const level of levels) {
      if (limit !== undefined && (side === 'BUY' ? D.gt(level.price, limit) : D.lt(level.price, limit)))
        break;
      total = D.add(total, level.qty);
    }
    return total;
  }
}
