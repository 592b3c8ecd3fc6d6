/**
 * Errors every adapter throws before anything reaches the wire: the intent cannot be expressed
 * on the venue, or the venue has no such environment. Named so the cockpit can tell a refused
 * request from a failed connection.
 */

/** An order intent the venue cannot express (limit without price, post-only market…). */
export class InvalidIntentError extends Error {
  override readonly name = 'InvalidIntentError';
}

/** A request for an environment the venue does not offer, or a sim without its URLs. */
export class UnknownEnvironmentError extends Error {
  override readonly name = 'UnknownEnvironmentError';
  constructor(venue: string, env: string, why: string) {
    super(`${venue}: no ${env} environment (${why})`);
  }
}
