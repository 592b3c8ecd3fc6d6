import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret, revealSecret } from '../../src/core/secret.js';
import {
  DEFAULT_SCRYPT,
  KdfParamsError,
  assertPrivateFile,
  readKeyFile,
  readKeyFileMeta,
  writeKeyFile,
} from '../../src/custody/encrypted-file.js';
import { CustodyError } from '../../src/custody/errors.js';

// The cheapest cost a key file may ask for is the default (see SCRYPT_BAND).
const FAST = DEFAULT_SCRYPT;
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
    expect((await failure(readKeyFile(path, PASS))).message).toMatch(
      /scrypt N=1073741824 \(2\^30\) is outside/,
    );
    writeFileSync(path, 'not json', { mode: 0o600 });
    expect((await failure(readKeyFile(path, PASS))).message).toBe(
      `${path} is not a quantdeck key file (not JSON)`,
    );
    expect((await failure(readKeyFile(join(dir, 'absent'), PASS))).message).toMatch(/does not exist/);
  });

  // The file chooses the work before anything in it is verified: only a narrow band around the
  // default is accepted. A wrong passphrase is used on purpose: a KdfParamsError rather than
  // "wrong passphrase" shows the refusal came before any derivation.
  it('refuses scrypt parameters outside N 2^17–2^20, r 8, p ≤ 2 with a named error, before deriving', async () => {
    const good = JSON.parse(readFileSync(await freshFile('band.qdkey'), 'utf8'));
    const path = join(dir, 'band-bad.qdkey');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ N: 2 ** 22, r: 32, p: 16 }, /N=4194304 \(2\^22\)/],
      [{ N: 2 ** 21 }, /N=2097152 \(2\^21\)/],
      [{ N: 2 ** 16 }, /N=65536 \(2\^16\)/],
      [{ N: 2 ** 10 }, /N=1024 \(2\^10\)/],
      [{ N: 3 * 2 ** 17 }, /N=393216 is/],
      [{ N: '131072' }, /N=\(string\)/],
      [{ r: 16 }, /r=16 is/],
      [{ r: 1 }, /r=1 is/],
      [{ p: 3 }, /p=3 is/],
      [{ p: 16 }, /p=16 is/],
      [{ p: 0 }, /p=0 is/],
    ];
    for (const [change, message] of cases) {
      writeFileSync(path, JSON.stringify({ ...good, kdf: { ...good.kdf, ...change } }), { mode: 0o600 });
      const error = await failure(readKeyFile(path, new Secret('not the passphrase')));
      expect(error, JSON.stringify(change)).toBeInstanceOf(KdfParamsError);
      expect(error.name).toBe('KdfParamsError');
      expect(error.message).toMatch(message);
      expect(error.message).toContain('quantdeck accepts N 2^17–2^20, r 8, p 1–2');
      expect(() => readKeyFileMeta(path)).toThrow(KdfParamsError);
    }
    // The edges of the band are accepted (p = 2 is authenticated: the tag breaks, not the band).
    writeFileSync(path, JSON.stringify({ ...good, kdf: { ...good.kdf, p: 2 } }), { mode: 0o600 });
    expect(await failure(readKeyFile(path, PASS))).not.toBeInstanceOf(KdfParamsError);
    // Nor can a key file be written outside it.
    await expect(
      writeKeyFile(join(dir, 'weak.qdkey'), material(), PASS, META, { N: 2 ** 12, r: 8, p: 1 }),
    ).rejects.toThrow(KdfParamsError);
  });
});
