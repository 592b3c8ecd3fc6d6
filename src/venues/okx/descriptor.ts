/** OKX's facts for custody and the CLI, and the USDT-margined swaps quantdeck trades. */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { okxPermissions } from './permissions.js';
import { OKX_ENVS, okxUrls } from './urls.js';

/** `clOrdId`: 1–32 letters and digits (docs/venues.md §2.5). */
export const CLORDID_PATTERN = /^[A-Za-z0-9]{1,32}$/;

export const okxKeys: KeyFacts = {
  family: 'okx',
  keyShape: { required: ['apiKey', 'apiSecret', 'passphrase'], oneOf: [] },
  walletAccount: false,
  signingMethods: ['HMAC-SHA256 + passphrase'],
  signingMethod: () => 'HMAC-SHA256 + passphrase',
  permissions: okxPermissions,
};

export const okxDescriptor: VenueDescriptor = {
  id: 'okx',
  name: 'OKX Swaps',
  product: 'perp',
  key: okxKeys,
  envs: OKX_ENVS,
  urls: okxUrls,
  defaultSymbol: 'BTC-USDT-SWAP',
  // base62 ids fit as they are.
  clientId: { maxLength: 32, pattern: CLORDID_PATTERN, form: 'text', tag: 'qd' },
  deadman: 'account',
  // Regular Lv1, perpetual swaps: taker 0.05 % (docs/venues.md §9.1).
  takerFee: '0.0005',
};
