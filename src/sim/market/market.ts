// The market: one seeded price path per symbol (geometric Brownian motion; the volatile regime has a wider
// spread, larger steps and occasional jumps), a synthetic book around it, and a trickle of public trades.
// Everything is a function of (seed, symbol, tick number, regime, trend, setPrice calls): same inputs, same prices.
// A planted trend (SimOptions.trendBp) adds a constant log drift to every tick, in any regime.
import * as D from '../../core/decimal.js';
import { roundToStep, stepDecimals } from '../../core/rounding.js';
import type { Regime } from '../types.js';
import { Book } from './book.js';
import { KlineBuilder } from './klines.js';
import { Rng } from './random.js';
import { defaultSymbols, type SymbolSpec } from './symbols.js';

export interface PublicTrade {
  id: number;
  price: string;
  qty: string;
  /** True when the buyer was the maker (the trade hit the bid). */
  buyerMaker: boolean;
}

export interface DayStats {
  open: string;
  high: string;
  low: string;
  last: string;
  lastQty: string;
  volume: string;
  quoteVolume: string;
  firstTradeId: number;
  count: number;
}

/**
 * A planted trend: bp per bar in the history walks, bp per hour on the live path (spread over ticks of
 * `tickMs`). The live drift is the gentler one on purpose: an entry resting at a signal's price must
 * still be reachable by the path's noise, which a drift of that many bp a minute would outrun.
 */
export interface Trend {
  trendBp: number;
  tickMs: number;
}
const NO_TREND: Trend = { trendBp: 0, tickMs: 250 };
const HOUR_MS = 3_600_000;

export class SymbolMarket {
  readonly book: Book;
  readonly rng: Rng;
  mid: string;
  /** Sequence of book updates (bookTicker `u`). */
  updateId = 1;
  tickCount = 0;
  lastTrade: PublicTrade | undefined;
  stats: DayStats;
  #logPrice: number;
  readonly #priceDecimals: number;
  #nextTradeId = 1;

  /** Bars of every interval, from the trades recorded here (klines.ts). */
  readonly klines: KlineBuilder;
  readonly #now: () => number;
  /** The planted trend's log drift per tick (0: none). */
  readonly #driftPerTick: number;

  constructor(
    readonly spec: SymbolSpec,
    seed: string,
    now: () => number = Date.now,
    trend: Trend = NO_TREND,
  ) {
    this.#driftPerTick = (trend.trendBp / 10_000) * (trend.tickMs / HOUR_MS);
    this.#now = now;
    this.rng = new Rng(`${seed}/${spec.symbol}`);
    this.book = new Book(spec);
    this.#priceDecimals = stepDecimals(spec.tickSize);
    this.#logPrice = Math.log(spec.startPrice);
    this.mid = this.#snap(spec.startPrice);
    this.book.rebuild(this.mid, 1, this.rng);
    this.klines = new KlineBuilder(spec, seed, this.mid, now(), trend.trendBp);
    this.stats = {
      open: this.mid,
      high: this.mid,
      low: this.mid,
      last: this.mid,
      lastQty: '0',
      volume: '0',
      quoteVolume: '0',
      firstTradeId: 1,
      count: 0,
    };
  }

  #snap(price: number): string {
    const p = roundToStep(price.toFixed(this.#priceDecimals + 2), this.spec.tickSize, 'nearest');
    return D.gt(p, this.spec.minPrice) ? p : this.spec.minPrice;
  }

  /** Mark price: the mid, on the tick. */
  get mark(): string {
    return this.mid;
  }

  /** One step of the path; rebuilds the book and maybe prints a public trade. */
  tick(regime: Regime): void {
    const vol = regime === 'volatile' ? this.spec.volatileVol : this.spec.calmVol;
    let step = -0.5 * vol * vol + vol * this.rng.normal() + this.#driftPerTick;
    if (regime === 'volatile' && this.rng.next() < 0.03)
      step += (this.rng.next() < 0.5 ? -1 : 1) * (0.01 + 0.03 * this.rng.next());
    // Keep the path inside the symbol's price filter, far from its edges.
    const floor = Math.log(Number(this.spec.minPrice) * 4);
    const cap = Math.log(Number(this.spec.maxPrice) / 4);
    this.#logPrice = Math.min(cap, Math.max(floor, this.#logPrice + step));
    this.mid = this.#snap(Math.exp(this.#logPrice));
    const spread = regime === 'volatile' ? 1 + this.rng.int(4) : 1;
    this.book.rebuild(this.mid, spread, this.rng);
    this.updateId++;
    this.tickCount++;
    this.lastTrade = undefined;
    if (this.rng.next() < 0.7) {
      const buyerMaker = this.rng.next() < 0.5;
      const level = buyerMaker ? this.book.bestBid() : this.book.bestAsk();
      const raw = (this.spec.levelQty * 0.1 * (0.1 + this.rng.next())).toFixed(8);
      const qty = D.max(roundToStep(raw, this.spec.stepSize, 'down'), this.spec.stepSize);
      if (level) this.recordTrade(level.price, qty, buyerMaker);
    }
  }

  /** Moves the mid to `price` (control API): the book follows at once. */
  setPrice(price: string, regime: Regime): void {
    this.mid = roundToStep(price, this.spec.tickSize, 'nearest');
    this.#logPrice = Math.log(D.toNumber(this.mid));
    this.book.rebuild(this.mid, regime === 'volatile' ? 3 : 1, this.rng);
    this.updateId++;
  }

  /** Records a public trade (synthetic, or one of our clients' fills) in the 24 h statistics. */
  recordTrade(price: string, qty: string, buyerMaker: boolean): PublicTrade {
    const trade = { id: this.#nextTradeId++, price, qty, buyerMaker };
    const s = this.stats;
    s.last = price;
    s.lastQty = qty;
    if (D.gt(price, s.high)) s.high = price;
    if (D.lt(price, s.low)) s.low = price;
    s.volume = D.add(s.volume, qty);
    s.quoteVolume = D.add(s.quoteVolume, D.mul(price, qty));
    s.count++;
    this.lastTrade = trade;
    this.klines.trade(trade.id, price, qty, buyerMaker, this.#now());
    return trade;
  }
}

export class Market {
  readonly symbols = new Map<string, SymbolMarket>();
  regime: Regime;

  /** `now`: the sim clock (trades land in the klines at its time). */
  constructor(seed: string, regime: Regime = 'calm', specs: readonly SymbolSpec[] = defaultSymbols, now: () => number = Date.now, trend: Trend = NO_TREND) {
    this.regime = regime;
    for (const spec of specs) this.symbols.set(spec.symbol, new SymbolMarket(spec, seed, now, trend));
  }

  get(symbol: string): SymbolMarket | undefined {
    return this.symbols.get(symbol);
  }

  tick(): void {
    for (const m of this.symbols.values()) m.tick(this.regime);
  }
}
