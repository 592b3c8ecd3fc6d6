// The key preflight against a local Hyperliquid venue: info userRole for the signing address,
// through the engine. An agent wallet is accepted; a master wallet's own key can withdraw: refused.
import { computeAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { evaluatePermissions } from '../../src/custody/preflight.js';
import { fetchKeyPermissions } from '../../src/engine/preflight.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { PermissionQueryError } from '../../src/venues/key-permissions.js';
import type { Credentials } from '../../src/venues/venue.js';

// A master wallet whose private key the test holds (the sim's own masters have none).
const MASTER_KEY = `0x${'4b'.repeat(32)}`;
const MASTER = computeAddress(MASTER_KEY).toLowerCase();

let sim: SimHandle;

function agent(account: number, wallet?: string): Credentials {
  const key = sim.accounts[account]?.evm;
  if (key?.secret === undefined || key.walletAddress === undefined) throw new Error('sim account without an agent key');
  const walletAddress = wallet ?? key.walletAddress;
  return { venue: 'hyperliquid', env: 'sim', apiKey: new Secret(walletAddress), privateKey: key.secret, walletAddress };
}

const fetchAs = (credentials: Credentials) =>
  fetchKeyPermissions({
    venue: 'hyperliquid',
    credentials,
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    timeSync: { burst: 2, resyncBurst: 2 },
  });

beforeAll(async () => {
  sim = await startSim({
    dialect: 'hyperliquid',
    tickMs: 0,
    accounts: [{ name: 'agent' }, { name: 'own-master', walletAddress: MASTER }],
  });
});

afterAll(async () => {
  await sim?.close();
});

describe('Hyperliquid: userRole through the engine', () => {
  it('accepts an agent wallet of the configured master: it cannot withdraw by construction', async () => {
    const perms = await fetchAs(agent(0));
    expect(perms).toMatchObject({ canTrade: true, canWithdraw: false, canTransfer: false, ipBinding: 'not-applicable' });
    const result = evaluatePermissions(perms, 'live');
    expect(result.verdict).toBe('ok');
    expect(result.messages.map((m) => m.text)).toContain(
      `agent (API) wallet of ${sim.accounts[0]?.walletAddress}: it cannot withdraw or transfer by construction; only the master key signs those`,
    );
  });

  it("refuses the master wallet's own key, naming userRole", async () => {
    const credentials: Credentials = {
      venue: 'hyperliquid',
      env: 'sim',
      apiKey: new Secret(MASTER),
      privateKey: new Secret(MASTER_KEY),
      walletAddress: MASTER,
    };
    const result = evaluatePermissions(await fetchAs(credentials), 'sim');
    expect(result.verdict).toBe('refuse');
    expect(result.messages[0]?.text).toContain('hyperliquid key can withdraw (userRole.role: user)');
  });

  it('an agent of another master than the configured wallet is named', async () => {
    const failure = await fetchAs(agent(0, MASTER)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermissionQueryError);
    expect((failure as Error).message).toContain(`trades for ${sim.accounts[0]?.walletAddress}, not for the configured wallet ${MASTER}`);
  });
});
