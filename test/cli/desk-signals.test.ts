// A desk's signal stacks (docs/signals.md §Desk): three accounts on two local-venue dialects,
// composed as `--demo-desk` composes them (startLocalDesk + composeDesk). Each account gets its own
// stack in front of its own store; the group's lead (the account on screen when it is one of the
// group's, else its first) is given the group and the desk's fan-out, so its gatekeeper proposes a
// fan-out, and accepting it places the entry on every
// account of the group through the desk's fan-out — each sized on its own instrument, each
// acknowledged by its own venue. A stack that cannot be built on one account is that account's log
// line: the account still trades, and the fan-out still reaches it. Switching the screen to another
// account of the group makes it the lead: its next proposal is the fan-out.
//
// The stacks' bars come from a fixed series and their synthesizer and gate are fixed (the runner
// test's way: the contract's KlineSource allows one); the runner, the gatekeeper, the desk's
// fan-out, the engines and the venues are real.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARD_LIMITS } from '../../src/core/order-guard.js';
import { DEFAULT_SLIPPAGE_PCT } from '../../src/core/slippage.js';
import { SharedPools } from '../../src/core/shared-pools.js';
import type { GroupPlan } from '../../src/core/signals/gatekeeper.js';
import type { AuditEntry, Signal } from '../../src/core/signals/types.js';
import type { DeskAccountSpec, DeskMember, DeskStackFactory } from '../../src/cli/desk-account.js';
import { type LocalDesk, type LocalDeskAccount, startLocalDesk } from '../../src/cli/desk-local.js';
import { composeDesk } from '../../src/cli/desk.js';
import type { DeskPlan } from '../../src/cli/desk-plan.js';
import type { SignalStack } from '../../src/cli/signals-stack.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import { compositeSynthesizer } from '../../src/engine/signals/synthesizer.js';
import { until } from '../support/until.js';
import { FixedKlines, briefOf, fixedSynth, passing } from '../engine/signals-fixtures.js';

const BINANCE = 'binance-usdm';
const OKX = 'okx';
const SYMBOL: Record<string, string> = { [BINANCE]: 'BTCUSDT', [OKX]: 'BTC-USDT-SWAP' };

type Running = ReturnType<typeof composeDesk>;
let running: Running | undefined;
let local: LocalDesk | undefined;

afterEach(async () => {
  await running?.stop();
  await local?.close();
  running = undefined;
  local = undefined;
});

/** What each account's test stack is, by account name. */
const stacks = new Map<string, { klines: FixedKlines; signal: Signal | undefined; group: (() => GroupPlan | undefined) | undefined }>();

/** Every account's audit lines, by account. */
const audits = new Map<string, AuditEntry[]>();

/**
 * The test's stack factory: the real runner with a fixed synthesizer and gate; `throwsOn` refuses
 * to build; the accounts in `autoOn` start with automatic mode on (their policy allows it).
 */
function testStacks(throwsOn: string, autoOn: readonly string[] = []): DeskStackFactory {
  return (parts) => {
    if (parts.account === throwsOn) return Promise.reject(new Error('no stack for \u001b[31mthis\u001b[0m account'));
    const symbol = parts.venue === BINANCE ? SYMBOL[BINANCE] : SYMBOL[OKX];
    const own = { klines: new FixedKlines(symbol as string), signal: undefined as Signal | undefined, group: parts.group };
    stacks.set(parts.account, own);
    const synth = compositeSynthesizer(fixedSynth(() => own.signal));
    const runner = new SignalRunner({
      account: parts.account,
      sink: parts.sink,
      brief: briefOf,
      synth,
      gate: (spec, s) => passing(spec.name, s),
      strategies: [{ name: 'trend-follow', kind: 'trend-follow', params: {} }],
      // The venue's own smallest size on OKX (contracts), 0.010 BTC on Binance.
      policy: (instrument) => ({ tiers: [parts.venue === BINANCE ? '0.010' : instrument.minQty], promoteAfter: 5 }),
      timeframes: ['1m'],
      gateEveryMs: 0,
      ...(parts.group === undefined ? {} : { group: parts.group }),
      ...(parts.fanOut === undefined ? {} : { fanOut: parts.fanOut }),
      auto: { allowed: true, startsOn: autoOn.includes(parts.account) },
      audit: { audit: (entry) => audits.set(parts.account, [...(audits.get(parts.account) ?? []), entry]) },
    });
    const stack: SignalStack = {
      sink: runner,
      runner,
      synth,
      attach(engine) {
        runner.attach(engine, own.klines);
        return true;
      },
      stop: () => runner.stop(),
    };
    return Promise.resolve(stack);
  };
}

function spec(name: string, venue: string): DeskAccountSpec {
  return { name, venue, env: 'sim', symbol: SYMBOL[venue] as string, guard: { ...DEFAULT_GUARD_LIMITS }, slippagePct: DEFAULT_SLIPPAGE_PCT };
}

