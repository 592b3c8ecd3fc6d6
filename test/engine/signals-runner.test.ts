/**
 * The signal runner against the real engine on the Binance USD-M local venue: a closed bar runs a
 * cycle (brief, gate, synthesizer, gatekeeper), the proposal reaches the store's sink, `accept`
 * sends its entry through the engine's place (a marketable limit that fills), and once it fills
 * the stop and the target rest on the venue through the engine's protective desk; every step is
 * audited with the client ids. A synthesizer that never answers is refused as a timeout and the
 * fallback's signals are shown; decline sends nothing and the signal is not proposed again;
 * automatic mode is refused when the policy says so.
 *
 * The bars come from a fixed series (the contract's KlineSource allows one, as a backtest does),
 * the synthesizer is a fixed one: the runner, the gatekeeper, the engine and the venue are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Kline, Signal, Synthesizer } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { EngineEvent, EventSink } from '../../src/engine/events.js';
import { RUNNER_MEMORY, SignalRunner, type SignalRunnerOptions } from '../../src/engine/signals/runner.js';
import { compositeSynthesizer } from '../../src/engine/signals/synthesizer.js';
import { autoAccounts } from '../../src/cli/signals-stack.js';
import { autoPolicy } from '../../src/core/signals/auto-mode.js';
import { validateProfile } from '../../src/custody/profile.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until as untilHolds } from '../support/until.js';
import { EventLog, positionQtyOf, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, briefOf, fixedSynth, passing, startLive } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';
/** A profile with one account, as `signals.auto` is read from it (src/cli/signals-stack.ts autoAccounts). */
const PROFILE = { version: 1, keys: {}, accounts: { demo: { venue: 'binance-usdm', key: 'env:BN' } } };
/** The limits a mainnet account must set for automatic mode. */
const MAINNET_LIMITS = { maxOrderNotional: '100000', maxPositionNotional: '500000', priceBandPct: '50' };

/** The engine's events, also handed to a second runner a test attaches (the engine has one sink). */
class TeeLog extends EventLog {
  readonly taps = new Set<EventSink>();
  override push(event: EngineEvent): void {
    super.push(event);
    if (event.type !== 'signals') for (const t of this.taps) t.push(event);
  }
}

let sim: SimHandle;
let engine: Engine;
let log: TeeLog;
let runner: SignalRunner;
const audits: AuditEntry[] = [];
const klines = new FixedKlines();
let signal: Signal | undefined;
let cycles = 0;

function makeRunner(over: Partial<SignalRunnerOptions> = {}): SignalRunner {
  return new SignalRunner({
    account: 'demo',
    sink: log,
    brief: briefOf,
    synth: fixedSynth(() => signal),
    gate: (spec) => passing(spec.name),
    strategies: [{ name: 'trend-follow', kind: 'trend-follow', params: {} }],
    policy: { tiers: ['0.010', '0.020'], promoteAfter: 5 },
    timeframes: ['1m'],
    gateEveryMs: 0,
    audit: { audit: (e) => audits.push(e) },
    onCycle: () => cycles++,
    ...over,
  });
}

const proposals = () => log.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
const latest = (id: string) => proposals().filter((p) => p.id === id).at(-1);

