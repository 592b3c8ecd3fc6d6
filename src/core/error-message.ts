/** The message of anything thrown: an Error's message, else its text. One line for a log or a pane. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `Name: message` of an Error (else its text): for a diagnostic where the kind of failure matters. */
export function namedErrorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
