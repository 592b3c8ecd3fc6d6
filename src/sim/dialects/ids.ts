// The names of the dialects the local venue speaks, apart from the dialects themselves: the
// cockpit checks a venue against them on its main thread before it starts the local venue in a
// worker, and must not load every dialect (its specs, verifiers and ethers) to do so.
// registry.ts holds one spec per name here (a name without a spec, or a spec without a name,
// does not compile).

export const SIM_DIALECT_IDS = ['binance-usdm', 'okx', 'hyperliquid', 'bybit', 'kraken', 'coinbase'] as const;

/** Wire dialects the sim speaks. */
export type SimDialect = (typeof SIM_DIALECT_IDS)[number];

export function isSimDialect(name: string): name is SimDialect {
  return (SIM_DIALECT_IDS as readonly string[]).includes(name);
}
