/**
 * Works around an off-by-one in ink 6.8.0's incremental renderer. After a frame that ends with
 * a newline (every frame shorter than the terminal — and the cockpit keeps its root at rows − 1
 * on purpose), the cursor sits on the row BELOW the frame, but the incremental diff moves up
 * only `lines − 1` rows before rewriting, so every update lands one row too low and the screen
 * smears downwards. (The standard renderer and ink's `clear()` count the extra row correctly.)
 *
 * The diff's write always starts with that single cursor-up (ink writes the synchronized-update
 * markers separately); this wrapper adds the missing row to it and passes everything else
 * through untouched. test/views/incremental-fix.test.tsx replays ink's real output through a
 * small terminal model and fails if the picture drifts — including the day ink fixes it itself.
 */

const LEADING_CURSOR_UP = /^\u001B\[(\d*)A/;

/** Adds one row to a write's leading cursor-up (`ESC[nA`); other writes pass unchanged. */
export function correctLeadingCursorUp(chunk: string): string {
  const m = LEADING_CURSOR_UP.exec(chunk);
  if (m === null) return chunk;
  // ESC[A and ESC[0A both mean one row.
  const rows = Math.max(1, Number(m[1] === '' ? '1' : m[1]));
  return `\u001B[${rows + 1}A${chunk.slice(m[0].length)}`;
}

const SYNC_BEGIN = '\u001B[?2026h';
const SYNC_END = '\u001B[?2026l';

/**
 * The same stream (size, TTY-ness, resize events) with ink's incremental writes corrected, and
 * each synchronized frame (ink writes its begin marker, the diff and its end marker as three
 * calls, in one synchronous run) sent as one write: one system call per frame instead of three
 * (docs/desk.md 'Measured'). The bytes are the same, in order.
 */
export function withIncrementalFix<S extends NodeJS.WritableStream>(stream: S): S {
  const write = (...args: unknown[]) => (stream.write as (...a: unknown[]) => boolean).apply(stream, args);
  let held: string | undefined;
  // A frame whose end marker never came (ink threw mid-frame) still goes out, right after.
  const release = () => {
    if (held === undefined) return;
    const chunk = held;
    held = undefined;
    write(chunk);
  };
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          if (typeof chunk !== 'string' || rest.length > 0) {
            release();
            return write(typeof chunk === 'string' ? correctLeadingCursorUp(chunk) : chunk, ...rest);
          }
          if (held === undefined) {
            if (chunk !== SYNC_BEGIN) return write(correctLeadingCursorUp(chunk));
            held = chunk;
            queueMicrotask(release);
            return true;
          }
          held += correctLeadingCursorUp(chunk);
          if (chunk === SYNC_END) {
            const frame = held;
            held = undefined;
            return write(frame);
          }
          return true;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
