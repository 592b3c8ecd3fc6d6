/**
 * The signal stack's runner (docs/signals.md §Runner): one per account engine. It sits in the
 * engine's event sink (a tee: every event goes on unchanged, and the runner reads the session,
 * tickers, positions and orders), reads the kline feed, and on every closed bar of the session's
 * symbol runs one cycle:
 *
 *   klines ─► brief (L1) ─► gate (walk-forward, at most every gateEveryMs) ─► synthesizer (L3,
 *   with its timeout; the rules model when it refuses) ─► gatekeeper ─► proposals
 *
 * Alerts (L2) come from the watcher's sink beside it (`noteAlert`). Each step is pushed as a
 * `signals` event into the sink below (the store folds it) and written to the journal as an
 * audit line. Accepting a proposal sends its orders through the engine's own actions
 * (runner-send.ts): the same guard and order manager as a typed order.
 */
import { errorMessage } from '../../core/error-message.js';
import { abs, gt, isZero, neg, sign } from '../../core/decimal.js';
import type { AutoPolicy } from '../../core/signals/auto-mode.js';
import { type GatekeeperPolicy, type GroupPlan, gatekeep, signalKey, type StrategyState } from '../../core/signals/gatekeeper.js';
import type {
  Alert,
  AuditEntry,
  AuditSink,
  Brief,
  GateResult,
  Kline,
  KlineSource,
  Proposal,
  Signal,
  StrategySpec,
  SynthInput,
  SynthResult,
  Synthesizer,
  Timeframe,
} from '../../core/signals/types.js';
import { TIMEFRAMES } from '../../core/signals/types.js';
import { type Instrument, isTerminalOrderState, type Order, type Position } from '../../core/types.js';
import type { ActionResult, PlaceOptions } from '../actions.js';
import type { EngineEvent, EventSink } from '../events.js';
import type { SignalActions } from './actions.js';
import type { CompositeSynthesizer, SynthOutcome } from './synthesizer.js';
import { type RunnerEngine, type SendDeps, sendProposal } from './runner-send.js';

export type { RunnerEngine } from './runner-send.js';

/** L1 for one symbol, fed from the kline feed (src/core/signals/brief.ts BriefBuilder). */
export interface BriefPart {
  update(source: Pick<KlineSource, 'series'>): void;
  brief(at: number, extras?: { fundingRate?: number; openInterest?: number }): Brief;
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
  /** Called after each cycle (tests wait on it). */
  onCycle?: (error?: unknown) => void;
  now?: () => number;
}

/** An apply accepted: its stop and target wait for the entry to fill. */
interface PendingBracket {
  proposalId: string;
  strategy: string;
  entryId: string;
  /** The proposal's symbol: the bracket stays on it when `:sym` moves before the entry fills. */
  symbol: string;
  stop: string;
  target: string;
  side: 'buy' | 'sell';
}

const DEFAULT_SYNTH_TIMEOUT_MS = 15_000;
/** How much longer than the LLM's own deadline the backstop waits (its refusal should come first). */
const BACKSTOP_MARGIN_MS = 2_000;
const DEFAULT_GATE_EVERY_MS = 60_000;
/** What the runner remembers at most of orders, audited signals, ended proposals and declined signals: the oldest go first. */
export const RUNNER_MEMORY = 500;

/** Drops the oldest entries (insertion order) that `ended` allows, until at most `cap` are left. */
function prune<K>(keys: Map<K, unknown> | Set<K>, cap: number, ended: (key: K) => boolean = () => true): void {
  if (keys.size <= cap) return;
  for (const key of [...keys.keys()]) {
    if (keys.size <= cap) return;
    if (ended(key)) keys.delete(key);
  }
}

/** Alerts the synthesizer is shown: the most recent. */
const RECENT_ALERTS = 20;

