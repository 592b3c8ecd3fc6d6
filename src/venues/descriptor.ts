/**
 * A venue's facts as the rest of quantdeck reads them: the CLI (default venue, symbol), custody
 * (which key parts to ask for, how to ask what a key may do), the preflight (signing method) and
 * the cockpit read these, and none of them names a venue. Each venue folder exports its
 * descriptor from `descriptor.ts`, beside its adapter; `src/venues/index.ts` lists them.
 *
 * Two levels, because one key serves every product of a venue: `KeyFacts` per venue family (every
 * family custody can hold a key for, traded or not), `VenueDescriptor` per traded venue+product.
 * Light on purpose: no request builders or signers are loaded by reading a descriptor; the
 * adapter itself is in `src/venues/adapters.ts`.
 */
import type { Secret } from '../core/secret.js';
import type { PermissionQuery } from './key-permissions.js';
import type { ClientIdSpec, Env, VenueId, VenueUrls } from './venue.js';

/** The parts of a key. walletAddress is public (a wallet venue's master account), the rest are secrets. */
export type KeyPart = 'apiKey' | 'apiSecret' | 'passphrase' | 'privateKey' | 'walletAddress';

export interface KeyShape {
  required: readonly KeyPart[];
  /** At least one of these (an HMAC secret or an Ed25519/RSA private key, where the venue takes both). */
  oneOf: readonly KeyPart[];
}

/** What custody needs to hold, check and describe a key of one venue family. */
export interface KeyFacts {
  /** The family name a key is stored under ('okx'); product ids start with it ('binance-usdm'). */
  family: string;
  keyShape: KeyShape;
  /**
   * The account is a wallet: `walletAddress` must be a 0x address, and it names the account where
   * an API key would (an agent key signs for it).
   */
  walletAccount: boolean;
  /** Every signing method the venue accepts, by name ('HMAC-SHA256', 'Ed25519'). */
  signingMethods: readonly string[];
  /** The method a given key signs with, for the auth pane: from the key's type, never its value. */
  signingMethod(key: { apiSecret?: Secret; privateKey?: Secret }): string;
  /** How to ask the venue what a key may do. */
  permissions: PermissionQuery;
  /** The venue registers a key pair made by the client (its public key) of this type; absent: it issues its own keys. */
  clientKeyPair?: 'Ed25519';
}

export type ProductKind = 'perp' | 'spot';

/** Where the venue's cancel-everything-after timer applies: per symbol, the whole account, or none. */
export type DeadmanKind = 'symbol' | 'account' | 'none';

/** One traded venue+product: what is true of it before any adapter code runs. */
export interface VenueDescriptor {
  id: VenueId;
  /** Human name, 'Binance USD-M'. */
  name: string;
  product: ProductKind;
  key: KeyFacts;
  envs: readonly Env[];
  /** Throws a named error for an env the venue does not have. `sim` needs the sim's own URLs. */
  urls(env: Env, sim?: VenueUrls): VenueUrls;
  /** The symbol a session trades when none is given. */
  defaultSymbol: string;
  /** What the venue accepts as a client order id. */
  clientId: ClientIdSpec;
  deadman: DeadmanKind;
  /**
   * The base (lowest-volume) tier's taker fee, a fraction ('0.0005' = 0.05 %): what a backtest
   * charges on every fill (docs/signals.md §Strategies and the EV gate). An account's own tier
   * may be lower; the base tier errs toward failing the EV gate.
   */
  takerFee: string;
}
