import type { Logger } from 'pino';
import { neutraliseLines } from '../core/untrusted.js';
import { redactError, scrub } from './secret-registry.js';

export interface CrashHandlerOptions {
  logger?: Logger;
  /** Flushes the log before exit (FileLogger.flush). */
  flush?: () => void;
  /** Named in the one-line message so the user knows where the details went. */
  logFile?: string;
  /** Restores the terminal (unmounts the cockpit) before anything is written. */
  onCrash?: () => void;
  stderr?: { write(text: string): unknown };
  exit?: (code: number) => void;
  /** The log, opened only when a crash happens (a subcommand that logs nothing otherwise). */
  openLog?: () => { logger: Logger; flush(): void; file: string };
}

/**
 * Replaces Node's default crash output (which prints the error with every own property — a
 * request's headers, a signed URL) with a scrubbed one-line message on stderr and the redacted
 * error, stack included, in the log file. Returns a function that uninstalls it.
 */
export function installCrashHandler(options: CrashHandlerOptions = {}): () => void {
  const stderr = options.stderr ?? process.stderr;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let handling = false;

  const handle = (error: unknown, origin: string): void => {
    if (handling) return;
    handling = true;
    try {
      options.onCrash?.();
    } catch {
      // The terminal may stay in raw mode; the message below still goes out.
    }
    const safe = redactError(error);
    let logFile = options.logFile;
    try {
      const log = options.openLog?.();
      logFile ??= log?.file;
      (options.logger ?? log?.logger)?.fatal({ err: safe, origin }, 'crash');
      options.flush?.();
      log?.flush();
    } catch {
      // A broken log file must not stop the message to the user.
    }
    const { name, message } = safe;
    const where = logFile === undefined ? '' : `\ndetails in ${logFile}`;
    try {
      // The message may quote a venue or a file: on the terminal its controls are shown, not obeyed.
      stderr.write(`${neutraliseLines(scrub(`quantdeck crashed (${origin}): ${name}: ${message}${where}`))}\n`);
    } finally {
      exit(1);
    }
  };
  const onException = (error: unknown, origin: string) => handle(error, origin);
  const onRejection = (reason: unknown) => handle(reason, 'unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
