/**
 * The L2 watcher's market rules, per symbol: atr-move (the mid moved k×ATR within t seconds),
 * spread (the spread blew out to a multiple of its recent average), depth (the best bid's or
 * ask's size fell to a share of its recent average) and funding-flip (the rate changed sign).
 *
 * The ATR is the brief's (its frame of `atrTimeframe`), or bars the caller gives, or else bars
 * the watcher builds from the tickers themselves (the mid's open/high/low/close per timeframe), so
 * the rule works before the kline feed has anything. Averages are time-weighted (a sample weighs
 * by how long it stood), so a burst of a thousand tickers a second does not swamp them.
 */
import { sub } from '../decimal.js';
import type { Funding } from '../types.js';
import { averageTrueRange } from './atr.js';
import type { AlertsConfig } from './watcher-config.js';
import type { Episodes } from './watcher-episodes.js';
import type { WatchedTicker } from './watcher-input.js';
import { WindowExtremes } from './window-extremes.js';
import type { Alert, Kline } from './types.js';

/** How long the spread and size averages remember: about a minute. */
export const AVERAGE_TAU_MS = 60_000;
/** Samples an average needs before a rule compares against it. */
export const AVERAGE_WARMUP = 20;
/** Bars the ATR averages over. */
export const ATR_BARS = 14;
/** Closed bars the ticker-built ATR needs before the atr-move rule trusts it. */
export const ATR_MIN_BARS = 5;

