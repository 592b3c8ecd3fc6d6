/** Coinbase's facts for custody and the CLI, and the spot products quantdeck trades. */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { coinbasePermissions } from './permissions.js';
import { COINBASE_ENVS, coinbaseUrls } from './urls.js';

export const coinbaseKeys: KeyFacts = {
  family: 'coinbase',
  // CDP keys: the key name, and its EC or Ed25519 private key (either field is accepted).
  keyShape: { required: ['apiKey'], oneOf: ['privateKey', 'apiSecret'] },
  walletAccount: false,
  signingMethods: ['JWT ES256', 'JWT EdDSA'],
  signingMethod: () => 'JWT (ES256 or EdDSA)',
  permissions: coinbasePermissions,
};

/**
 * `client_order_id` takes up to 128 characters and is unique per account for good: an id seen
 * before answers with the order it made (docs/venues.md §4.5).
 */
export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const coinbaseDescriptor: VenueDescriptor = {
  id: 'coinbase',
  name: 'Coinbase Advanced Trade',
  product: 'spot',
  key: coinbaseKeys,
  envs: COINBASE_ENVS,
  urls: coinbaseUrls,
  // Product ids as the venue spells them on REST and the sockets alike.
  defaultSymbol: 'BTC-USD',
  clientId: { maxLength: 36, pattern: CLIENT_ORDER_ID_PATTERN, form: 'text', tag: 'qd' },
  // No cancel-after timer and no cancel-on-disconnect at this venue (docs/venues.md §4.9).
  deadman: 'none',
  // Advanced Trade's lowest volume tier: taker 1.20 % (docs/venues.md §9.1).
  takerFee: '0.012',
};
