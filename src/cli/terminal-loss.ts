/**
 * The terminal going away under the cockpit: the SSH link drops, the terminal window closes, tmux's
 * server is killed. The kernel hangs the tty up and sends SIGHUP; from then on a write to it fails
 * with EIO (Node reports it as an 'error' event on process.stdout, fatal with no listener) and a
 * read ends. At exit Node restores the terminal modes it saw at start and asserts that tcsetattr
 * worked, which on a hung-up tty it cannot (EIO): the process then aborts with a core dump.
 *
 * So this watches for all of it (SIGHUP, a stdio stream's write or read error, stdin's end), calls
 * `onLost` once with the first reason, swallows every later write error, and at exit points each
 * standard descriptor that was a terminal and no longer is at /dev/null: Node skips restoring a
 * descriptor that no longer refers to the file it saw at start. A SIGHUP sent while the terminal is
 * still there (`kill -HUP`) ends the session the same way, and the terminal is restored as usual.
 */
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';

export interface TerminalStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface TerminalWatch {
  /** The first reason the terminal was found gone, if it was. */
  readonly lost: string | undefined;
  /** Stops watching; the exit-time descriptor repair stays (it only acts on a hung-up terminal). */
  close(): void;
}

const STDIO = [0, 1, 2] as const;

/** `stdout: write EIO`, `stdin: read EIO`, `stdin: end of input`. */
function describe(name: string, err: unknown): string {
  const e = err as { code?: unknown; syscall?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'error';
  const call = typeof e?.syscall === 'string' ? `${e.syscall} ` : '';
  return `${name}: ${call}${code}`;
}

/**
 * Points every standard descriptor that was a terminal at start and is not one now (hung up) at
 * /dev/null. Closing N and opening takes the lowest free number, which is N while 0..N-1 are open.
 */
export function detachLostTerminal(wasTty: readonly boolean[]): number[] {
  const detached: number[] = [];
  for (const fd of STDIO) {
    if (wasTty[fd] !== true || isatty(fd)) continue;
    try {
      closeSync(fd);
      const opened = openSync('/dev/null', fd === 0 ? 'r' : 'w');
      if (opened !== fd) closeSync(opened);
      else detached.push(fd);
    } catch {
      // Already closed: Node skips a closed descriptor too.
    }
  }
  return detached;
}

export function watchTerminal(
  onLost: (reason: string) => void,
  streams: Partial<TerminalStreams> = {},
): TerminalWatch {
  const stdout = streams.stdout ?? process.stdout;
  const stderr = streams.stderr ?? process.stderr;
  const wasTty = STDIO.map((fd) => isatty(fd));
  let lost: string | undefined;
  let watching = true;
  const lose = (reason: string) => {
    if (lost !== undefined) return;
    lost = reason;
    if (watching) onLost(reason);
  };
  const onHup = () => lose('SIGHUP');
  // Listeners stay after close: a write error after the session ended must not be fatal either.
  const onStdout = (err: unknown) => lose(describe('stdout', err));
  const onStderr = (err: unknown) => lose(describe('stderr', err));
  const onStdin = (err: unknown) => lose(describe('stdin', err));
  const onEnd = () => lose('stdin: end of input');
  const onExit = () => detachLostTerminal(wasTty);
  process.on('SIGHUP', onHup);
  stdout.on('error', onStdout);
  stderr.on('error', onStderr);
  // A hung-up terminal reads as end of input; a pipe's end is not a terminal's loss (and a stdin
  // that is not a terminal is left alone: touching it would make Node open it).
  const stdin = wasTty[0] === true ? (streams.stdin ?? process.stdin) : undefined;
  stdin?.on('error', onStdin);
  stdin?.on('end', onEnd);
  process.on('exit', onExit);
  return {
    get lost() {
      return lost;
    },
    close() {
      watching = false;
      process.off('SIGHUP', onHup);
      stdin?.off('end', onEnd);
    },
  };
}
