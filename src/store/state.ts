/**
 * The cockpit's state: what the engine's events (src/engine/events.ts) add up to. Plain, immutable data:
 * every change replaces the slices it touches, so a view's selector re-renders only when its
 * slice changed. Every list is bounded (limits below). Times are local wall-clock ms (see src/engine/events.ts).
 */
import type { Holding } from '../core/holdings.js';
import type { SpotLedger } from '../core/spot-ledger.js';
import type { Alert, Brief, GateResult, Proposal, RefusalReason, Signal } from '../core/signals/types.js';
import type { AccountRisk, Balance, Fill, Funding, Instrument, Order, Position, SymbolLeverage } from '../core/types.js';
import type {
  AuthEvent,
  BudgetPool,
  BudgetState,
  ConnectionState,
  CorrectionNote,
  LogLevel,
  ReconcileTrigger,
  SocketRole,
  Env,
} from '../engine/events.js';

/** The event vocabulary views show (views read the store, never the engine). */
export type { BudgetPool, BudgetState, ConnectionState, Env, LogLevel } from '../engine/events.js';

/** Bounds of every buffer in the store. */
export interface StoreLimits {
  /** Fills kept (newest first); older ones drop off. */
  fills: number;
  /** Orders that ended, kept for the message line (oldest first). */
  closedOrders: number;
  /** Log entries kept (oldest first). */
  log: number;
  /** Clock offset samples kept for the sparkline. */
  clockHistory: number;
  /** Ticker buckets kept for the sparkline. */
  tickerHistory: number;
  /** Ticker history bucket width: the last price of each bucket is kept. */
  tickerBucketMs: number;
  /** Corrections kept from the latest reconcile passes that found some. */
  corrections: number;
  /** Symbols whose last ticker is kept (the ticket's, the selected rows' as the trader moves). */
  tickers: number;
  /** L2 alerts kept for the Alerts pane. */
  alerts: number;
  /** Gatekeeper proposals kept (open ones and the latest ended). */
  proposals: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  fills: 200,
  closedOrders: 50,
  log: 500,
  clockHistory: 60,
  tickerHistory: 120,
  tickerBucketMs: 1000,
  corrections: 20,
  tickers: 16,
  alerts: 50,
  proposals: 30,
};

export interface SessionInfo {
  venue: string;
  env: Env;
  account: string;
  symbol: string;
  instrument?: Instrument;
  /** Whether the venue's dead-man's switch cancels protective orders too. */
  deadmanStops?: 'kept' | 'cancelled';
  /** The venue has no dead-man's switch (nothing to arm): the header says 'none'. */
  noDeadman?: true;
  /** A market order leaves as an IOC limit this % through the reference price. */
  slippagePct?: string;
}

export interface SocketStatus {
  name: string;
  role: SocketRole;
  state: ConnectionState;
  /** When the socket entered `state`. */
  since: number;
  reason?: string;
  attempt?: number;
  nextRetryAt?: number;
  lastMessageAt?: number;
  /**
   * Set while the socket is live but silent ("connected but silent — the venue may have moved
   * this stream"); cleared when it delivers again or changes state.
   */
  silent?: string;
  /** How many times it went back to reconnecting since the session started. */
  reconnects: number;
}

export type AuthInfo = Omit<AuthEvent, 'type'>;

export interface ClockStatus {
  offsetMs: number;
  uncertaintyMs: number;
  driftPpm: number;
  lastSyncAt: number;
  at: number;
  /** Offsets of the last `clockHistory` estimates, oldest first (for a sparkline only). */
  history: number[];
}

export interface BudgetStatus {
  pools: BudgetPool[];
  state: BudgetState;
  until?: number;
  reason?: string;
  at: number;
}

export interface TickerStatus {
  symbol: string;
  bid: string;
  ask: string;
  last: string;
  at: number;
  /**
   * Last price per `tickerBucketMs` bucket, oldest first. Numbers, for the sparkline only:
   * nothing decides on them (money stays decimal strings in bid/ask/last).
   */
  history: number[];
  /** Start of the bucket the last history entry belongs to. */
  bucketAt: number;
}

export interface ReconcileStatus {
  lastAt?: number;
  lastTrigger?: ReconcileTrigger;
  lastError?: string;
  /** When the latest pass that corrected anything ran. */
  lastCorrectionAt?: number;
  /** Corrections of the latest passes that found some, newest first, bounded. */
  corrections: CorrectionNote[];
  totalCorrections: number;
  passes: number;
}

export interface DeadmanStatus {
  armed: boolean;
  deadline?: number;
  timeoutMs?: number;
  /** Fires `timeoutMs` after the private socket goes (no deadline while it is up). */
  onDisconnect?: boolean;
}

export interface LogEntry {
  /** Monotonic sequence number: a stable React key. */
  seq: number;
  at: number;
  level: LogLevel;
  text: string;
  source?: string;
}

/**
 * A spot session's own fills, by average cost (src/core/spot-ledger.ts): only fills made since the
 * session began count — the engine's first snapshot also brings older ones, which the Fills pane
 * shows but whose cost is not this session's.
 */
