// Public types of the local venue. Everything a test, the engine or the cockpit needs to start a sim and
// steer it lives here; `index.ts` re-exports it. Keep these stable: other layers code against them.
import type { Secret } from '../core/secret.js';
import type { FaultPlan } from './faults/plan.js';

/** Wire dialects the sim speaks. */
export type SimDialect = 'binance-usdm' | 'okx' | 'hyperliquid';

/** Price-path regime: `calm` drifts a few basis points per tick, `violent` swings and jumps. */
export type Regime = 'calm' | 'violent';

/** What a key may do, as `GET /sapi/v1/account/apiRestrictions` reports it. */
export interface KeyPermissions {
  ipRestrict: boolean;
  enableReading: boolean;
  enableFutures: boolean;
  enableWithdrawals: boolean;
  enableInternalTransfer: boolean;
  permitsUniversalTransfer: boolean;
  enableMargin: boolean;
  enableSpotAndMarginTrading: boolean;
  enableVanillaOptions: boolean;
  enablePortfolioMarginTrading: boolean;
}

/** `evm`: a secp256k1 agent (API) wallet that signs for a master address (Hyperliquid). */
export type KeyType = 'hmac' | 'ed25519' | 'rsa' | 'evm';

/** One API key of an account, as given to the sim (`--keys FILE` or `SimOptions.accounts`). */
export interface SimKeySpec {
  type: KeyType;
  /** The public API key string sent in `X-MBX-APIKEY`; generated when absent. */
  apiKey?: string;
  /** HMAC: the shared secret; evm: the agent's private key (0x + 64 hex). Generated when absent. */
  secret?: string;
  /** HMAC only: the passphrase OKX keys carry; generated when absent (other dialects ignore it). */
  passphrase?: string;
  /** Ed25519/RSA only: the client's public key (PEM). When absent the sim generates a key pair. */
  publicKeyPem?: string;
  /** Defaults to a trade-only key: reading + futures, no withdrawals or transfers. */
  permissions?: Partial<KeyPermissions>;
}

export interface SimAccountSpec {
  /** A label for logs and the control API; defaults to `account-N`. */
  name?: string;
  /** Wallet balances by asset, decimal strings. Default `{ USDT: '100000' }`. */
  balances?: Record<string, string>;
  /** Default: one HMAC key and one Ed25519 key (Hyperliquid: one evm agent wallet). */
  keys?: SimKeySpec[];
  /** The master wallet address its evm agents trade for (Hyperliquid); generated when absent. */
  walletAddress?: string;
}

/** A key as the sim hands it back: everything a client needs to sign. */
export interface SimKey {
  type: KeyType;
  apiKey: string;
  /** HMAC: the shared secret. Ed25519/RSA: the private key PEM, when the sim generated it. */
  secret?: Secret;
  /** Ed25519/RSA: the public key PEM the sim verifies with. */
  publicKeyPem?: string;
  /** HMAC: the key's passphrase (OKX). */
  passphrase?: Secret;
  /** evm: the master address the agent (whose address is `apiKey`) trades for. */
  walletAddress?: string;
  permissions: KeyPermissions;
}

export interface SimAccount {
  id: string;
  name: string;
  keys: SimKey[];
  /** Shortcuts to the first key of each type, if any. */
  hmac?: SimKey;
  ed25519?: SimKey;
  rsa?: SimKey;
  evm?: SimKey;
  /** The account's master wallet address (Hyperliquid queries name it). */
  walletAddress?: string;
}

/**
 * Rate limits and their windows. Header names always say 1M / 10S like the venue, but the windows
 * can be shortened so a test can hit 429 and 418 in milliseconds.
 */
export interface SimLimits {
  requestWeightPerWindow: number; // venue: 2400 per minute
  weightWindowMs: number; // venue: 60 000
  ordersShort: number; // venue: 300 per 10 s
  ordersShortWindowMs: number; // venue: 10 000
  ordersLong: number; // venue: 1200 per minute
  ordersLongWindowMs: number; // venue: 60 000
  /** Requests sent while a 429's Retry-After is still running before the IP is banned (418). */
  violationsBeforeBan: number;
  /** First ban; each further ban doubles it, capped at three days like the venue. */
  banBaseMs: number;
}

