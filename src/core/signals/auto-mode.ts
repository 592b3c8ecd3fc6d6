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

/** An account's automatic mode as a fan-out reads it: on or off, and why it may not be on. */
export interface AutoState {
  on: boolean;
  why?: string;
}

/**
 * Who an automatic fan-out reaches (docs/signals.md §Automatic mode): only the members whose own
 * automatic mode is on — which their own policy allowed (env, `signals.auto`, guard limits). The
 * lead's switch is not a member's: a sim lead with auto on must not place on a mainnet member the
 * trader never let run alone. A member with no signal stack has no automatic mode: it is skipped.
 * Each skipped member says why.
 */
export function autoFanOutReach(
  accounts: readonly string[],
  autoOf: (account: string) => AutoState | undefined,
): { reach: string[]; skipped: { account: string; why: string }[] } {
  const reach: string[] = [];
  const skipped: { account: string; why: string }[] = [];
  for (const account of accounts) {
    const auto = autoOf(account);
    if (auto?.on === true) reach.push(account);
    else {
      const state = auto === undefined ? 'not available (no signal stack)' : `off${auto.why === undefined ? '' : ` (${auto.why})`}`;
      skipped.push({ account, why: `automatic mode is ${state} on ${account}; an automatic fan-out places only where it is on` });
    }
  }
  return { reach, skipped };
}
