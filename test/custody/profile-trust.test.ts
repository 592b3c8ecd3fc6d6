// A profile naming a `cmd:` key is loaded only when no other user could have written it.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CustodyError } from '../../src/custody/errors.js';
import { loadProfile, profilePath, validateProfile } from '../../src/custody/profile.js';
import { assertCommandsTrusted } from '../../src/custody/profile-trust.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-profile-trust-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
const path = profilePath(env);
const folder = join(dir, 'config', 'quantdeck');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withCommand = { version: 1, keys: {}, accounts: { bot: { venue: 'okx', key: 'cmd:pass show quantdeck/okx' } } };
const withoutCommand = { version: 1, keys: {}, accounts: { bot: { venue: 'okx', key: 'env:OKX_DEMO' } } };

function write(profile: unknown, fileMode: number, folderMode = 0o700): void {
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, folderMode);
  writeFileSync(path, JSON.stringify(profile));
  chmodSync(path, fileMode);
}

describe('a profile that runs a command', () => {
  beforeEach(() => rmSync(path, { force: true }));

  it('loads when only its owner can write the file and the folder', () => {
    write(withCommand, 0o600);
    expect(loadProfile(env).accounts['bot']?.key).toEqual({ kind: 'cmd', argv: ['pass', 'show', 'quantdeck/okx'] });
  });

  it('is refused when others can write the file, naming the reference, the mode and the fix', () => {
    write(withCommand, 0o666);
    expect(() => loadProfile(env)).toThrow(CustodyError);
    expect(() => loadProfile(env)).toThrow(/accounts\.bot\.key run a command \(cmd:\).*file .* is writable by others \(mode 0666\).*chmod go-w/);
  });

  it('is refused when others can write its folder (they could replace the file)', () => {
    write(withCommand, 0o600, 0o777);
    expect(() => loadProfile(env)).toThrow(/folder .* is writable by others \(mode 0777\)/);
  });

  it('is refused when another user owns it', () => {
    write(withCommand, 0o600);
    // Root may hand the file to another user; anyone else reads it as a user who is not its owner.
    const me = process.getuid?.() ?? 0;
    if (me === 0) chownSync(path, 4242, 4242);
    const reader = me === 0 ? 0 : me + 4242;
    expect(() => assertCommandsTrusted(validateProfile(withCommand), path, reader)).toThrow(/file .* is owned by user \d+, not you/);
  });

  it('without a command, loads whatever its mode (nothing in it runs)', () => {
    write(withoutCommand, 0o666, 0o777);
    expect(loadProfile(env).accounts['bot']?.key).toEqual({ kind: 'env', prefix: 'OKX_DEMO' });
  });
});
