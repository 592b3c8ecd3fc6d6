// What `keys check` checks where a key's rights cannot be asked (Binance testnet and demo have no
// apiRestrictions): the venue's clock, a signed account read, a test order — each through a
// REST-only engine against the Binance local venue, with a working key, a key that may not trade
// and a key whose secret is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { probeKey, sampleIntent } from '../../src/engine/key-probe.js';
import { permissionsUnaskable } from '../../src/engine/preflight.js';
import type { SimHandle } from '../../src/sim/index.js';
import { BTC } from '../store/fixtures.js';
import { simCredentials, startTestSim } from './rest-helpers.js';

const ACCOUNTS = [
  { name: 'trader', keys: [{ type: 'hmac' as const }] },
  { name: 'read-only', keys: [{ type: 'hmac' as const, permissions: { enableFutures: false } }] },
];

describe('probeKey against the Binance local venue', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startTestSim({ accounts: ACCOUNTS });
  });
  afterAll(async () => {
    await sim?.close();
  });
  const probe = (account: number, secret?: string) => {
    const credentials = simCredentials(sim, account);
    return probeKey({
      venue: 'binance-usdm',
      credentials: secret === undefined ? credentials : { ...credentials, apiSecret: new Secret(secret, 'wrong secret') },
      simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
      timeSync: { burst: 2, resyncBurst: 2 },
    });
  };

  it('a working key: the clock, the signed read and the test order all pass, and nothing is placed', async () => {
    const steps = await probe(0);
    expect(steps.map((s) => [s.what, s.outcome])).toEqual([
      ['time', 'ok'],
      ['signature and account read', 'ok'],
      ['test order', 'ok'],
    ]);
    expect(steps[0]!.detail).toMatch(/the venue's clock answered \(offset [+-]\d+ ms ±\d+\)/);
    expect(steps[2]!.detail).toMatch(/nothing was placed/);
    expect(await sim.control.acceptedOrders()).toEqual([]);
  });

  it('a key without the futures right: it reads, but the test order is refused for the key', async () => {
    const steps = await probe(1);
    expect(steps[1]!.outcome).toBe('ok');
    expect(steps[2]).toMatchObject({ what: 'test order', outcome: 'failed' });
    expect(steps[2]!.detail).toMatch(/was refused for the key: testOrder: -2015/);
  });

  it('a wrong secret: the clock answers, the signature is refused, and so is the test order', async () => {
    const steps = await probe(0, 'not-the-secret-0000000000000000');
    expect(steps.map((s) => s.outcome)).toEqual(['ok', 'failed', 'failed']);
    expect(steps[1]!.detail).toMatch(/-1022/);
  });
});

describe('where the rights cannot be asked', () => {
  it('Binance testnet and demo say why, offline; mainnet and the local venue can be asked', () => {
    expect(permissionsUnaskable('binance-usdm', 'testnet')).toMatch(/testnet has no key-permission endpoint/);
    expect(permissionsUnaskable('binance-usdm', 'demo')).toMatch(/demo has no key-permission endpoint/);
    expect(permissionsUnaskable('binance-usdm', 'live')).toBeUndefined();
    expect(permissionsUnaskable('binance-usdm', 'sim')).toBeUndefined();
  });

  it("the sample order is the venue's minimum, raised to its minimum value at a known price", () => {
    expect(sampleIntent({ ...BTC, minQty: '0.001', stepSize: '0.001', minNotional: '100' }, undefined).qty).toBe('0.001');
    expect(sampleIntent({ ...BTC, minQty: '0.001', stepSize: '0.001', minNotional: '100' }, '65000').qty).toBe('0.002');
  });
});
