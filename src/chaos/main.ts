/**
 * `quantdeck chaos` (`npm run chaos -- ...`): the engine against the local venue under a seeded
 * fault plan, then the report — a table, or one JSON object with --json. Exit code 0 when every
 * must-be-zero count is zero, 1 when one is not (or the run itself failed), 2 on bad flags.
 * With --rss it is the soak: RSS sampled each minute, the series and its slope after warm-up.
 */
import { errorMessage } from '../core/error-message.js';
import { readFileSync } from 'node:fs';
import { safeMessage } from '../log/index.js';
import { KeysFileError, parseKeysFile } from '../sim/accounts.js';
import type { SimAccountSpec } from '../sim/index.js';
import { formatHelp } from '../core/command-line.js';
import { CHAOS_COMMAND, ChaosUsageError, parseChaosArgs, USAGE } from './args.js';
import { ChaosVenueError } from './profiles.js';
import { failures, renderText } from './report.js';
import { runChaos } from './run.js';

function readKeys(file: string): SimAccountSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ChaosUsageError(`--keys: cannot read ${file}: ${errorMessage(err)}`);
  }
  return parseKeysFile(text);
}

export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseChaosArgs>;
  let accounts: SimAccountSpec[] | undefined;
  try {
    args = parseChaosArgs(argv);
    if (args.help) {
      process.stdout.write(formatHelp(CHAOS_COMMAND));
      return 0;
    }
    if (args.keysFile !== undefined) accounts = readKeys(args.keysFile);
  } catch (err) {
    if (err instanceof ChaosUsageError || err instanceof KeysFileError) {
      console.error(`chaos: ${err.message}\n${USAGE}   (quantdeck chaos --help lists the options)`);
      return 2;
    }
    throw err;
  }
  try {
    const report = await runChaos({
      venue: args.venue,
      seed: args.seed,
      rate: args.rate,
      fast: args.fast,
      rss: args.rss,
      ...(args.orders === undefined ? {} : { orders: args.orders }),
      ...(args.minutes === undefined ? {} : { minutes: args.minutes }),
      ...(accounts === undefined ? {} : { accounts }),
      ...(args.logFile === undefined ? {} : { logFile: args.logFile }),
      ...(args.crashEvery === undefined ? {} : { crashEvery: args.crashEvery }),
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : renderText(report));
    return failures(report).length === 0 ? 0 : 1;
  } catch (err) {
    const label = err instanceof ChaosVenueError ? 'chaos' : 'chaos run failed';
    console.error(`${label}: ${safeMessage(err)}`);
    return err instanceof ChaosVenueError ? 2 : 1;
  }
}