export interface SimOptions {
  dialect?: SimDialect;
  /** 0 (default) lets the OS pick. The sim always binds 127.0.0.1. */
  port?: number;
  /** Same seed, same prices, same fills (with `tickMs: 0` and explicit `control.tick()`). */
  seed?: number | string;
  /** A typed plan or a `--faults` string (see faults/parse.ts). */
  faults?: FaultPlan | string;
  /** Default: one demo account with an HMAC key and an Ed25519 key. */
  accounts?: SimAccountSpec[];
  /** Real milliseconds between market ticks; 0 = never on its own (tests drive `control.tick`). Default 250. */
  tickMs?: number;
  /** Listen-key validity without keepalive. Venue: 60 min. */
  listenKeyTtlMs?: number;
  /** Server ping frame interval on every WebSocket. Venue: 3 min. */
  pingIntervalMs?: number;
  /** A connection that has not ponged for this long is dropped. Venue: 10 min. */
  pongTimeoutMs?: number;
  limits?: Partial<SimLimits>;
  /** Directory where generated private keys are written (PEM). Default: a new temp dir. */
  keyDir?: string;
  /** Initial regime (default calm). */
  regime?: Regime;
  /** OKX: a WebSocket the venue has pushed nothing to for this long is closed. Venue: 30 s. */
  idleTimeoutMs?: number;
  /** OKX: time between the 64008 upgrade notice and the close. Venue: 60 s. */
  upgradeNoticeMs?: number;
}

/** One order the matching engine accepted, whatever happened to the reply afterwards. */
export interface AcceptedOrder {
  seq: number;
  accountId: string;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  quantity: string;
  price: string;
  /** Sim-clock ms at acceptance. */
  time: number;
  /** What the client got back: a normal reply, nothing (socket closed), a 5xx, or -1007. */
  reply: 'sent' | 'dropped' | '5xx' | 'unknown-status' | 'pending';
}

export interface SimFill {
  tradeId: number;
  accountId: string;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  realizedPnl: string;
  maker: boolean;
  time: number;
}

/** Counters a test or the cockpit can read to see what the sim did. */
export interface SimStats {
  httpRequests: number;
  /** Replies by venue error code, e.g. { '-1022': 2, '-1021': 1 }. */
  errors: Record<string, number>;
  status429: number;
  status418: number;
  wsConnections: number;
  wsDropped: number;
  listenKeysExpired: number;
  faultsFired: Record<string, number>;
}

/**
 * Steering the running sim. Every method is async so the same interface works in-process and across a
 * worker thread or the loopback control endpoint (`/_sim/...`).
 */
export interface SimControl {
  /** Replace the fault plan (a typed plan or a `--faults` string). */
  setFaults(plan: FaultPlan | string): Promise<void>;
  /** Merge into the current plan (only the fields given change). */
  patchFaults(plan: FaultPlan | string): Promise<void>;
  getFaults(): Promise<FaultPlan>;
  /** Clear every fault, including clock skew and jumps. */
  clearFaults(): Promise<void>;
  setRegime(regime: Regime): Promise<void>;
  /** Set the server clock's offset from the real clock (absolute, ms; forgets earlier jumps). */
  skewClock(ms: number): Promise<void>;
  /** Step the server clock by `ms` (relative to its current offset; kept across plan changes). */
  jumpClock(ms: number): Promise<void>;
  /** The server's clock now (ms). */
  serverTime(): Promise<number>;
  /** Close WebSocket connections now (code 1006-like abrupt close). Returns how many. */
  dropSockets(kind?: 'all' | 'user' | 'market'): Promise<number>;
  /** Expire every listen key now (connected streams get `listenKeyExpired`). Returns how many. */
  expireListenKeys(): Promise<number>;
  /** Every order accepted, in order. Count duplicates per clientOrderId from this. */
  acceptedOrders(): Promise<AcceptedOrder[]>;
  fills(): Promise<SimFill[]>;
  /** Advance every symbol's price path by `n` ticks now (and match resting orders). */
  tick(n?: number): Promise<void>;
  /** Move a symbol's mid to `price` (a decimal string) and match resting orders against it. */
  setPrice(symbol: string, price: string): Promise<void>;
  /** Lift any 429/418 state and reset weight counters. */
  resetLimits(): Promise<void>;
  stats(): Promise<SimStats>;
}

export interface SimHandle {
  /** e.g. http://127.0.0.1:PORT — set as the client's REST base URL. */
  restUrl: string;
  /** e.g. ws://127.0.0.1:PORT — market streams at /ws/<stream> and /stream?streams=, user data at /ws/<listenKey>. */
  wsUrl: string;
  port: number;
  dialect: SimDialect;
  accounts: SimAccount[];
  /** Directory holding generated private keys (PEM files). */
  keyDir: string;
  /**
   * The per-run secret the loopback control endpoint (`/_sim/...`) demands as `Authorization: Bearer`.
   * `control` already carries it; it is here for a client in another process (`httpControl`).
   */
  controlToken: string;
  control: SimControl;
  close(): Promise<void>;
}
