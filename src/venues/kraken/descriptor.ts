/** Kraken's facts for custody and the CLI, and the spot pairs quantdeck trades. */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { krakenPermissions } from './permissions.js';
import { KRAKEN_ENVS, krakenUrls } from './urls.js';

/**
 * `cl_ord_id` takes a long UUID (36), a short one (32 hex) or free ASCII text of at most 18
 * characters (docs/venues.md §5.5); quantdeck sends free text of letters, digits, `-` and `_`.
 * Kraken checks uniqueness among open orders only: a closed order's id may come back.
 */
export const CL_ORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,18}$/;

export const krakenKeys: KeyFacts = {
  family: 'kraken',
  keyShape: { required: ['apiKey', 'apiSecret'], oneOf: [] },
  walletAccount: false,
  signingMethods: ['HMAC-SHA512'],
  signingMethod: () => 'HMAC-SHA512',
  permissions: krakenPermissions,
};

export const krakenDescriptor: VenueDescriptor = {
  id: 'kraken',
  name: 'Kraken Spot',
  product: 'spot',
  key: krakenKeys,
  envs: KRAKEN_ENVS,
  urls: krakenUrls,
  // As the venue spells it on its v2 sockets (REST requests take the altname, symbols.ts).
  defaultSymbol: 'BTC/USD',
  // Tag 'q' + 6 session + 8 time characters leave 3 for the counter: 238,328 ids a session ('qd'
  // would leave 2, under the generator's minimum of 3).
  clientId: { maxLength: 18, pattern: CL_ORD_ID_PATTERN, form: 'text', tag: 'q' },
  // CancelAllOrdersAfter: every open order of the account when the timer runs out.
  deadman: 'account',
  // Spot Starter tier: taker 0.40 % (docs/venues.md §9.1).
  takerFee: '0.004',
};