async function startDesk(accounts: LocalDeskAccount[], signals: DeskStackFactory): Promise<Running> {
  const plan: DeskPlan = { accounts: accounts.map((a) => spec(a.name, a.venue)), groups: { desk: accounts.map((a) => a.name) }, targets: new Map() };
  const venues = new Set(accounts.map((a) => a.venue)).size;
  const logger = pino({ level: 'silent' });
  const desk = startLocalDesk(accounts, { logger, sinkOf: (name) => running?.members.find((m) => m.account.name === name)?.sink });
  local = desk;
  await until(() => desk.handles().size === venues, 'every local venue up');
  running = composeDesk(plan, { shared: { logger, sharedPools: new SharedPools(), signals }, wiring: (name) => desk.wiring(name) });
  return running;
}

function member(name: string): DeskMember {
  const found = running?.members.find((m) => m.account.name === name);
  if (found === undefined) throw new Error(`no member ${name}`);
  return found;
}

const proposalsOf = (name: string) => member(name).account.store.getState().signals.proposals;

describe('a desk: one signal stack per account, and a fan-out proposal led by the group', () => {
  it('each account its own stack and Signals; the lead proposes a fan-out whose accept reaches every account of the group', async () => {
    stacks.clear();
    const r = await startDesk(
      [
        { name: 'bn-lead', venue: BINANCE },
        { name: 'okx-b', venue: OKX },
        { name: 'bn-nostack', venue: BINANCE },
      ],
      testStacks('bn-nostack'),
    );
    expect(await r.started).toEqual([true, true, true]);

    // Each account its own stack (its own runner, on its own engine); only the lead has the group.
    const lead = member('bn-lead');
    const other = member('okx-b');
    expect(lead.signals).toBeDefined();
    expect(other.signals).toBeDefined();
    expect(lead.signals?.runner).not.toBe(other.signals?.runner);
    expect(stacks.get('bn-lead')?.group?.()?.lead).toBe('bn-lead');
    expect(stacks.get('okx-b')?.group?.()).toBeUndefined();
    // The stack that threw is that account's own log line (its text neutralised), not the desk's end.
    const broken = member('bn-nostack');
    expect(broken.signals).toBeUndefined();
    expect(broken.failure).toBeUndefined();
    const line = broken.account.store.getState().log.find((l) => l.source === 'signals')?.text ?? '';
    expect(line).toContain('bn-nostack: the signal stack did not start');
    expect(line).not.toContain('\u001b');
    expect(lead.account.store.getState().log.some((l) => l.text.includes('did not start'))).toBe(false);

    // Every instrument known, so the group plan sizes every member.
    await until(() => r.members.every((m) => m.engine?.instrument !== undefined), 'every instrument');
    let ref = Number.NaN;
    await until(async () => {
      ref = Number(await lead.engine?.referencePrice());
      return ref > 0;
    }, 'the lead reference price');
    const px = (f: number) => (Math.round(ref * f * 10) / 10).toFixed(1);

    // The lead's signal: a fan-out to the group, its entry a resting buy 5 % under the price.
    const mine = stacks.get('bn-lead');
    if (mine === undefined) throw new Error('no lead stack');
    mine.signal = { symbol: SYMBOL[BINANCE] as string, side: 'buy', confidence: 0.8, horizon: '1m', entry: px(0.95), stop: px(0.9), target: px(1.1), rationale: 'test', source: 'rules' };
    mine.klines.close(ref);
    await until(() => proposalsOf('bn-lead').some((p) => p.action === 'fan-out'), 'the lead proposes a fan-out');
    const p = proposalsOf('bn-lead').find((x) => x.action === 'fan-out');
    if (p === undefined) throw new Error('no fan-out');
    // Each account's Signals pane is its own store's: the lead's proposal is on no other account's.
    expect(proposalsOf('okx-b')).toEqual([]);
    expect(proposalsOf('bn-nostack')).toEqual([]);
    const entries = p.orders.filter((o) => o.type === 'limit').map((o) => o.account);
    expect(entries.sort()).toEqual(['bn-lead', 'bn-nostack', 'okx-b']);

    // `y` on the lead's pane: the lead's own actions, through the desk's fan-out.
    const signals = lead.account.actions.signals;
    if (signals === undefined) throw new Error('the lead has no signal actions');
    const res = await signals.accept(p.id);
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
    const text = res.ok && 'message' in res ? String(res.message) : '';
    for (const name of ['bn-lead', 'okx-b', 'bn-nostack']) expect(text).toContain(`${name} sent`);
    // Each account's own store has its venue's answer to its entry: acknowledged (resting or filled),
    // or refused by that venue — the ticket's limit is the lead's price, and each local venue walks
    // its own price path, so another dialect's band may refuse it; the fan-out reached it either way.
    for (const name of ['bn-lead', 'okx-b', 'bn-nostack']) {
      const m = member(name);
      const id = new RegExp(`${name} sent ([^;\\s]+)`).exec(text)?.[1] ?? '';
      expect(id, text).not.toBe('');
      await until(() => {
        m.account.flush?.();
        const st = m.account.store.getState();
        return st.orders[id]?.venueOrderId !== undefined || st.log.some((l) => l.text.includes(`order ${id} rejected`));
      }, `${name}'s venue answered its fanned-out entry ${id}`).catch((err) => {
        throw new Error(`${String(err)} ${JSON.stringify(m.account.store.getState().orders)} ${JSON.stringify(m.account.store.getState().log.slice(-6).map((l) => l.text))}`);
      });
    }

    // The trader puts okx-b on screen (the cockpit's show): it is the group's, so it leads now.
    for (const m of r.members) m.account.show?.(m === other);
    expect(stacks.get('okx-b')?.group?.()?.lead).toBe('okx-b');
    expect(stacks.get('bn-lead')?.group?.()).toBeUndefined();
    let okxRef = Number.NaN;
    await until(async () => {
      okxRef = Number(await other.engine?.referencePrice());
      return okxRef > 0;
    }, 'the OKX reference price');
    const okxPx = (f: number) => (Math.round(okxRef * f * 10) / 10).toFixed(1);
    const theirs = stacks.get('okx-b');
    if (theirs === undefined) throw new Error('no okx-b stack');
    theirs.signal = { symbol: SYMBOL[OKX] as string, side: 'buy', confidence: 0.8, horizon: '1m', entry: okxPx(0.95), stop: okxPx(0.9), target: okxPx(1.1), rationale: 'test', source: 'rules' };
    theirs.klines.close(okxRef);
    await until(() => proposalsOf('okx-b').some((x) => x.action === 'fan-out'), 'okx-b proposes the fan-out').catch((err) => {
      throw new Error(`${String(err)} ${JSON.stringify(proposalsOf('okx-b'))} ${JSON.stringify(other.account.store.getState().signals)}`.slice(0, 3000));
    });
    const led = proposalsOf('okx-b').find((x) => x.action === 'fan-out')!;
    // A fan-out to the group, led by okx-b: its entry first (members a contract cannot size are left out).
    expect(led.reason).toMatch(/to the group desk$/);
    expect(led.orders[0]?.account).toBe('okx-b');
    // The lead's stop and target are okx-b's own.
    expect(led.orders.filter((o) => o.type !== 'limit').map((o) => o.account)).toEqual(['okx-b', 'okx-b']);
  });
});

