// The sim's one registry of dialects. Adding a venue to the local venue is a folder under
// src/sim/dialects/ whose spec.ts exports a DialectSpec, one line here and its name in ids.ts (the
// names alone, light enough for the cockpit's main thread). Nothing in the sim outside a dialect's
// folder names a venue; everything that differs by venue is in its spec.
import { binanceUsdm } from './binance-usdm/spec.js';
import { bybit } from './bybit/spec.js';
import { coinbase } from './coinbase/spec.js';
import { hyperliquid } from './hyperliquid/spec.js';
import { kraken } from './kraken/spec.js';
import { okx } from './okx/spec.js';
import { SIM_DIALECT_IDS, type SimDialect, isSimDialect } from './ids.js';
import type { DialectSpec } from './spec.js';

export { isSimDialect, SIM_DIALECT_IDS, type SimDialect };

export const DIALECTS = {
  'binance-usdm': binanceUsdm,
  okx,
  hyperliquid,
  bybit,
  kraken,
  coinbase,
} as const satisfies Record<SimDialect, unknown>;

/** What `startSim` speaks when no dialect is named. */
export const DEFAULT_DIALECT: SimDialect = 'binance-usdm';

/** The spec of a known dialect, typed loosely: the sim core handles its limits and rights as opaque. */
export function dialectSpec(name: SimDialect): DialectSpec {
  return DIALECTS[name] as unknown as DialectSpec;
}
