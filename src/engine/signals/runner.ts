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
 * (runner-send.ts): the same guard and order manager as a typed order. What each strategy is and
 * holds is the book's (strategy-book.ts); L3's deadline and fallback are runner-l3.ts's.
 */
import { errorMessage } from '../../core/error-message.js';
import type { AutoState } from '../../core/signals/auto-mode.js';
import { gatekeep, signalKey, type StrategyState } from '../../core/signals/gatekeeper.js';
import { OpenInterestTrail } from '../../core/signals/open-interest.js';
import type { Alert, AuditEntry, Brief, GateResult, Kline, KlineSource, Proposal, Signal, Timeframe } from '../../core/signals/types.js';
import { TIMEFRAMES } from '../../core/signals/types.js';
import type { ActionResult, PlaceOptions } from '../actions.js';
import type { EngineEvent, EventSink } from '../events.js';
import type { SignalActions } from './actions.js';
import { runL3 } from './runner-l3.js';
import { type BriefPart, type Lifecycle, prune, RUNNER_MEMORY, type SignalRunnerOptions } from './runner-options.js';
import { type RunnerEngine, sendProposal } from './runner-send.js';
import { type PendingBracket, StrategyBook } from './strategy-book.js';

export type { BriefPart, FanOutFn, GateFn, Lifecycle, LifecycleStore, SignalRunnerOptions } from './runner-options.js';
export { RUNNER_MEMORY } from './runner-options.js';
export type { RunnerEngine } from './runner-send.js';

