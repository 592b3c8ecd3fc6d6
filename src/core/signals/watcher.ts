/**
 * L2, the event watcher (docs/signals.md §L2 watcher): engine events in, alerts out. Pure — it
 * reads each event's own `at` as the time, and `tick(now)` is how a grace period runs out with no
 * event (a socket still down, a position still bare); the engine side (src/engine/signals/
 * watch-sink.ts) tees the engine's sink into it and calls `tick` once a second.
 *
 * Every rule is de-duplicated by episode (watcher-episodes.ts): it fires when its condition
 * starts, not while it lasts, and re-arms when it clears.
 */
import { AccountRules } from './watcher-account.js';
import { type AlertsConfig, type AlertsSettings, alertsConfig } from './watcher-config.js';
import { Episodes } from './watcher-episodes.js';
import { HealthRules } from './watcher-health.js';
import type { WatchedEvent } from './watcher-input.js';
import { MarketRules } from './watcher-market.js';
import { type Alert, type Kline, TIMEFRAME_MS } from './types.js';

export interface WatcherOptions {
  /** Thresholds: the profile's `signals.alerts`, over the defaults. */
  alerts?: AlertsSettings;
  /** Put in front of every alert id, so that a desk's accounts' ids never collide ('bin-main/'). */
  idPrefix?: string;
  /**
   * Length of the bars the watcher builds from tickers when no brief or bars give the ATR;
   * default the `atrTimeframe`'s. A test on the local venue shortens it to see bars in seconds.
   */
  tickerBarMs?: number;
}

const NONE: readonly Alert[] = Object.freeze([]);

export class Watcher {
  readonly config: AlertsConfig;
  readonly #market: MarketRules;
  readonly #account: AccountRules;
  readonly #health: HealthRules;

  constructor(opts: WatcherOptions = {}) {
    this.config = alertsConfig(opts.alerts);
    const episodes = new Episodes({ off: this.config.off, rearmMs: this.config.rearmSeconds * 1000, idPrefix: opts.idPrefix ?? '' });
    this.#market = new MarketRules(this.config, episodes, opts.tickerBarMs ?? TIMEFRAME_MS[this.config.atrTimeframe]);
    this.#account = new AccountRules(this.config, episodes);
    this.#health = new HealthRules(this.config, episodes);
  }

  /** The alerts this event starts (most events: none). */
  observe(e: WatchedEvent): readonly Alert[] {
    const out: Alert[] = [];
    switch (e.type) {
      case 'ticker': {
        this.#market.ticker(e, out);
        const mid = (Number(e.bid) + Number(e.ask)) / 2;
        if (mid > 0) this.#account.mid(e.at, e.symbol, mid, out);
        break;
      }
      case 'funding':
        this.#market.funding(e.at, e.funding, out);
        break;
      case 'positions':
        this.#account.positions(e.at, e.snapshot, e.positions, out);
        break;
      case 'order':
        this.#account.order(e.at, e.order, out);
        break;
      case 'orders-snapshot':
        this.#account.ordersSnapshot(e.at, e.orders, out);
        break;
      case 'fill':
        this.#account.fill(e.at, e.fill, out);
        break;
      case 'connection':
        this.#health.connection(e, out);
        break;
      case 'socket-silence':
        this.#health.silence(e.at, e.socket, e.silent, e.reason, out);
        break;
      case 'clock':
        this.#health.clock(e.at, e.offsetMs, e.uncertaintyMs, out);
        break;
      case 'budget':
        this.#health.budget(e, out);
        break;
      case 'signals':
        if (e.part === 'brief') this.#market.setAtr(e.brief.symbol, e.brief.frames[this.config.atrTimeframe]?.atr);
        break;
    }
    return out.length === 0 ? NONE : out;
  }

  /** Grace periods that ran out with no event: a socket still down, a position still without a stop. */
  tick(now: number): readonly Alert[] {
    const out: Alert[] = [];
    this.#health.tick(now, out);
    this.#account.tick(now, out);
    return out.length === 0 ? NONE : out;
  }

  /** Bars of `atrTimeframe` from the kline feed: their ATR is what atr-move measures with from now on. */
  setBars(symbol: string, bars: readonly Kline[]): void {
    this.#market.setBars(symbol, bars);
  }

  /** The ATR atr-move measures `symbol` with now (the brief's, the bars', or the tickers'), if any. */
  atrOf(symbol: string): number | undefined {
    return this.#market.atrOf(symbol);
  }
}
