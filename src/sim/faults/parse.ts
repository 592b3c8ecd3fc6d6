// `--faults` strings → FaultPlan. Grammar (items separated by commas, spaces ignored):
//
//   item     := name ['=' value] ['@' scope]
//   trigger  := 'always' | N | 'xN' (next N) | 'pF' (probability F) | '1/N' (every Nth)
//   duration := N ['ms'|'s'|'m'|'h']            (a bare number is ms; may start with + or -)
//
//   drop-ws[=now|DURATION]           drop WebSocket connections now, or every DURATION
//   no-pong                          stop answering client pings
//   no-ping                          stop sending server pings
//   hold[=TRIGGER]                   hold requests before handling until released (default @order)
//   hold-after[=TRIGGER]             handle, then hold the reply until released (default @order)
//   release-held                     let every held request (and held reply) go on, now
//   delay=DURATION[:TRIGGER]         hold requests before handling       (default @any)
//   delay-after=DURATION[:TRIGGER]   match, then hold the reply           (default @order)
//   drop-response[=TRIGGER]          match, then close without replying   (default @order)
//   5xx-before[=TRIGGER]             503 without handling                 (default @order)
//   5xx-after[=TRIGGER]              handle, then 503                     (default @order)
//   unavailable-after[=TRIGGER]      handle, then 5xx-before's 503        (default @order; hold-after holds it)
//   unknown-status[=TRIGGER]         handle, then -1007                   (default @order)
//   html-502[=TRIGGER]               an HTML 502 page                     (default @any)
//   refuse-text[=TRIGGER]            the venue's refusal, hostile message (default @order; text via JSON)
//   429[=TRIGGER]                    a 429 storm                          (default @any)
//   batch-cancel-max=N               a batch cancel cancels its first N orders, refuses the rest
//   ban=DURATION                     418 for DURATION, now
//   skew=DURATION                    server clock offset (absolute)
//   jump=DURATION                    step the server clock now
//   expire-listen-key[=now|DURATION] expire listen keys now, or every DURATION
//   ws-malformed[=TRIGGER]           unparsable frame before pushes       (default @any; @user, @market)
//   ws-oversized[=TRIGGER][:BYTES]   oversized frame before pushes        (default @any)
//
// Example: `drop-response=x1@order, delay=200ms:p0.5, drop-ws=10s, skew=-1500ms`
import type { FaultPlan, FaultTrigger } from './plan.js';

/** A `--faults` string that does not parse; the message names the item and what was expected. */
export class FaultPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultPlanError';
  }
}

