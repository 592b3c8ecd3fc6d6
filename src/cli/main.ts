/**
 * `quantdeck [flags]`: the cockpit. Flags are checked first (a bad one: the usage, exit 2), then
 * the log file is opened in the XDG state dir (the terminal belongs to the cockpit), the crash
 * handler installed, and the session run. A session that cannot start ends with one line on
 * stderr and exit 1, never a stack trace; the details go to the log file.
 */
import { neutralise } from '../core/untrusted.js';
import { CustodyError } from '../custody/errors.js';
import { installCrashHandler } from '../log/crash-handler.js';
import { initLogging } from '../log/logger.js';
import { safeMessage } from '../log/secret-registry.js';
import { CommandLineError, usageErrorText } from '../core/command-line.js';
import type { QuitPlan } from '../store/actions.js';
import { COCKPIT, parseCockpitFlags, USAGE } from './flags.js';
import { watchTerminal } from './terminal-loss.js';

/** How long a lost terminal's session may take to close (the dead-man, the sockets) before exit. */
const LOSS_EXIT_MS = 2_500;

export interface MainIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

// Errors whose message is written for the user; anything else is a bug and says where to look.
const EXPECTED = new Set([
  'StartupError',
  'CustodyError',
  'UsageError',
  'LocalVenueError',
  'KeyRefusedError',
  'UnknownVenueError',
  'UnknownEnvironmentError',
  'CockpitTerminalError',
  // The first request of a start is the clock sync: its message names the venue's host and the reason.
  'ClockSyncError',
]);

export function oneLine(err: unknown, logFile?: string): string {
  const name = err instanceof Error ? err.name : '';
  // One line on a terminal: line breaks folded, and then no control character of any kind (a
  // `\r ESC[2K` in a venue's message would erase what came before it).
  const text = neutralise(
    safeMessage(err)
      .replace(/\s*\n\s*/g, ' ')
      .trim(),
  );
  if (EXPECTED.has(name) || err instanceof CustodyError) return text;
  return `${name === '' || name === 'Error' ? '' : `${name}: `}${text}${logFile === undefined ? '' : ` (details in ${logFile})`}`;
}

export async function main(
  argv: string[],
  io: MainIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let flags: ReturnType<typeof parseCockpitFlags>;
  try {
    flags = parseCockpitFlags(argv);
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    io.stderr.write(usageErrorText(COCKPIT, err.message));
    return 2;
  }
  if (flags.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let log: ReturnType<typeof initLogging>;
  try {
    log = initLogging({ env: io.env, ...(flags.logLevel === undefined ? {} : { level: flags.logLevel }) });
  } catch (err) {
    io.stderr.write(`quantdeck: cannot open the log file: ${oneLine(err)}\n`);
    return 1;
  }
  let stopCockpit: ((plan?: QuitPlan) => void) | undefined;
  const uninstall = installCrashHandler({
    logger: log.logger,
    flush: () => log.flush(),
    logFile: log.file,
    onCrash: () => stopCockpit?.(),
    stderr: io.stderr,
  });
  // A signal ends the session the clean way (dead-man disarmed, venue closed) once the cockpit
  // is up; before that there is nothing to clean and the default exit code stands.
  const onSignal = (signal: NodeJS.Signals) => {
    log.logger.info({ signal }, 'signal');
    if (stopCockpit !== undefined) stopCockpit();
    else process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  // The terminal gone (SSH drop, SIGHUP): the session ends as a quit with the configured plan for
  // the dead-man (left armed by default: the venue cancels the open orders when it expires), and
  // the process exits 0 within a few seconds whatever hangs.
  const terminal = watchTerminal((reason) => {
    log.logger.warn({ reason, deadman: flags.onTerminalLoss }, 'terminal lost');
    const deadline = setTimeout(() => {
      log.logger.error({ ms: LOSS_EXIT_MS }, 'terminal lost: the session did not close in time; exiting');
      log.close();
      process.exit(0);
    }, LOSS_EXIT_MS);
    deadline.unref();
    if (stopCockpit !== undefined) {
      stopCockpit({ deadman: flags.onTerminalLoss });
    } else {
      // Still starting: nothing is armed yet (the dead-man arms once the cockpit runs).
      log.logger.info('terminal lost before the cockpit was drawn; nothing was armed');
      log.close();
      process.exit(0);
    }
  });

  try {
    // Several accounts (--accounts, --group, --demo-desk) are a desk: one engine each (desk.ts).
    const isDesk = flags.demoDesk || flags.accounts !== undefined || flags.group !== undefined;
    const run = isDesk ? (await import('./desk.js')).runDesk : (await import('./session.js')).runSession;
    const code = await run(flags, {
      env: io.env,
      logger: log.logger,
      onCockpit: (stop) => {
        stopCockpit = stop;
      },
    });
    log.logger.info({ code, ...(terminal.lost === undefined ? {} : { terminalLost: terminal.lost }) }, 'session ended');
    // A lost terminal ends the session in order: that is a clean exit, whatever the session said.
    return terminal.lost === undefined ? code : 0;
  } catch (err) {
    log.logger.error({ err }, 'session failed');
    io.stderr.write(`quantdeck: ${oneLine(err, log.file)}\n`);
    return terminal.lost === undefined ? 1 : 0;
  } finally {
    terminal.close();
    for (const s of signals) process.off(s, onSignal);
    uninstall();
    log.close();
  }
}
