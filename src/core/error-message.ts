/** The message of anything thrown: an Error's message, else its text. One line for a log or a pane. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
