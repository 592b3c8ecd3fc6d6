// Binance USD-M as the sim's registry sees it: the venue's weight and order-count limits, its symbol
// filters as they are (the shared symbol table is shaped after them), apiRestrictions-shaped rights,
// and -1000-style envelopes for the listener's own refusals.
import { revealSecret } from '../../../core/secret.js';
import type { SimLimits } from '../../types.js';
import type { DialectSpec } from '../spec.js';
import { BinanceUsdmDialect } from './dialect.js';
import { BinanceError, errors } from './errors.js';
import { venueLimits } from './limits.js';
import { type BinanceKeyPermissions, binancePermissions } from './permissions.js';

const envelope = (e: BinanceError) => ({ status: e.status, body: e.body() });

export const binanceUsdm: DialectSpec<SimLimits, BinanceKeyPermissions> = {
  limits: venueLimits,
  instruments: (s) => s,
  permissions: binancePermissions,
  wording: {
    bodyTooLarge: () => envelope(new BinanceError(-1000, 'Request body too large.', 413)),
    internalError: () => envelope(errors.unknownAfter()),
  },
  demoKeys: [{ type: 'hmac' }, { type: 'ed25519' }],
  credentials: (a) => [
    ...(a.hmac?.secret === undefined
      ? []
      : ([
          ['api-key', a.hmac.apiKey],
          ['api-secret', revealSecret(a.hmac.secret)],
        ] as [string, string][])),
    ...(a.ed25519 === undefined ? [] : ([['ed25519-api-key', a.ed25519.apiKey]] as [string, string][])),
    ...(a.ed25519?.privateKeyFile === undefined ? [] : ([['ed25519-key', a.ed25519.privateKeyFile]] as [string, string][])),
  ],
  // A 1 s weight window (the venue's is a minute): a resync queued behind a saturated background lane
  // waits a second, not a minute, and ±3 s clock jumps keep 1 s windows aligned with the venue's.
  chaosLimits: {
    requestWeightPerWindow: 240,
    weightWindowMs: 1_000,
    banBaseMs: 1_000,
    // Bans come from the fault plan's ban episodes (short, explicit). The sim counts every request
    // that reaches it during a Retry-After as a violation, forever, and doubles each ban: with
    // requests in flight when a 429 lands (unavoidable at this rate) a short run would end in a
    // 17-minute ban. Whether the engine keeps sending through a known 429 is measured instead.
    violationsBeforeBan: 1_000_000,
  },
  create: (core, limits, options) => new BinanceUsdmDialect(core, limits, options.listenKeyTtlMs ?? 3_600_000),
};
