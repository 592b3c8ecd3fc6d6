// Key files and the profile are written and removed without following what sits at their paths.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { writeKeyFile } from '../../src/custody/encrypted-file.js';
import { CustodyError } from '../../src/custody/errors.js';
import { profilePath, saveProfile, validateProfile } from '../../src/custody/profile.js';
import { removeFile, writeFileAtomic } from '../../src/custody/safe-file.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-safe-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD_SECRET = 'old-secret-in-the-link-target';

function linkTo(name: string): { link: string; target: string } {
  const target = join(dir, `${name}.target`);
  writeFileSync(target, OLD_SECRET, { mode: 0o600 });
  const link = join(dir, name);
  symlinkSync(target, link);
  return { link, target };
}

describe('files that hold or point at keys', () => {
  it('rotation refuses a key file path that is a symbolic link, and the target keeps its bytes', async () => {
    const { link, target } = linkTo('rotated.qdkey');
    const material = { apiKey: new Secret('rotationKeyId0001'), apiSecret: new Secret('rotation-new-secret-0001') };
    const meta = { venue: 'binance', env: 'testnet', keyId: 'rota…0001', createdAt: '2026-01-01T00:00:00.000Z' };
    await expect(writeKeyFile(link, material, new Secret('passphrase 1'), meta)).rejects.toThrow(/is a symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(OLD_SECRET);
  });

  it('removal refuses a link (removing it would leave the key behind)', () => {
    const { link, target } = linkTo('removed.qdkey');
    expect(() => removeFile(link, 'key file')).toThrow(CustodyError);
    expect(existsSync(link) && existsSync(target)).toBe(true);
    const plain = join(dir, 'plain.qdkey');
    writeFileSync(plain, 'x');
    removeFile(plain, 'key file');
    expect(existsSync(plain)).toBe(false);
  });

  it('the profile writer ignores a file planted at the old predictable temp name and refuses a linked profile', () => {
    const home = join(dir, 'home');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') };
    const path = profilePath(env);
    mkdirSync(join(path, '..'), { recursive: true });
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, `${path}.tmp-${process.pid}`);
    const profile = validateProfile({ version: 1, keys: {}, accounts: {} });
    saveProfile(profile, env);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1 });
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    // No temp file is left behind.
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(path);
    symlinkSync(victim, path);
    expect(() => saveProfile(profile, env)).toThrow(/is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });

  it('repeated writes replace the content and leave no temp file behind', () => {
    const path = join(dir, 'atomic.txt');
    writeFileAtomic(path, 'one', 'test file');
    writeFileAtomic(path, 'two', 'test file');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((f) => f.startsWith('.atomic.txt.'))).toEqual([]);
  });
});
