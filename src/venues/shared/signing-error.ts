/**
 * A signer refused its input: a malformed key, a value that cannot be encoded exactly, a
 * float where a decimal string belongs. Named so callers can tell a bad request from a bad
 * connection; the message never contains key material.
 */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  readonly venue: string;

  constructor(venue: string, message: string) {
    super(`${venue}: ${message}`);
    this.venue = venue;
  }
}
