/** Coinbase's facts for custody: keys can be stored and checked; no adapter trades here yet. */
import type { KeyFacts } from '../descriptor.js';
import { coinbasePermissions } from './permissions.js';

export const coinbaseKeys: KeyFacts = {
  family: 'coinbase',
  // CDP keys: the key name, and its EC or Ed25519 private key (either field is accepted).
  keyShape: { required: ['apiKey'], oneOf: ['privateKey', 'apiSecret'] },
  walletAccount: false,
  signingMethods: ['JWT ES256', 'JWT EdDSA'],
  signingMethod: () => 'JWT (ES256 or EdDSA)',
  permissions: coinbasePermissions,
};
