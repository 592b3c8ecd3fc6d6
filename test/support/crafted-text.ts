/**
 * What a hostile venue (or file) answers to take over a terminal, and the check that none of it
 * reached one. Written apart from src/core/untrusted.ts on purpose: the check does not reuse the
 * neutraliser it judges.
 */

/** Window title, clipboard write, screen clear, a green fake "key OK", and a line erase. */
export const CRAFTED =
  '\u001b]0;pwned-title\u0007\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u001b[32mkey OK\u001b[0m\r\u001b[2Kerased \u009b31m c1 \u202eevil\u202c';

/** The program's own escape codes (ink's colours) are fine; these, from the venue, are not. */
export function injected(output: string): string[] {
  const found: string[] = [];
  if (output.includes('\u001b]')) found.push('OSC (ESC ])');
  if (output.includes('\u0007')) found.push('BEL');
  if (output.includes('\u001b[2J')) found.push('ESC[2J');
  if (output.includes('\u001b[2K')) found.push('ESC[2K');
  if (output.includes('\r')) found.push('CR');
  if (output.includes('\u009b')) found.push('C1 CSI');
  if (/[\u202a-\u202e\u2066-\u2069]/.test(output)) found.push('bidi override');
  if (output.includes('\u001b[32mkey OK')) found.push('venue colour');
  return found;
}

/** The visible forms a neutralised CRAFTED leaves (the text stays readable, inert). */
export const VISIBLE = ['\\x1b]0;pwned-title\\x07', '\\x1b]52;c;ZXZpbA==\\x07', '\\x0d\\x1b[2K', '\\x9b31m', '\\u{202E}evil'];
