/**
 * The cockpit's bell and flash for alerts (docs/signals.md §L2 watcher): the profile's
 * `signals.alerts.bell` and `.flash`, both off when the profile says nothing. A profile that does
 * not load leaves them off here: the start-up that reads it for keys and accounts says why.
 */
import type { CockpitOptions } from '../../views/context.js';
import { loadProfile } from '../custody/profile.js';
import type { Env as ProcessEnv } from '../log/xdg.js';

export function alertOptions(env: ProcessEnv): Pick<CockpitOptions, 'alerts'> {
  try {
    const alerts = loadProfile(env).signals?.alerts;
    return { alerts: { bell: alerts?.bell === true, flash: alerts?.flash === true } };
  } catch {
    return {};
  }
}
