// A throwaway HOME for tests that run the real program: its own config and state folders, so
// nothing reads or writes the person's own, removed once the test file is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface IsolatedHome {
  home: string;
  /** PATH, HOME and the XDG folders, nothing else of this process's environment. */
  env: { PATH: string; HOME: string; XDG_CONFIG_HOME: string; XDG_STATE_HOME: string };
}

export function isolatedHome(prefix: string): IsolatedHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  return {
    home,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
    },
  };
}
