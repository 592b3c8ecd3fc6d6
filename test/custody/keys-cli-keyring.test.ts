// `quantdeck keys …` through the real CLI with the OS keyring store: a real gnome-keyring over D-Bus.
// Runs when a Secret Service is reachable; skips naming the packages otherwise, and FAILS under CI
// (.ci/run provides the keyring, so a skip there would hide a broken setup).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { keyringDelete, keyringLoad, probeKeyring } from '../../src/custody/keyring-store.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { assertNoSecrets } from '../support/secret-scan.js';
import { needs, UNDER_CI } from '../support/system-program.js';
import { type CliResult, runCli, tempHome } from './cli.js';

const probe = await probeKeyring();
// Under CI the keyring must be the Secret Service .ci/run starts, not a fallback.
const secretService = probe.reachable && /^Secret Service|keychain/.test(probe.detail);
const hasKeyring = needs({
  what: 'an unlocked Secret Service (gnome-keyring in a dbus-run-session, as .ci/run starts it)',
  debian: 'gnome-keyring dbus',
  present: UNDER_CI ? secretService : probe.reachable,
  detail: probe.detail,
});

describe.runIf(hasKeyring)('keys with --store keyring (real gnome-keyring)', () => {
  const name = `qdt-${process.pid}-${Date.now().toString(36)}`;
  let sim: SimHandle;
  let home: ReturnType<typeof tempHome>;
  let first: { apiKey: string; secret: string };
  let second: { apiKey: string; secret: string };
  const outputs: CliResult[] = [];
  const cli = async (args: string[], stdin?: string) => {
    const result = await runCli(args, { env: home.env, ...(stdin !== undefined ? { stdin } : {}) });
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    sim = await startSim({
      tickMs: 0,
      accounts: [
        { name: 'a', keys: [{ type: 'hmac' }] },
        { name: 'b', keys: [{ type: 'hmac', permissions: { ipRestrict: true } }] },
      ],
    });
    const pick = (i: number) => {
      const key = sim.accounts[i]?.hmac;
      if (key?.secret === undefined) throw new Error('sim account without an HMAC key');
      return { apiKey: key.apiKey, secret: revealSecret(key.secret) };
    };
    first = pick(0);
    second = pick(1);
    home = tempHome();
  });

  afterAll(async () => {
    await keyringDelete(name).catch(() => false);
    await sim?.close();
    home?.cleanup();
  });

  it('add stores the key as a keyring item; list shows it masked', async () => {
    const added = await cli(
      ['keys', 'add', name, '--venue', 'binance-usdm', '--env', 'sim'],
      `api-key: ${first.apiKey}\napi-secret: ${first.secret}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      `in the OS keyring; key id ${first.apiKey.slice(0, 4)}…${first.apiKey.slice(-4)}`,
    );
    const stored = await keyringLoad(name);
    expect(revealSecret(stored.apiSecret!)).toBe(first.secret);
    const listed = await cli(['keys', 'list']);
    expect(listed.stdout).toMatch(
      new RegExp(`${name}\\s+binance-usdm\\s+sim\\s+keyring\\s+${first.apiKey.slice(0, 4)}…`),
    );
  });

  it('check asks the local venue, rotate replaces the item in place, rm deletes it', async () => {
    const checked = await cli(['keys', 'check', name, '--base-url', sim.restUrl]);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('from keyring:');
    expect(checked.stdout).toContain('not IP-bound');

    const rotated = await cli(
      ['keys', 'rotate', name],
      `api-key: ${second.apiKey}\napi-secret: ${second.secret}\n`,
    );
    expect(rotated.code).toBe(0);
    const after = await keyringLoad(name);
    expect(revealSecret(after.apiSecret!)).toBe(second.secret);
    const rechecked = await cli(['keys', 'check', name, '--base-url', sim.restUrl]);
    expect(rechecked.stdout).toContain('IP-bound');
    expect(rechecked.stdout).not.toContain('not IP-bound');

    const removed = await cli(['keys', 'rm', name]);
    expect(removed.code).toBe(0);
    await expect(keyringLoad(name)).rejects.toThrow(/no keyring item quantdeck\//);
  });

  it('no secret reached any output', () => {
    assertNoSecrets(
      [
        ...outputs.flatMap((o, i) => [
          { name: `run ${i} stdout`, text: o.stdout },
          { name: `run ${i} stderr`, text: o.stderr },
        ]),
        { name: 'log file', text: readFileSync(`${home.env['XDG_STATE_HOME']}/quantdeck/quantdeck.log`) },
      ],
      [first, second].flatMap((k, i) => [
        { label: `key ${i} secret`, value: k.secret },
        { label: `key ${i} api key`, value: k.apiKey },
      ]),
    );
  });
});
