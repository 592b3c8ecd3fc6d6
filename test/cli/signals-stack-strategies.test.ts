// The entry's signal stack runs the profile's signals.strategies (docs/signals.md §Strategies in the
// profile), and the three built-ins when the profile names none.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signalStackFor } from '../../src/cli/signals-stack.js';
import { EventLog } from '../engine/rest-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-stack-strategies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envWith(name: string, profile: object | undefined) {
  const home = join(dir, name);
  mkdirSync(join(home, 'config', 'quantdeck'), { recursive: true });
  if (profile !== undefined) writeFileSync(join(home, 'config', 'quantdeck', 'profile.json'), JSON.stringify(profile));
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') };
}

const stackOf = (processEnv: Record<string, string>) =>
  signalStackFor({ account: 'demo', venue: 'binance-usdm', env: 'sim', sink: new EventLog(), processEnv });

describe("the signal stack's strategies", () => {
  it("runs the profile's strategies by name", async () => {
    const strategies = [
      { name: 'slow-breakout', kind: 'breakout', params: { lookback: 40 }, timeframes: ['1h'] },
      { name: 'trend', kind: 'trend-follow' },
    ];
    const stack = await stackOf(envWith('named', { version: 1, keys: {}, accounts: {}, signals: { strategies } }));
    expect(stack.runner.strategies.map((s) => s.name)).toEqual(['slow-breakout', 'trend']);
    stack.stop();
  });

  it('runs the three built-ins when the profile names none', async () => {
    const stack = await stackOf(envWith('none', undefined));
    expect(stack.runner.strategies.map((s) => s.name)).toEqual(['trend-follow', 'breakout', 'mean-reversion']);
    stack.stop();
  });
});
