import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret, revealSecret } from '../../src/core/secret.js';
import {
  DEFAULT_SCRYPT,
  assertPrivateFile,
  readKeyFile,
  readKeyFileMeta,
  writeKeyFile,
} from '../../src/custody/encrypted-file.js';
import { CustodyError } from '../../src/custody/errors.js';

// Tests use a cheap cost where the cost is not the subject; the parameters travel in the file.
const FAST = { N: 2 ** 12, r: 8, p: 1 };
const dir = mkdtempSync(join(tmpdir(), 'qd-keyfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const API_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const PASS = new Secret('correct horse battery staple');
const META = { venue: 'binance', env: 'testnet', keyId: 'vmPU…Eh8A', createdAt: '2026-01-01T00:00:00.000Z' };
const material = () => ({ apiKey: new Secret(API_KEY), apiSecret: new Secret(API_SECRET) });

async function freshFile(name: string): Promise<string> {
  const path = join(dir, name);
  await writeKeyFile(path, material(), PASS, META, FAST);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('encrypted key file', () => {
  it('round-trips, is created 0600, and keeps no secret in the clear', async () => {
    const path = await freshFile('round.qdkey');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    for (const raw of [API_KEY, API_SECRET, revealSecret(PASS)]) {
      expect(text).not.toContain(raw);
      expect(text).not.toContain(Buffer.from(raw).toString('base64'));
    }
    expect(readKeyFileMeta(path)).toEqual(META);
    const back = await readKeyFile(path, PASS);
    expect(revealSecret(back.apiKey as Secret)).toBe(API_KEY);
    expect(revealSecret(back.apiSecret as Secret)).toBe(API_SECRET);
    // Each write draws a new salt and IV.
    const again = await freshFile('round2.qdkey');
    expect(readFileSync(again, 'utf8')).not.toBe(text);
  });

  it('records scrypt parameters; the default is memory-hard', async () => {
    expect(DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * 128).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    const path = join(dir, 'default.qdkey');
    await writeKeyFile(path, material(), PASS, META);
    const kdf = JSON.parse(readFileSync(path, 'utf8')).kdf;
    expect(kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
  });

  it('says "wrong passphrase for PATH", without a stack', async () => {
    const path = await freshFile('wrong.qdkey');
    const error = await failure(readKeyFile(path, new Secret('not the passphrase')));
    expect(error).toBeInstanceOf(CustodyError);
    expect(error.message).toBe(`wrong passphrase for ${path}`);
  });

  it('names the GCM check when a ciphertext byte is flipped', async () => {
    const path = await freshFile('tamper.qdkey');
    const container = JSON.parse(readFileSync(path, 'utf8'));
    const bytes = Buffer.from(container.ciphertext, 'base64');
    bytes[5] = (bytes[5] as number) ^ 0x01;
    container.ciphertext = bytes.toString('base64');
    writeFileSync(path, JSON.stringify(container), { mode: 0o600 });
    const error = await failure(readKeyFile(path, PASS));
    expect(error).toBeInstanceOf(CustodyError);
    expect(error.message).toMatch(/failed the AES-256-GCM integrity check/);
    expect(error.message).toMatch(/tampered/);
  });

  it('authenticates the clear header too: editing env breaks the tag', async () => {
    const path = await freshFile('meta.qdkey');
    const container = JSON.parse(readFileSync(path, 'utf8'));
    container.meta.env = 'live';
    writeFileSync(path, JSON.stringify(container), { mode: 0o600 });
    expect((await failure(readKeyFile(path, PASS))).message).toMatch(/AES-256-GCM/);
  });

  it('refuses a file readable by group or others, with the exact fix', async () => {
    const path = await freshFile('open perms.qdkey');
    chmodSync(path, 0o644);
    const error = await failure(readKeyFile(path, PASS));
    expect(error).toBeInstanceOf(CustodyError);
    expect(error.message).toContain('mode 0644');
    expect(error.message).toContain(`chmod 600 '${path}'`);
    chmodSync(path, 0o640);
    expect(() => assertPrivateFile(path)).toThrow(/readable by group or others/);
    chmodSync(path, 0o600);
    expect(() => assertPrivateFile(path)).not.toThrow();
  });

  it('names the field of a malformed file and bounds the KDF cost', async () => {
    const path = join(dir, 'bad.qdkey');
    writeFileSync(path, '{"format":"quantdeck-key","version":1}', { mode: 0o600 });
    expect((await failure(readKeyFile(path, PASS))).message).toMatch(/field kdf\.name/);
    const good = JSON.parse(readFileSync(await freshFile('cost.qdkey'), 'utf8'));
    good.kdf.N = 2 ** 30;
    writeFileSync(path, JSON.stringify(good), { mode: 0o600 });
    expect((await failure(readKeyFile(path, PASS))).message).toMatch(/field kdf\.N/);
    writeFileSync(path, 'not json', { mode: 0o600 });
    expect((await failure(readKeyFile(path, PASS))).message).toBe(
      `${path} is not a quantdeck key file (not JSON)`,
    );
    expect((await failure(readKeyFile(join(dir, 'absent'), PASS))).message).toMatch(/does not exist/);
  });
});
