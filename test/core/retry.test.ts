import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/core/backoff.js';
import {
  classify,
  type FailedOutcome,
  type FailureClass,
  nextStep,
  type Verdict,
} from '../../src/core/retry.js';

const place = (o: Partial<FailedOutcome>): FailedOutcome => ({ idempotent: false, ...o });
const read = (o: Partial<FailedOutcome>): FailedOutcome => ({ idempotent: true, ...o });

describe('classify', () => {
  const table: Array<[string, FailedOutcome, FailureClass]> = [
    ['connect refused / DNS / never written', place({ transport: 'not_sent' }), 'safe'],
    ['timeout after sending an order', place({ transport: 'no_reply' }), 'ambiguous'],
    ['timeout on a read', read({ transport: 'no_reply' }), 'backoff'],
    ['429', place({ status: 429, retryAfterMs: 3000 }), 'backoff'],
    ['418', place({ status: 418 }), 'backoff'],
    ['venue timestamp error', place({ status: 400, venueClass: 'timestamp' }), 'clock'],
    ['venue auth error (WS status 401)', place({ status: 401, venueClass: 'auth' }), 'auth'],
    ['plain 401', place({ status: 401 }), 'auth'],
    ['venue says rejected', place({ status: 400, venueClass: 'rejected' }), 'rejected'],
    ['other 4xx', place({ status: 404 }), 'rejected'],
    ['WAF 403 without a venue class', place({ status: 403 }), 'rejected'],
    ['5xx on an order', place({ status: 502 }), 'ambiguous'],
    ['5xx on a read', read({ status: 503 }), 'backoff'],
    ['5xx the venue says was not processed', place({ status: 503, venueClass: 'unavailable' }), 'backoff'],
    ['venue unknown status (-1007)', place({ status: 408, venueClass: 'unknown_status' }), 'ambiguous'],
    ['408 on an order', place({ status: 408 }), 'ambiguous'],
    ['duplicate client order id', place({ status: 400, venueClass: 'duplicate_id' }), 'ambiguous'],
    ['rate-limit code in a 200 body', place({ status: 200, venueClass: 'rate_limited' }), 'backoff'],
    ['ban code', place({ status: 200, venueClass: 'banned' }), 'backoff'],
    ['HTML error page on an order', place({ status: 200, venueClass: 'malformed' }), 'ambiguous'],
    ['HTML error page on a read', read({ status: 200, venueClass: 'malformed' }), 'backoff'],
    ['nothing known', place({}), 'ambiguous'],
    ['an odd 3xx on an order', place({ status: 302 }), 'ambiguous'],
  ];
  it.each(table)('%s', (_name, outcome, want) => {
    expect(classify(outcome).class).toBe(want);
  });

  it('carries Retry-After and a reason a person can read', () => {
    expect(classify(place({ status: 429, retryAfterMs: 3000, detail: 'Too many requests' }))).toEqual({
      class: 'backoff',
      reason: 'rate limited (429): Too many requests',
      retryAfterMs: 3000,
    });
    expect(classify(place({ transport: 'no_reply', detail: 'read timeout after 10000 ms' })).reason).toBe(
      'no reply: the request may have executed: read timeout after 10000 ms',
    );
  });
});

describe('nextStep', () => {
  const v = (c: FailureClass, retryAfterMs?: number): Verdict => ({
    class: c,
    reason: `a ${c} failure`,
    retryAfterMs,
  });

  it('retries safe and backoff failures with the jittered delay, Retry-After winning', () => {
    const b = new Backoff(() => 0.5);
    expect(nextStep(v('safe'), 1, b, 0, false)).toEqual({ action: 'retry', delayMs: 50 });
    expect(nextStep(v('backoff'), 2, b, 0, false)).toEqual({ action: 'retry', delayMs: 500 });
    expect(nextStep(v('backoff', 5000), 3, b, 0, false)).toEqual({ action: 'retry', delayMs: 5000 });
    expect(nextStep(v('backoff'), 4, b, 0, false)).toEqual({
      action: 'fail',
      reason: 'a backoff failure (gave up after 3 retries)',
    });
    expect(nextStep(v('safe'), 5, b, 0, false, { maxRetries: 5 }).action).toBe('retry');
  });

  it('clock: resync and retry once, then fail', () => {
    const b = new Backoff(() => 0);
    expect(nextStep(v('clock'), 1, b, 0, false)).toEqual({ action: 'resync_clock_then_retry' });
    expect(nextStep(v('clock'), 2, b, 0, true)).toEqual({
      action: 'fail',
      reason: 'a clock failure (again after a clock resync)',
    });
  });

  it('ambiguous is resolved by query, never retried; auth and rejected are fatal', () => {
    const b = new Backoff(() => 0);
    for (let attempt = 1; attempt < 10; attempt++) {
      expect(nextStep(v('ambiguous'), attempt, b, 0, false)).toEqual({ action: 'resolve_by_query' });
    }
    expect(nextStep(v('auth'), 1, b, 0, false)).toEqual({ action: 'fail', reason: 'a auth failure' });
    expect(nextStep(v('rejected'), 1, b, 0, false)).toEqual({ action: 'fail', reason: 'a rejected failure' });
    expect(b.attempt).toBe(0); // no backoff was spent on them
  });
});