export class SignalRunner implements EventSink, SignalActions {
  readonly #o: SignalRunnerOptions;
  readonly #now: () => number;
  readonly #timeframes: readonly Timeframe[];
  #engine: RunnerEngine | undefined;
  #klines: KlineSource | undefined;
  #unlisten: (() => void) | undefined;
  #symbol: string | undefined;
  #brief: BriefPart | undefined;
  #lastBrief: Brief | undefined;
  readonly #alerts: Alert[] = [];
  readonly #positions = new Map<string, Position>();
  readonly #orders = new Map<string, Order>();
  readonly #funding = new Map<string, number>();
  #price: string | undefined;
  #signals: Signal[] = [];
  readonly #audited = new Set<string>();
  readonly #gates = new Map<string, GateResult>();
  #gatesAt = -Infinity;
  readonly #strategies = new Map<string, StrategyState>();
  readonly #proposals = new Map<string, Proposal>();
  readonly #declined = new Set<string>();
  readonly #pending = new Map<string, PendingBracket>();
  /** The symbol each strategy's `holds` is of: cleared when that position goes flat. */
  readonly #heldOn = new Map<string, string>();
  /** A strategy's stop and target (client id → strategy): one filling ends what it holds. */
  readonly #legs = new Map<string, string>();
  #seq = 1;
  #auto: boolean;
  #scheduled = false;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: SignalRunnerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#timeframes = options.timeframes ?? TIMEFRAMES;
    for (const s of options.strategies) this.#strategies.set(s.name, { name: s.name, status: 'active', tier: 1, fills: 0, orders: [] });
    this.#auto = options.auto?.startsOn === true;
  }

  /** The engine and its kline feed, once they exist (the cockpit draws before the engine). */
  attach(engine: RunnerEngine, klines: KlineSource): void {
    this.#engine = engine;
    this.#klines = klines;
    this.#unlisten = klines.onBar((symbol, _tf, bar) => {
      if (symbol === this.#symbol && (bar.closed || this.#lastBrief === undefined)) this.#schedule();
    });
    this.#follow(engine.symbol);
    this.#emit({ type: 'signals', at: this.#now(), part: 'auto', auto: this.#auto, ...(this.#o.auto?.why === undefined ? {} : { why: this.#o.auto.why }) });
  }

  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
  }

  /** Settles once the cycle under way (if any) has ended. */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  get proposals(): readonly Proposal[] {
    return [...this.#proposals.values()];
  }

  /** How much the runner remembers (tests: it stays bounded). */
  get retained(): { orders: number; audited: number; proposals: number; declined: number } {
    return { orders: this.#orders.size, audited: this.#audited.size, proposals: this.#proposals.size, declined: this.#declined.size };
  }

  get strategies(): readonly StrategyState[] {
    return [...this.#strategies.values()];
  }

  // ---- EventSink: a tee ---------------------------------------------------------------------

  push(event: EngineEvent): void {
    this.#o.sink.push(event);
    this.#observe(event);
  }

  hold(maxMs: number): () => void {
    return this.#o.sink.hold?.(maxMs) ?? (() => undefined);
  }

  /** An alert from the watcher (its sink already showed it): kept for the synthesizer, audited. */
  noteAlert(alert: Alert): void {
    this.#alerts.push(alert);
    if (this.#alerts.length > RECENT_ALERTS) this.#alerts.shift();
    this.#audit({ kind: 'alert', alert });
  }

  #observe(e: EngineEvent): void {
    switch (e.type) {
      case 'session':
        if (this.#engine !== undefined) this.#follow(e.symbol);
        return;
      case 'ticker':
        if (e.symbol === this.#symbol) this.#price = e.last;
        return;
      case 'funding':
        if (Number.isFinite(Number(e.funding.rate))) this.#funding.set(e.funding.symbol, Number(e.funding.rate));
        return;
      case 'positions':
        if (e.snapshot) this.#positions.clear();
        for (const p of e.positions) {
          if (isZero(p.qty)) this.#positions.delete(p.symbol);
          else this.#positions.set(p.symbol, p);
        }
        this.#trimHolds();
        return;
      case 'orders-snapshot':
        for (const o of e.orders) this.#order(o);
        return;
      case 'order':
        this.#order(e.order);
        return;
      default:
        return;
    }
  }

  /** The session's symbol: the feed is asked for its bars, and its brief starts afresh. */
  #follow(symbol: string): void {
    if (symbol === this.#symbol) return;
    this.#symbol = symbol;
    this.#brief = this.#o.brief(symbol);
    this.#lastBrief = undefined;
    this.#gates.clear();
    this.#gatesAt = -Infinity;
    this.#price = undefined;
    this.#klines?.watch(symbol, this.#timeframes);
    if (this.#klines !== undefined && this.#timeframes.some((tf) => this.#klines!.series(symbol, tf).length > 0)) this.#schedule();
  }

  /** What a strategy holds, never more than the position of its symbol: flat (or turned) ends it. */
  #trimHolds(): void {
    for (const st of this.#strategies.values()) {
      const symbol = this.#heldOn.get(st.name);
      if (st.holds === undefined || isZero(st.holds) || symbol === undefined) continue;
      const live = this.#positions.get(symbol)?.qty ?? '0';
      if (isZero(live) || sign(live) !== sign(st.holds)) this.#release(st.name);
      else if (gt(abs(st.holds), abs(live))) this.#setStrategy({ ...st, holds: live });
    }
  }

  /** The strategy holds nothing any more (its stop or target filled, or its position went flat). */
  #release(name: string): void {
    const st = this.#strategies.get(name);
    this.#heldOn.delete(name);
    for (const [id, owner] of this.#legs) if (owner === name) this.#legs.delete(id);
    if (st !== undefined && st.holds !== undefined && !isZero(st.holds)) this.#setStrategy({ ...st, holds: '0' });
  }

  #order(o: Order): void {
    this.#orders.set(o.clientOrderId, o);
    // Ended orders go first; an entry whose answer has not come back yet is read from here (#lifecycle).
    prune(this.#orders, RUNNER_MEMORY, (id) => isTerminalOrderState(this.#orders.get(id)!.state));
    const leg = this.#legs.get(o.clientOrderId);
    if (leg !== undefined && !isZero(o.filledQty)) this.#release(leg);
    for (const st of this.#strategies.values()) {
      if (!st.orders.includes(o.clientOrderId)) continue;
      if (isTerminalOrderState(o.state)) this.#setStrategy({ ...st, orders: st.orders.filter((id) => id !== o.clientOrderId) });
    }
    const pending = [...this.#pending.values()].find((p) => p.entryId === o.clientOrderId);
    if (pending === undefined) return;
    const filled = !isZero(o.filledQty);
    if (o.state === 'filled' || (isTerminalOrderState(o.state) && filled)) {
      this.#pending.delete(pending.proposalId);
      const st = this.#strategies.get(pending.strategy);
      if (st !== undefined) {
        this.#setStrategy({ ...st, fills: st.fills + 1, holds: pending.side === 'buy' ? o.filledQty : neg(o.filledQty) });
        this.#heldOn.set(st.name, pending.symbol);
      }
      void this.#bracket(pending, o.filledQty);
    } else if (isTerminalOrderState(o.state)) {
      this.#pending.delete(pending.proposalId);
      this.#update(pending.proposalId, { outcome: `entry ${o.clientOrderId} ${o.state}${o.reason === undefined ? '' : `: ${o.reason}`}; no stop or target placed` });
    }
  }

  #setStrategy(st: StrategyState): void {
    this.#strategies.set(st.name, st);
  }

  // ---- the cycle ----------------------------------------------------------------------------

  #schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      if (this.#running !== undefined) {
        // One cycle at a time: the bars that closed meanwhile are read by the next.
        void this.#running.then(() => this.#schedule());
        return;
      }
      this.#running = this.#cycle()
        .then(
          () => this.#o.onCycle?.(),
          (err: unknown) => {
            this.#log('warn', `signals: the cycle failed: ${errorMessage(err)}`);
            this.#o.onCycle?.(err);
          },
        )
        .finally(() => {
          this.#running = undefined;
        });
    }, 0);
  }

  async #cycle(): Promise<void> {
    const engine = this.#engine;
    const klines = this.#klines;
    const symbol = this.#symbol;
    const builder = this.#brief;
    if (engine === undefined || klines === undefined || symbol === undefined || builder === undefined || this.#stopped) return;
    const now = this.#now();

    builder.update(klines);
    const funding = this.#funding.get(symbol);
    const brief = builder.brief(now, funding === undefined ? {} : { fundingRate: funding });
    this.#lastBrief = brief;
    this.#emit({ type: 'signals', at: now, part: 'brief', brief });
    this.#audit({ kind: 'brief', brief });

    if (now - this.#gatesAt >= (this.#o.gateEveryMs ?? DEFAULT_GATE_EVERY_MS)) {
      this.#gatesAt = now;
      const series: Partial<Record<Timeframe, readonly Kline[]>> = {};
      for (const tf of this.#timeframes) series[tf] = klines.series(symbol, tf);
      for (const spec of this.#o.strategies) {
        const gate = this.#o.gate(spec, symbol, series, now);
        this.#gates.set(spec.name, gate);
        this.#emit({ type: 'signals', at: now, part: 'gate', gate });
        this.#audit({ kind: 'gate', gate });
      }
    }

    const instrument = engine.instrument;
    if (instrument === undefined || instrument.symbol !== symbol) return;
    const positions = [...this.#positions.values()].map((p) => ({ symbol: p.symbol, qty: p.qty, entryPrice: p.entryPrice }));
    const input = { brief, alerts: [...this.#alerts], positions, tick: instrument.tickSize };
    const { signals, source, refusal } = await this.#l3(input);
    if (this.#stopped || symbol !== this.#symbol) return;
    this.#signals = signals;
    this.#emit({ type: 'signals', at: this.#now(), part: 'signals', signals, source, ...(refusal === undefined ? {} : { refusal }) });
    for (const signal of signals) {
      // Audited again when its levels move (the gatekeeper's key leaves them out).
      const key = `${signalKey(signal)} ${signal.entry} ${signal.stop} ${signal.target}`;
      if (this.#audited.has(key)) continue;
      this.#audited.add(key);
      prune(this.#audited, RUNNER_MEMORY);
      this.#audit({ kind: 'signal', signal });
    }
    this.#propose(symbol);
  }

  /** L3's signals: the synthesizer's, or the fallback's with the refusal beside them. */
  async #l3(input: SynthInput): Promise<SynthOutcome> {
    const synth = this.#o.synth;
    if ('run' in synth) {
      // The composite falls back to the rules model itself; the timeout here is a backstop.
      const outcome = await this.#timed((abort) => synth.run(input, abort));
      if (outcome === 'timeout') {
        const refusal = { reason: 'timeout' as const, message: `no answer within ${this.#timeoutMs()} ms` };
        this.#audit({ kind: 'refusal', synthesizer: synth.llm ? 'llm' : 'rules', ...refusal });
        // The rules model's advice, not nothing: the backstop hides only what did not come.
        if (synth.fallback === undefined) return { signals: [], source: 'rules', refusal };
        const fallback = synth.fallback;
        const rules = await this.#timed(() => fallback(input, refusal));
        return rules === 'timeout' ? { signals: [], source: 'rules', refusal } : rules;
      }
      if (outcome.refusal !== undefined) this.#audit({ kind: 'refusal', synthesizer: 'llm', ...outcome.refusal });
      return outcome;
    }
    const result = await this.#synthesize(synth, input);
    if (result.ok) return { signals: result.signals, source: synth.name };
    const refusal = { reason: result.reason, message: result.message };
    this.#audit({ kind: 'refusal', synthesizer: synth.name, ...refusal });
    const fallback = this.#o.fallback === undefined ? undefined : await this.#synthesize(this.#o.fallback, input);
    return { signals: fallback?.ok === true ? fallback.signals : [], source: 'rules', refusal };
  }

  #timeoutMs(): number {
    if (this.#o.synthTimeoutMs !== undefined) return this.#o.synthTimeoutMs;
    const synth = this.#o.synth;
    const llm = 'run' in synth ? synth.timeoutMs : undefined;
    return llm === undefined ? DEFAULT_SYNTH_TIMEOUT_MS : llm + BACKSTOP_MARGIN_MS;
  }

  /** `run`'s answer, or 'timeout' (and `run`'s abort signal fired) once the synthesizer's time is up. */
  async #timed<T>(run: (abort: AbortSignal) => Promise<T>): Promise<T | 'timeout'> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve('timeout');
      }, this.#timeoutMs());
    });
    try {
      return await Promise.race([run(abort.signal), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A synthesizer's answer, or a named refusal when it takes too long or throws. */
  async #synthesize(synth: Synthesizer, input: SynthInput): Promise<SynthResult> {
    try {
      const answer = await this.#timed((abort) => synth.synthesize(input, abort));
      return answer === 'timeout' ? { ok: false, reason: 'timeout', message: `no answer within ${this.#timeoutMs()} ms` } : answer;
    } catch (err) {
      return { ok: false, reason: 'http', message: errorMessage(err) };
    }
  }

  #propose(symbol: string): void {
    const engine = this.#engine;
    const instrument = engine?.instrument;
    if (engine === undefined || instrument === undefined) return;
    const position = this.#positions.get(symbol)?.qty ?? '0';
    const group = this.#o.group?.();
    const out = gatekeep({
      account: this.#o.account,
      symbol,
      instrument,
      signals: this.#signals,
      gates: [...this.#gates.values()],
      strategies: [...this.#strategies.values()],
      position,
      ...(this.#price === undefined ? {} : { price: this.#price }),
      open: [...this.#proposals.values()].filter((p) => p.status === 'open'),
      declined: this.#declined,
      policy: typeof this.#o.policy === 'function' ? this.#o.policy(instrument, this.#price) : this.#o.policy,
      ...(group === undefined ? {} : { group }),
      now: this.#now(),
      idPrefix: `${this.#o.account}-p`,
      seq: this.#seq,
    });
    this.#seq += out.proposals.length;
    for (const id of out.expired) this.#update(id, { status: 'expired', outcome: 'its signal or its gate is gone' });
    // Ended proposals (not open, no stop and target still to come) go first.
    const pendingIds = new Set([...this.#pending.values()].map((x) => x.proposalId));
    prune(this.#proposals, RUNNER_MEMORY, (id) => this.#proposals.get(id)!.status !== 'open' && !pendingIds.has(id));
    for (const p of out.proposals) {
      this.#proposals.set(p.id, p);
      this.#emit({ type: 'signals', at: p.at, part: 'proposal', proposal: p });
      this.#audit({ kind: 'proposal', proposal: p });
      if (this.#auto) void this.#send(p.id, 'auto');
    }
  }

  // ---- SignalActions ------------------------------------------------------------------------

  accept(proposalId: string, options: PlaceOptions = {}): Promise<ActionResult> {
    return this.#send(proposalId, 'accepted', options);
  }

  decline(proposalId: string): Promise<ActionResult> {
    const p = this.#proposals.get(proposalId);
    if (p === undefined) return Promise.resolve({ ok: false, error: `no proposal ${proposalId}` });
    if (p.status !== 'open') return Promise.resolve({ ok: false, error: `${proposalId} is ${p.status}, not open` });
    if (p.signal !== undefined) this.#declined.add(signalKey(p.signal));
    prune(this.#declined, RUNNER_MEMORY);
    this.#update(proposalId, { status: 'declined' });
    this.#audit({ kind: 'decision', proposalId, decision: 'declined', clientOrderIds: [] });
    return Promise.resolve({ ok: true, message: `${proposalId} declined: nothing sent` });
  }

  setAuto(on: boolean): Promise<ActionResult> {
    const policy = this.#o.auto ?? { allowed: true, startsOn: false };
    if (on && !policy.allowed) return Promise.resolve({ ok: false, error: policy.why ?? 'automatic mode is not allowed for this account' });
    this.#auto = on;
    this.#emit({ type: 'signals', at: this.#now(), part: 'auto', auto: on });
    this.#log('info', `signals: automatic mode ${on ? 'on: proposals are sent without asking, through the guard' : 'off'}`);
    return Promise.resolve({ ok: true, message: `automatic mode ${on ? 'on' : 'off'}` });
  }

  async #send(proposalId: string, decision: 'accepted' | 'auto', options: PlaceOptions = {}): Promise<ActionResult> {
    const p = this.#proposals.get(proposalId);
    const engine = this.#engine;
    if (p === undefined) return { ok: false, error: `no proposal ${proposalId}` };
    if (p.status !== 'open') return { ok: false, error: `${proposalId} is ${p.status}, not open` };
    if (engine === undefined) return { ok: false, error: 'not ready: the engine is starting' };
    const sent = await sendProposal(p.action === 'retire' ? this.#capClose(p) : p, {
      engine,
      options,
      ...(this.#o.fanOut === undefined ? {} : { fanOut: this.#o.fanOut }),
      lead: this.#o.account,
    });
    // The guard asks first: the proposal stays open, the question goes to the trader.
    if (!sent.result.ok && sent.result.confirm === true) return sent.result;
    const ids = sent.clientOrderIds;
    this.#audit({ kind: 'decision', proposalId, decision, clientOrderIds: ids });
    if (!sent.result.ok) {
      this.#update(proposalId, { status: 'failed', outcome: sent.result.error, clientOrderIds: ids });
      return sent.result;
    }
    this.#update(proposalId, { status: 'sent', outcome: sent.result.message ?? 'sent', clientOrderIds: ids });
    this.#lifecycle(p, ids);
    return sent.result;
  }

  /**
   * A retire's close as it is sent: never more than what the strategy still holds nor the live
   * position (either may have shrunk since Enter showed it); none when either is gone.
   */
  #capClose(p: Proposal): Proposal {
    const held = this.#strategies.get(p.strategy)?.holds ?? '0';
    const orders = p.orders.flatMap((o) => {
      const live = this.#positions.get(o.symbol)?.qty ?? '0';
      if (o.type !== 'market' || isZero(held) || isZero(live) || sign(live) !== sign(held) || sign(live) !== (o.side === 'sell' ? 1 : -1)) return [];
      let qty = o.qty;
      for (const cap of [abs(held), abs(live)]) if (gt(qty, cap)) qty = cap;
      return [{ ...o, qty }];
    });
    return { ...p, orders };
  }

  /** What a sent proposal does to its strategy. */
  #lifecycle(p: Proposal, ids: string[]): void {
    const st = this.#strategies.get(p.strategy);
    if (st === undefined) return;
    switch (p.action) {
      case 'apply':
      case 'fan-out': {
        const entry = ids[0];
        const signal = p.signal;
        const stop = p.orders.find((o) => o.type === 'stop' && o.account === this.#o.account);
        const target = p.orders.find((o) => o.type === 'take-profit' && o.account === this.#o.account);
        const lead = p.orders.find((o) => o.account === this.#o.account && o.type === 'limit');
        if (entry === undefined || signal === undefined || lead === undefined) return;
        this.#setStrategy({ ...st, orders: [...st.orders, entry] });
        if (stop?.price !== undefined && target?.price !== undefined) {
          this.#pending.set(p.id, { proposalId: p.id, strategy: p.strategy, entryId: entry, symbol: p.symbol, stop: stop.price, target: target.price, side: signal.side });
          // An entry that filled before its answer came back.
          const known = this.#orders.get(entry);
          if (known !== undefined) this.#order(known);
        }
        return;
      }
      case 'retire':
        this.#release(st.name);
        this.#setStrategy({ ...this.#strategies.get(st.name)!, status: 'retired', orders: [], holds: '0' });
        return;
      case 'revive':
        this.#setStrategy({ ...st, status: 'active', tier: 1, fills: 0 });
        return;
      case 'promote':
        this.#setStrategy({ ...st, tier: st.tier + 1, fills: 0 });
        return;
    }
  }

  /**
   * The entry filled: the stop and the target through the engine's protective desk, on the
   * proposal's symbol and for what the entry filled (at most what Enter showed), not the whole
   * position nor the session's symbol now.
   */
  async #bracket(pending: PendingBracket, qty: string): Promise<void> {
    const engine = this.#engine;
    if (engine === undefined) return;
    const ids: string[] = [];
    const words: string[] = [];
    for (const [kind, price] of [
      ['stop', pending.stop],
      ['take_profit', pending.target],
    ] as const) {
      try {
        const r = await engine.protect(kind, price, { symbol: pending.symbol, qty });
        if (r.ok && r.clientOrderId !== undefined) {
          ids.push(r.clientOrderId);
          this.#legs.set(r.clientOrderId, pending.strategy);
          const st = this.#strategies.get(pending.strategy);
          if (st !== undefined) this.#setStrategy({ ...st, orders: [...st.orders, r.clientOrderId] });
        }
        words.push(r.ok ? `${kind === 'stop' ? 'stop' : 'target'} ${r.clientOrderId ?? ''}`.trim() : `${kind === 'stop' ? 'stop' : 'target'} refused: ${r.error}`);
      } catch (err) {
        words.push(`${kind === 'stop' ? 'stop' : 'target'} failed: ${errorMessage(err)}`);
      }
    }
    const p = this.#proposals.get(pending.proposalId);
    const all = [...(p?.clientOrderIds ?? []), ...ids];
    this.#update(pending.proposalId, { clientOrderIds: all, outcome: `entry filled; ${words.join(', ')}` });
    this.#audit({ kind: 'decision', proposalId: pending.proposalId, decision: 'accepted', clientOrderIds: ids });
  }

  #update(id: string, change: Partial<Proposal>): void {
    const p = this.#proposals.get(id);
    if (p === undefined) return;
    const next = { ...p, ...change };
    this.#proposals.set(id, next);
    this.#emit({ type: 'signals', at: this.#now(), part: 'proposal', proposal: next });
    this.#audit({ kind: 'proposal', proposal: next });
  }

  #emit(event: EngineEvent): void {
    this.#o.sink.push(event);
  }

  #audit(entry: AuditEntry): void {
    try {
      this.#o.audit?.audit(entry);
    } catch (err) {
      this.#log('warn', `signals: audit line not written: ${errorMessage(err)}`);
    }
  }

  #log(level: 'info' | 'warn', text: string): void {
    this.#o.sink.push({ type: 'log', at: this.#now(), level, text, source: 'signals' });
  }
}

