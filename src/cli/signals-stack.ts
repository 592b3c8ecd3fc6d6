/**
 * The entry's signal stack for one account (docs/signals.md §Runner): the sink chain the engine
 * pushes into, and the runner's parts.
 *
 *   engine ─► runner (tee: reads the session, tickers, positions, orders; runs the cycle on closed
 *             bars) ─► watcher's sink (L2: alerts) ─► batcher ─► store
 *
 * On by default against the local venue, opt-in elsewhere (`--signals`): see docs/signals.md
 * §Runner for why. The stack's actions are `CockpitActions.signals`.
 */
import { BriefBuilder } from '../core/signals/brief.js';
import { autoPolicy } from '../core/signals/auto-mode.js';
import type { GatekeeperPolicy, GroupPlan } from '../core/signals/gatekeeper.js';
import type { GuardLimits } from '../core/order-guard.js';
import { DEFAULT_GUARD_LIMITS } from '../core/order-guard.js';
import { roundQty, roundToStep } from '../core/rounding.js';
import { div, gt, max, mul, normalize } from '../core/decimal.js';
import type { EvStat, GateResult, KlineSource, StrategySpec } from '../core/signals/types.js';
import { BUILT_IN_STRATEGIES } from '../core/signals/strategy-params.js';
import { DEFAULT_RULES, rulesModel } from '../core/signals/rules-model.js';
import { walkForward } from '../core/signals/walk-forward.js';
import { Watcher } from '../core/signals/watcher.js';
import type { AlertsSettings } from '../core/signals/watcher-config.js';
import type { Instrument } from '../core/types.js';
import type { EventSink } from '../engine/events.js';
import type { AuditLineSink } from '../engine/journal-file.js';
import { journalAudit } from '../engine/signals/audit.js';
import { type FanOutFn, type RunnerEngine, SignalRunner } from '../engine/signals/runner.js';
import type { CompositeSynthesizer } from '../engine/signals/synthesizer.js';
import type { CustodyCredentials } from '../custody/credentials.js';
import type { Secret } from '../core/secret.js';
import { watchSink, type WatchSink } from '../engine/signals/watch-sink.js';
import type { Env } from '../venues/venue.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { errorMessage } from '../core/error-message.js';
import { SLIPPAGE } from './backtest.js';
import { DEMO_TREND_BP } from './flags.js';
import { lifecycleFile } from './strategy-lifecycle-file.js';

/** The size tiers: multiples of the instrument's minimum size (a promote doubles it, within the guard). */
export const TIER_MULTIPLES = ['1', '2', '4'] as const;
/** Filled entries at a tier before a promote is proposed. */
export const PROMOTE_AFTER = 3;

export interface SignalStackParts {
  account: string;
  venue: string;
  env: Env;
  /** The store's side (the batcher). */
  sink: EventSink;
  synth: CompositeSynthesizer;
  /** The venue's base-tier taker fee (a fraction), what the gate charges each fill. */
  takerFee: number;
  guard?: GuardLimits;
  /** The profile lists the account under `signals.auto`. */
  autoListed?: boolean;
  alerts?: AlertsSettings;
  /** The profile's `signals.strategies` (docs/signals.md §Strategies in the profile); absent, the built-ins. */
  strategies?: readonly StrategySpec[];
  journal?: AuditLineSink;
  /** The state folder: each strategy's lifecycle is kept there across a restart (absent: in memory only). */
  stateDir?: string;
  /**
   * The demo's thresholds (`--signals-demo`, sim only): the local venue's bars are a seeded random
   * walk, on which an honest gate passes nothing (as it should), so a demo could never show an
   * apply. With it, a timeframe passes on a positive out-of-sample mean over at least 5 trades (the
   * interval's low is not required above zero), and the rules model signals from an agreement of
   * 0.2 (not 0.5). Nothing is invented: the signals, gates and orders are the stack's own, judged
   * leniently. The log says so at start.
   */
  demo?: boolean;
  /**
   * A desk's lead account (docs/signals.md §Desk): the group an apply fans out to, read at each
   * proposal, and the desk's fan-out its `y` goes through. Absent for a single session and for a
   * desk account that leads no group.
   */
  group?: () => GroupPlan | undefined;
  fanOut?: FanOutFn;
}

export interface SignalStack {
  /** What the engine pushes into. */
  readonly sink: EventSink;
  readonly runner: SignalRunner;
  /** Its L3 (the rules model, the profile's LLM in front when set). */
  readonly synth: CompositeSynthesizer;
  /** Once the engine is up: its kline feed is read, its actions used. False when it has no feed. */
  attach(engine: RunnerEngine & { readonly klines?: KlineSource | undefined }): boolean;
  stop(): void;
}