// The reason is what the trader reads on the event line and in the log: each class says why.
describe('classify, reason by reason', () => {
  const d = { detail: 'code -1 msg' };
  const table: Array<[FailedOutcome, Verdict]> = [
    [place({ transport: 'not_sent', ...d }), { class: 'safe', reason: 'request never reached the venue: code -1 msg' }],
    [place({ transport: 'no_reply', ...d }), { class: 'ambiguous', reason: 'no reply: the request may have executed: code -1 msg' }],
    [read({ transport: 'no_reply', ...d }), { class: 'backoff', reason: 'no reply on a read: code -1 msg' }],
    [place({ status: 400, venueClass: 'timestamp', ...d }), { class: 'clock', reason: "timestamp outside the venue's window: code -1 msg" }],
    [place({ status: 401, venueClass: 'auth', ...d }), { class: 'auth', reason: 'authentication refused: code -1 msg' }],
    [place({ status: 200, venueClass: 'rate_limited', ...d }), { class: 'backoff', reason: 'rate limited: code -1 msg' }],
    [place({ status: 200, venueClass: 'rate_limited', retryAfterMs: 1500 }), { class: 'backoff', reason: 'rate limited', retryAfterMs: 1500 }],
    [place({ status: 200, venueClass: 'banned', ...d }), { class: 'backoff', reason: 'banned by the venue: code -1 msg' }],
    [place({ status: 408, venueClass: 'unknown_status', ...d }), { class: 'ambiguous', reason: 'venue reports unknown execution status: the request may have executed: code -1 msg' }],
    [place({ status: 503, venueClass: 'unavailable', ...d }), { class: 'backoff', reason: 'venue unavailable, not processed: code -1 msg' }],
    [place({ status: 400, venueClass: 'duplicate_id', ...d }), { class: 'ambiguous', reason: 'client order id already in use: the order exists: code -1 msg' }],
    [place({ status: 400, venueClass: 'rejected', ...d }), { class: 'rejected', reason: 'rejected by the venue: code -1 msg' }],
    [place({ status: 200, venueClass: 'malformed', ...d }), { class: 'ambiguous', reason: 'unreadable reply: the request may have executed: code -1 msg' }],
    [place({ ...d }), { class: 'ambiguous', reason: 'failure with neither status nor transport error: the request may have executed: code -1 msg' }],
    [place({ status: 429, ...d }), { class: 'backoff', reason: 'rate limited (429): code -1 msg' }],
    [place({ status: 418, retryAfterMs: 60_000 }), { class: 'backoff', reason: 'banned (418)', retryAfterMs: 60_000 }],
    [place({ status: 401, ...d }), { class: 'auth', reason: 'unauthorized (401): code -1 msg' }],
    [place({ status: 408 }), { class: 'ambiguous', reason: 'venue timed out (408): the request may have executed' }],
    [place({ status: 500 }), { class: 'ambiguous', reason: 'server error (500): the request may have executed' }],
    [place({ status: 499, ...d }), { class: 'rejected', reason: 'client error (499): code -1 msg' }],
    [place({ status: 400 }), { class: 'rejected', reason: 'client error (400)' }],
    [place({ status: 399 }), { class: 'ambiguous', reason: 'unexpected status 399: the request may have executed' }],
  ];
  it.each(table)('%j', (outcome, want) => {
    expect(classify(outcome)).toStrictEqual(want);
  });
});
