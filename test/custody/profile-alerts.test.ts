import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsConfig, DEFAULT_ALERTS } from '../../src/core/signals/watcher-config.js';
import { loadProfile, profilePath, saveProfile, validateProfile } from '../../src/custody/profile.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-profile-alerts-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { version: 1, keys: {}, accounts: { main: { venue: 'binance-usdm', key: 'env:BN' } } };

describe("the profile's signals.alerts (docs/signals.md §L2 watcher)", () => {
  it('reads thresholds over the defaults, and round-trips them through a save', () => {
    const alerts = { bell: true, atrMoveK: 2.5, off: ['large-fill', 'depth'], atrTimeframe: '5m', largeFillNotional: 25000 };
    const profile = validateProfile({ ...base, signals: { alerts } }, 'P');
    expect(profile.signals).toEqual({ alerts });
    expect(alertsConfig(profile.signals?.alerts)).toEqual({ ...DEFAULT_ALERTS, ...alerts });
    saveProfile(profile, env);
    expect(loadProfile(env)).toEqual(profile);
    expect(JSON.parse(readFileSync(profilePath(env), 'utf8')).signals.alerts).toEqual(alerts);
  });

  it('with no section, the defaults: bell and flash off', () => {
    const profile = validateProfile(base);
    expect(profile.signals).toBeUndefined();
    const config = alertsConfig(profile.signals?.alerts);
    expect(config.bell).toBe(false);
    expect(config.flash).toBe(false);
  });

  it('names the bad field', () => {
    const withAlerts = (alerts: unknown) => () => validateProfile({ ...base, signals: { alerts } }, 'P');
    expect(withAlerts({ atrMoveK: 0 })).toThrow('P: signals.alerts.atrMoveK: expected a multiple of the ATR above 0');
    expect(withAlerts({ noStopSeconds: '30' })).toThrow('P: signals.alerts.noStopSeconds: expected seconds, a number');
    expect(withAlerts({ bell: 'yes' })).toThrow('P: signals.alerts.bell: expected true or false');
    expect(withAlerts({ off: ['clock', 'noise'] })).toThrow("P: signals.alerts.off.1: 'noise' is not a rule (atr-move, spread,");
    expect(withAlerts({ atrTimeframe: '2m' })).toThrow("P: signals.alerts.atrTimeframe: '2m' is not one of 1m, 5m, 1h, 4h, 1d");
    expect(withAlerts({ beep: true })).toThrow('P: signals.alerts.beep: unknown field (expected off, bell, flash,');
    expect(withAlerts([])).toThrow('P: signals.alerts: expected an object, not a list');
  });
});