/** `--signals-demo`'s judgment of a gate: a positive out-of-sample mean over at least 5 trades. */
export function demoGate(gate: GateResult): GateResult {
  const ok = (s: EvStat) => s.trades >= 5 && s.meanPct > 0;
  const aggregate = ok(gate.aggregate);
  const rows = gate.rows.map((r) => ({ ...r, pass: ok(r.outOfSample) }));
  const passes: GateResult['passes'] = {};
  for (const r of rows) passes[r.timeframe] = r.pass && aggregate;
  return { ...gate, rows, passes };
}

/**
 * `--signals-demo`'s rules model: signals from an agreement of 0.2, on the shortest timeframe first (a
 * demo's horizon is minutes), with no room required (minRoom 0): under the demo's planted trend the
 * price sits at the top of its range nearly always, where the default 0.15 would never enter.
 */
export const DEMO_RULES = { ...DEFAULT_RULES, minAgreement: 0.2, minRoom: 0, horizons: ['1m', '5m', '1h', '4h', '1d'] as const };

/**
 * The entry's sizes per tier: TIER_MULTIPLES × the instrument's minimum, on its step. The minimum is
 * the larger of its minimum quantity and, at `price` (the last trade), its minimum notional with a
 * 10 % margin (the price moves before the entry reaches the venue), rounded up onto the step: on a
 * venue whose minimum quantity is worth less than its minimum notional (Binance USD-M's BTCUSDT:
 * 0.001 BTC, notional 100) an entry of the bare minimum quantity is refused (-4164).
 */
export function tierPolicy(instrument: Instrument, guard: GuardLimits | undefined, price?: string): GatekeeperPolicy {
  let base = instrument.minQty;
  if (price !== undefined && gt(price, '0') && gt(instrument.minNotional, '0')) {
    const byNotional = roundToStep(div(mul(instrument.minNotional, '1.1'), price, 12, 'up'), instrument.stepSize, 'up');
    base = max(base, byNotional);
  }
  const tiers = TIER_MULTIPLES.map((m) => normalize(roundQty(mul(base, m), instrument.stepSize)));
  return { tiers, promoteAfter: PROMOTE_AFTER, guard: guard ?? DEFAULT_GUARD_LIMITS };
}

/**
 * The stack for an account of the entry: the profile's L3 (the rules model, and its LLM when one is
 * set) and its `signals.auto`; an LLM that cannot be set up is said in the log and the rules model
 * runs alone.
 */
export async function signalStackFor(
  parts: Omit<SignalStackParts, 'synth' | 'takerFee' | 'autoListed'> & {
    processEnv: ProcessEnv;
    logLine?: (line: string) => void;
    /** The accounts' loaded credentials: their key ids, sources and wallet address are kept off the LLM's wire. */
    credentials?: readonly CustodyCredentials[];
    /**
     * The cockpit is drawn already (the local venue's stack starts after the first frame): a `file:`
     * LLM key cannot be asked for on the terminal ink owns; it is read from --passphrase-fd /
     * QUANTDECK_PASSPHRASE_FD, or refused with the reason (the rules model runs alone).
     */
    cockpitDrawn?: boolean;
  },
): Promise<SignalStack> {
  const { loadProfile } = await import('../custody/profile.js');
  const { synthesizerFromProfile } = await import('./signals-synth.js');
  const { compositeSynthesizer } = await import('../engine/signals/synthesizer.js');
  const { venueDescriptor } = await import('../venues/descriptors.js');
  let synth: CompositeSynthesizer;
  let autoListed = false;
  if (parts.demo === true) {
    parts.sink.push({ type: 'log', at: Date.now(), level: 'warn', text: `signals: --signals-demo: a gate passes on a positive mean over 5 trades, the rules signal from agreement 0.2 with no room required (demo thresholds); the local venue trends +${DEMO_TREND_BP} bp a bar`, source: 'signals' });
    return createSignalStack({ ...parts, synth: compositeSynthesizer(rulesModel(DEMO_RULES)), takerFee: Number(venueDescriptor(parts.venue).takerFee) });
  }
  // Kept across a restart in the state folder; not the demo's, judged by its own thresholds.
  const { quantdeckStateDir } = await import('../log/xdg.js');
  parts = { ...parts, stateDir: parts.stateDir ?? quantdeckStateDir(parts.processEnv) };
  let alerts: AlertsSettings | undefined;
  let strategies: readonly StrategySpec[] | undefined;
  try {
    const profile = loadProfile(parts.processEnv);
    autoListed = autoAccounts(profile).includes(parts.account);
    // L2's thresholds (docs/signals.md §L2 watcher); the defaults where the profile says none.
    alerts = profile.signals?.alerts;
    strategies = profile.signals?.strategies;
    synth = await synthesizerFromProfile({
      profile,
      processEnv: parts.processEnv,
      ...(parts.credentials === undefined ? {} : { credentials: parts.credentials }),
      ...(parts.cockpitDrawn === true ? { passphrase: (path: string) => passphraseWithoutTerminal(path, parts.processEnv) } : {}),
      ...(parts.logLine === undefined ? {} : { log: parts.logLine }),
    });
  } catch (err) {
    parts.sink.push({ type: 'log', at: Date.now(), level: 'warn', text: `signals: the profile's LLM is not used (${errorMessage(err)}); the rules model runs alone`, source: 'signals' });
    synth = compositeSynthesizer(rulesModel());
  }
  return createSignalStack({ ...parts, synth, takerFee: Number(venueDescriptor(parts.venue).takerFee), autoListed, ...(alerts === undefined ? {} : { alerts }), ...(strategies === undefined ? {} : { strategies }) });
}