describe('an automatic fan-out (docs/signals.md §Automatic mode)', () => {
  it('reaches only the members whose own automatic mode is on: the others are skipped, said in the result and the audit', async () => {
    stacks.clear();
    audits.clear();
    const r = await startDesk(
      [
        { name: 'bn-lead', venue: BINANCE },
        { name: 'okx-b', venue: OKX },
        { name: 'bn-nostack', venue: BINANCE },
      ],
      testStacks('bn-nostack', ['bn-lead']),
    );
    expect(await r.started).toEqual([true, true, true]);
    await until(() => r.members.every((m) => m.engine?.instrument !== undefined), 'every instrument');
    const lead = member('bn-lead');
    expect(lead.signals?.runner.autoState).toEqual({ on: true });
    expect(member('okx-b').signals?.runner.autoState).toEqual({ on: false });
    let ref = Number.NaN;
    await until(async () => {
      ref = Number(await lead.engine?.referencePrice());
      return ref > 0;
    }, 'the lead reference price');
    const px = (f: number) => (Math.round(ref * f * 10) / 10).toFixed(1);
    const mine = stacks.get('bn-lead');
    if (mine === undefined) throw new Error('no lead stack');
    mine.signal = { symbol: SYMBOL[BINANCE] as string, side: 'buy', confidence: 0.8, horizon: '1m', entry: px(0.95), stop: px(0.9), target: px(1.1), rationale: 'test', source: 'rules' };
    mine.klines.close(ref);
    // No `y`: automatic mode sends the fan-out as soon as it is proposed.
    const decided = () => (audits.get('bn-lead') ?? []).find((a) => a.kind === 'decision');
    await until(() => decided() !== undefined, 'the lead decides the fan-out automatically');
    const decision = decided();
    if (decision?.kind !== 'decision') throw new Error('no decision');
    expect(decision.decision).toBe('auto');
    // The lead's own entry only: okx-b's automatic mode is off, bn-nostack has none.
    expect(decision.clientOrderIds).toHaveLength(1);
    expect(decision.note).toContain('okx-b skipped: automatic mode is off on okx-b');
    expect(decision.note).toContain('bn-nostack skipped: automatic mode is not available (no signal stack)');
    const sent = () => {
      lead.account.flush?.();
      return proposalsOf('bn-lead').find((x) => x.action === 'fan-out' && x.status === 'sent');
    };
    await until(() => sent() !== undefined, 'the proposal shows sent');
    const p = sent();
    expect(p?.outcome).toContain('bn-lead sent');
    expect(p?.outcome).toContain('okx-b skipped');
    // Nothing reached the accounts it skipped.
    for (const name of ['okx-b', 'bn-nostack']) expect(Object.keys(member(name).account.store.getState().orders)).toEqual([]);
    const id = decision.clientOrderIds[0] as string;
    await until(() => {
      lead.account.flush?.();
      return lead.account.store.getState().orders[id] !== undefined;
    }, 'the lead has its entry');
  });
});
