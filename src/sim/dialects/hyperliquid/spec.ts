// Hyperliquid as the sim's registry sees it (docs/venues.md §6.4): IP weight 1200 a minute, the
// address allowance of 10 000 requests plus volume, 20 nonces kept per signer; orders worth at
// least $10 and priced within 80 % of the reference (the venue's own rules, not Binance's $100 and
// 5 %); agents without rights to set; plain-text refusals as the venue's gateway sends them.
import { revealSecret } from '../../../core/secret.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { DialectSpec } from '../spec.js';
import { HyperliquidDialect } from './dialect.js';
import { type HyperliquidKeyPermissions, hyperliquidPermissions } from './permissions.js';

export interface HyperliquidLimits {
  requestWeightPerWindow: number;
  weightWindowMs: number;
  addressBuffer: number;
  noncesKept: number;
}

/**
 * The venue's price grid is 5 significant figures (whole numbers always pass): at the start price
 * a step of 10^(digits − 5) — whole dollars for BTC, 0.1 for ETH. The shared symbols carry Binance's
 * finer ticks, and a book on them printed prices (64760.1) this venue never shows; a step stays
 * valid while the price stays above a tenth of where it started.
 */
function fiveFigureTick(s: SymbolSpec): string {
  const step = 10 ** (Math.floor(Math.log10(s.startPrice)) - 4);
  return step > Number(s.tickSize) ? String(step) : s.tickSize;
}

/**
 * Each coin's leverage ceiling on the venue (its margin table's first tier): BTC 40x, ETH 25x, SOL
 * and XRP 20x — not the shared symbols' Binance ceilings (125x…). The maintenance rate follows
 * from it (half the initial margin at the ceiling), as on the venue.
 */
const MAX_LEVERAGE: Readonly<Record<string, number>> = { BTCUSDT: 40, ETHUSDT: 25, SOLUSDT: 20, XRPUSDT: 20 };

const text = (status: number, body: string) => ({ status, body, contentType: 'text/plain; charset=utf-8' });

export const hyperliquid: DialectSpec<HyperliquidLimits, HyperliquidKeyPermissions> = {
  limits: { requestWeightPerWindow: 1200, weightWindowMs: 60_000, addressBuffer: 10_000, noncesKept: 20 },
  instruments: (s) => ({ ...s, tickSize: fiveFigureTick(s), maxLeverage: MAX_LEVERAGE[s.symbol] ?? s.maxLeverage, minNotional: '10', percentUp: '1.8', percentDown: '0.2' }),
  permissions: hyperliquidPermissions,
  wording: {
    bodyTooLarge: () => text(413, 'Payload Too Large'),
    internalError: () => text(500, 'Internal Server Error'),
  },
  demoKeys: [{ type: 'evm' }],
  // The agent's key signs; the master's address is the account every query names.
  credentials: (a) =>
    a.evm?.secret === undefined || a.walletAddress === undefined
      ? []
      : [
          ['private-key', revealSecret(a.evm.secret)],
          ['wallet', a.walletAddress],
        ],
  // IP weight over a sliding second instead of a sliding minute, for the same reason as Binance's.
  chaosLimits: { requestWeightPerWindow: 300, weightWindowMs: 1_000 },
  create: (core, limits, options) =>
    new HyperliquidDialect(core, {
      weightPerWindow: limits.requestWeightPerWindow,
      weightWindowMs: limits.weightWindowMs,
      addressBuffer: limits.addressBuffer,
      noncesKept: limits.noncesKept,
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    }),
};