export interface SpotStatus {
  ledger: SpotLedger;
  /** When the session began, local ms: a fill counts when its venue time is at or after this plus the clock offset. */
  since: number;
}

/** The signal stack's picture (docs/signals.md), folded by src/store/signals.ts. */
export interface SignalsStatus {
  /** By symbol. */
  briefs: Record<string, Brief>;
  /** Oldest first, at most `limits.alerts`. */
  alerts: Alert[];
  signals: Signal[];
  /** Which synthesizer's signals these are. */
  source: 'rules' | 'llm' | null;
  /** The LLM's last answer was refused: why (the rules model's signals are shown instead). */
  refusal: { reason: RefusalReason; message: string; at: number } | null;
  /** By `strategy symbol`. */
  gates: Record<string, GateResult>;
  /** Oldest first, at most `limits.proposals`. */
  proposals: Proposal[];
  auto: { on: boolean; why?: string };
}

export interface SimStatus {
  regime: 'calm' | 'volatile';
  activeFaults: string[];
  /** The local venue's planted trend, bp per bar (`--signals-demo`); absent when it has none. */
  trendBp?: number;
}

/** ' + trend +5 bp/bar' for a planted trend (SimStatus.trendBp), '' without one. */
export function trendLabel(trendBp: number | undefined): string {
  if (trendBp === undefined || trendBp === 0) return '';
  return ` + trend ${trendBp > 0 ? '+' : ''}${trendBp} bp/bar`;
}

export interface QuantState {
  session: SessionInfo | null;
  /** By socket name. */
  sockets: Record<string, SocketStatus>;
  auth: AuthInfo | null;
  clock: ClockStatus | null;
  budget: BudgetStatus | null;
  /** The session symbol's (the ticket's) ticker: the ticket and the spot marks read it. */
  ticker: TickerStatus | null;
  /**
   * Every streamed symbol's last ticker, by symbol: the market pane follows the selected row's.
   * At most `limits.tickers`; the one heard from longest ago leaves first (never the session's).
   */
  tickers: Record<string, TickerStatus>;
  /** The venue's instruments by symbol (the `/` picker's list; every row's tick and step). */
  instruments: Record<string, Instrument>;
  /** Open (non-terminal) orders by clientOrderId. Terminal ones leave; the log tells. */
  orders: Record<string, Order>;
  /**
   * The last orders that ended (filled, canceled, rejected, expired), oldest first, at most
   * `limits.closedOrders`: the message line follows the order the trader just sent to its end.
   */
  closedOrders: Order[];
  /** Newest first, at most `limits.fills`. */
  fills: Fill[];
  /** Every fill ever accepted (the buffer drops old ones; this does not). */
  fillCount: number;
  positions: Record<string, Position>;
  balances: Record<string, Balance>;
  /**
   * Spot sessions (the instrument's kind is spot): what the account holds, by asset, from the
   * venue's balances (free, locked, total; valued at the mark by the selectors, not here, so a
   * ticker does not rewrite it). Empty on perps, where `positions` says what is held.
   */
  holdings: Record<string, Holding>;
  /** Spot sessions: the session's fills by average cost; null on perps. */
  spot: SpotStatus | null;
  /** The account's leverage per symbol, as the venue last said it. */
  leverage: Record<string, SymbolLeverage>;
  /** The account's margin picture (equity, margin used, maintenance) as the venue last said it. */
  accountRisk: AccountRisk | null;
  /**
   * The session's first margin picture: its equity is where the session's PnL on a margin account
   * counts from (selectSessionPnl). Kept once; transfers in or out move it as PnL would.
   */
  equityAtStart: AccountRisk | null;
  /** Funding rate and next funding time per symbol. */
  funding: Record<string, Funding>;
  reconcile: ReconcileStatus;
  deadman: DeadmanStatus;
  /** Oldest first, at most `limits.log`. */
  log: LogEntry[];
  /** Next log sequence number. */
  logSeq: number;
  sim: SimStatus | null;
  signals: SignalsStatus;
  /** Events applied so far; bumps on every flush that changed something. */
  eventCount: number;
  limits: StoreLimits;
}

export function initialState(limits: Partial<StoreLimits> = {}): QuantState {
  return {
    session: null,
    sockets: {},
    auth: null,
    clock: null,
    budget: null,
    ticker: null,
    tickers: {},
    instruments: {},
    orders: {},
    closedOrders: [],
    fills: [],
    fillCount: 0,
    positions: {},
    balances: {},
    holdings: {},
    spot: null,
    leverage: {},
    accountRisk: null,
    equityAtStart: null,
    funding: {},
    reconcile: { corrections: [], totalCorrections: 0, passes: 0 },
    deadman: { armed: false },
    log: [],
    logSeq: 0,
    sim: null,
    signals: { briefs: {}, alerts: [], signals: [], source: null, refusal: null, gates: {}, proposals: [], auto: { on: false } },
    eventCount: 0,
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}
