/**
 * The contract between the engine and the store: every fact the cockpit shows arrives as one of
 * these events. The engine emits them (through the batcher, never straight into the store); the
 * store folds them with `applyEvents` (src/store/apply.ts). Events carry facts, not instructions.
 *
 * Times: every `at`, `since`, `until`, `deadline` and `nextRetryAt` here is LOCAL wall-clock
 * milliseconds (what Date.now() returned when the engine observed or computed it). They are used
 * only for display ages and countdowns; the engine converts venue times (a ban's end, a
 * countdown deadline) with its clock estimate before emitting. Domain objects (Order, Fill, …)
 * keep their own venue times untouched.
 *
 * The store narrates what it can derive (connection changes, fills, order closures, corrections,
 * budget state, dead-man changes) into the event log itself, so the engine need not emit a
 * `log` event for those.
 */
import type { AccountRisk, Balance, Fill, Funding, Instrument, OpenInterest, Order, Position, SymbolLeverage } from '../core/types.js';
import type { Env } from '../venues/venue.js';
import type { SignalsEvent } from './signals/events.js';

/** The one environment word (src/venues/venue.ts), for the store and the views. */
export type { Env };

/** Who started the session: the header line. Sent once at start (again if the symbol changes). */
export interface SessionEvent {
  type: 'session';
  at: number;
  venue: string;
  env: Env;
  /** A label for the account/key, never a secret ('sim-1', key name). */
  account: string;
  symbol: string;
  /** Trading rules of `symbol` (tick, step, min qty): the order ticket needs them. */
  instrument?: Instrument;
  /** Whether the venue's dead-man's switch cancels protective orders too ('cancelled') or leaves them ('kept'). */
  deadmanStops?: 'kept' | 'cancelled';
  /** The venue has no dead-man's switch at all (its adapter declares none): the header says so, not 'off'. */
  noDeadman?: true;
  /** A market order's slippage cap, % through the reference price (absent: the venue's market type). */
  slippagePct?: string;
}

/** A socket's state in the stream state machine (stream.ts); `closed` is a deliberate, final close (clean exit). */
export type ConnectionState =
  | 'connecting'
  | 'authenticating'
  | 'subscribing'
  | 'resyncing'
  | 'live'
  | 'reconnecting'
  | 'closed';

/**
 * What a socket feeds. The store uses it to mark data stale: `market` → ticker; `account` →
 * orders, fills, positions, balances (and whether trading keys are enabled). A venue with one
 * socket for both sends two events or picks `account`.
 */
export type SocketRole = 'market' | 'account';

/** One state change of one socket, with its reason ('pong timeout', 'listenKeyExpired', …). */
export interface ConnectionEvent {
  type: 'connection';
  at: number;
  /** Stable name of the socket ('market', 'user', 'ws-api'). */
  socket: string;
  role: SocketRole;
  state: ConnectionState;
  reason?: string;
  /** Reconnect attempt number, 1-based, while `reconnecting` (and the attempt that got us here). */
  attempt?: number;
  /** When the next connect attempt starts, while `reconnecting`. */
  nextRetryAt?: number;
}

/**
 * A message arrived on a socket: feeds "last message age". Cheap to emit per frame: the batcher
 * keeps only the latest per socket.
 */
export interface SocketActivityEvent {
  type: 'socket-activity';
  at: number;
  socket: string;
}

/**
 * A socket that is open and acknowledged but delivers nothing of what it subscribed to (`silent`),
 * or that delivers again after such a report. Not a state change: the socket stays live, the
 * cockpit marks its row. `reason` says what is missing.
 */
export interface SocketSilenceEvent {
  type: 'socket-silence';
  at: number;
  socket: string;
  silent: boolean;
  reason?: string;
}

