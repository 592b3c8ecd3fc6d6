/**
 * How the order manager reads a failed placement and how long it pursues an ambiguous one
 * (invariant 4). A definite refusal rejects the order; anything that might have executed must be
 * resolved by query before the same client order id may be sent again.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { FailureClass } from '../venues/venue.js';

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

export function failureOf(err: unknown): FailureClass | undefined {
  const f = typeof err === 'object' && err !== null ? (err as { failure?: unknown }).failure : undefined;
  return typeof f === 'string' ? (f as FailureClass) : undefined;
}

export function meaningOf(err: unknown): string | undefined {
  const m = typeof err === 'object' && err !== null ? (err as { meaning?: unknown }).meaning : undefined;
  return typeof m === 'string' ? m : undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
  if (failure === 'rejected' || failure === 'auth' || failure === 'clock') return { move: 'rejected', reason: messageOf(err) };
  // Not processed by the venue; stays pending_new until the query confirms.
  if (failure === 'safe' || failure === 'backoff') return { move: 'keep', reason: messageOf(err) };
  // Not a request failure at all (a bug, a signing error before the send): nothing left.
  if (failure === undefined && !(err instanceof Error && err.name === 'VenueParseError'))
    return { move: 'rejected', reason: messageOf(err) };
  return { move: 'unknown', reason: messageOf(err) };
}
