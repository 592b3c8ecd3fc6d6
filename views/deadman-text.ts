/**
 * The dead-man's switch in a few characters, as the header and the desk's overview show it:
 * 'none' (the venue has no switch), 'off', 'drop+30s' (fires that long after the private socket
 * goes, no deadline while it is up), or the countdown to its deadline.
 */
import type { DeadmanStatus, SessionInfo } from '../src/store/state.js';
import { countdown, duration } from './format.js';

export function deadmanText(session: SessionInfo | null, deadman: DeadmanStatus, now: number): string {
  // A venue without a switch (Coinbase) says 'none': 'off' would promise one that could be armed.
  if (session?.noDeadman === true) return 'none';
  if (!deadman.armed) return 'off';
  // A switch that fires on a lost connection shows its window until the socket goes, then counts down.
  if (deadman.onDisconnect === true && deadman.deadline === undefined) return `drop+${duration(deadman.timeoutMs ?? 0)}`;
  return countdown(now, deadman.deadline);
}
