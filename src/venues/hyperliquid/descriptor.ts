/** Hyperliquid's facts for custody and the CLI, and the perpetuals quantdeck trades. */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { hyperliquidPermissions } from './permissions.js';
import { HYPERLIQUID_ENVS, hyperliquidUrls } from './urls.js';

/** `cloid`: 16 bytes as 0x + 32 hex digits (docs/venues.md §6.6). */
export const CLOID_PATTERN = /^0x[0-9a-f]{32}$/;

export const hyperliquidKeys: KeyFacts = {
  family: 'hyperliquid',
  // An agent wallet's private key, and the master account it trades for.
  keyShape: { required: ['privateKey', 'walletAddress'], oneOf: [] },
  walletAccount: true,
  signingMethods: ['EIP-712 (agent wallet)'],
  signingMethod: () => 'EIP-712 (agent wallet)',
  permissions: hyperliquidPermissions,
};

export const hyperliquidDescriptor: VenueDescriptor = {
  id: 'hyperliquid',
  name: 'Hyperliquid Perps',
  product: 'perp',
  key: hyperliquidKeys,
  envs: HYPERLIQUID_ENVS,
  urls: hyperliquidUrls,
  defaultSymbol: 'BTC',
  // core's hex16 form: no room for a tag.
  clientId: { maxLength: 34, pattern: CLOID_PATTERN, form: 'hex16', tag: '' },
  deadman: 'account',
  // Base tier, perps: taker 0.045 % (docs/venues.md §9.1).
  takerFee: '0.00045',
};