/** A `file:` LLM key's passphrase once the cockpit is drawn: from the descriptor, never the terminal. */
async function passphraseWithoutTerminal(path: string, processEnv: ProcessEnv): Promise<Secret> {
  const fd = processEnv['QUANTDECK_PASSPHRASE_FD'];
  if (fd === undefined || fd === '')
    throw new Error(`${path} needs its passphrase, which cannot be asked once the cockpit is drawn: set QUANTDECK_PASSPHRASE_FD, or keep the LLM key in env: or keyring:`);
  const { readPassphrase } = await import('../custody/passphrase.js');
  return readPassphrase({ path, env: processEnv });
}

/** The accounts the profile lets run in automatic mode (`signals.auto`). */
export function autoAccounts(profile: { signals?: object }): readonly string[] {
  const auto = (profile.signals as { auto?: unknown } | undefined)?.auto;
  return Array.isArray(auto) ? auto.filter((a): a is string => typeof a === 'string') : [];
}

export function createSignalStack(parts: SignalStackParts): SignalStack {
  let runner: SignalRunner | undefined;
  const watch: WatchSink = watchSink(parts.sink, new Watcher({ ...(parts.alerts === undefined ? {} : { alerts: parts.alerts }), idPrefix: `${parts.account}/` }), {
    onAlert: (alert) => runner?.noteAlert(alert),
  });
  const strategies = parts.strategies ?? BUILT_IN_STRATEGIES;
  const costs = { takerFee: parts.takerFee, slippage: SLIPPAGE };
  runner = new SignalRunner({
    account: parts.account,
    sink: watch,
    brief: (symbol) => new BriefBuilder(symbol),
    synth: parts.synth,
    gate: (spec, symbol, series, at) => {
      // A strategy that names its timeframes is walked on those alone.
      const own = spec.timeframes === undefined ? series : Object.fromEntries(spec.timeframes.map((tf) => [tf, series[tf]]));
      const gate = walkForward(spec, symbol, own, { costs }, at).gate;
      return parts.demo === true ? demoGate(gate) : gate;
    },
    strategies,
    policy: (instrument, price) => tierPolicy(instrument, parts.guard, price),
    auto: autoPolicy(parts.env, parts.autoListed === true, parts.guard),
    ...(parts.group === undefined ? {} : { group: parts.group }),
    ...(parts.fanOut === undefined ? {} : { fanOut: parts.fanOut }),
    ...(parts.journal === undefined ? {} : { audit: journalAudit(parts.journal, { account: parts.account, venue: parts.venue, env: parts.env }) }),
    ...(parts.stateDir === undefined ? {} : { lifecycle: lifecycleFile(parts.stateDir, { account: parts.account, venue: parts.venue, env: parts.env }) }),
  });
  const r = runner;
  return {
    sink: r,
    runner: r,
    synth: parts.synth,
    attach(engine) {
      const klines = engine.klines;
      if (klines === undefined) {
        watch.push({ type: 'log', at: Date.now(), level: 'warn', text: 'signals: this engine has no kline feed; the signal stack stays idle', source: 'signals' });
        return false;
      }
      r.attach(engine, klines);
      return true;
    },
    stop() {
      r.stop();
      watch.stop();
      void parts.synth.close();
    },
  };
}