/** A time-weighted moving average: a sample's weight grows with how long the previous one stood. */
class TimeAverage {
  value = 0;
  samples = 0;
  #lastAt = 0;
  add(at: number, x: number): void {
    this.samples++;
    // Until it has seen enough, a plain mean (weight 1/n): the first sample does not stand for a minute.
    const weight = Math.max(1 / this.samples, 1 - Math.exp(-Math.max(0, at - this.#lastAt) / AVERAGE_TAU_MS));
    this.value += weight * (x - this.value);
    this.#lastAt = at;
  }
  get warm(): boolean {
    return this.samples >= AVERAGE_WARMUP && this.value > 0;
  }
}

/** Bars of the mid, `barMs` long, built from the tickers: the ATR when nothing better is given. */
class TickerBars {
  readonly closed: Kline[] = [];
  #open: Kline | undefined;
  constructor(readonly barMs: number) {}
  add(at: number, price: number): void {
    const openTime = Math.floor(at / this.barMs) * this.barMs;
    const bar = this.#open;
    if (bar !== undefined && bar.openTime === openTime) {
      bar.high = Math.max(bar.high, price);
      bar.low = Math.min(bar.low, price);
      bar.close = price;
      return;
    }
    if (bar !== undefined) {
      this.closed.push({ ...bar, closed: true });
      if (this.closed.length > ATR_BARS + 1) this.closed.shift();
    }
    this.#open = { openTime, open: price, high: price, low: price, close: price, volume: 0, closed: false };
  }
}

interface SymbolWatch {
  window: WindowExtremes;
  tickerBars: TickerBars;
  /** The brief's or the caller's ATR, which wins over the ticker-built one. */
  givenAtr: number | undefined;
  spread: TimeAverage;
  bidQty: TimeAverage;
  askQty: TimeAverage;
  /** The last non-zero funding rate, as the venue wrote it. */
  fundingRate: string | undefined;
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(4)).toString());

export class MarketRules {
  readonly #symbols = new Map<string, SymbolWatch>();
  readonly #config: AlertsConfig;
  readonly #episodes: Episodes;
  readonly #barMs: number;

  constructor(config: AlertsConfig, episodes: Episodes, barMs: number) {
    this.#config = config;
    this.#episodes = episodes;
    this.#barMs = barMs;
  }

  #watch(symbol: string): SymbolWatch {
    let w = this.#symbols.get(symbol);
    if (w === undefined) {
      w = {
        window: new WindowExtremes(this.#config.atrMoveSeconds * 1000),
        tickerBars: new TickerBars(this.#barMs),
        givenAtr: undefined,
        spread: new TimeAverage(),
        bidQty: new TimeAverage(),
        askQty: new TimeAverage(),
        fundingRate: undefined,
      };
      this.#symbols.set(symbol, w);
    }
    return w;
  }

  /** The ATR the atr-move rule measures with now, if it has one. */
  atrOf(symbol: string): number | undefined {
    const w = this.#symbols.get(symbol);
    if (w === undefined) return undefined;
    if (w.givenAtr !== undefined) return w.givenAtr;
    return w.tickerBars.closed.length >= ATR_MIN_BARS ? averageTrueRange(w.tickerBars.closed, ATR_BARS) : undefined;
  }

  /** The ATR from elsewhere (the brief's frame, or bars of the kline feed); a non-positive one is ignored. */
  setAtr(symbol: string, atr: number | undefined): void {
    if (atr !== undefined && Number.isFinite(atr) && atr > 0) this.#watch(symbol).givenAtr = atr;
  }

  setBars(symbol: string, bars: readonly Kline[]): void {
    this.setAtr(symbol, averageTrueRange(bars, ATR_BARS));
  }

  ticker(e: WatchedTicker, out: Alert[]): void {
    const bid = Number(e.bid);
    const ask = Number(e.ask);
    if (!(bid > 0 && ask > 0 && ask >= bid)) return;
    const w = this.#watch(e.symbol);
    const mid = (bid + ask) / 2;
    w.window.add(e.at, mid);
    w.tickerBars.add(e.at, mid);
    this.#atrMove(e.symbol, w, e.at, mid, out);
    // The spread in decimal first: 65000.4 − 65000.0 is 0.4, not 0.39999….
    this.#spread(e.symbol, w, e.at, Number(sub(e.ask, e.bid)), out);
    if (e.bidQty !== undefined && e.askQty !== undefined) this.#depth(e.symbol, w, e.at, Number(e.bidQty), Number(e.askQty), out);
  }

  #atrMove(symbol: string, w: SymbolWatch, at: number, mid: number, out: Alert[]): void {
    const atr = this.atrOf(symbol);
    const ext = w.window.extremes();
    if (atr === undefined || ext === undefined) return;
    const up = mid - ext.min.value;
    const down = ext.max.value - mid;
    const rising = up >= down;
    const move = rising ? up : down;
    const k = this.#config.atrMoveK;
    if (move < k * atr) {
      this.#episodes.clear('atr-move', symbol);
      return;
    }
    const from = rising ? ext.min : ext.max;
    const secs = Math.max(0, Math.round((at - from.at) / 1000));
    const multiple = move / atr;
    const alert = this.#episodes.hold(
      {
        rule: 'atr-move',
        subject: symbol,
        symbol,
        severity: multiple >= 2 * k ? 'critical' : 'warn',
        text: `${symbol} ${rising ? 'rose' : 'fell'} ${multiple.toFixed(1)}×ATR(${this.#config.atrTimeframe}) in ${secs} s (${fmt(from.value)} → ${fmt(mid)})`,
      },
      at,
    );
    if (alert !== undefined) out.push(alert);
  }

  #spread(symbol: string, w: SymbolWatch, at: number, spread: number, out: Alert[]): void {
    const avg = w.spread;
    const ratio = this.#config.spreadRatio;
    // Compared before the sample joins the average it is judged against.
    if (avg.warm && spread >= ratio * avg.value * (1 - 1e-9)) {
      const alert = this.#episodes.hold(
        {
          rule: 'spread',
          subject: symbol,
          symbol,
          severity: 'warn',
          text: `${symbol} spread ${fmt(spread)} is ${(spread / avg.value).toFixed(1)}× its average ${fmt(avg.value)}`,
        },
        at,
      );
      if (alert !== undefined) out.push(alert);
    } else if (avg.warm) this.#episodes.clear('spread', symbol);
    avg.add(at, spread);
  }

  #depth(symbol: string, w: SymbolWatch, at: number, bidQty: number, askQty: number, out: Alert[]): void {
    const ratio = this.#config.depthRatio;
    const sides = [
      ['bid', bidQty, w.bidQty],
      ['ask', askQty, w.askQty],
    ] as const;
    let thin: string | undefined;
    for (const [side, qty, avg] of sides) {
      if (thin === undefined && avg.warm && qty < ratio * avg.value)
        thin = `${symbol} best ${side} size ${fmt(qty)} is ${Math.round((qty / avg.value) * 100)}% of its average ${fmt(avg.value)}`;
    }
    if (thin !== undefined) {
      const alert = this.#episodes.hold({ rule: 'depth', subject: symbol, symbol, severity: 'warn', text: thin }, at);
      if (alert !== undefined) out.push(alert);
    } else if (w.bidQty.warm && w.askQty.warm) this.#episodes.clear('depth', symbol);
    for (const [, qty, avg] of sides) if (Number.isFinite(qty)) avg.add(at, qty);
  }

  funding(at: number, f: Funding, out: Alert[]): void {
    const rate = Number(f.rate);
    if (!Number.isFinite(rate)) return;
    const w = this.#watch(f.symbol);
    const prev = w.fundingRate;
    // A zero rate is neither side: the flip is judged against the last non-zero one.
    if (rate !== 0) w.fundingRate = f.rate;
    if (!this.#config.fundingFlip || prev === undefined || rate === 0 || Math.sign(rate) === Math.sign(Number(prev))) return;
    // Each flip is news: the episode ends at once, so the next flip (back) fires too, after the re-arm wait.
    const alert = this.#episodes.hold(
      {
        rule: 'funding-flip',
        subject: f.symbol,
        symbol: f.symbol,
        severity: 'info',
        text: `${f.symbol} funding turned ${rate > 0 ? 'positive (longs pay)' : 'negative (shorts pay)'}: ${prev} → ${f.rate}`,
      },
      at,
    );
    this.#episodes.clear('funding-flip', f.symbol);
    if (alert !== undefined) out.push(alert);
  }
}
