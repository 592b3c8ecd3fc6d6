/**
 * Retry policy: every failed request gets one failure class, and the class alone decides what
 * happens next. The per-venue tables (error code → VenueErrorClass) live in the venue adapters;
 * this file only knows venue-neutral facts: did the request leave, what HTTP status came back,
 * what the adapter says the venue's error means, and whether the request changes state.
 *
 * The class that matters most is 'ambiguous': a request that may have executed (timeout after
 * sending, connection reset mid-reply, 5xx without a definite "not executed", Binance -1007).
 * It is never blind-retried — a second send could place a second order. It is resolved by
 * querying the client order id (ARCHITECTURE invariant 4).
 */
import type { Backoff } from './backoff.js';

export type FailureClass =
  /** Nothing reached the venue (DNS, connect refused, TLS, never written): retry, fast first. */
  | 'safe'
  /** The venue refused for load (429, 5xx before matching, maintenance): retry after a wait. */
  | 'backoff'
  /** Timestamp outside the venue's window: resync the clock, then retry once. */
  | 'clock'
  /** Key, signature, permission or IP: fatal, a person must act. */
  | 'auth'
  /** A definite no (bad parameter, insufficient margin, unknown order): fatal for this request. */
  | 'rejected'
  /** May have executed: resolve by query, never blind-retry. */
  | 'ambiguous';

/** How a request failed below HTTP. */
export type TransportErrorKind =
  /** The request never left: DNS, connect refused or timed out, TLS handshake, socket closed before write. */
  | 'not_sent'
  /** Sent (or possibly sent) and no complete reply: read timeout, reset, closed mid-reply. */
  | 'no_reply';

/** What a venue adapter says the venue's error code or message means. */
export type VenueErrorClass =
  | 'timestamp'
  | 'auth'
  | 'rate_limited'
  | 'banned'
  /** Venue says the outcome is unknown (Binance -1007, 503 "unknown error"). */
  | 'unknown_status'
  /** Venue says it did not process it: overloaded, maintenance, try again. */
  | 'unavailable'
  /** The client order id is already in use: the order exists, find it. */
  | 'duplicate_id'
  | 'rejected'
  /** A reply that could not be parsed (HTML error page, truncated JSON). */
  | 'malformed';

export interface FailedOutcome {
  transport?: TransportErrorKind;
  /** HTTP status, or the WS API's status field, when a reply came. */
  status?: number;
  venueClass?: VenueErrorClass;
  /** True for requests that change nothing (queries, reads): an unknown result is then harmless. */
  idempotent: boolean;
  /** From Retry-After or the venue's message, ms. */
  retryAfterMs?: number;
  /** The venue's message or the transport error text, for the reason. */
  detail?: string;
}

export interface Verdict {
  class: FailureClass;
  reason: string;
  retryAfterMs?: number;
}

/** Puts a failed request in its class. Pure; the adapter supplied everything venue-specific. */
export function classify(outcome: FailedOutcome): Verdict {
  const { transport, status, venueClass, idempotent, retryAfterMs } = outcome;
  const detail = outcome.detail ? `: ${outcome.detail}` : '';
  const unknown = (what: string): Verdict =>
    idempotent
      ? { class: 'backoff', reason: `${what} on a read${detail}` }
      : { class: 'ambiguous', reason: `${what}: the request may have executed${detail}` };
  const wait = (what: string): Verdict =>
    retryAfterMs === undefined
      ? { class: 'backoff', reason: `${what}${detail}` }
      : { class: 'backoff', reason: `${what}${detail}`, retryAfterMs };

  if (transport === 'not_sent') return { class: 'safe', reason: `request never reached the venue${detail}` };
  if (transport === 'no_reply') return unknown('no reply');

  switch (venueClass) {
    case 'timestamp':
      return { class: 'clock', reason: `timestamp outside the venue's window${detail}` };
    case 'auth':
      return { class: 'auth', reason: `authentication refused${detail}` };
    case 'rate_limited':
      return wait('rate limited');
    case 'banned':
      return wait('banned by the venue');
    case 'unknown_status':
      return unknown('venue reports unknown execution status');
    case 'unavailable':
      return wait('venue unavailable, not processed');
    case 'duplicate_id':
      return { class: 'ambiguous', reason: `client order id already in use: the order exists${detail}` };
    case 'rejected':
      return { class: 'rejected', reason: `rejected by the venue${detail}` };
    case 'malformed':
      return unknown('unreadable reply');
    case undefined:
      break;
  }

  if (status === undefined) return unknown('failure with neither status nor transport error');
  if (status === 429) return wait('rate limited (429)');
  if (status === 418) return wait('banned (418)');
  if (status === 401) return { class: 'auth', reason: `unauthorized (401)${detail}` };
  if (status === 408) return unknown('venue timed out (408)');
  if (status >= 500) return unknown(`server error (${status})`);
  if (status >= 400) return { class: 'rejected', reason: `client error (${status})${detail}` };
  return unknown(`unexpected status ${status}`);
}

export type NextStep =
  | { action: 'retry'; delayMs: number }
  | { action: 'resync_clock_then_retry' }
  | { action: 'resolve_by_query' }
  | { action: 'fail'; reason: string };

export interface RetryLimits {
  /** Most retries for 'safe' and 'backoff' failures (default 3). */
  maxRetries?: number;
}

/**
 * What to do after failure number `attempt` (1 = the first failure) of one request. `backoff`
 * supplies the jittered delay; a venue's Retry-After wins when it is longer. `clockRetried` is
 * whether this request has already been resent after a clock resync.
 */
export function nextStep(
  verdict: Verdict,
  attempt: number,
  backoff: Backoff,
  now: number,
  clockRetried: boolean,
  limits: RetryLimits = {},
): NextStep {
  const maxRetries = limits.maxRetries ?? 3;
  switch (verdict.class) {
    case 'safe':
    case 'backoff': {
      if (attempt > maxRetries)
        return { action: 'fail', reason: `${verdict.reason} (gave up after ${maxRetries} retries)` };
      const delay = backoff.nextDelay(now);
      return { action: 'retry', delayMs: Math.max(delay, verdict.retryAfterMs ?? 0) };
    }
    case 'clock':
      return clockRetried
        ? { action: 'fail', reason: `${verdict.reason} (again after a clock resync)` }
        : { action: 'resync_clock_then_retry' };
    case 'ambiguous':
      return { action: 'resolve_by_query' };
    case 'auth':
    case 'rejected':
      return { action: 'fail', reason: verdict.reason };
  }
}
