// How the order manager reads a failed placement (invariant 4): a definite no rejects the order,
// anything that might have executed must be resolved by query. Held to the errors the engine
// really throws — HttpTransportError, NonJsonReplyError, VenueRequestError, VenueParseError.
import { describe, expect, it } from 'vitest';
import type { FailureClass } from '../../src/core/retry.js';
import { HttpTransportError, isRequestFailure, NonJsonReplyError } from '../../src/engine/http.js';
import { BudgetRefusedError, LaneClosedError } from '../../src/engine/lanes.js';
import { failureOf, meaningOf, readSendFailure } from '../../src/engine/order-resolve.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import { type ErrorMeaning, VenueParseError } from '../../src/venues/venue.js';

function venueError(failure: FailureClass, meaning: ErrorMeaning = 'other'): VenueRequestError {
  return new VenueRequestError('POST /fapi/v1/order', {
    status: 400,
    code: '-2010',
    message: `refused (${failure})`,
    meaning,
    failure,
  });
}

describe('readSendFailure', () => {
  it('a definite no from the venue — rejected, auth or clock — rejects the order with its message', () => {
    for (const failure of ['rejected', 'auth', 'clock'] as const) {
      const err = venueError(failure);
      expect(readSendFailure(err)).toEqual({ move: 'rejected', reason: err.message });
    }
  });

  it('a send the venue did not process (nothing sent, or refused for load) keeps the order pending, reason noted', () => {
    const notSent = new HttpTransportError('POST /fapi/v1/order', 'connect', 'ECONNREFUSED', '127.0.0.1:1');
    expect(notSent.failure).toBe('safe');
    expect(readSendFailure(notSent)).toEqual({ move: 'keep', reason: notSent.message });
    const load = new NonJsonReplyError('POST /fapi/v1/order', 429, {}, '<html>slow down</html>', 1, 2);
    expect(load.failure).toBe('backoff');
    expect(readSendFailure(load)).toEqual({ move: 'keep', reason: load.message });
    expect(readSendFailure(venueError('backoff', 'rate_limited'))).toMatchObject({ move: 'keep' });
  });

  it('a send that may have executed (no reply, a gateway page) is unknown: resolve by query', () => {
    const noReply = new HttpTransportError('POST /fapi/v1/order', 'response', 'read timeout');
    expect(readSendFailure(noReply)).toEqual({ move: 'unknown', reason: noReply.message });
    const gateway = new NonJsonReplyError('POST /fapi/v1/order', 502, {}, '<html>bad gateway</html>', 1, 2);
    expect(readSendFailure(gateway)).toEqual({ move: 'unknown', reason: gateway.message });
  });

  it('a 2xx reply the parser cannot read is unknown, not rejected: the order may well be live', () => {
    const err = new VenueParseError('placeOrder', '{"orderId":');
    expect(readSendFailure(err)).toEqual({ move: 'unknown', reason: err.message });
  });

  it('a duplicate client id moves nothing, whatever class the venue gave it: the original is out there', () => {
    for (const failure of ['rejected', 'auth', 'safe', 'ambiguous'] as const) {
      expect(readSendFailure(venueError(failure, 'duplicate_client_id'))).toEqual({ move: 'none' });
    }
  });

  it('a failure that is not a request failure (a bug, a signing error before the send) rejects: nothing was sent', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(readSendFailure(bug)).toEqual({ move: 'rejected', reason: 'cannot read properties of undefined' });
    expect(readSendFailure('signer gone')).toEqual({ move: 'rejected', reason: 'signer gone' });
    // An error named like a parse error but not an Error is still no request failure.
    expect(readSendFailure({ name: 'VenueParseError', message: 'x' })).toMatchObject({ move: 'rejected' });
  });

  it('an error whose failure class is not one of the definite or not-processed ones is unknown', () => {
    const odd = Object.assign(new Error('venue said something new'), { failure: 'ambiguous' });
    expect(readSendFailure(odd)).toEqual({ move: 'unknown', reason: 'venue said something new' });
  });
});

describe('failureOf, meaningOf: read through type guards, never off unknown', () => {
  it('read the class of a request failure and the meaning of a venue error only', () => {
    expect(failureOf(venueError('auth', 'signature'))).toBe('auth');
    expect(meaningOf(venueError('auth', 'signature'))).toBe('signature');
    for (const odd of [null, undefined, 'rejected', 42, { failure: 3, meaning: ['x'] }, {}]) {
      expect(failureOf(odd)).toBeUndefined();
      expect(meaningOf(odd)).toBeUndefined();
    }
    // Shaped like a failure but not one: a plain object, an Error with an unknown class.
    expect(failureOf({ request: 'GET /x', failure: 'auth', meaning: 'signature' })).toBeUndefined();
    expect(meaningOf({ request: 'GET /x', failure: 'auth', meaning: 'signature' })).toBeUndefined();
    expect(failureOf(Object.assign(new Error('x'), { request: 'GET /x', failure: 'maybe' }))).toBeUndefined();
  });

  it('every request failure the engine throws passes the guard with its class', () => {
    expect(isRequestFailure(new BudgetRefusedError('POST /order', 'too heavy'))).toBe(true);
    expect(failureOf(new BudgetRefusedError('POST /order', 'too heavy'))).toBe('rejected');
    expect(failureOf(new LaneClosedError('POST /order'))).toBe('safe');
    expect(failureOf(new HttpTransportError('POST /order', 'connect', 'ECONNREFUSED'))).toBe('safe');
    expect(failureOf(new HttpTransportError('POST /order', 'response', 'reset'))).toBe('ambiguous');
    expect(failureOf(new NonJsonReplyError('POST /order', 502, {}, '<html>', 0, 0))).toBe('ambiguous');
    expect(isRequestFailure(new RangeError('out of range'))).toBe(false);
  });
});
