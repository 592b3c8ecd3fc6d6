// checkKeyPermissions (what the cockpit calls on connect) and keys check's address rules,
// in-process against a local venue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret, Secret } from '../../src/core/secret.js';
import { main } from '../../src/cli/keys.js';
import { checkKeyPermissions, tradedVenueForKey } from '../../src/cli/key-permissions.js';
import { saveProfile, validateProfile } from '../../src/custody/profile.js';
import { Engine } from '../../src/engine/engine.js';
import { initLogging } from '../../src/log/logger.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import type { Credentials } from '../../src/venues/venue.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-preflight-'));
const env: Record<string, string> = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
const log = initLogging({ env });
let sim: SimHandle;

function credentials(account: number): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account without an HMAC key');
  return { venue: 'binance-usdm', env: 'sim', apiKey: new Secret(key.apiKey), apiSecret: key.secret };
}

beforeAll(async () => {
  sim = await startSim({
    tickMs: 0,
    accounts: [
      { name: 'trade-only', keys: [{ type: 'hmac' }] },
      { name: 'withdrawing', keys: [{ type: 'hmac', permissions: { enableWithdrawals: true } }] },
    ],
  });
  const key = sim.accounts[0]?.hmac;
  env['QD_BN_API_KEY'] = key?.apiKey ?? '';
  env['QD_BN_API_SECRET'] = key?.secret === undefined ? '' : revealSecret(key.secret);
  saveProfile(
    validateProfile({
      version: 1,
      keys: {},
      accounts: {
        'bn-sim': { venue: 'binance-usdm', env: 'sim', key: 'env:QD_BN' },
        'bn-live': { venue: 'binance-usdm', env: 'live', key: 'env:QD_BN' },
      },
    }),
    env,
  );
});

afterAll(async () => {
  await sim?.close();
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

async function keys(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdinIsTTY: false,
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

describe('checkKeyPermissions (the cockpit preflight)', () => {
  it("with the session's engine: a withdraw-enabled key is a refuse verdict, not a throw", async () => {
    const engine = new Engine({
      venue: 'binance-usdm',
      env: 'sim',
      credentials: credentials(1),
      simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
      symbol: 'BTCUSDT',
      sink: { push: () => undefined },
      streams: false,
      deadman: { enabled: false },
      reconcileEveryMs: 0,
      riskEveryMs: 0,
      timeSync: { burst: 2, resyncBurst: 2 },
    });
    try {
      const { permissions, result } = await checkKeyPermissions({ engine });
      expect(permissions.fields.withdraw).toBe('enableWithdrawals: true');
      expect(result.verdict).toBe('refuse');
      expect(result.summary).toContain('CAN WITHDRAW');
    } finally {
      await engine.stop();
    }
  });

  it('standalone: a trade-only key is ok on the local venue', async () => {
    const simUrls = { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl };
    const { result } = await checkKeyPermissions({ venue: 'binance-usdm', credentials: credentials(0), simUrls });
    expect(result.verdict).toBe('ok');
    expect(result.summary).toBe('read, trade · no withdraw · no transfer · not IP-bound');
  });
});

describe('keys check: which address is asked', () => {
  it('a venue family is checked with its adapter; a family without one is named', () => {
    expect(tradedVenueForKey('binance', 'binance').id).toBe('binance-usdm');
    expect(tradedVenueForKey('okx', 'okx').id).toBe('okx');
    expect(tradedVenueForKey('kraken', 'kraken').id).toBe('kraken');
    expect(tradedVenueForKey('coinbase', 'coinbase').id).toBe('coinbase');
    // Every family custody holds has an adapter now; a name without one (made up) is named.
    expect(() => tradedVenueForKey('deribit', 'deribit')).toThrow(/no deribit adapter yet/);
  });

  it('the local venue needs --base-url, on loopback only', async () => {
    const missing = await keys(['check', 'bn-sim']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no fixed address: pass --base-url/);
    const remote = await keys(['check', 'bn-sim', '--base-url', 'http://192.0.2.7:8080']);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toMatch(/--base-url must be the local venue's http\(s\):\/\/127\.0\.0\.1:PORT/);
    const ok = await keys(['check', 'bn-sim', '--base-url', sim.restUrl]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('a mainnet key is never sent to a --base-url', async () => {
    const before = (await sim.control.stats()).httpRequests;
    const r = await keys(['check', 'bn-live', '--base-url', sim.restUrl]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--base-url is the local venue's address; a live key is checked against the venue itself/);
    expect((await sim.control.stats()).httpRequests).toBe(before);
  });

  it('an unreachable local venue is one line naming the connect failure', async () => {
    const r = await keys(['check', 'bn-sim', '--base-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^quantdeck keys: bn-sim: the venue could not be asked .*could not reach 127\.0\.0\.1:\d+: ECONNREFUSED.*\n$/);
  });
});