/** What a key may do, as the preflight check found it. Never contains key material. */
export interface AuthPermissions {
  read: boolean;
  trade: boolean;
  /** A key that can withdraw is a risk worth showing in red. */
  withdraw: boolean;
  /** True/false when the venue says; absent when unknown. */
  ipRestricted?: boolean;
  /** Short human summary, e.g. 'read+trade, IP-bound'. */
  summary: string;
}

export interface AuthEvent {
  type: 'auth';
  at: number;
  /** Signing method: 'HMAC-SHA256', 'Ed25519', 'EIP-712', … */
  method: string;
  /** Where the key came from: 'env QD_BINANCE_KEY', 'keyring', 'file', 'sim'. */
  keySource: string;
  permissions: AuthPermissions;
}

/** The venue-clock estimate after a sync (time-sync.ts). */
export interface ClockEvent {
  type: 'clock';
  at: number;
  /** venue − local, ms. */
  offsetMs: number;
  /** Half-width of the estimate's confidence, ms (≈ half the best round trip). */
  uncertaintyMs: number;
  driftPpm: number;
  lastSyncAt: number;
  /** Wall time the burst behind this estimate sent its first sample: it knows the venue's clock as of then. */
  sampledFrom?: number;
}

export type BudgetState = 'normal' | 'limited' | 'banned';

/** One rate-limit pool ('weight/1m', 'orders/10s'); `reserve` is the critical lane's share. */
export interface BudgetPool {
  name: string;
  used: number;
  limit: number;
  reserve: number;
  /** A per-IP pool shared by several sessions of this process: how many (core/shared-pools.ts). */
  shared?: number;
}

/** Rate budget snapshot: limited = 429/Retry-After holds; banned = 418, nothing is sent. */
export interface BudgetEvent {
  type: 'budget';
  at: number;
  pools: BudgetPool[];
  state: BudgetState;
  /** End of the limited/banned state. */
  until?: number;
  reason?: string;
}

/** Best bid/ask and last trade. Decimal strings; emit as often as you like (coalesced). */
export interface TickerEvent {
  type: 'ticker';
  at: number;
  symbol: string;
  bid: string;
  ask: string;
  last: string;
  /** Sizes at the best bid and ask, where the venue's ticker gives them (the L2 watcher's depth rule). */
  bidQty?: string;
  askQty?: string;
}

/** An order as now known (create, ack, partial fill, cancel, reject…): keyed by clientOrderId. */
export interface OrderEvent {
  type: 'order';
  at: number;
  order: Order;
}

/** The full set of open orders (after a REST snapshot): replaces every open order in the store. */
export interface OrdersSnapshotEvent {
  type: 'orders-snapshot';
  at: number;
  orders: Order[];
}

/** One execution; the store drops a tradeId it already holds (replays after resync are safe). */
export interface FillEvent {
  type: 'fill';
  at: number;
  fill: Fill;
}

/** Positions: `snapshot: true` replaces all; otherwise upserts. A zero qty removes the symbol. */
export interface PositionsEvent {
  type: 'positions';
  at: number;
  snapshot: boolean;
  positions: Position[];
  /**
   * A snapshot from the venue's REST: our clock (as `at`) when its requests left. A fill seen
   * before then may be missing from it: the venue may have read the positions first.
   */
  requestedAt?: number;
}

/** Balances: `snapshot: true` replaces all; otherwise upserts by asset. */
export interface BalancesEvent {
  type: 'balances';
  at: number;
  snapshot: boolean;
  balances: Balance[];
}

/** The account's leverage for a symbol as the venue holds it (read at start and when asked). */
export interface LeverageEvent {
  type: 'leverage';
  at: number;
  leverage: SymbolLeverage;
}

/** The account's margin picture (equity, margin used, maintenance) as the venue last said it. */
export interface AccountRiskEvent {
  type: 'account-risk';
  at: number;
  risk: AccountRisk;
}

/** A perpetual's open interest (one side, base units), read over REST once a minute (engine/open-interest.ts). */
export interface OpenInterestEvent {
  type: 'open-interest';
  at: number;
  openInterest: OpenInterest;
}