const DEFAULT_GATE_EVERY_MS = 60_000;
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
  readonly #book: StrategyBook;
  readonly #funding = new Map<string, number>();
  /** Open interest readings per symbol over the Brief's window (one side, base units). */
  readonly #openInterest = new Map<string, OpenInterestTrail>();
  #price: string | undefined;
  #signals: Signal[] = [];
  readonly #audited = new Set<string>();
  readonly #gates = new Map<string, GateResult>();
  #gatesAt = -Infinity;
  readonly #proposals = new Map<string, Proposal>();
  readonly #declined = new Set<string>();
  #seq = 1;
  #auto: boolean;
  #scheduled = false;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: SignalRunnerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#timeframes = options.timeframes ?? TIMEFRAMES;
    this.#book = new StrategyBook(
      options.account,
      options.strategies,
      {
        filled: (pending, qty) => void this.#bracket(pending, qty),
        ended: (proposalId, outcome) => this.#update(proposalId, { outcome }),
        lifecycle: (states) => this.#keep(states),
      },
      this.#restore(),
    );
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
    return { orders: this.#book.orderCount, audited: this.#audited.size, proposals: this.#proposals.size, declined: this.#declined.size };
  }

  /** This account's automatic mode now (a desk's automatic fan-out reads each member's). */
  get autoState(): AutoState {
    const why = this.#o.auto?.why;
    return { on: this.#auto, ...(why === undefined ? {} : { why }) };
  }

  get strategies(): readonly StrategyState[] {
    return this.#book.strategies;
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
      case 'open-interest': {
        const { symbol, amount } = e.openInterest;
        const trail = this.#openInterest.get(symbol) ?? new OpenInterestTrail();
        this.#openInterest.set(symbol, trail);
        trail.push(e.at, Number(amount));
        return;
      }
      case 'positions':
        this.#book.positionsEvent(e.snapshot, e.positions, e.requestedAt);
        return;
      case 'orders-snapshot':
        for (const o of e.orders) this.#book.order(o, e.at);
        return;
      case 'order':
        this.#book.order(e.order, e.at);
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
    const oi = this.#openInterest.get(symbol);
    const oiNow = oi?.latest;
    const oiChange = oi?.change();
    const brief = builder.brief(now, {
      ...(funding === undefined ? {} : { fundingRate: funding }),
      ...(oiNow === undefined ? {} : { openInterest: oiNow }),
      ...(oiChange === undefined ? {} : { openInterestChange: oiChange }),
    });
    this.#lastBrief = brief;
    this.#emit({ type: 'signals', at: now, part: 'brief', brief });
    this.#audit({ kind: 'brief', brief });

    // The gate judges the timeframes together (its aggregate pools them): on a start's first bars
    // (one series loaded, the others on their way) it waits, or one timeframe would pass or fail alone.
    const loaded = this.#timeframes.every((tf) => klines.series(symbol, tf).length > 0);
    if (loaded && now - this.#gatesAt >= (this.#o.gateEveryMs ?? DEFAULT_GATE_EVERY_MS)) {
      this.#gatesAt = now;
      const series: Partial<Record<Timeframe, readonly Kline[]>> = {};
      // A copy: the feed appends to its series while the loop runs between strategies.
      for (const tf of this.#timeframes) series[tf] = klines.series(symbol, tf).slice();
      for (const [i, spec] of this.#o.strategies.entries()) {
        // Each strategy's walk-forward is one block of the event loop (up to ~100 ms, breakout's, at
        // load: `npm run bench -- signals`); between them the loop runs (sockets, frames, keys).
        if (i > 0) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (this.#stopped || symbol !== this.#symbol) return;
        }
        const gate = this.#o.gate(spec, symbol, series, now);
        this.#gates.set(spec.name, gate);
        this.#emit({ type: 'signals', at: now, part: 'gate', gate });
        this.#audit({ kind: 'gate', gate });
      }
    }

    const instrument = engine.instrument;
    if (instrument === undefined || instrument.symbol !== symbol) return;
    const positions = this.#book.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, entryPrice: p.entryPrice }));
    const input = { brief, alerts: [...this.#alerts], positions, tick: instrument.tickSize };
    const { signals, source, refusal } = await runL3({ ...this.#o, audit: (entry) => this.#audit(entry) }, input);
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

  #propose(symbol: string): void {
    const engine = this.#engine;
    const instrument = engine?.instrument;
    if (engine === undefined || instrument === undefined) return;
    const position = this.#book.positionOf(symbol);
    const group = this.#o.group?.();
    const out = gatekeep({
      account: this.#o.account,
      symbol,
      instrument,
      signals: this.#signals,
      gates: [...this.#gates.values()],
      strategies: [...this.#book.strategies],
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
    for (const id of out.expired) this.#update(id, { status: 'expired', outcome: out.why[id] ?? 'its reason is gone' });
    // Ended proposals (not open, no stop and target still to come) go first.
    const pendingIds = this.#book.pendingProposals();
    prune(this.#proposals, RUNNER_MEMORY, (id) => this.#proposals.get(id)!.status !== 'open' && !pendingIds.has(id));
    for (const p of out.proposals) {
      this.#proposals.set(p.id, p);
      this.#emit({ type: 'signals', at: p.at, part: 'proposal', proposal: p });
      this.#audit({ kind: 'proposal', proposal: p });
      if (this.#auto) void this.#autoSend(p);
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
    this.#emit({ type: 'signals', at: this.#now(), part: 'auto', auto: on, ...(policy.why === undefined ? {} : { why: policy.why }) });
    this.#log('info', `signals: automatic mode ${on ? 'on: proposals are sent without asking, through the guard' : 'off'}`);
    return Promise.resolve({ ok: true, message: `automatic mode ${on ? 'on' : 'off'}` });
  }

  /**
   * Automatic mode sends what the trader would have accepted, but two things stay the trader's:
   * a retire that closes a position (the "with confirmation"; cancelling the strategy's
   * resting orders alone goes ahead) and any question the guard asks. Either leaves the proposal
   * open with why on its row (audited as the proposal's line) and a log line; `y` answers it.
   */
  async #autoSend(p: Proposal): Promise<void> {
    if (p.action === 'retire' && this.#book.capClose(p).orders.length > 0) {
      this.#hold(p.id, 'automatic mode does not close a position: y closes it, n keeps it');
      return;
    }
    const r = await this.#send(p.id, 'auto');
    if (!r.ok && r.confirm === true) this.#hold(p.id, `the guard asks: ${r.error} (y answers yes)`);
  }

  #hold(id: string, why: string): void {
    this.#update(id, { outcome: why });
    this.#log('warn', `signals: ${id} waits for the trader: ${why}`);
  }

  async #send(proposalId: string, decision: 'accepted' | 'auto', options: PlaceOptions = {}): Promise<ActionResult> {
    const p = this.#proposals.get(proposalId);
    const engine = this.#engine;
    if (p === undefined) return { ok: false, error: `no proposal ${proposalId}` };
    if (p.status !== 'open') return { ok: false, error: `${proposalId} is ${p.status}, not open` };
    if (engine === undefined) return { ok: false, error: 'not ready: the engine is starting' };
    const sent = await sendProposal(p.action === 'retire' ? this.#book.capClose(p) : p, {
      engine,
      options,
      ...(this.#o.fanOut === undefined ? {} : { fanOut: this.#o.fanOut }),
      lead: this.#o.account,
      ...(decision === 'auto' ? { auto: true } : {}),
    });
    // The guard asks first: the proposal stays open, the question goes to the trader.
    if (!sent.result.ok && sent.result.confirm === true) return sent.result;
    const ids = sent.clientOrderIds;
    this.#audit({ kind: 'decision', proposalId, decision, clientOrderIds: ids, ...(sent.note === undefined ? {} : { note: sent.note }) });
    if (!sent.result.ok) {
      this.#update(proposalId, { status: 'failed', outcome: sent.result.error, clientOrderIds: ids });
      return sent.result;
    }
    this.#update(proposalId, { status: 'sent', outcome: sent.result.message ?? 'sent', clientOrderIds: ids });
    this.#book.lifecycle(p, ids);
    return sent.result;
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
          this.#book.leg(r.clientOrderId, pending.strategy);
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

  /** The lifecycles a restart kept; none (all active) when they cannot be read, said in the log. */
  #restore(): ReadonlyMap<string, Lifecycle> {
    try {
      return this.#o.lifecycle?.load() ?? new Map();
    } catch (err) {
      this.#log('warn', `signals: the strategies' lifecycle was not restored (${errorMessage(err)}); each starts active at tier 1`);
      return new Map();
    }
  }

  #keep(states: ReadonlyMap<string, Lifecycle>): void {
    try {
      this.#o.lifecycle?.save(states);
    } catch (err) {
      this.#log('warn', `signals: the strategies' lifecycle was not saved: ${errorMessage(err)}`);
    }
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

