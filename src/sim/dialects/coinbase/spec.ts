// Coinbase Advanced Trade as the sim's registry sees it: spot products against USD under the venue's
// names (products.ts), accounts holding USD, BTC and ETH with locked balances (matching/spot.ts), the
// documented REST rate limits (limits.ts), CDP keys named `organizations/{org}/apiKeys/{id}` whose
// private key (EC P-256, SEC1 PEM) the sim writes to a 0600 file, and key rights as key_permissions
// reports them.
import { randomUUID } from 'node:crypto';
import type { DialectSpec } from '../spec.js';
import { withOverrides } from '../spec.js';
import { CoinbaseDialect } from './dialect.js';
import { errors } from './errors.js';
import { tradeUuid } from './ids.js';
import { COINBASE_LIMITS, type CoinbaseLimits } from './limits.js';
import { type CoinbaseKeyPermissions, coinbasePermissions } from './permissions.js';
import { coinbaseInstrument } from './products.js';

const reply = (e: ReturnType<typeof errors.internal>) => ({
  status: e.status,
  body: e.body(),
  contentType: e.contentType(),
});

export const coinbase: DialectSpec<CoinbaseLimits, CoinbaseKeyPermissions> = {
  limits: COINBASE_LIMITS,
  instruments: coinbaseInstrument,
  permissions: coinbasePermissions,
  wording: {
    bodyTooLarge: () => reply(errors.bodyTooLarge()),
    internalError: () => reply(errors.internal()),
  },
  demoKeys: [{ type: 'ec' }],
  defaultBalances: { USD: '100000', BTC: '1', ETH: '10' },
  newApiKey: () => `organizations/${randomUUID()}/apiKeys/${randomUUID()}`,
  credentials: (a) =>
    a.ec === undefined
      ? []
      : [
          ['api-key', a.ec.apiKey],
          ...(a.ec.privateKeyFile === undefined
            ? []
            : ([['private-key-file', a.ec.privateKeyFile]] as [string, string][])),
        ],
  chaosLimits: { privatePerSecond: 1_000, publicPerSecond: 1_000 },
  wireTradeId: tradeUuid,
  create: (core, limits, options) => new CoinbaseDialect(core, withOverrides(limits, options.limits)),
};
