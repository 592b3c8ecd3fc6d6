/**
 * Automatic mode's rule (docs/signals.md §Automatic mode): per account, off by default. Off the
 * mainnet the trader may turn it on (`:auto on`); on the mainnet (env 'live') only when the profile
 * lists the account under `signals.auto` AND the account sets the guard limits a mainnet account
 * must (`MAINNET_GUARD_FIELDS`): an automatic order then meets limits the trader chose, never the
 * defaults. A profile that lists the account starts it on.
 */
import { type GuardLimits, missingMainnetLimits } from '../order-guard.js';

export interface AutoPolicy {
  /** Whether `:auto on` may turn it on. */
  allowed: boolean;
  /** Whether it starts on (the profile lists the account and it is allowed). */
  startsOn: boolean;
  /** Why not, when not allowed: the trader reads it as is. */
  why?: string;
}

export function autoPolicy(env: string, listed: boolean, guard: GuardLimits | undefined): AutoPolicy {
  if (env !== 'live') return { allowed: true, startsOn: listed };
  if (!listed) return { allowed: false, startsOn: false, why: 'automatic mode is refused on mainnet unless the profile lists this account under signals.auto' };
  const missing = missingMainnetLimits(guard);
  if (missing.length > 0)
    return { allowed: false, startsOn: false, why: `automatic mode is refused on mainnet: the account's guard must set ${missing.join(', ')}` };
  return { allowed: true, startsOn: true };
}
