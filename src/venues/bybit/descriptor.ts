/** Bybit's facts for custody and the CLI, and the USDT perpetuals quantdeck trades (v5, linear). */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { secretOrPemMethod } from '../shared/signing-method.js';
import { bybitPermissions } from './permissions.js';
import { BYBIT_ENVS, bybitUrls } from './urls.js';

/** `orderLinkId`: at most 36 letters (both cases), digits, `-` and `_` (docs/venues.md §3.5). */
export const ORDER_LINK_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

export const bybitKeys: KeyFacts = {
  family: 'bybit',
  keyShape: { required: ['apiKey'], oneOf: ['apiSecret', 'privateKey'] },
  walletAccount: false,
  signingMethods: ['HMAC-SHA256', 'RSA'],
  signingMethod: (key) => secretOrPemMethod('bybit', key),
  permissions: bybitPermissions,
};

export const bybitDescriptor: VenueDescriptor = {
  id: 'bybit',
  name: 'Bybit Perps',
  product: 'perp',
  key: bybitKeys,
  envs: BYBIT_ENVS,
  urls: bybitUrls,
  defaultSymbol: 'BTCUSDT',
  clientId: { maxLength: 36, pattern: ORDER_LINK_ID_PATTERN, form: 'text', tag: 'qd' },
  // DCP: every open order of the account, once the private socket has been gone for the window.
  deadman: 'account',
  // Non-VIP, derivatives: taker 0.055 % (docs/venues.md §9.1).
  takerFee: '0.00055',
};
