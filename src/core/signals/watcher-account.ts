/**
 * The L2 watcher's account rules: liquidation-distance (the mark within x % of a position's
 * liquidation price), no-stop (a position with no stop resting on the venue for longer than a
 * grace period: the time it takes to place one after an entry) and large-fill (one execution's
 * notional at or above a size). The watcher keeps its own picture of positions and open orders
 * from the events, as the store does, so it needs nothing but the event stream.
 */
import { isTerminalOrderState, type Fill, type Order, type Position } from '../types.js';
import { protectionOf } from '../protection.js';
import type { AlertsConfig } from './watcher-config.js';
import type { Episodes } from './watcher-episodes.js';
import type { Alert } from './types.js';

const pct = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

export class AccountRules {
  readonly #positions = new Map<string, Position>();
  readonly #orders = new Map<string, Order>();
  /** When each symbol's position was first seen without a stop. */
  readonly #bareSince = new Map<string, number>();
  /** The freshest mid per symbol: the liquidation distance follows the market between position updates. */
  readonly #mids = new Map<string, number>();
  readonly #config: AlertsConfig;
  readonly #episodes: Episodes;

  constructor(config: AlertsConfig, episodes: Episodes) {
    this.#config = config;
    this.#episodes = episodes;
  }

  positions(at: number, snapshot: boolean, positions: readonly Position[], out: Alert[]): void {
    const touched = new Set(positions.map((p) => p.symbol));
    if (snapshot) for (const symbol of this.#positions.keys()) touched.add(symbol);
    if (snapshot) this.#positions.clear();
    for (const p of positions) {
      if (Number(p.qty) === 0) this.#positions.delete(p.symbol);
      else this.#positions.set(p.symbol, p);
    }
    for (const symbol of touched) {
      this.#liquidation(at, symbol, out);
      this.#stop(at, symbol, out);
    }
  }

  order(at: number, order: Order, out: Alert[]): void {
    if (isTerminalOrderState(order.state)) this.#orders.delete(order.clientOrderId);
    else this.#orders.set(order.clientOrderId, order);
    this.#stop(at, order.symbol, out);
  }

  ordersSnapshot(at: number, orders: readonly Order[], out: Alert[]): void {
    this.#orders.clear();
    for (const o of orders) if (!isTerminalOrderState(o.state)) this.#orders.set(o.clientOrderId, o);
    for (const symbol of this.#positions.keys()) this.#stop(at, symbol, out);
  }

  mid(at: number, symbol: string, mid: number, out: Alert[]): void {
    this.#mids.set(symbol, mid);
    if (this.#positions.has(symbol)) this.#liquidation(at, symbol, out);
  }

  fill(at: number, fill: Fill, out: Alert[]): void {
    const notional = Number(fill.price) * Number(fill.qty);
    if (!(notional >= this.#config.largeFillNotional)) return;
    // Each fill is its own episode, closed at once: a fill replayed within the re-arm wait (a
    // resync) stays quiet, and the episode is dropped after it (one per trade id would pile up).
    const subject = `${fill.symbol} ${fill.tradeId}`;
    const alert = this.#episodes.hold(
      {
        rule: 'large-fill',
        subject,
        symbol: fill.symbol,
        severity: 'info',
        text: `${fill.symbol} ${fill.side.toUpperCase()} ${fill.qty} @ ${fill.price} filled: ${Math.round(notional)} notional`,
      },
      at,
    );
    this.#episodes.clear('large-fill', subject);
    if (alert !== undefined) out.push(alert);
  }

  /** Time-driven checks (a position bare past its grace period with no event since). */
  tick(now: number, out: Alert[]): void {
    for (const symbol of this.#bareSince.keys()) this.#stop(now, symbol, out);
  }

  #liquidation(at: number, symbol: string, out: Alert[]): void {
    const p = this.#positions.get(symbol);
    const liq = p?.liquidationPrice === undefined ? Number.NaN : Number(p.liquidationPrice);
    const mark = this.#mids.get(symbol) ?? Number(p?.markPrice);
    if (p === undefined || !(liq > 0) || !(mark > 0)) {
      this.#episodes.clear('liquidation-distance', symbol);
      return;
    }
    const distance = (Math.abs(mark - liq) / mark) * 100;
    const limit = this.#config.liquidationPct;
    if (distance >= limit) {
      this.#episodes.clear('liquidation-distance', symbol);
      return;
    }
    const side = Number(p.qty) > 0 ? 'long' : 'short';
    const alert = this.#episodes.hold(
      {
        rule: 'liquidation-distance',
        subject: symbol,
        symbol,
        severity: distance < limit / 2 ? 'critical' : 'warn',
        text: `${symbol} ${side} ${p.qty} is ${pct(distance)}% from liquidation at ${p.liquidationPrice}`,
      },
      at,
    );
    if (alert !== undefined) out.push(alert);
  }

  #stop(at: number, symbol: string, out: Alert[]): void {
    const p = this.#positions.get(symbol);
    const orders = [...this.#orders.values()].filter((o) => o.symbol === symbol);
    if (p === undefined || !protectionOf(p, orders).unprotected) {
      this.#bareSince.delete(symbol);
      this.#episodes.clear('no-stop', symbol);
      return;
    }
    const since = this.#bareSince.get(symbol) ?? at;
    this.#bareSince.set(symbol, since);
    const secs = (at - since) / 1000;
    if (secs < this.#config.noStopSeconds) return;
    const side = Number(p.qty) > 0 ? 'long' : 'short';
    const alert = this.#episodes.hold(
      { rule: 'no-stop', subject: symbol, symbol, severity: 'warn', text: `${symbol} ${side} ${p.qty} has no stop (for ${Math.round(secs)} s)` },
      at,
    );
    if (alert !== undefined) out.push(alert);
  }
}
