/**
 * The one gate for tests that need something of the system (tmux, `script`, a Secret Service).
 * Present: the tests run. Missing on a developer's machine: they are skipped, and one skipped
 * test (plus a warning) names the Debian package to install. Missing under CI: one test FAILS
 * naming the package — .ci/run installs every one, so a CI run never goes green by skipping.
 */
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

/** CI as the runners set it (`CI=true`, also `1` or any other non-empty value but `false`). */
export const UNDER_CI =
  process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

export interface SystemNeed {
  /** What the tests need, as a person would say it: "tmux", "the `script` program". */
  what: string;
  /** The Debian package(s) that provide it. */
  debian: string;
  present: boolean;
  /** Why it is missing, when the probe says. */
  detail?: string;
}

/** True when `program args…` starts and exits 0. */
export function runs(program: string, args: readonly string[] = ['--version']): boolean {
  return spawnSync(program, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Call where the tests that need it are declared (top level or inside a describe); use the
 * answer to run them: `describe.runIf(needs({ … }))(…)`.
 */
export function needs(need: SystemNeed): boolean {
  if (need.present) return true;
  const name = `needs ${need.what} (Debian package ${need.debian})${need.detail ? `: ${need.detail}` : ''}`;
  if (UNDER_CI) {
    it(name, () => {
      throw new Error(`${name}: missing under CI, where .ci/run installs it`);
    });
  } else {
    console.warn(`skipped: ${name}`);
    it.skip(name, () => undefined);
  }
  return false;
}