/** A perpetual's funding rate and next funding time (a REST read, or the mark-price stream). */
export interface FundingEvent {
  type: 'funding';
  at: number;
  funding: Funding;
}

export type CorrectionKind =
  | 'fill-recovered'
  | 'order-closed'
  | 'order-added'
  | 'order-changed'
  | 'position-changed'
  | 'balance-changed';

/** One thing reconciliation changed, in words a trader reads: 'order qd-12 closed while away'. */
export interface CorrectionNote {
  kind: CorrectionKind;
  text: string;
  symbol?: string;
  clientOrderId?: string;
}

export type ReconcileTrigger = 'startup' | 'reconnect' | 'periodic' | 'manual';

/** Result of a snapshot + reconcile pass; an empty `corrections` is the normal case. */
export interface ReconcileEvent {
  type: 'reconcile';
  at: number;
  trigger: ReconcileTrigger;
  corrections: CorrectionNote[];
  /** Set when the pass failed (e.g. snapshot request refused); the previous state stands. */
  error?: string;
}

/** Dead-man's switch (venue-side countdown cancel-all). */
export interface DeadmanEvent {
  type: 'deadman';
  at: number;
  armed: boolean;
  /** When the venue would cancel everything if not re-armed (a disconnect switch: while its socket is down). */
  deadline?: number;
  timeoutMs?: number;
  /** The venue cancels `timeoutMs` after the private socket goes, not on a timer (Bybit DCP). */
  onDisconnect?: boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Free text for the event line and log view. Never put secrets here (they show on screen). */
export interface LogEvent {
  type: 'log';
  at: number;
  level: LogLevel;
  text: string;
  /** Short origin tag: 'http', 'stream', 'orders', 'clock', 'sim'. */
  source?: string;
}

/** The local venue's price path: `calm` drifts, `volatile` swings and jumps. */
export type PriceRegime = 'calm' | 'volatile';

/**
 * SIM only: the local venue's price regime and the faults currently armed. Not the engine's own:
 * the entry's SIM steering (src/cli/sim-hooks.ts) emits it into the same sink.
 */
export interface SimEvent {
  type: 'sim';
  at: number;
  regime: PriceRegime;
  /** Faults in effect right now, human labels ('clock skew +2 s'). */
  activeFaults: string[];
  /** The planted trend the local venue started with, bp per bar (SimOptions.trendBp); absent when none. */
  trendBp?: number;
}

/**
 * The venue's instruments, as read at start: the `/` picker searches them, and the panes format
 * every symbol's rows at its own tick and step. Sent once (again only if they are read again).
 */
export interface InstrumentsEvent {
  type: 'instruments';
  at: number;
  instruments: readonly Instrument[];
}

export type EngineEvent =
  | SessionEvent
  | InstrumentsEvent
  | ConnectionEvent
  | SocketActivityEvent
  | SocketSilenceEvent
  | AuthEvent
  | ClockEvent
  | BudgetEvent
  | TickerEvent
  | OrderEvent
  | OrdersSnapshotEvent
  | FillEvent
  | PositionsEvent
  | BalancesEvent
  | LeverageEvent
  | AccountRiskEvent
  | FundingEvent
  | OpenInterestEvent
  | ReconcileEvent
  | DeadmanEvent
  | LogEvent
  | SimEvent
  | SignalsEvent;

export type EngineEventType = EngineEvent['type'];

/** What the engine is given to emit into: the batcher implements it (batcher.ts). */
export interface EventSink {
  push(event: EngineEvent): void;
  /**
   * An urgent request (a close, a flatten, a cancel-all) is on its way to the wire: the sink may
   * hold its screen refreshes — each a whole frame, ~10 ms under a fill storm, on the event loop
   * the request needs — until the returned release is called, and never longer than `maxMs`.
   * Events are kept, in order; only when they reach the screen moves.
   */
  hold?(maxMs: number): () => void;
}
