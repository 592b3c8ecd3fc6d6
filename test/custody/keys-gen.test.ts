// `quantdeck keys gen` through the real CLI: an Ed25519 pair whose private key goes into an
// encrypted file and whose public key is printed; the local venue registers that public key from
// its accounts (as Binance does from its API management page) under an API key id it issues;
// `keys add` takes that id, and `keys check` then signs with the generated private key — the venue
// accepts the signature only if the printed public key is the pair's.
import { createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { type CliResult, runCli, tempHome } from './cli.js';

const PASS = 'correct horse battery staple';
const ISSUED = 'EdKeyIssuedByTheLocalVenue00000000000000000000000000000000000001';
let home: ReturnType<typeof tempHome>;
let sim: SimHandle | undefined;
let gen: CliResult;
let publicPem = '';

const cli = (args: string[], options: { stdin?: string; fd3?: string } = {}) => runCli(args, { env: home.env, ...options });
const profile = () => JSON.parse(readFileSync(join(home.env['XDG_CONFIG_HOME'] as string, 'quantdeck', 'profile.json'), 'utf8'));

beforeAll(async () => {
  home = tempHome();
  gen = await cli(['keys', 'gen', 'bn-ed', '--venue', 'binance', '--env', 'sim', '--store', 'file', '--passphrase-fd', '3'], {
    fd3: `${PASS}\n`,
  });
  publicPem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(gen.stdout)?.[0] ?? '';
}, 60_000);

afterAll(async () => {
  await sim?.close();
  home?.cleanup();
});

describe('keys gen: an Ed25519 key pair made locally', () => {
  it('stores the private key encrypted and prints only the public key, with what to do next', () => {
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    expect(createPublicKey(publicPem).asymmetricKeyType).toBe('ed25519');
    expect(gen.stdout).not.toContain('PRIVATE KEY');
    expect(gen.stdout).toContain('quantdeck keys add bn-ed');
    const entry = profile().keys['bn-ed'];
    expect(entry).toMatchObject({ venue: 'binance', env: 'sim', keyId: 'awaiting-api-key' });
    expect(statSync(entry.ref.replace(/^file:/, '')).mode & 0o777).toBe(0o600);
    // Not an account until the venue has issued its API key.
    expect(profile().accounts).toEqual({});
  });

  it('keys check before the API key is added says what is missing', async () => {
    // Refused before any passphrase is read: no descriptor 3 to hand over.
    const early = await cli(['keys', 'check', 'bn-ed', '--base-url', 'http://127.0.0.1:9']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("key 'bn-ed' has no API key yet: register its public key with the venue");
  });

  it('keys add takes the API key the venue issued; keys check then signs with the generated key', async () => {
    sim = await startSim({ tickMs: 0, accounts: [{ name: 'ed', keys: [{ type: 'ed25519', apiKey: ISSUED, publicKeyPem: publicPem }] }] });
    const refused = await cli(['keys', 'add', 'bn-ed', '--venue', 'binance'], { stdin: `api-key: ${ISSUED}\n` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('takes only its API key');
    const added = await cli(['keys', 'add', 'bn-ed', '--passphrase-fd', '3'], { stdin: `api-key: ${ISSUED}\n`, fd3: `${PASS}\n` });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('key id EdKe…0001');
    expect(profile().keys['bn-ed'].keyId).toBe('EdKe…0001');
    expect(profile().accounts['bn-ed']).toBeDefined();
    const checked = await cli(['keys', 'check', 'bn-ed', '--base-url', sim.restUrl, '--passphrase-fd', '3'], { fd3: `${PASS}\n` });
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toMatch(/bn-ed: binance sim key EdKe…0001 from file:.*: ok/);
    expect(checked.code).toBe(0);
  }, 90_000);

  it('is refused for a venue that issues its own keys', async () => {
    const okx = await cli(['keys', 'gen', 'okx-ed', '--venue', 'okx', '--env', 'sim', '--store', 'file']);
    expect(okx.code).toBe(1);
    expect(okx.stderr).toContain('okx issues its own keys');
    expect(profile().keys['okx-ed']).toBeUndefined();
  });
});
