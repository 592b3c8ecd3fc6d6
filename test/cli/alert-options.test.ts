import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertOptions } from '../../src/cli/alert-options.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-alert-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function profileWith(name: string, body: unknown): { HOME: string; XDG_CONFIG_HOME: string } {
  const env = { HOME: join(dir, name), XDG_CONFIG_HOME: join(dir, name, 'config') };
  mkdirSync(join(env.XDG_CONFIG_HOME, 'quantdeck'), { recursive: true, mode: 0o700 });
  writeFileSync(join(env.XDG_CONFIG_HOME, 'quantdeck', 'profile.json'), JSON.stringify(body), { mode: 0o600 });
  return env;
}

describe("the cockpit's bell and flash from the profile", () => {
  it('off without a profile or without the section; on as the profile says', () => {
    expect(alertOptions({ HOME: join(dir, 'none'), XDG_CONFIG_HOME: join(dir, 'none', 'config') })).toEqual({ alerts: { bell: false, flash: false } });
    expect(alertOptions(profileWith('plain', { version: 1 }))).toEqual({ alerts: { bell: false, flash: false } });
    expect(alertOptions(profileWith('bell', { version: 1, signals: { alerts: { bell: true } } }))).toEqual({ alerts: { bell: true, flash: false } });
    expect(alertOptions(profileWith('both', { version: 1, signals: { alerts: { bell: true, flash: true } } }))).toEqual({ alerts: { bell: true, flash: true } });
  });

  it('a profile that does not load leaves them off', () => {
    expect(alertOptions(profileWith('broken', { version: 2 }))).toEqual({});
  });
});
