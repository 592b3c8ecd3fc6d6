// What a dialect declares to the sim: everything that differs by venue outside its own wire code.
// The registry (registry.ts) holds one of these per dialect; sim.ts reads nothing else about a venue.
//   limits       the venue's rate limits, in the dialect's own shape (a test may shrink them)
//   instruments  the venue's order rules over the shared symbol table (minimum value, price band)
//   permissions  what a key may do, in the shape the venue reports it, and how a keys file says so
//   wording      the venue's envelope for the listener's own refusals (body too large, internal error)
//   demoKeys     the keys a demo account gets when the keys file lists none
//   defaultBalances, newSecret   a demo account's assets and its secrets' format, where the venue's differ
//   credentials  what `quantdeck sim` prints of a demo account, one `label value` a line
//   chaosLimits  the limits a chaos run squeezes it to, when the venue's own windows are too long
//   wireTradeId  how a fill's trade id reads on the wire, where the venue does not send the number
import type { SimCore, Dialect } from '../core.js';
import type { SymbolSpec } from '../market/symbols.js';
import type { SimHttpReply } from '../server/http.js';
import type { SimAccount, SimKeySpec, SimOptions } from '../types.js';

/** A key's rights in the venue's own shape, and how a `--keys` file sets them. */
export interface PermissionShape<P> {
  /** A demo key: reads and trades, cannot move money out. */
  readonly tradeOnly: P;
  /**
   * The rights a keys file gives (`permissions` of one key) over `tradeOnly`. Throws a KeysFileError
   * that names `where` and the field, quoting no value.
   */
  read(raw: Readonly<Record<string, unknown>>, where: string): P;
}

/** The listener's own refusals, in the venue's envelope. */
export interface DialectWording {
  bodyTooLarge(): SimHttpReply;
  internalError(): SimHttpReply;
}

export interface DialectSpec<L = unknown, P = unknown> {
  /** The venue's rate limits; `SimOptions.limits` fields of the same name override them. */
  readonly limits: L;
  /** The venue's order rules applied to one listed symbol. */
  instruments(symbol: SymbolSpec): SymbolSpec;
  readonly permissions: PermissionShape<P>;
  readonly wording: DialectWording;
  readonly demoKeys: readonly SimKeySpec[];
  /** An account's balances when the keys file gives none (spot venues hold several assets). */
  readonly defaultBalances?: Readonly<Record<string, string>>;
  /** A generated HMAC secret in the venue's own format (Kraken's are base64). */
  newSecret?(): string;
  /** A generated key name in the venue's own format (Coinbase's `organizations/…/apiKeys/…`). */
  newApiKey?(): string;
  /** The lines a client needs to sign as this account, as `[label, value]` (secrets in clear). */
  credentials(account: SimAccount): [string, string][];
  /**
   * A chaos run's overrides of `limits`: short windows, so saturation, 429s and bans happen within a
   * short run. The chaos run mirrors a squeezed weight window onto the engine's IP-weight pools.
   */
  readonly chaosLimits?: Partial<L>;
  /** A fill's trade id as the venue's replies and pushes carry it (absent: the number as text). */
  wireTradeId?(tradeId: number): string;
  /** The dialect on a built core, with its limits after the options' overrides. */
  create(core: SimCore, limits: L, options: SimOptions): Dialect;
}

/** `limits` with the option fields of the same name and type laid over it. */
export function withOverrides<L extends object>(limits: L, overrides: object | undefined): L {
  const out = { ...limits };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (k in limits && typeof v === typeof (limits as Record<string, unknown>)[k]) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
