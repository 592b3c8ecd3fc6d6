/** Kraken's facts for custody: keys can be stored and checked; no adapter trades here yet. */
import type { KeyFacts } from '../descriptor.js';
import { krakenPermissions } from './permissions.js';

export const krakenKeys: KeyFacts = {
  family: 'kraken',
  keyShape: { required: ['apiKey', 'apiSecret'], oneOf: [] },
  walletAccount: false,
  signingMethods: ['HMAC-SHA512'],
  signingMethod: () => 'HMAC-SHA512',
  permissions: krakenPermissions,
};
