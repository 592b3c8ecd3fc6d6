// The key preflight's venue call through the engine (http, lanes, venue clock) against the local
// venue: Binance apiRestrictions and OKX account/config, standalone and with a session's engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { evaluatePermissions } from '../../src/custody/preflight.js';
import { fetchKeyPermissions, PreflightUnsupportedError } from '../../src/engine/preflight.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import type { SimHandle } from '../../src/sim/index.js';
import { binanceUsdm } from '../../src/venues/binance/adapter.js';
import { binanceKeyPermissions } from '../../src/venues/binance/permissions-plan.js';
import { PermissionQueryError } from '../../src/venues/key-permissions.js';
import type { Credentials, VenueAdapter } from '../../src/venues/venue.js';
import { okxCredentials, startOkxSim } from './okx-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine } from './rest-helpers.js';

const QUICK = { timeSync: { burst: 2, resyncBurst: 2 }, http: { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 } };
const urls = (sim: SimHandle) => ({ rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl });

// Accounts: 0 trade-only (not IP-bound), 1 withdraw-enabled, 2 trade-only and IP-bound.
const ACCOUNTS = [
  { name: 'trade-only', keys: [{ type: 'hmac' as const }] },
  { name: 'withdrawing', keys: [{ type: 'hmac' as const, permissions: { enableWithdrawals: true } }] },
  { name: 'ip-bound', keys: [{ type: 'hmac' as const, permissions: { ipRestrict: true } }] },
];
// The same three keys in OKX's own shape (perm, ip as /api/v5/account/config reports them).
const OKX_ACCOUNTS = [
  { name: 'trade-only', keys: [{ type: 'hmac' as const }] },
  { name: 'withdrawing', keys: [{ type: 'hmac' as const, permissions: { perm: 'read_only,trade,withdraw' } }] },
  { name: 'ip-bound', keys: [{ type: 'hmac' as const, permissions: { ip: '127.0.0.1' } }] },
];

describe('Binance USD-M: apiRestrictions through the engine', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startTestSim({ accounts: ACCOUNTS });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const fetchFor = (account: number) =>
    fetchKeyPermissions({ venue: 'binance-usdm', credentials: simCredentials(sim, account), simUrls: urls(sim), ...QUICK });

  it('refuses a withdraw-enabled key, naming enableWithdrawals', async () => {
    const perms = await fetchFor(1);
    expect(perms.canWithdraw).toBe(true);
    const result = evaluatePermissions(perms, 'sim');
    expect(result.verdict).toBe('refuse');
    expect(result.messages[0]?.text).toContain('binance key can withdraw (enableWithdrawals: true)');
  });

  it('accepts a trade-only key; not IP-bound is a warning outside the local venue', async () => {
    const perms = await fetchFor(0);
    expect(perms).toMatchObject({ canRead: true, canTrade: true, canWithdraw: false, canTransfer: false, ipBinding: 'unbound' });
    expect(evaluatePermissions(perms, 'sim').verdict).toBe('ok');
    const judgedLive = evaluatePermissions(perms, 'live');
    expect(judgedLive.verdict).toBe('warn');
    expect(judgedLive.messages.filter((m) => m.level === 'warn').map((m) => m.text)).toEqual([
      expect.stringContaining('not bound to an IP (ipRestrict: false)'),
    ]);
    const bound = await fetchFor(2);
    expect(bound.ipBinding).toBe('bound');
    expect(evaluatePermissions(bound, 'live').verdict).toBe('ok');
  });

  it("with a session's engine: syncs its clock first, then rides its budget and pool", async () => {
    const engine = testEngine(sim, new EventLog());
    try {
      expect(engine.timeSync.clock.isSynced()).toBe(false);
      const perms = await fetchKeyPermissions({ engine });
      expect(perms.canTrade).toBe(true);
      expect(engine.timeSync.syncs).toBe(1);
      // Time samples plus the one permission request, all through the engine's executor.
      expect(engine.rest.counters.sent).toBeGreaterThanOrEqual(2);
      const { critical, background } = engine.lanes.counters.granted;
      expect(critical + background).toBe(engine.rest.counters.sent);
    } finally {
      await engine.stop();
    }
  });

  it('a venue clock jump (-1021) is resynced and the request rebuilt once', async () => {
    const engine = testEngine(sim, new EventLog());
    try {
      await fetchKeyPermissions({ engine });
      const errorsBefore = (await sim.control.stats()).errors['-1021'] ?? 0;
      await sim.control.jumpClock(60_000);
      const perms = await fetchKeyPermissions({ engine });
      expect(perms.canRead).toBe(true);
      expect(engine.rest.counters.clockRetries).toBe(1);
      expect((await sim.control.stats()).errors['-1021']).toBe(errorsBefore + 1);
    } finally {
      await sim.control.clearFaults();
      await engine.stop();
    }
  });

  it('a wrong secret is the venue refusing the key, by code', async () => {
    const wrong: Credentials = { ...simCredentials(sim, 0), apiSecret: new Secret('not the secret') };
    const failure = await fetchKeyPermissions({ venue: 'binance-usdm', credentials: wrong, simUrls: urls(sim), ...QUICK }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(VenueRequestError);
    expect((failure as VenueRequestError).code).toBe('-1022');
  });

  it('testnet has no endpoint: a named error before anything is sent', async () => {
    const before = (await sim.control.stats()).httpRequests;
    const testnet: Credentials = { ...simCredentials(sim, 0), env: 'testnet' };
    await expect(fetchKeyPermissions({ venue: 'binance-usdm', credentials: testnet })).rejects.toThrow(PermissionQueryError);
    await expect(fetchKeyPermissions({ venue: 'binance-usdm', credentials: testnet })).rejects.toThrow(
      /testnet has no key-permission endpoint/,
    );
    expect((await sim.control.stats()).httpRequests).toBe(before);
  });

  it('an adapter without a permission request is named', async () => {
    const { keyPermissions: _unused, ...rest } = binanceUsdm;
    const bare: VenueAdapter = rest;
    await expect(
      fetchKeyPermissions({ venue: bare, credentials: simCredentials(sim, 0), simUrls: urls(sim) }),
    ).rejects.toThrow(PreflightUnsupportedError);
  });
});