describe('the signal runner on the real engine and local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
    log = new TeeLog();
    runner = makeRunner();
    engine = testEngine(sim, log, { sink: runner, streams: true });
    await startLive(engine);
    runner.attach(engine, klines);
  });
  afterAll(async () => {
    runner?.stop();
    await engine?.stop();
    await sim?.close();
  });

  it('a closed bar proposes the bracket; accept places the entry, and once it fills the stop and target rest on the venue', async () => {
    expect(klines.watched).toEqual([SYMBOL]);
    // A signal at the market (the sim's book is around 50000): its entry's limit chases 0.5 % past it (a
    // quarter of the stop's distance would be more), so it takes the ask at once.
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '50000.0', stop: '45000.0', target: '60000.0', rationale: 'test', source: 'rules' };
    klines.close(50000);
    await untilHolds(() => proposals().some((p) => p.action === 'apply'), 'an apply proposal');
    const p = proposals().find((x) => x.action === 'apply')!;
    expect(p.orders.map((o) => `${o.side} ${o.qty} ${o.type} ${o.price} ${o.reduceOnly}`)).toEqual([
      'buy 0.01 limit 50250 false',
      'sell 0.01 stop 45000.0 true',
      'sell 0.01 take-profit 60000.0 true',
    ]);
    expect(log.of('signals').some((e) => e.part === 'brief')).toBe(true);
    expect(log.of('signals').some((e) => e.part === 'gate' && e.gate.passes['1m'] === true)).toBe(true);

    const r = await runner.accept(p.id);
    expect(r, r.ok ? '' : r.error).toMatchObject({ ok: true });
    const entry = r.ok ? r.clientOrderId! : '';
    expect(latest(p.id)).toMatchObject({ status: 'sent', clientOrderIds: [entry] });
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0.01, 'the long');
    await untilHolds(() => (latest(p.id)?.clientOrderIds?.length ?? 0) === 3, 'stop and target placed');
    const ids = latest(p.id)!.clientOrderIds!;
    const atVenue = await engine.rest.run((engine.adapter.protective?.open ?? engine.adapter.openOrders)(SYMBOL));
    const legs = atVenue.filter((o) => ids.includes(o.clientOrderId));
    expect(legs.map((o) => `${o.side} ${o.trigger?.kind} ${o.trigger?.price} ${o.reduceOnly}`).sort()).toEqual([
      'sell stop 45000.00 true',
      'sell take_profit 60000.00 true',
    ]);
    const decisions = audits.filter((a) => a.kind === 'decision');
    expect(decisions[0]).toEqual({ kind: 'decision', proposalId: p.id, decision: 'accepted', clientOrderIds: [entry] });
    expect(decisions[1]).toMatchObject({ proposalId: p.id, clientOrderIds: ids.slice(1) });
    expect(audits.map((a) => a.kind)).toEqual(expect.arrayContaining(['brief', 'gate', 'signal', 'proposal', 'decision']));
    // Sent once: a second y says so and sends nothing.
    expect(await runner.accept(p.id)).toMatchObject({ ok: false, error: `${p.id} is sent, not open` });
  });

  it('decline sends nothing and the same signal is not proposed again; automatic mode follows its policy', async () => {
    await engine.flatten();
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat');
    // Flat: the engine cancels the bracket's legs.
    await untilHolds(() => engine.account.openOrders().length === 0, 'the legs cancelled');
    const slog = new EventLog();
    // The real policy: a mainnet account the profile does not list under signals.auto.
    const unlisted = autoAccounts(validateProfile({ ...PROFILE, signals: { auto: ['other'] } })).includes('demo');
    const s2 = makeRunner({ sink: slog, auto: autoPolicy('live', unlisted, MAINNET_LIMITS) });
    const k2 = new FixedKlines();
    s2.attach(engine, k2);
    signal = { symbol: SYMBOL, side: 'sell', confidence: 0.6, horizon: '1m', entry: '40000.0', stop: '45000.0', target: '35000.0', rationale: 'test', source: 'rules' };
    k2.close(50000);
    const open = () => slog.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await untilHolds(() => open().length > 0, 'a proposal');
    const p = open()[0]!;
    const before = engine.account.openOrders().length;
    expect(await s2.decline(p.id)).toMatchObject({ ok: true });
    expect(open().at(-1)).toMatchObject({ id: p.id, status: 'declined' });
    const n = cycles;
    k2.close(50000);
    await untilHolds(() => cycles > n, 'the next cycle');
    const last = new Map(open().map((x) => [x.id, x]));
    expect([...last.values()].filter((x) => x.status === 'open')).toEqual([]);
    expect(engine.account.openOrders().length).toBe(before);
    expect(await s2.setAuto(true)).toEqual({ ok: false, error: 'automatic mode is refused on mainnet unless the profile lists this account under signals.auto' });
    expect(slog.of('signals').filter((e) => e.part === 'auto').map((e) => (e.part === 'auto' ? e.auto : null))).toEqual([false]);
    s2.stop();
  });

  it('automatic mode on from the profile: a mainnet account listed under signals.auto, its guard limits set, sends a proposal itself', async () => {
    await engine.cancelAll();
    await untilHolds(() => engine.account.openOrders().length === 0, 'no open orders');
    const profile = validateProfile({ ...PROFILE, signals: { auto: ['demo'] } });
    const policy = autoPolicy('live', autoAccounts(profile).includes('demo'), MAINNET_LIMITS);
    expect(policy).toEqual({ allowed: true, startsOn: true });
    const slog = new EventLog();
    const mine: AuditEntry[] = [];
    const s4 = makeRunner({ sink: slog, auto: policy, audit: { audit: (e) => mine.push(e) } });
    const k4 = new FixedKlines();
    s4.attach(engine, k4);
    expect(slog.of('signals').filter((e) => e.part === 'auto').map((e) => (e.part === 'auto' ? e.auto : null))).toEqual([true]);
    // A resting buy well under the price: nobody presses y.
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.7, horizon: '1m', entry: '48500.0', stop: '47000.0', target: '55000.0', rationale: 'auto', source: 'rules' };
    k4.close(50000);
    await untilHolds(() => mine.some((e) => e.kind === 'decision'), 'an automatic decision');
    const decision = mine.find((e) => e.kind === 'decision');
    if (decision?.kind !== 'decision') throw new Error('no decision');
    expect(decision.decision).toBe('auto');
    expect(decision.clientOrderIds).toHaveLength(1);
    const id = decision.clientOrderIds[0] as string;
    const sent = slog.of('signals').flatMap((e) => (e.part === 'proposal' && e.proposal.id === decision.proposalId ? [e.proposal] : [])).at(-1);
    expect(sent).toMatchObject({ status: 'sent', clientOrderIds: [id] });
    // The engine sent it and the venue answered it (resting, or filled if an earlier test moved the price).
    await untilHolds(() => engine.account.order(id)?.venueOrderId !== undefined, `the venue acknowledged ${id}`).catch((err) => {
      throw new Error(`${String(err)} ${JSON.stringify(engine.account.order(id))}`);
    });
    s4.stop();
    await engine.cancelAll();
    await untilHolds(() => engine.account.openOrders().length === 0, 'cancelled');
    await engine.flatten();
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat again');
  });

  it('a synthesizer that never answers is refused as a timeout; the fallback rules are shown', async () => {
    const slog = new EventLog();
    const never: Synthesizer = { name: 'llm', synthesize: () => new Promise(() => undefined) };
    const s3 = makeRunner({ sink: slog, synth: never, fallback: fixedSynth(() => signal), synthTimeoutMs: 50, audit: { audit: () => undefined } });
    const k3 = new FixedKlines();
    s3.attach(engine, k3);
    k3.close(50000);
    await untilHolds(() => slog.of('signals').some((e) => e.part === 'signals'), 'signals');
    const shown = slog.of('signals').find((e) => e.part === 'signals');
    expect(shown).toMatchObject({ source: 'rules', refusal: { reason: 'timeout' }, signals: [signal] });
    s3.stop();
  });
  it('the gate waits until every timeframe has bars: one series loaded alone is judged by nobody', async () => {
    const slog = new EventLog();
    const s8 = makeRunner({ account: 'tap8', sink: slog, timeframes: ['1m', '5m'], audit: { audit: () => undefined } });
    const k8 = new FixedKlines();
    const fives: Kline[] = [];
    const series = k8.series.bind(k8);
    k8.series = (symbol, tf) => (tf === '5m' ? fives : series(symbol, tf));
    s8.attach(engine, k8);
    k8.close(50000);
    await untilHolds(() => slog.of('signals').some((e) => e.part === 'signals'), 'a cycle with the 1m bars alone');
    expect(slog.of('signals').filter((e) => e.part === 'gate')).toEqual([]);
    expect(slog.of('signals').filter((e) => e.part === 'proposal')).toEqual([]);
    fives.push({ openTime: 0, open: 50000, high: 50000, low: 50000, close: 50000, volume: 1, closed: true });
    k8.close(50000);
    await untilHolds(() => slog.of('signals').some((e) => e.part === 'gate'), 'the gate once both series have bars');
    s8.stop();
  });

  it("the bracket of y stays on the proposal's symbol and size: the session moved to another symbol, on top of the trader's own long", async () => {
    const slog = new EventLog();
    const s4 = makeRunner({ account: 'tap', sink: slog, audit: { audit: () => undefined } });
    log.taps.add(s4);
    const k4 = new FixedKlines();
    s4.attach(engine, k4);
    // The trader's own long first: the runner's bracket must not cover it.
    const own = await engine.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.01', reduceOnly: false, postOnly: false });
    expect(own.ok, JSON.stringify(own)).toBe(true);
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0.01, "the trader's long");
    // A buy limit under the market: it rests until the price comes down to it.
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.7, horizon: '1m', entry: '49000.0', stop: '45000.0', target: '60000.0', rationale: 'test', source: 'rules' };
    k4.close(50000);
    const mine = () => slog.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await untilHolds(() => mine().some((p) => p.action === 'apply'), 'an apply proposal');
    const p = mine().find((x) => x.action === 'apply')!;
    const r = await s4.accept(p.id);
    expect(r, r.ok ? '' : r.error).toMatchObject({ ok: true });
    const entry = r.ok ? r.clientOrderId! : '';
    await untilHolds(() => engine.account.order(entry)?.state === 'new', 'the entry resting');
    // The trader moves to another symbol before the entry fills.
    const other = (log.of('instruments')[0]?.instruments ?? []).find((i) => i.symbol !== SYMBOL && i.kind === engine.instrument?.kind)!.symbol;
    expect(await engine.setSymbol(other)).toMatchObject({ ok: true });
    await sim.control.setPrice(SYMBOL, '48900');
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0.02, 'the entry filled');
    const last = () => mine().filter((x) => x.id === p.id).at(-1);
    await untilHolds(() => (last()?.outcome ?? '').startsWith('entry filled'), 'the bracket placed');
    const ids = last()!.clientOrderIds!;
    expect(ids.length, last()!.outcome).toBe(3);
    const atVenue = await engine.rest.run((engine.adapter.protective?.open ?? engine.adapter.openOrders)(SYMBOL));
    const legs = atVenue.filter((o) => ids.includes(o.clientOrderId));
    expect(legs.map((o) => `${o.symbol} ${o.side} ${Number(o.qty)} ${o.trigger?.kind}`).sort()).toEqual([`${SYMBOL} sell 0.01 stop`, `${SYMBOL} sell 0.01 take_profit`]);
    s4.stop();
    log.taps.delete(s4);
    expect(await engine.setSymbol(SYMBOL)).toMatchObject({ ok: true });
    await sim.control.setPrice(SYMBOL, '50000');
  });
  it('automatic mode leaves a retire that closes a position to the trader: open, why on its row, no decision until y', async () => {
    await engine.cancelAll();
    await engine.flatten();
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat');
    await untilHolds(() => engine.account.openOrders().length === 0, 'no open orders');
    const slog = new EventLog();
    const mine: AuditEntry[] = [];
    let gatePasses = true;
    const mineP = () => slog.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    const s6 = makeRunner({
      account: 'tap6',
      sink: slog,
      auto: { allowed: true, startsOn: true },
      audit: { audit: (e) => mine.push(e) },
      gate: (spec) => ({ ...passing(spec.name), passes: { '1m': gatePasses } }),
    });
    log.taps.add(s6);
    const k6 = new FixedKlines();
    s6.attach(engine, k6);
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '50200.0', stop: '48000.0', target: '60000.0', rationale: 'test', source: 'rules' };
    k6.close(50000);
    await untilHolds(() => Number(s6.strategies[0]?.holds ?? 0) === 0.01, 'the automatic apply filled');
    // Its stop and target rest before the gate turns (placed after the fill; on a loaded machine a
    // leg placed after the final cancel-all would be left resting for the next test).
    await untilHolds(() => mineP().some((x) => x.action === 'apply' && (x.clientOrderIds?.length ?? 0) === 3), "the apply's stop and target");
    gatePasses = false;
    signal = undefined;
    k6.close(50000);
    await untilHolds(() => mineP().some((x) => x.action === 'retire' && (x.outcome ?? '').includes('does not close a position')), 'the retire held');
    const retire = mineP().filter((x) => x.action === 'retire').at(-1)!;
    expect(retire.status).toBe('open');
    expect(retire.orders.length).toBeGreaterThan(0);
    expect(mine.some((e) => e.kind === 'decision' && e.proposalId === retire.id)).toBe(false);
    expect(Number(await positionQtyOf(engine, SYMBOL))).toBe(0.01);
    expect(log.of('log').some((e) => e.text.includes(`${retire.id} waits for the trader`))).toBe(false); // the runner logs to its own sink
    expect(slog.of('log').some((e) => e.text.includes(`${retire.id} waits for the trader`))).toBe(true);
    // y closes it.
    expect(await s6.accept(retire.id)).toMatchObject({ ok: true });
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat after y');
    s6.stop();
    log.taps.delete(s6);
    await untilHolds(async () => {
      if (engine.account.openOrders().length > 0) await engine.cancelAll({ protective: 'include' });
      return engine.account.openOrders().length === 0;
    }, 'the legs cancelled');
  });

  it("once its stop closes the position the strategy holds nothing: a later retire closes none of the trader's own long", async () => {
    await engine.flatten();
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat');
    await untilHolds(() => engine.account.openOrders().length === 0, 'the legs cancelled');
    const slog = new EventLog();
    let gatePasses = true;
    const s5 = makeRunner({ account: 'tap5', sink: slog, audit: { audit: () => undefined }, gate: (spec) => ({ ...passing(spec.name), passes: { '1m': gatePasses } }) });
    log.taps.add(s5);
    const k5 = new FixedKlines();
    s5.attach(engine, k5);
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '50500.0', stop: '48000.0', target: '60000.0', rationale: 'test', source: 'rules' };
    k5.close(50000);
    const mine = () => slog.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await untilHolds(() => mine().some((p) => p.action === 'apply'), 'an apply proposal');
    const p = mine().find((x) => x.action === 'apply')!;
    expect(await s5.accept(p.id)).toMatchObject({ ok: true });
    await untilHolds(() => (mine().filter((x) => x.id === p.id).at(-1)?.clientOrderIds?.length ?? 0) === 3, 'stop and target placed');
    expect(Number(s5.strategies[0]?.holds)).toBe(0.01);
    // The stop fires: the strategy's trade is over.
    await sim.control.setPrice(SYMBOL, '47900');
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat after the stop');
    await untilHolds(() => Number(s5.strategies[0]?.holds ?? 0) === 0, 'the strategy holds nothing');
    await sim.control.setPrice(SYMBOL, '50000');
    // The trader's own long, then the gate stops passing: the retire closes none of it.
    const own = await engine.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.01', reduceOnly: false, postOnly: false });
    expect(own.ok, JSON.stringify(own)).toBe(true);
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0.01, "the trader's long");
    await untilHolds(() => Number(s5.strategies[0]?.holds ?? 0) === 0 && engine.account.allPositions().some((x) => x.symbol === SYMBOL && Number(x.qty) === 0.01), 'the mirror has the long');
    gatePasses = false;
    signal = undefined;
    k5.close(50000);
    await untilHolds(() => mine().some((x) => x.action === 'retire'), 'a retire proposal');
    const retire = mine().find((x) => x.action === 'retire')!;
    expect(retire.orders).toEqual([]);
    expect(await s5.accept(retire.id)).toMatchObject({ ok: true });
    expect(Number(await positionQtyOf(engine, SYMBOL))).toBe(0.01);
    s5.stop();
    log.taps.delete(s5);
  });

  it('its target fires through a 55,000 take-profit and closes the long (a target that vanished with the position open was reported once)', async () => {
    await engine.flatten();
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat');
    await untilHolds(() => engine.account.openOrders().length === 0, 'nothing open');
    const slog = new EventLog();
    const s9 = makeRunner({ account: 'tap9', sink: slog, audit: { audit: () => undefined } });
    log.taps.add(s9);
    const k9 = new FixedKlines();
    s9.attach(engine, k9);
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '50000.0', stop: '45000.0', target: '55000.0', rationale: 'test', source: 'rules' };
    k9.close(50000);
    const mine = () => slog.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await untilHolds(() => mine().some((p) => p.action === 'apply'), 'an apply proposal');
    const p = mine().find((x) => x.action === 'apply')!;
    expect(await s9.accept(p.id)).toMatchObject({ ok: true });
    await untilHolds(() => (mine().filter((x) => x.id === p.id).at(-1)?.clientOrderIds?.length ?? 0) === 3, 'stop and target placed');
    const [, stopId, targetId] = mine().filter((x) => x.id === p.id).at(-1)!.clientOrderIds!;
    await sim.control.setPrice(SYMBOL, '56000');
    await untilHolds(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0, 'flat after the target');
    await untilHolds(() => ['triggered', 'filled'].includes(engine.account.order(targetId!)?.state ?? ''), 'the target seen fired');
    await untilHolds(() => Number(s9.strategies[0]?.holds ?? 0) === 0, 'the strategy holds nothing');
    await untilHolds(() => engine.account.order(stopId!)?.state === 'canceled', 'the stop cancelled once flat');
    await sim.control.setPrice(SYMBOL, '50000');
    s9.stop();
    log.taps.delete(s9);
  });
  it("the backstop waits past the LLM's own deadline, then shows the rules model's signals with the timeout", async () => {
    const slog = new EventLog();
    const never: Synthesizer = { name: 'llm', synthesize: () => new Promise(() => undefined) };
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.6, horizon: '1m', entry: '49000.0', stop: '48000.0', target: '52000.0', rationale: 'test', source: 'rules' };
    const s6 = makeRunner({ account: 'tap6', sink: slog, synth: compositeSynthesizer(fixedSynth(() => signal), never, { timeoutMs: 40 }), audit: { audit: () => undefined } });
    const k6 = new FixedKlines();
    const started = performance.now();
    s6.attach(engine, k6);
    k6.close(50000);
    await untilHolds(() => slog.of('signals').some((e) => e.part === 'signals'), 'signals');
    expect(performance.now() - started).toBeGreaterThan(40);
    const shown = slog.of('signals').find((e) => e.part === 'signals');
    expect(shown).toMatchObject({ source: 'rules', refusal: { reason: 'timeout' }, signals: [signal] });
    s6.stop();
  });
  it('remembers a bounded number of ended orders, whatever the session sends', () => {
    const s7 = makeRunner({ account: 'tap7', sink: new EventLog(), audit: { audit: () => undefined } });
    const order = (i: number, state: 'filled' | 'new') =>
      ({ clientOrderId: `o${i}`, symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.001', filledQty: '0', avgPrice: '0', state, reduceOnly: false, postOnly: false, updatedAt: i }) as const;
    for (let i = 0; i < RUNNER_MEMORY + 300; i++) s7.push({ type: 'order', at: i, order: order(i, i < 10 ? 'new' : 'filled') });
    expect(s7.retained.orders).toBe(RUNNER_MEMORY);
    s7.stop();
  });
});
