// The local venue's files: the temporary folders of its generated keys go away when it stops (closed,
// or its process exits without closing it), and a `--keys` file it cannot use is named by line,
// column, account, key and field, never by quoting it (the file is made of secrets).
import { execFile, spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeysFileError, parseKeysFile } from '../../src/sim/accounts.js';
import { startSim, startSimWorker } from '../../src/sim/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'qd-keyfiles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SECRET = 'sk_SECRET_PASTED_0123456789abcdef';

function keysError(text: string): string {
  try {
    parseKeysFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(KeysFileError);
    return (e as Error).message;
  }
  throw new Error('parsed');
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, timeout: 100_000 }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr }),
    );
  });
}

describe('key folders in the temp directory', () => {
  it('startSim: the folder holds the generated keys while it runs and is gone once it closes', async () => {
    const sim = await startSim({ tickMs: 0 });
    expect(sim.keyDir.startsWith(join(tmpdir(), 'quantdeck-sim-'))).toBe(true);
    expect(readdirSync(sim.keyDir).some((f) => /^account-1-ed25519.*\.pem$/.test(f))).toBe(true);
    await sim.close();
    expect(existsSync(sim.keyDir)).toBe(false);
  });

  it('startSimWorker: the same once the worker closes', async () => {
    const sim = await startSimWorker({ tickMs: 0 });
    expect(existsSync(sim.keyDir)).toBe(true);
    await sim.close();
    expect(existsSync(sim.keyDir)).toBe(false);
  });

  it('a folder the caller named is the caller\'s: left in place', async () => {
    const own = join(scratch, 'own-keys');
    const sim = await startSim({ tickMs: 0, keyDir: own });
    await sim.close();
    expect(readdirSync(own).some((f) => /^account-1-ed25519.*\.pem$/.test(f))).toBe(true);
  });

  it('a sim that fails to start (bad accounts) leaves no folder behind', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('quantdeck-sim-')));
    await expect(startSim({ tickMs: 0, accounts: [{ walletAddress: 'nope' }] })).rejects.toThrow(KeysFileError);
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('quantdeck-sim-') && !before.has(n));
    expect(after).toEqual([]);
  });

  it.each(['thread', 'worker'])('a process that exits without closing its sim (%s) still removes the folder', async (mode) => {
    const r = await run(['test/sim/fixtures/sim-then-exit.ts', mode]);
    expect(r.code).toBe(0);
    const dir = r.stdout.trim();
    expect(dir.startsWith(join(tmpdir(), 'quantdeck-sim-'))).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('quantdeck sim: the folder of the key it printed is gone after SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--tick-ms', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const pem = await new Promise<string>((resolvePem, reject) => {
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      child.stdout.on('data', (d) => {
        out += d;
        const m = /^ed25519-key (\S+)$/m.exec(out);
        if (m) resolvePem(m[1]!);
      });
    });
    expect(existsSync(pem)).toBe(true);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(dirname(pem))).toBe(false);
  });
});

describe('--keys errors quote nothing of the file', () => {
  it('a JSON syntax error: line and column, not the text around it', () => {
    const text = `{\n  "accounts": [\n    { "keys": [ { "type": "hmac", "secret": ${SECRET} } ] }\n  ]\n}`;
    const msg = keysError(text);
    // Column 45 of line 3 is where the unquoted secret starts.
    expect(text.split('\n')[2]!.indexOf(SECRET)).toBe(44);
    expect(msg).toBe('keys file is not JSON (line 3, column 45)');
  });

  it.each([
    ['an unterminated string', `[{"keys":[{"type":"hmac","secret":"${SECRET}`, 'line 1, column 69'],
    ['a trailing comma', `[{"name":"${SECRET}",}]`, 'line 1, column 46'],
    ['a control character inside a string', `[{"name":"${SECRET}\u0001"}]`, 'line 1, column 44'],
    ['two documents', `[] ${SECRET}`, 'line 1, column 4'],
  ])('%s: located, not quoted', (_, text, where) => {
    const msg = keysError(text);
    expect(msg).toContain(where);
    for (const part of [SECRET, SECRET.slice(0, 8), SECRET.slice(-8)]) expect(msg).not.toContain(part);
  });

  it.each([
    ['a key type that is a pasted secret', [{ keys: [{ type: SECRET }] }], 'account #1 key #1: type must be hmac, ed25519, rsa, ec or evm'],
    ['a secret that is not a string', [{ keys: [{ type: 'hmac', secret: [SECRET] }] }], 'account #1 key #1: secret must be a string'],
    ['a balance that is not a decimal', [{}, { balances: { USDT: SECRET } }], 'account #2: balance #1 must be a decimal string'],
    ['permissions that are a string', [{ keys: [{ type: 'hmac', permissions: SECRET }] }], 'account #1 key #1: permissions must be an object'],
  ])('%s: account, key and field named', (_, accounts, expected) => {
    const msg = keysError(JSON.stringify({ accounts }));
    expect(msg).toBe(`keys file: ${expected}`);
    expect(msg).not.toContain(SECRET.slice(0, 8));
  });

  it('an evm key whose apiKey is not its address: named, neither quoted', async () => {
    const agentKey = `0x${'5a'.repeat(32)}`;
    const wrong = `0x${'ab'.repeat(20)}`;
    const err = await startSim({ dialect: 'hyperliquid', tickMs: 0, accounts: [{ keys: [{ type: 'evm', secret: agentKey, apiKey: wrong }] }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeysFileError);
    expect((err as Error).message).toBe('account #1 key #1: apiKey is not the address of its private key');
  });

  it('an ec key given as its private key (PEM) is served with it; a key of another kind is named, not quoted', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const sim = await startSim({ dialect: 'coinbase', tickMs: 0, accounts: [{ keys: [{ type: 'ec', secret: pem }] }] });
    try {
      const key = sim.accounts[0]!.ec!;
      expect(readFileSync(key.privateKeyFile!, 'utf8')).toBe(pem);
      expect(key.publicKeyPem).toBe(createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString());
    } finally {
      await sim.close();
    }
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const err = await startSim({ dialect: 'coinbase', tickMs: 0, accounts: [{ keys: [{ type: 'ec', secret: ed }] }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeysFileError);
    expect((err as Error).message).toBe('account #1 key #1: secret is not a P-256 private key');
  });

  it('quantdeck sim --keys: exit 2, the place named, nothing of the file on stderr', async () => {
    const file = join(scratch, 'bad-keys.json');
    writeFileSync(file, `{"accounts":[{"keys":[{"type":"hmac","secret":"${SECRET}"}]}],\n  ${SECRET}\n}`);
    const r = await run(['src/cli.tsx', 'sim', '--keys', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad --keys: keys file is not JSON (line 2, column 3)');
    expect(r.stderr + r.stdout).not.toContain(SECRET.slice(0, 8));
  });
});
