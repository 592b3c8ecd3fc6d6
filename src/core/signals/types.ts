/**
 * The signal stack's shared words (docs/signals.md): klines, the L1 brief, L2 alerts, L3 signals,
 * strategies and their walk-forward gate, and the gatekeeper's proposals. Pure data: the maths is
 * in the files beside this one (src/core/signals/), the I/O in src/engine/signals/, the screens in
 * views/. Nothing here trades: a proposal reaches a venue only through the same guard and order
 * manager as a typed order, after the trader's `y` (or an account's explicit automatic mode).
 *
 * Prices in klines and indicators are numbers: they feed statistics, never a wire. What goes to a
 * venue (a signal's entry, stop and target) is a decimal string rounded to the instrument's tick.
 */
import type { DecimalString, Side } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Klines
// ---------------------------------------------------------------------------------------------

/** The timeframes the brief reads and the walk-forward evaluates. */
export const TIMEFRAMES = ['1m', '5m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** One bar. `openTime` is venue ms, a multiple of the timeframe's length (UTC-aligned). */
export interface Kline {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** In the base asset. */
  volume: number;
  /** False while the bar is still forming (the stream's last bar). */
  closed: boolean;
}

/**
 * Where the signal stack reads bars from: the engine's kline feed (src/engine/klines.ts: a REST
 * snapshot on the background lane, then the venue's kline stream), or a fixed series in a backtest.
 */
export interface KlineSource {
  /** Ask for these timeframes of a symbol: a snapshot, then live bars. Replaces what was asked before; idempotent. */
  watch(symbol: string, timeframes: readonly Timeframe[]): void;
  /** Bars oldest first; the last one may be open. Empty until the snapshot arrived. */
  series(symbol: string, timeframe: Timeframe): readonly Kline[];
  /** Called on every bar change (an open bar's update, a close, a snapshot's last bar). */
  onBar(listener: (symbol: string, timeframe: Timeframe, bar: Kline) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// L1: the brief
// ---------------------------------------------------------------------------------------------

export type Trend = 'up' | 'down' | 'flat';

/** One timeframe's picture of a symbol, from its closed bars (the open bar's close for `last`). */
export interface FrameBrief {
  timeframe: Timeframe;
  /** Closed bars it was computed from. */
  bars: number;
  last: number;
  /** EMA slope per bar, as a fraction of price (0.001 = 0.1 % per bar). */
  emaSlope: number;
  trend: Trend;
  /** Realized volatility: standard deviation of log returns per bar. */
  realizedVol: number;
  /** Average true range, in price. */
  atr: number;
  /** Where `last` sits in the recent range: 0 at its low, 1 at its high. */
  rangePosition: number;
  /** Last closed bar's volume over the recent average volume. */
  volumeRatio: number;
}

export interface Brief {
  symbol: string;
  /** Local ms it was computed. */
  at: number;
  /** Timeframes with too few bars are absent. */
  frames: Partial<Record<Timeframe, FrameBrief>>;
  /** -1 (every timeframe down) … 1 (every timeframe up): the sign agreement of the frames' trends. */
  agreement: number;
  /** Where the venue gives them. */
  fundingRate?: number;
  /** One side, in the base asset. */
  openInterest?: number;
  /** Its change over the window the readings span (src/core/signals/open-interest.ts). */
  openInterestChange?: OpenInterestChange;
}

/** Open interest's change from the oldest reading in the window to the newest, and the span between them. */
export interface OpenInterestChange {
  /** 0.012 = up 1.2 %. */
  fraction: number;
  overMs: number;
}

// ---------------------------------------------------------------------------------------------
// L2: alerts
// ---------------------------------------------------------------------------------------------

export const ALERT_RULES = [
  'atr-move',
  'spread',
  'depth',
  'funding-flip',
  'liquidation-distance',
  'no-stop',
  'disconnect',
  'clock',
  'budget',
  'large-fill',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export type Severity = 'info' | 'warn' | 'critical';

export interface Alert {
  /** Unique within the process (rule, symbol and a sequence): the journal and the pane key on it. */
  id: string;
  rule: AlertRule;
  severity: Severity;
  symbol?: string;
  /** Local ms. */
  at: number;
  /** What happened, for a trader: 'BTCUSDT moved 2.1×ATR(1m) in 40 s'. Neutralised before display. */
  text: string;
}

// ---------------------------------------------------------------------------------------------
// L3: signals
// ---------------------------------------------------------------------------------------------

export interface Signal {
  symbol: string;
  side: Side;
  /** 0..1. */
  confidence: number;
  horizon: Timeframe;
  entry: DecimalString;
  stop: DecimalString;
  target: DecimalString;
  /** Why, in one line (a model's words are untrusted text: neutralised before display). */
  rationale: string;
  /** Which synthesizer said it. */
  source: 'rules' | 'llm';
  /** The strategy it belongs to, where one produced it. */
  strategy?: string;
}

/** What a synthesizer reads: nothing that names the account or a key. */
export interface SynthInput {
  brief: Brief;
  alerts: readonly Alert[];
  /** Open positions, by symbol, size signed (negative = short). */
  positions: readonly { symbol: string; qty: DecimalString; entryPrice: DecimalString }[];
  /** The instrument's tick, so prices come back on it. */
  tick: DecimalString;
}

/** Why a synthesizer's answer was not used: the rules model's signals are shown instead. */
export type RefusalReason = 'timeout' | 'malformed' | 'out-of-range' | 'oversized' | 'http' | 'budget';

export type SynthResult =
  | { ok: true; signals: Signal[] }
  | { ok: false; reason: RefusalReason; message: string };

/** L3: rules (the default, src/core/signals/rules-model.ts) or an LLM (src/engine/signals/llm.ts). */
export interface Synthesizer {
  readonly name: 'rules' | 'llm';
  synthesize(input: SynthInput, abort?: AbortSignal): Promise<SynthResult>;
}

// ---------------------------------------------------------------------------------------------
// Strategies and the EV gate
// ---------------------------------------------------------------------------------------------

export const STRATEGY_KINDS = ['trend-follow', 'breakout', 'mean-reversion'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

/**
 * A named, declarative rule set. Params are the kind's own (lookbacks, multiples of ATR): those
 * given are fixed, the others fitted over the kind's grid (strategy-params.ts). `timeframes`, when
 * given, are the only ones its gate walks (the profile's `signals.strategies`).
 */
export interface StrategySpec {
  name: string;
  kind: StrategyKind;
  params: Readonly<Record<string, number>>;
  timeframes?: readonly Timeframe[];
}

/** Expected value per trade, net of fees and slippage, in % of entry, with its confidence interval. */
export interface EvStat {
  trades: number;
  meanPct: number;
  lowPct: number;
  highPct: number;
}

export interface WalkForwardRow {
  timeframe: Timeframe;
  inSample: EvStat;
  outOfSample: EvStat;
  /** Out-of-sample EV positive with its interval above zero. */
  pass: boolean;
}

export interface GateResult {
  strategy: string;
  symbol: string;
  rows: WalkForwardRow[];
  /** Every timeframe's out-of-sample trades together. */
  aggregate: EvStat;
  /** The gate passes a timeframe only when its row and the aggregate both pass. */
  passes: Partial<Record<Timeframe, boolean>>;
  /** Local ms. */
  at: number;
}

// ---------------------------------------------------------------------------------------------
// The gatekeeper
// ---------------------------------------------------------------------------------------------

export const PROPOSAL_ACTIONS = ['apply', 'retire', 'revive', 'fan-out', 'promote'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/** One order a proposal would send, as `Enter` shows it before `y`. */
export interface ProposedOrder {
  account: string;
  symbol: string;
  side: Side;
  type: 'limit' | 'market' | 'stop' | 'take-profit';
  qty: DecimalString;
  price?: DecimalString;
  reduceOnly: boolean;
}

export type ProposalStatus = 'open' | 'sent' | 'declined' | 'expired' | 'failed';

export interface Proposal {
  id: string;
  strategy: string;
  action: ProposalAction;
  symbol: string;
  signal?: Signal;
  /** Exactly what `y` sends (empty for a retire with nothing to close). */
  orders: ProposedOrder[];
  /** A retire's open orders of the strategy that `y` cancels (client order ids), shown beside `orders`. */
  cancels?: string[];
  /** Why the gatekeeper proposes it, for a trader. */
  reason: string;
  status: ProposalStatus;
  /** Local ms. */
  at: number;
  /** After `y`: what each order became (client order ids), or why it failed. */
  outcome?: string;
  clientOrderIds?: string[];
}

// ---------------------------------------------------------------------------------------------
// Audit: every step of the stack goes to the journal (docs/journal.md)
// ---------------------------------------------------------------------------------------------

export type AuditEntry =
  | { kind: 'brief'; brief: Brief }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'signal'; signal: Signal }
  | { kind: 'refusal'; synthesizer: string; reason: RefusalReason; message: string }
  | { kind: 'gate'; gate: GateResult }
  | { kind: 'proposal'; proposal: Proposal }
  | {
      kind: 'decision';
      proposalId: string;
      decision: 'accepted' | 'declined' | 'auto';
      clientOrderIds: string[];
      /** What else the trader should read: accounts an automatic fan-out skipped, a question automatic mode left to the trader. */
      note?: string;
    };

/** Where the stack's audit goes: the journal file, stamped with account, venue, env and time. */
export interface AuditSink {
  audit(entry: AuditEntry): void;
}
