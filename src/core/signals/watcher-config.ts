/**
 * The L2 watcher's thresholds (docs/signals.md §L2 watcher): what each rule fires on, with
 * defaults a trader can start from. The profile's `signals.alerts` section (src/custody/profile.ts)
 * overrides any of them by the same flat names; `alertsConfig` fills in the rest.
 */
import type { AlertRule, Timeframe } from './types.js';

export interface AlertsConfig {
  /** Rules that never fire. */
  off: readonly AlertRule[];
  /** Ring the terminal bell once per new warn or critical alert. */
  bell: boolean;
  /** Flash the Alerts line once per new critical alert. */
  flash: boolean;
  /** An episode that cleared fires again only this long after its last alert: a flapping condition is one line a minute at most. */
  rearmSeconds: number;
  /** atr-move: a move of this many ATRs … */
  atrMoveK: number;
  /** … within this many seconds … */
  atrMoveSeconds: number;
  /** … measured in the ATR of this timeframe (the brief's, or bars built from the tickers). */
  atrTimeframe: Timeframe;
  /** spread: the spread is this many times its recent average (a time-weighted mean over about a minute). */
  spreadRatio: number;
  /** depth: the best bid's or best ask's size fell below this share of its recent average. */
  depthRatio: number;
  /** funding-flip: on (the rate changed sign between two readings). */
  fundingFlip: boolean;
  /** liquidation-distance: the mark is within this % of the liquidation price (warn; critical at half of it). */
  liquidationPct: number;
  /** no-stop: a position has had no stop covering it for this long. */
  noStopSeconds: number;
  /** disconnect: a socket has been down (reconnecting) or silent for this long. */
  disconnectSeconds: number;
  /** clock: the venue clock is this far from ours (ms) … */
  clockOffsetMs: number;
  /** … or the estimate is this unsure (ms): signed requests risk the venue's receive window. */
  clockUncertaintyMs: number;
  /** budget: a rate-limit pool is this % used (warn); limited warns, banned is critical. */
  budgetPct: number;
  /** large-fill: a fill's notional (price × qty, in the quote currency) at least this. */
  largeFillNotional: number;
}

export const DEFAULT_ALERTS: Readonly<AlertsConfig> = {
  off: [],
  bell: false,
  flash: false,
  rearmSeconds: 60,
  atrMoveK: 3,
  atrMoveSeconds: 60,
  atrTimeframe: '1m',
  spreadRatio: 3,
  depthRatio: 0.2,
  fundingFlip: true,
  liquidationPct: 10,
  noStopSeconds: 30,
  disconnectSeconds: 5,
  clockOffsetMs: 1_000,
  clockUncertaintyMs: 500,
  budgetPct: 80,
  largeFillNotional: 100_000,
};

/** What the profile may say: any of the fields, each overriding its default. */
export type AlertsSettings = Partial<AlertsConfig>;

export function alertsConfig(settings: AlertsSettings = {}): AlertsConfig {
  const out = { ...DEFAULT_ALERTS };
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) Object.assign(out, { [name]: value });
  return out;
}
