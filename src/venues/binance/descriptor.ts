/** Binance's facts for custody and the CLI, and the USD-M futures product quantdeck trades. */
import type { KeyFacts, VenueDescriptor } from '../descriptor.js';
import { secretOrPemMethod } from '../shared/signing-method.js';
import { binancePermissions } from './permissions.js';
import { BINANCE_USDM_ENVS, binanceUsdmUrls } from './urls.js';

export const binanceKeys: KeyFacts = {
  family: 'binance',
  keyShape: { required: ['apiKey'], oneOf: ['apiSecret', 'privateKey'] },
  walletAccount: false,
  // Binance registers an Ed25519 public key made by the client as an API key.
  clientKeyPair: 'Ed25519',
  signingMethods: ['HMAC-SHA256', 'Ed25519', 'RSA'],
  signingMethod: (key) => secretOrPemMethod('binance', key),
  permissions: binancePermissions,
};

export const binanceUsdmDescriptor: VenueDescriptor = {
  id: 'binance-usdm',
  name: 'Binance USD-M',
  product: 'perp',
  key: binanceKeys,
  envs: BINANCE_USDM_ENVS,
  urls: binanceUsdmUrls,
  defaultSymbol: 'BTCUSDT',
  // Futures `newClientOrderId`: `^[\.A-Z\:/a-z0-9_-]{1,36}$` (docs/venues.md §1.5).
  clientId: { maxLength: 36, pattern: /^[.A-Z:/a-z0-9_-]{1,36}$/, form: 'text', tag: 'qd' },
  deadman: 'symbol',
  // Regular user, USD-M: taker 0.05 % (docs/venues.md §9.1).
  takerFee: '0.0005',
};
