// The fault plan: what the sim does wrong on purpose. A plan is plain data (JSON-safe) so that it can
// come from `--faults`, the loopback control endpoint, a worker message or a test, unchanged.

/**
 * Which requests a fault applies to and how often. With none of `times`, `probability`, `every` set the
 * fault fires on every matching request.
 */
export interface FaultTrigger {
  /** Fire on the next N matching requests, then stop. */
  times?: number;
  /** Fire with this probability (0..1), drawn from the sim's seeded PRNG. */
  probability?: number;
  /** Fire on every Nth matching request (1 = all). */
  every?: number;
  /**
   * Which requests: `order` (new orders), `cancel`, `query` (order status), `trade` (order+cancel),
   * `any`, or a path (`/fapi/v1/order`) optionally with a method (`POST /fapi/v1/order`).
   * For WebSocket faults: `user`, `market` or `any`. Each fault has its own default.
   */
  scope?: string;
}

export interface DelayFault extends FaultTrigger {
  ms: number;
}

/** The venue's own refusal of the request, its message chosen by the plan (default: HOSTILE_TEXT). */
export interface RefuseTextFault extends FaultTrigger {
  text?: string;
}

/**
 * What a hostile venue writes into an error message to take over the trader's terminal: window title
 * (OSC 0), clipboard write (OSC 52), a line erase after a carriage return, a C1 CSI colour, a bidi
 * override. The cockpit must show all of it as visible, inert text.
 */
export const HOSTILE_TEXT =
  'refused \u001b]0;pwned-title\u0007\u001b]52;c;ZXZpbA==\u0007\r\u001b[2Kerased \u009b31m c1 \u202eevil\u202c';

export interface OversizeFault extends FaultTrigger {
  /** Size of the oversized frame in bytes (default 2 MiB). */
  bytes?: number;
}

/** Things done once, at the moment the plan is applied; they are not kept in the current plan. */
export interface FaultActions {
  dropSockets?: boolean;
  expireListenKeys?: boolean;
  /** Ban the client IP for this long (418 on every request). */
  banMs?: number;
  /** Step the server clock by this many ms. */
  jumpClockMs?: number;
  /** Let every request the `hold` fault is holding go on to be handled, and every reply `holdAfter` holds go out. */
  releaseHeld?: boolean;
  /** Announce a planned close on every socket (OKX 64008), closing them after the notice period. */
  upgradeNotice?: boolean;
}

export interface FaultPlan {
  /** Drop every WebSocket connection every N ms (0/absent = never). */
  wsDropEveryMs?: number;
  /** Stop answering the client's ping frames (no pong). */
  ignorePings?: boolean;
  /** Stop sending server pings (a client watchdog then sees a silent line). */
  noServerPings?: boolean;
  /**
   * Hold the request before handling it until released (`now.releaseHeld`, or a new plan): a
   * request in flight for exactly as long as a test needs (default scope: order).
   */
  hold?: FaultTrigger;
  /**
   * Handle the request (an order is matched, its stream events pushed), then hold the reply until
   * released like `hold`: the venue has acted and the client does not know yet (default scope: order).
   */
  holdAfter?: FaultTrigger;
  /** Hold the request this long before handling it (default scope: any). */
  delay?: DelayFault;
  /** Match the order, then hold the reply this long (default scope: order). */
  delayAfter?: DelayFault;
  /** Accept and match the order, then close the socket without replying (default scope: order). */
  dropResponse?: FaultTrigger;
  /** Answer 503 without handling the request (default scope: order). */
  error5xxBefore?: FaultTrigger;
  /** Handle the request (the order is placed), then answer 503 (default scope: order). */
  error5xxAfter?: FaultTrigger;
  /**
   * Handle the request (the order is placed, its stream events pushed), then answer with the
   * venue's own "not processed" 503 — the words of `error5xxBefore` — as Binance's general API
   * docs warn any 5XX may be ("the execution status is UNKNOWN and could have been a success").
   * Its reply waits for `holdAfter` when that fires too (default scope: order).
   */
  unavailableAfter?: FaultTrigger;
  /** Handle the request, then answer -1007 "execution status unknown" (default scope: order). */
  unknownStatus?: FaultTrigger;
  /** Answer with a gateway's HTML 502 page instead of JSON (default scope: any). */
  html502?: FaultTrigger;
  /**
   * Refuse the request with the venue's own rejection (Binance -2010, OKX 51000, Hyperliquid an
   * `err` status) whose message is `text`: untrusted venue text for the client to show (default scope: order).
   */
  refuseText?: RefuseTextFault;
  /** Answer 429 -1003 with Retry-After; counts toward the ban like a real 429 (default scope: any). */
  rateLimitStorm?: FaultTrigger;
  /**
   * A batch cancel request cancels at most this many of its orders (the first ones); every other
   * item is answered with the venue's own per-item cancel failure and the order stays open: a
   * venue that cancels part of a batch (Hyperliquid dialect).
   */
  batchCancelMax?: number;
  /** The server clock's offset from the real clock, ms (absolute). */
  clockOffsetMs?: number;
  /** Expire every listen key every N ms. */
  listenKeyExpireEveryMs?: number;
  /** Send an unparsable text frame before a pushed message (default scope: any). */
  wsMalformed?: FaultTrigger;
  /** Send an oversized text frame before a pushed message (default scope: any). */
  wsOversized?: OversizeFault;
  /** One-off actions performed when the plan is applied. */
  now?: FaultActions;
}

/** Keys of FaultPlan whose value is a request trigger (used by the runtime and the parser). */
export const requestFaults = [
  'hold',
  'holdAfter',
  'delay',
  'delayAfter',
  'dropResponse',
  'error5xxBefore',
  'error5xxAfter',
  'unavailableAfter',
  'unknownStatus',
  'html502',
  'refuseText',
  'rateLimitStorm',
] as const;
export type RequestFaultName = (typeof requestFaults)[number];

export const wsFaults = ['wsMalformed', 'wsOversized'] as const;
export type WsFaultName = (typeof wsFaults)[number];

/** Default scope per fault when the trigger names none. */
export const defaultScopes: Record<RequestFaultName | WsFaultName, string> = {
  hold: 'order',
  holdAfter: 'order',
  delay: 'any',
  delayAfter: 'order',
  dropResponse: 'order',
  error5xxBefore: 'order',
  error5xxAfter: 'order',
  unavailableAfter: 'order',
  unknownStatus: 'order',
  html502: 'any',
  refuseText: 'order',
  rateLimitStorm: 'any',
  wsMalformed: 'any',
  wsOversized: 'any',
};

/** A plan with only the fields of `patch` replaced (`undefined` values leave a field alone). */
export function mergePlans(base: FaultPlan, patch: FaultPlan): FaultPlan {
  const out: FaultPlan = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined && k !== 'now') (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
