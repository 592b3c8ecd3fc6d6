/**
 * A custody failure the user can act on: the message says what and how to fix it, never holds a
 * secret, and is shown without a stack trace. Anything else that escapes is a bug.
 */
export class CustodyError extends Error {
  override readonly name: string = 'CustodyError';
}

/**
 * The venue could not be asked what a key may do (unreachable, refused the key, no such endpoint
 * in this environment). Thrown by the venue call custody is handed; the message is one line.
 */
export class VenueQueryError extends Error {
  override readonly name = 'VenueQueryError';
}

/** A command line that cannot be understood: exit code 2, with usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `'a b'` for a shell, so a printed fix (`chmod 600 PATH`) can be pasted as is. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_/.:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
