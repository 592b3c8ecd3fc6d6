// Kraken spot as the sim's registry sees it: spot pairs against USD under the venue's names (pairs.ts),
// accounts holding USD and BTC with locked balances (matching/spot.ts), the API counter and trading
// limiter of the account's tier (limits.ts), key settings shaped as GetApiKeyInfo reports them, base64
// secrets, and the `{"error":[…]}` envelope for the listener's own refusals.
import { randomBytes } from 'node:crypto';
import { revealSecret } from '../../../core/secret.js';
import type { DialectSpec } from '../spec.js';
import { KrakenDialect } from './dialect.js';
import { errors } from './errors.js';
import { tradeTxid } from './ids.js';
import { isTier, type KrakenLimits, TIERS } from './limits.js';
import { krakenInstrument } from './pairs.js';
import { type KrakenKeyPermissions, krakenPermissions } from './permissions.js';

export const kraken: DialectSpec<KrakenLimits, KrakenKeyPermissions> = {
  limits: TIERS.starter,
  instruments: krakenInstrument,
  permissions: krakenPermissions,
  wording: {
    bodyTooLarge: () => ({ status: 413, body: errors.bodyTooLarge().body() }),
    internalError: () => ({ status: 500, body: errors.internal().body() }),
  },
  demoKeys: [{ type: 'hmac' }],
  defaultBalances: { USD: '100000', BTC: '1', ETH: '10' },
  // The venue's private keys are 64 random bytes, shown base64 (88 characters).
  newSecret: () => randomBytes(64).toString('base64'),
  credentials: (a) =>
    a.hmac?.secret === undefined
      ? []
      : [
          ['api-key', a.hmac.apiKey],
          ['api-secret', revealSecret(a.hmac.secret)],
        ],
  // A chaos run of 1000 orders would mostly meet the trading limiter's 60: the Pro tier, widened.
  chaosLimits: { tier: 'pro', apiMax: 200, apiDecayPerSecond: 50, tradeMax: 2_000, tradeDecayPerSecond: 100 },
  wireTradeId: tradeTxid,
  create: (core, limits, options) => {
    // A tier named alone brings its own numbers; a number named as well overrides that one.
    const tier = isTier(limits.tier) ? TIERS[limits.tier] : TIERS.starter;
    const given = (options.limits ?? {}) as Partial<KrakenLimits>;
    const merged: KrakenLimits = { ...tier };
    for (const k of ['apiMax', 'apiDecayPerSecond', 'tradeMax', 'tradeDecayPerSecond'] as const) {
      if (typeof given[k] === 'number') merged[k] = given[k];
    }
    return new KrakenDialect(core, merged, options.upgradeNoticeMs);
  },
};
