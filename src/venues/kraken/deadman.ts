/**
 * Kraken's dead-man's switch (docs/venues.md §5): `CancelAllOrdersAfter` with `timeout` in seconds
 * starts (or restarts) a countdown; when it runs out every open order of the account is
 * cancelled; `timeout=0` disarms it. Kraken advises a timeout of 60 s re-armed every 15 to 30 s,
 * which is the engine's rhythm (timeout/4). Each call spends the API counter.
 */
import type { TimerDeadmanSpec } from '../venue.js';
import { apiCost } from './limits.js';
import { parseDeadman } from './parse.js';
import { krakenPlan } from './requests.js';

const MAX_S = 86_400;

function timerPlan(seconds: number) {
  return krakenPlan({
    name: seconds === 0 ? 'deadmanDisarm' : 'deadmanArm',
    path: '/0/private/CancelAllOrdersAfter',
    lane: 'critical',
    costs: apiCost(),
    // Setting the timer again is safe to repeat.
    mutating: false,
    params: [['timeout', String(seconds)]],
    parse: parseDeadman,
  });
}

export const KRAKEN_DEADMAN: TimerDeadmanSpec = {
  trigger: 'timer',
  scope: 'account',
  // CancelAll's reach: every open order, stop orders included (quantdeck places none on spot).
  protective: 'cancelled',
  minTimeoutMs: 10_000,
  maxTimeoutMs: MAX_S * 1000,
  defaultTimeoutMs: 60_000,
  arm: (timeoutMs) => timerPlan(Math.max(10, Math.min(MAX_S, Math.round(timeoutMs / 1000)))),
  disarm: () => timerPlan(0),
};