describe('an endpoint on another host of the venue (origin)', () => {
  const key = { type: 'hmac' as const, apiKey: 'preflightOriginKey0001', secret: 'preflight-origin-secret-0001' };
  let trading: SimHandle;
  let spot: SimHandle;
  beforeAll(async () => {
    trading = await startTestSim({ accounts: [{ keys: [key] }] });
    spot = await startTestSim({ accounts: [{ keys: [{ ...key, permissions: { enableWithdrawals: true } }] }] });
  });
  afterAll(async () => {
    await trading?.close();
    await spot?.close();
  });

  it('is asked on its own host, timed by the trading host clock', async () => {
    const adapter: VenueAdapter = {
      ...binanceUsdm,
      keyPermissions: { ...binanceKeyPermissions, origin: () => spot.restUrl },
    };
    const spotBefore = (await spot.control.stats()).httpRequests;
    const perms = await fetchKeyPermissions({ venue: adapter, credentials: simCredentials(trading, 0), simUrls: urls(trading), ...QUICK });
    // Only the spot host's key can withdraw: the answer came from there.
    expect(perms.canWithdraw).toBe(true);
    expect((await spot.control.stats()).httpRequests - spotBefore).toBe(1);
    expect((await trading.control.stats()).httpRequests).toBeGreaterThanOrEqual(QUICK.timeSync.burst);
  });
});

describe('OKX: account/config through the engine', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startOkxSim({ accounts: OKX_ACCOUNTS });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const fetchFor = (account: number) =>
    fetchKeyPermissions({ venue: 'okx', credentials: okxCredentials(sim, account), simUrls: urls(sim), ...QUICK });

  it('refuses a withdraw-enabled key, naming perm', async () => {
    const result = evaluatePermissions(await fetchFor(1), 'sim');
    expect(result.verdict).toBe('refuse');
    expect(result.messages[0]?.text).toContain('okx key can withdraw (perm: read_only,trade,withdraw)');
  });

  it('accepts a trade-only key, warns when it is not IP-bound', async () => {
    const unbound = await fetchFor(0);
    expect(unbound).toMatchObject({ canTrade: true, canWithdraw: false, ipBinding: 'unbound' });
    expect(evaluatePermissions(unbound, 'live').messages.filter((m) => m.level === 'warn')).toEqual([
      { level: 'warn', text: expect.stringContaining('not bound to an IP (ip: "")') },
    ]);
    const bound = await fetchFor(2);
    expect(bound.ips).toEqual(['127.0.0.1']);
    expect(evaluatePermissions(bound, 'live').verdict).toBe('ok');
  });

  it('a wrong passphrase is the venue refusing the key, by code', async () => {
    const wrong: Credentials = { ...okxCredentials(sim, 0), passphrase: new Secret('not it') };
    const failure = await fetchKeyPermissions({ venue: 'okx', credentials: wrong, simUrls: urls(sim), ...QUICK }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(VenueRequestError);
    expect((failure as VenueRequestError).code).toBe('50105');
  });
});
