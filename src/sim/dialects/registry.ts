// The sim's one registry of dialects. Adding a venue to the local venue is a folder under
// src/sim/dialects/ whose spec.ts exports a DialectSpec, and one line here. Nothing in the sim outside
// a dialect's folder names a venue; everything that differs by venue is in its spec.
import { binanceUsdm } from './binance-usdm/spec.js';
import { bybit } from './bybit/spec.js';
import { hyperliquid } from './hyperliquid/spec.js';
import { kraken } from './kraken/spec.js';
import { okx } from './okx/spec.js';
import type { DialectSpec } from './spec.js';

export const DIALECTS = {
  'binance-usdm': binanceUsdm,
  okx,
  hyperliquid,
  bybit,
  kraken,
} as const;

/** Wire dialects the sim speaks. */
export type SimDialect = keyof typeof DIALECTS;

/** What `startSim` speaks when no dialect is named. */
export const DEFAULT_DIALECT: SimDialect = 'binance-usdm';

export const SIM_DIALECT_IDS = Object.keys(DIALECTS) as SimDialect[];

export function isSimDialect(name: string): name is SimDialect {
  return Object.hasOwn(DIALECTS, name);
}

/** The spec of a known dialect, typed loosely: the sim core handles its limits and rights as opaque. */
export function dialectSpec(name: SimDialect): DialectSpec {
  return DIALECTS[name] as unknown as DialectSpec;
}
