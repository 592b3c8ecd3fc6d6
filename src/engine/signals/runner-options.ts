/**
 * What a signal runner is built from (docs/signals.md §Runner): the account, the sink below it,
 * L1's brief per symbol, L3's synthesizer, the walk-forward gate, the strategies and their sizing,
 * the audit, automatic mode and, on a desk, the group an apply fans out to.
 */
import type { MarketExtras } from '../../core/signals/brief.js';
import type { AutoPolicy } from '../../core/signals/auto-mode.js';
import type { GatekeeperPolicy, GroupPlan, StrategyState } from '../../core/signals/gatekeeper.js';
import type { AuditSink, Brief, GateResult, Kline, KlineSource, StrategySpec, Synthesizer, Timeframe } from '../../core/signals/types.js';
import type { Instrument } from '../../core/types.js';
import type { EventSink } from '../events.js';
import type { SendDeps } from './runner-send.js';
import type { CompositeSynthesizer } from './synthesizer.js';

/** L1 for one symbol, fed from the kline feed (src/core/signals/brief.ts BriefBuilder). */
export interface BriefPart {
  update(source: Pick<KlineSource, 'series'>): void;
  brief(at: number, extras?: MarketExtras): Brief;
}

/** The walk-forward gate of one strategy on a symbol's series (src/core/signals/walk-forward.ts). */
export type GateFn = (strategy: StrategySpec, symbol: string, series: Partial<Record<Timeframe, readonly Kline[]>>, at: number) => GateResult;

/** A desk's fan-out of one ticket to a group (src/engine/desk-actions.ts), as the runner calls it. */
export type FanOutFn = SendDeps['fanOut'];

export interface SignalRunnerOptions {
  /** The account's name, as proposals and the audit name it. */
  account: string;
  /** The store's side: the batcher (or the watcher's sink in front of it). */
  sink: EventSink;
  brief: (symbol: string) => BriefPart;
  /** L3: a synthesizer, with `fallback` shown when it refuses; or the entry's composite (synthesizer.ts), which falls back itself. */
  synth: Synthesizer | CompositeSynthesizer;
  /** Shown when `synth` refuses (the rules model); absent when `synth` is the rules model or a composite. */
  fallback?: Synthesizer;
  /**
   * The longest a synthesizer may take before its answer is refused as a timeout (default 15 s; for
   * a composite with an LLM, the LLM's own deadline plus a margin, so the backstop never fires first).
   */
  synthTimeoutMs?: number;
  gate: GateFn;
  strategies: readonly StrategySpec[];
  /** Sizes per tier and the guard, for the session's instrument. */
  policy: GatekeeperPolicy | ((instrument: Instrument, price: string | undefined) => GatekeeperPolicy);
  timeframes?: readonly Timeframe[];
  /** The gate is walked forward again at most this often (default 60 s): it costs the most. */
  gateEveryMs?: number;
  audit?: AuditSink;
  /** Whether automatic mode may be on, and whether it starts on (src/core/signals/auto-mode.ts). */
  auto?: AutoPolicy;
  /** The desk group an apply fans out to, when the cockpit is a desk. */
  group?: () => GroupPlan | undefined;
  fanOut?: FanOutFn;
  /**
   * Where each strategy's lifecycle (active or retired, its tier, its fills at that tier) outlives
   * the process (docs/signals.md §Runner): read once when the runner is made, written at each change.
   */
  lifecycle?: LifecycleStore;
  /** Called after each cycle (tests wait on it). */
  onCycle?: (error?: unknown) => void;
  now?: () => number;
}

/** A strategy's lifecycle as it is kept across a restart: not its orders nor what it holds (the venue's). */
export type Lifecycle = Pick<StrategyState, 'status' | 'tier' | 'fills'>;

export interface LifecycleStore {
  /** The strategies' lifecycles as last saved, by name (empty when none was). Throws when unreadable. */
  load(): ReadonlyMap<string, Lifecycle>;
  /** Every strategy's lifecycle now. Throws when it cannot be written (the runner logs it and goes on). */
  save(states: ReadonlyMap<string, Lifecycle>): void;
}

/** What the runner remembers at most of orders, audited signals, ended proposals and declined signals: the oldest go first. */
export const RUNNER_MEMORY = 500;

/** Drops the oldest entries (insertion order) that `ended` allows, until at most `cap` are left. */
export function prune<K>(keys: Map<K, unknown> | Set<K>, cap: number, ended: (key: K) => boolean = () => true): void {
  if (keys.size <= cap) return;
  for (const key of [...keys.keys()]) {
    if (keys.size <= cap) return;
    if (ended(key)) keys.delete(key);
  }
}
