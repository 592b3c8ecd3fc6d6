/**
 * Hyperliquid names a perp by its index in `meta.universe` (BTC = 0 on mainnet), not by its name,
 * and the index differs between mainnet, testnet and the local venue. The instruments reply
 * (parse.ts) records each coin's index and size decimals here, per environment; order and cancel
 * builders read them at build time. An order for a coin not loaded yet is refused with a named
 * error rather than sent to whichever asset happens to have that number.
 */
import { InvalidIntentError } from '../shared/errors.js';
import type { Env } from '../venue.js';

export interface AssetInfo {
  coin: string;
  index: number;
  szDecimals: number;
}

const tables = new Map<Env, Map<string, AssetInfo>>();

/** Replaces the environment's table with the venue's universe. */
export function rememberAssets(env: Env, assets: readonly AssetInfo[]): void {
  tables.set(env, new Map(assets.map((a) => [a.coin, a])));
}

export function assetOf(env: Env, coin: string): AssetInfo {
  const info = tables.get(env)?.get(coin);
  if (info === undefined) {
    const known = tables.get(env);
    const why =
      known === undefined
        ? `the ${env} asset list is not loaded (instruments/meta first)`
        : `the ${env} universe has no perp named ${coin}`;
    throw new InvalidIntentError(`hyperliquid: no asset index for ${JSON.stringify(coin)}: ${why}`);
  }
  return info;
}

/** Coin of an asset index, for replies that name the asset by number. */
export function coinOf(env: Env, index: number): string | undefined {
  for (const a of tables.get(env)?.values() ?? []) if (a.index === index) return a.coin;
  return undefined;
}
