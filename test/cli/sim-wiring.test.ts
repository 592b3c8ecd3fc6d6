/**
 * The SIM wiring against a real local venue on loopback: the demo account's credentials, the key
 * preflight (trade-only accepted, withdraw-enabled refused), the fault/regime hooks, and the
 * actions the cockpit holds before the engine exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLateActions } from '../../src/cli/late-actions.js';
import { LocalVenueError, simCredentials, simDialect } from '../../src/cli/local-venue.js';
import { KeyRefusedError, preflightKey, signingMethod, uncheckable } from '../../src/cli/preflight.js';
import { createSimHooks, faultLabels } from '../../src/cli/sim-hooks.js';
import { Engine } from '../../src/engine/engine.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import type { EngineEvent, SimEvent } from '../../src/engine/events.js';

const events: EngineEvent[] = [];
const sink = { push: (e: EngineEvent) => void events.push(e) };
let sim: SimHandle;

function engineFor(account: number, env: 'sim' | 'testnet' = 'sim'): Engine {
  const credentials = simCredentials('binance-usdm', sim.accounts[account]!);
  return new Engine({
    venue: 'binance-usdm',
    env,
    credentials: { ...credentials, env },
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTCUSDT',
    sink,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 2, resyncBurst: 2 },
  });
}

beforeAll(async () => {
  sim = await startSim({
    tickMs: 0,
    seed: 3,
    accounts: [
      { name: 'demo' },
      { name: 'risky', keys: [{ type: 'hmac', permissions: { enableWithdrawals: true } }] },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});

describe('the local venue as the cockpit uses it', () => {
  it('the demo account gives HMAC credentials for binance-usdm, registered as sim', () => {
    const c = simCredentials('binance-usdm', sim.accounts[0]!);
    expect(c).toMatchObject({
      venue: 'binance-usdm',
      env: 'sim',
      family: 'binance',
      source: 'sim demo hmac',
    });
    expect(c.apiSecret).toBeDefined();
    expect(signingMethod(c)).toBe('HMAC-SHA256');
    // The key id shown on screen is masked.
    expect(c.keyId).toMatch(/^.{4}….{4}$/);
  });

  it('an account without a key the venue can use is named', () => {
    const account = { id: 'x', name: 'bare', keys: [] };
    expect(() => simCredentials('okx', account)).toThrow(/account 'bare' has no key usable on okx/);
    expect(() => simDialect('deribit')).toThrow(LocalVenueError);
    expect(() => simDialect('deribit')).toThrow(/does not speak deribit \(it speaks binance-usdm, okx, hyperliquid, bybit, kraken, coinbase\)/);
  });

  it('preflight: the trade-only demo key is accepted and becomes the auth event', async () => {
    const engine = engineFor(0);
    try {
      const outcome = await preflightKey(engine, simCredentials('binance-usdm', sim.accounts[0]!));
      expect(outcome.auth).toMatchObject({
        type: 'auth',
        method: 'HMAC-SHA256',
        keySource: 'sim demo hmac',
        permissions: { read: true, trade: true, withdraw: false, ipRestricted: false },
      });
      expect(outcome.auth.permissions.summary).toContain('no withdraw');
      // Not IP-bound is only a note against the local venue.
      expect(outcome.notes.some((n) => n.level === 'info' && /not bound to an IP/.test(n.text))).toBe(true);
    } finally {
      await engine.stop();
    }
  });

  it('preflight: a key that can withdraw is refused, naming the venue field', async () => {
    const engine = engineFor(1);
    try {
      const run = preflightKey(engine, simCredentials('binance-usdm', sim.accounts[1]!));
      await expect(run).rejects.toThrow(KeyRefusedError);
      await expect(preflightKey(engine, simCredentials('binance-usdm', sim.accounts[1]!))).rejects.toThrow(
        /enableWithdrawals: true/,
      );
    } finally {
      await engine.stop();
    }
  });

  it('preflight: an environment without the endpoint is reported unchecked, offline', async () => {
    const engine = engineFor(0, 'testnet');
    try {
      expect(uncheckable(engine)).toMatch(/testnet has no key-permission endpoint/);
      const outcome = await preflightKey(engine, {
        ...simCredentials('binance-usdm', sim.accounts[0]!),
        env: 'testnet',
      });
      expect(outcome.auth.permissions.summary).toBe('permissions not checked');
      expect(outcome.notes[0]).toMatchObject({ level: 'warn' });
      expect(outcome.result).toBeUndefined();
    } finally {
      await engine.stop();
    }
  });
});

describe('SIM hooks: the cockpit menu on the control API', () => {
  const simEvents = () => events.filter((e): e is SimEvent => e.type === 'sim');

  it('regime volatile reaches the venue, announced in a sim event', async () => {
    const handle = createSimHooks({ control: sim.control, sink });
    handle.announce();
    expect(simEvents().at(-1)).toMatchObject({ regime: 'calm', activeFaults: [] });
    expect(await handle.actions.setRegime('volatile')).toEqual({ ok: true, message: 'price regime now volatile' });
    expect(simEvents().at(-1)).toMatchObject({ regime: 'volatile' });
    await handle.actions.setRegime('calm');
    handle.close();
  });

  it('each fault reaches the venue', async () => {
    const handle = createSimHooks({ control: sim.control, sink, watchEveryMs: 20 });
    try {
      const before = (await sim.control.serverTime()) - Date.now();
      expect(await handle.actions.injectFault('skew-clock')).toMatchObject({ ok: true, message: expect.stringMatching(/stepped -2 s/) });
      const after = (await sim.control.serverTime()) - Date.now();
      expect(after - before).toBeLessThan(-1_500);
      expect(simEvents().at(-1)?.activeFaults).toContain('venue clock -2.0 s');

      expect(await handle.actions.injectFault('drop-order-response')).toMatchObject({ ok: true, message: expect.stringMatching(/next order response/) });
      expect((await sim.control.getFaults()).dropResponse).toMatchObject({ times: 1, scope: 'order' });
      expect(simEvents().at(-1)?.activeFaults).toContain('drop next order response');

      expect(await handle.actions.injectFault('rate-limit-storm')).toMatchObject({ ok: true, message: expect.stringMatching(/429/) });
      expect((await sim.control.getFaults()).rateLimitStorm).toMatchObject({ times: 1 });

      expect(await handle.actions.injectFault('drop-socket')).toMatchObject({ ok: true, message: expect.stringMatching(/dropped 0 sockets/) });
      // The one-shot faults leave the list once the venue has used them up.
      await sim.control.clearFaults();
      const end = Date.now() + 2_000;
      while (simEvents().at(-1)?.activeFaults.includes('429 storm') && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(simEvents().at(-1)?.activeFaults).not.toContain('429 storm');
    } finally {
      handle.close();
      await sim.control.clearFaults();
    }
  });

  it('labels say what the plan still does', () => {
    expect(faultLabels({}, 0)).toEqual([]);
    expect(faultLabels({ clockOffsetMs: 1_000 }, -2_000)).toEqual(['venue clock -1.0 s']);
    expect(faultLabels({ wsDropEveryMs: 5_000, rateLimitStorm: {} }, 0)).toEqual([
      '429 storm',
      'sockets dropped every 5000 ms',
    ]);
  });
});

describe('actions before the engine exists', () => {
  it('answer "not ready" with the reason, then forward once attached', async () => {
    const late = createLateActions(true, 'the local venue is starting');
    const ticket = {
      symbol: 'BTCUSDT',
      side: 'buy' as const,
      type: 'market' as const,
      qty: '0.002',
      reduceOnly: false,
      postOnly: false,
    };
    expect(await late.actions.place(ticket)).toEqual({
      ok: false,
      error: 'not ready: the local venue is starting',
    });
    late.setPending('the engine is starting');
    expect(await late.actions.cancelAll()).toEqual({ ok: false, error: 'not ready: the engine is starting' });
    expect(late.actions.sim).toBeDefined();
    expect(await late.actions.sim?.injectFault('drop-socket')).toEqual({
      ok: false,
      error: 'not ready: the engine is starting',
    });
    const calls: string[] = [];
    const ok = async () => ({ ok: true as const });
    late.attach({
      place: async (t) => {
        calls.push(`place ${t.qty}`);
        return { ok: true };
      },
      cancel: ok,
      amend: ok,
      cancelAll: ok,
      protect: ok,
      bracket: ok,
      flatten: ok,
      closePart: ok,
      reverse: ok,
      reconnect: ok,
      toggleDeadman: ok,
      readLeverage: ok,
      setLeverage: ok,
      setMarginMode: ok,
      setSymbol: ok,
      showSymbol: ok,
    });
    late.attachSim({
      setRegime: ok,
      injectFault: async (kind) => {
        calls.push(kind);
        return { ok: true };
      },
    });
    expect(await late.actions.place(ticket)).toEqual({ ok: true });
    expect(await late.actions.sim?.injectFault('drop-socket')).toEqual({ ok: true });
    expect(calls).toEqual(['place 0.002', 'drop-socket']);
  });

  it('a session off the local venue has no SIM actions at all', () => {
    const late = createLateActions(false);
    expect(late.actions.sim).toBeUndefined();
  });
});
