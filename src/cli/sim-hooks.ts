/**
 * The cockpit's SIM menu (`v` regime, `f` faults) mapped onto the local venue's control API, and
 * the `sim` events that tell the header and the faults overlay what is in effect. Each fault is
 * chosen so that the audience sees one of the engine's recoveries:
 *
 *   drop-socket          every WebSocket closed abruptly → reconnect, resync, live again
 *   skew-clock           venue clock stepped back 2 s, so our timestamps run 2 s ahead of it: the
 *                        venue rejects them (-1021, ahead by ≥ 1 s) → clock resync → one retry.
 *                        (A step forward would go unnoticed: 2 s old is inside the 5 s recvWindow.)
 *   drop-order-response  the next order is matched but its reply never comes → query by client id
 *   rate-limit-storm     the next request gets a 429 with Retry-After → lanes hold, reserve kept
 */

import { errorMessage } from '../core/error-message.js';
import type { EventSink } from '../engine/events.js';
import type { FaultPlan, SimControl } from '../sim/index.js';
import type { ActionResult } from '../store/actions.js';
import type { FaultKind, PriceRegime, SimActions } from '../store/sim-actions.js';

/** The venue clock's step per press: negative, see above. */
export const SKEW_STEP_MS = -2_000;

export interface SimHooksHandle {
  /** The cockpit's SIM actions, composed beside the engine's by the entry. */
  actions: SimActions;
  /** Sends the first `sim` event (regime calm, no faults). */
  announce(): void;
  /** Stops the watcher that clears fired one-shot faults from the label list. */
  close(): void;
}

export interface SimHooksOptions {
  control: SimControl;
  sink: EventSink;
  now?: () => number;
  /** How often one-shot faults are re-read until they have fired (ms). */
  watchEveryMs?: number;
  /** The planted trend the venue started with (SimOptions.trendBp), shown beside the regime. */
  trendBp?: number;
}

/** Labels of what the current plan (plus the clock steps taken) still does. */
export function faultLabels(plan: FaultPlan, clockStepMs: number): string[] {
  const labels: string[] = [];
  if (plan.dropResponse !== undefined) labels.push('drop next order response');
  if (plan.rateLimitStorm !== undefined) labels.push('429 storm');
  const clock = (plan.clockOffsetMs ?? 0) + clockStepMs;
  if (clock !== 0) labels.push(`venue clock ${clock > 0 ? '+' : ''}${(clock / 1000).toFixed(1)} s`);
  if (plan.wsDropEveryMs !== undefined && plan.wsDropEveryMs > 0)
    labels.push(`sockets dropped every ${plan.wsDropEveryMs} ms`);
  return labels;
}

export function createSimHooks(options: SimHooksOptions): SimHooksHandle {
  const { control, sink } = options;
  const now = options.now ?? Date.now;
  const watchEveryMs = options.watchEveryMs ?? 1_000;
  let regime: PriceRegime = 'calm';
  let clockStepMs = 0;
  let watch: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const trend = options.trendBp === undefined || options.trendBp === 0 ? {} : { trendBp: options.trendBp };
  const announce = (active: string[]) => sink.push({ type: 'sim', at: now(), regime, activeFaults: active, ...trend });

  // One-shot faults leave the plan once they fire; re-read it until none is waiting.
  const refresh = async (): Promise<void> => {
    if (closed) return;
    const plan = await control.getFaults();
    announce(faultLabels(plan, clockStepMs));
    const waiting = plan.dropResponse !== undefined || plan.rateLimitStorm !== undefined;
    if (watch !== undefined) clearTimeout(watch);
    watch = undefined;
    if (waiting && !closed) {
      watch = setTimeout(() => void refresh().catch(() => undefined), watchEveryMs);
      watch.unref?.();
    }
  };

  // One handler per kind of the faults table (store/sim-actions.ts): a kind without one does not compile.
  const inject: Record<FaultKind, () => Promise<string>> = {
    'drop-socket': async () => {
      const n = await control.dropSockets('all');
      return `local venue dropped ${n} socket${n === 1 ? '' : 's'}`;
    },
    'skew-clock': async () => {
      await control.jumpClock(SKEW_STEP_MS);
      clockStepMs += SKEW_STEP_MS;
      return `venue clock stepped ${SKEW_STEP_MS / 1000} s (now ${clockStepMs / 1000} s off): the next signed request is refused for its timestamp, then the clock resyncs`;
    },
    'drop-order-response': async () => {
      await control.patchFaults({ dropResponse: { times: 1, scope: 'order' } });
      return 'the next order response will be dropped';
    },
    'rate-limit-storm': async () => {
      await control.patchFaults({ rateLimitStorm: { times: 1, scope: 'any' } });
      return 'the next request gets a 429 with Retry-After';
    },
  };

  // A failed control call is the trader's message line, never a thrown error.
  const act = async (fn: () => Promise<string>): Promise<ActionResult> => {
    try {
      return { ok: true, message: await fn() };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  };

  const actions: SimActions = {
    setRegime: (next) =>
      act(async () => {
        await control.setRegime(next);
        regime = next;
        await refresh();
        return `price regime now ${next}`;
      }),
    injectFault: (kind) =>
      act(async () => {
        const message = await inject[kind]();
        await refresh();
        return message;
      }),
  };

  return {
    actions,
    announce: () => announce([]),
    close() {
      closed = true;
      if (watch !== undefined) clearTimeout(watch);
      watch = undefined;
    },
  };
}
