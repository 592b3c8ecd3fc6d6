/**
 * How the order manager reads a failed placement and how long it pursues an ambiguous one
 * (invariant 4). A definite refusal rejects the order; anything that might have executed must be
 * resolved by query before the same client order id may be sent again.
 */
import type { BackoffOptions } from '../core/backoff.js';
import { errorMessage } from '../core/error-message.js';
import type { ErrorMeaning, FailureClass } from '../venues/venue.js';
import { isRequestFailure } from './http.js';
import { VenueRequestError } from './rest.js';

export interface ResolveOptions {
  /** Most status queries per ambiguous send. */
  maxQueries: number;
  /** Most sends per intent (the first included). */
  maxSends: number;
  /** "Never seen" is trusted only this long after the last send (recvWindow + margin). */
  settleMs: number;
  backoff: BackoffOptions;
}

export const DEFAULT_RESOLVE: ResolveOptions = {
  maxQueries: 12,
  maxSends: 3,
  settleMs: 6_000,
  backoff: { firstMs: 50, baseMs: 250, capMs: 3_000 },
};

/** What a failed request says may be done next; undefined for anything that is not a request failure. */
export function failureOf(err: unknown): FailureClass | undefined {
  return isRequestFailure(err) ? err.failure : undefined;
}

/** What the venue's own error meant, when the venue answered with one. */
export function meaningOf(err: unknown): ErrorMeaning | undefined {
  return err instanceof VenueRequestError ? err.meaning : undefined;
}

/**
 * What a failed send means for the order: `rejected` (done), `unknown` (resolve by query), or
 * `keep` its state with the reason noted (the venue did not process it; resolve by query), or
 * nothing to move at all (a duplicate client id: the original is out there; resolve by query).
 */
export type SendFailure =
  | { move: 'rejected'; reason: string }
  | { move: 'unknown' | 'keep'; reason: string }
  | { move: 'none' };

export function readSendFailure(err: unknown): SendFailure {
  const failure = failureOf(err);
  if (meaningOf(err) === 'duplicate_client_id') return { move: 'none' };
  if (failure === 'rejected' || failure === 'auth' || failure === 'clock') return { move: 'rejected', reason: errorMessage(err) };
  // Not processed by the venue; stays pending_new until the query confirms.
  if (failure === 'safe' || failure === 'backoff') return { move: 'keep', reason: errorMessage(err) };
  // Not a request failure at all (a bug, a signing error before the send): nothing left.
  if (failure === undefined && !(err instanceof Error && err.name === 'VenueParseError'))
    return { move: 'rejected', reason: errorMessage(err) };
  return { move: 'unknown', reason: errorMessage(err) };
}
