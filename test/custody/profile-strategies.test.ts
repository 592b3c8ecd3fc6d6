// The profile's signals.strategies (docs/signals.md §Strategies in the profile): named strategies with
// a kind, the params they fix and their timeframes; every bad one refused with its key named.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile, saveProfile, validateProfile } from '../../src/custody/profile.js';
import { gridFor } from '../../src/core/signals/strategy-params.js';
import { STRATEGIES } from '../../src/core/signals/strategies.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-profile-strategies-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { version: 1, keys: {}, accounts: {} };
const slow = { name: 'slow-breakout', kind: 'breakout', params: { lookback: 40, maxBars: 20 }, timeframes: ['1h', '4h'] };

describe("the profile's signals.strategies", () => {
  it('reads named strategies with their params and timeframes, and round-trips them', () => {
    const profile = validateProfile({ ...base, signals: { strategies: [slow, { name: 'mr', kind: 'mean-reversion' }] } }, 'P');
    expect(profile.signals?.strategies).toEqual([
      { name: 'slow-breakout', kind: 'breakout', params: { lookback: 40, maxBars: 20 }, timeframes: ['1h', '4h'] },
      { name: 'mr', kind: 'mean-reversion', params: {} },
    ]);
    saveProfile(profile, env);
    expect(loadProfile(env)).toEqual(profile);
    expect(validateProfile(base).signals?.strategies).toBeUndefined();
  });

  it('names the bad key', () => {
    const withStrategy = (over: Record<string, unknown>) => () => validateProfile({ ...base, signals: { strategies: [{ ...slow, ...over }] } }, 'P');
    expect(withStrategy({ kind: 'scalping' })).toThrow("P: signals.strategies.0.kind: 'scalping' is not a kind (trend-follow, breakout, mean-reversion)");
    expect(withStrategy({ params: { lookbak: 30 } })).toThrow('P: signals.strategies.0: params.lookbak: not a parameter of breakout (lookback, stopAtr, targetAtr, maxBars)');
    expect(withStrategy({ params: { lookback: 1 } })).toThrow('P: signals.strategies.0: params.lookback: expected a whole number from 2 to 1000, got 1');
    expect(withStrategy({ params: { lookback: 20.5 } })).toThrow('params.lookback: expected a whole number from 2 to 1000, got 20.5');
    expect(withStrategy({ params: { stopAtr: '2' } })).toThrow('params.stopAtr: expected a number from 0.1 to 20, got "2"');
    expect(withStrategy({ params: [1, 2] })).toThrow('P: signals.strategies.0.params: expected an object, not a list');
    expect(withStrategy({ kind: 'trend-follow', params: { fast: 50, slow: 20 } })).toThrow('params.fast: expected below params.slow (20), got 50');
    expect(withStrategy({ timeframes: ['2h'] })).toThrow("P: signals.strategies.0.timeframes.0: '2h' is not one of 1m, 5m, 1h, 4h, 1d");
    expect(withStrategy({ name: 'a b' })).toThrow(/P: signals.strategies.0.name: name 'a b' is not valid/);
    expect(withStrategy({ colour: 'red' })).toThrow('P: signals.strategies.0.colour: unknown field');
    expect(() => validateProfile({ ...base, signals: { strategies: [slow, slow] } }, 'P')).toThrow("P: signals.strategies: the name 'slow-breakout' is used twice");
  });

  it("fixes the given params and fits the others over the kind's grid", () => {
    const grid = gridFor('breakout', { lookback: 40, maxBars: 20 });
    // lookback 3 × stopAtr 2 × targetAtr 2 × maxBars 2 in the kind's grid; with two fixed, 4 left.
    expect(STRATEGIES.breakout.grid).toHaveLength(24);
    expect(grid).toHaveLength(4);
    for (const p of grid) expect(p).toMatchObject({ lookback: 40, maxBars: 20 });
    expect(gridFor('breakout', {})).toEqual(STRATEGIES.breakout.grid);
  });
});