export function parseDuration(text: string, item: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new FaultPlanError(`fault '${item}': '${text}' is not a duration (e.g. 250ms, 5s, 2m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
  return Math.round(n * factor);
}

export function parseTrigger(text: string | undefined, item: string): FaultTrigger {
  if (text === undefined || text === '' || text === 'always') return {};
  let m = /^x?(\d+)$/.exec(text);
  if (m) return { times: Number(m[1]) };
  m = /^p(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(text);
  if (m) return { probability: Number(m[1]) };
  m = /^1\/(\d+)$/.exec(text);
  if (m && Number(m[1]) >= 1) return { every: Number(m[1]) };
  throw new FaultPlanError(`fault '${item}': '${text}' is not a trigger (always, xN, pF, 1/N)`);
}

function withScope<T extends FaultTrigger>(t: T, scope: string | undefined): T {
  return scope === undefined ? t : { ...t, scope };
}

/** Parses a `--faults` string. Throws FaultPlanError on the first bad item. */
export function parseFaultPlan(text: string): FaultPlan {
  const plan: FaultPlan = {};
  const now: NonNullable<FaultPlan['now']> = {};
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const at = item.indexOf('@');
    const head = at >= 0 ? item.slice(0, at) : item;
    const scope = at >= 0 ? item.slice(at + 1).trim() : undefined;
    if (scope === '') throw new FaultPlanError(`fault '${item}': empty scope after '@'`);
    const eq = head.indexOf('=');
    const name = (eq >= 0 ? head.slice(0, eq) : head).trim();
    const value = eq >= 0 ? head.slice(eq + 1).trim() : undefined;
    switch (name) {
      case 'drop-ws':
        if (value === undefined || value === 'now') now.dropSockets = true;
        else plan.wsDropEveryMs = parseDuration(value.replace(/^every:/, ''), item);
        break;
      case 'no-pong':
        plan.ignorePings = true;
        break;
      case 'no-ping':
        plan.noServerPings = true;
        break;
      case 'hold':
        plan.hold = withScope(parseTrigger(value, item), scope);
        break;
      case 'hold-after':
        plan.holdAfter = withScope(parseTrigger(value, item), scope);
        break;
      case 'release-held':
        now.releaseHeld = true;
        break;
      case 'delay':
      case 'delay-after': {
        if (value === undefined)
          throw new FaultPlanError(`fault '${item}': needs a duration, e.g. ${name}=200ms`);
        const [dur, trig] = value.split(':');
        const fault = withScope({ ms: parseDuration(dur ?? '', item), ...parseTrigger(trig, item) }, scope);
        if (name === 'delay') plan.delay = fault;
        else plan.delayAfter = fault;
        break;
      }
      case 'drop-response':
        plan.dropResponse = withScope(parseTrigger(value, item), scope);
        break;
      case '5xx-before':
        plan.error5xxBefore = withScope(parseTrigger(value, item), scope);
        break;
      case '5xx-after':
        plan.error5xxAfter = withScope(parseTrigger(value, item), scope);
        break;
      case 'unavailable-after':
        plan.unavailableAfter = withScope(parseTrigger(value, item), scope);
        break;
      case 'unknown-status':
        plan.unknownStatus = withScope(parseTrigger(value, item), scope);
        break;
      case 'html-502':
        plan.html502 = withScope(parseTrigger(value, item), scope);
        break;
      case 'refuse-text':
        plan.refuseText = withScope(parseTrigger(value, item), scope);
        break;
      case '429':
        plan.rateLimitStorm = withScope(parseTrigger(value, item), scope);
        break;
      case 'batch-cancel-max':
        if (value === undefined || !/^\d+$/.test(value))
          throw new FaultPlanError(`fault '${item}': needs a count of orders, e.g. batch-cancel-max=1`);
        plan.batchCancelMax = Number(value);
        break;
      case 'ban':
        if (value === undefined) throw new FaultPlanError(`fault '${item}': needs a duration, e.g. ban=2m`);
        now.banMs = parseDuration(value, item);
        break;
      case 'skew':
        if (value === undefined)
          throw new FaultPlanError(`fault '${item}': needs a duration, e.g. skew=-1500ms`);
        plan.clockOffsetMs = parseDuration(value, item);
        break;
      case 'jump':
        if (value === undefined) throw new FaultPlanError(`fault '${item}': needs a duration, e.g. jump=+5s`);
        now.jumpClockMs = parseDuration(value, item);
        break;
      case 'expire-listen-key':
        if (value === undefined || value === 'now') now.expireListenKeys = true;
        else plan.listenKeyExpireEveryMs = parseDuration(value.replace(/^every:/, ''), item);
        break;
      case 'ws-malformed':
        plan.wsMalformed = withScope(parseTrigger(value, item), scope);
        break;
      case 'ws-oversized': {
        const [trig, bytes] = (value ?? '').split(':');
        const t = withScope(parseTrigger(trig, item), scope);
        if (bytes !== undefined) {
          if (!/^\d+$/.test(bytes))
            throw new FaultPlanError(`fault '${item}': '${bytes}' is not a byte count`);
          plan.wsOversized = { ...t, bytes: Number(bytes) };
        } else plan.wsOversized = t;
        break;
      }
      default:
        throw new FaultPlanError(
          `unknown fault '${name}' (known: drop-ws, no-pong, no-ping, hold, hold-after, release-held, delay, delay-after, drop-response, 5xx-before, ` +
            '5xx-after, unavailable-after, unknown-status, html-502, refuse-text, 429, batch-cancel-max, ban, skew, jump, expire-listen-key, ws-malformed, ws-oversized)',
        );
    }
  }
  if (Object.keys(now).length > 0) plan.now = now;
  return plan;
}
