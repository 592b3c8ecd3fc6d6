// Custody's view of the venues: which parts a key has on each, and how to ask what it may do.
import { binancePermissions } from '../venues/binance/permissions.js';
import { bybitPermissions } from '../venues/bybit/permissions.js';
import { coinbasePermissions } from '../venues/coinbase/permissions.js';
import { hyperliquidPermissions } from '../venues/hyperliquid/permissions.js';
import type { PermissionQuery } from '../venues/key-permissions.js';
import { krakenPermissions } from '../venues/kraken/permissions.js';
import { okxPermissions } from '../venues/okx/permissions.js';
import type { Env } from '../venues/venue.js';
import { CustodyError } from './errors.js';

export const VENUE_FAMILIES = ['binance', 'okx', 'bybit', 'coinbase', 'kraken', 'hyperliquid'] as const;
export type VenueFamily = (typeof VENUE_FAMILIES)[number];

/** The parts of a key. walletAddress is public (Hyperliquid's master account), the rest are secrets. */
export type KeyPart = 'apiKey' | 'apiSecret' | 'passphrase' | 'privateKey' | 'walletAddress';

export interface KeyShape {
  required: readonly KeyPart[];
  /** At least one of these (Binance: an HMAC secret or an Ed25519/RSA private key). */
  oneOf: readonly KeyPart[];
}

const SHAPES: Record<VenueFamily, KeyShape> = {
  binance: { required: ['apiKey'], oneOf: ['apiSecret', 'privateKey'] },
  okx: { required: ['apiKey', 'apiSecret', 'passphrase'], oneOf: [] },
  bybit: { required: ['apiKey'], oneOf: ['apiSecret', 'privateKey'] },
  // CDP keys: the key name, and its EC or Ed25519 private key (either field is accepted).
  coinbase: { required: ['apiKey'], oneOf: ['privateKey', 'apiSecret'] },
  kraken: { required: ['apiKey', 'apiSecret'], oneOf: [] },
  // An agent wallet's private key, and the master account it trades for.
  hyperliquid: { required: ['privateKey', 'walletAddress'], oneOf: [] },
};

const QUERIES: Record<VenueFamily, PermissionQuery> = {
  binance: binancePermissions,
  okx: okxPermissions,
  bybit: bybitPermissions,
  coinbase: coinbasePermissions,
  kraken: krakenPermissions,
  hyperliquid: hyperliquidPermissions,
};

/** `binance`, or an adapter id of that venue such as `binance-usdm`: one key serves every product. */
export function venueFamily(venue: string): VenueFamily {
  const family = venue.toLowerCase().split('-')[0] ?? '';
  if ((VENUE_FAMILIES as readonly string[]).includes(family) && /^[a-z0-9-]+$/.test(venue.toLowerCase())) {
    return family as VenueFamily;
  }
  throw new CustodyError(
    `unknown venue '${venue}'; known: ${VENUE_FAMILIES.join(', ')} (or a product id such as binance-usdm)`,
  );
}

export function keyShape(family: VenueFamily): KeyShape {
  return SHAPES[family];
}

export function permissionQuery(family: VenueFamily): PermissionQuery {
  return QUERIES[family];
}

export const ENVS: readonly Env[] = ['sim', 'testnet', 'demo', 'live'];

/** Accepts `mainnet` for `live`: people say both. */
export function parseEnv(text: string, where = 'env'): Env {
  const value = text === 'mainnet' ? 'live' : text;
  if ((ENVS as readonly string[]).includes(value)) return value as Env;
  throw new CustodyError(`${where}: '${text}' is not one of ${ENVS.join(', ')} (mainnet = live)`);
}

export function envLabel(env: Env): string {
  return env === 'live' ? 'mainnet (live)' : env;
}
