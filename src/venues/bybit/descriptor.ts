/** Bybit's facts for custody: keys can be stored and checked; no adapter trades here yet. */
import type { KeyFacts } from '../descriptor.js';
import { secretOrPemMethod } from '../shared/signing-method.js';
import { bybitPermissions } from './permissions.js';

export const bybitKeys: KeyFacts = {
  family: 'bybit',
  keyShape: { required: ['apiKey'], oneOf: ['apiSecret', 'privateKey'] },
  walletAccount: false,
  signingMethods: ['HMAC-SHA256', 'RSA'],
  signingMethod: (key) => secretOrPemMethod('bybit', key),
  permissions: bybitPermissions,
};
