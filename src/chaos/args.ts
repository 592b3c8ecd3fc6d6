/**
 * `quantdeck chaos` flags. Bad input is a named error with the usage line; nothing starts.
 */
import { type CommandSpec, CommandLineError, parseCommand, usageLine } from '../core/command-line.js';
import { defaultVenue, venueIds } from '../venues/descriptors.js';

export class ChaosUsageError extends Error {
  override readonly name = 'ChaosUsageError';
}

export const CHAOS_COMMAND: CommandSpec = {
  command: 'quantdeck chaos',
  summary: 'the engine against the local venue under a seeded fault plan, then the report',
  options: [
    { name: 'venue', value: 'VENUE', suggest: venueIds, help: 'any registered venue the sim speaks', default: defaultVenue().id },
    { name: 'orders', value: 'N', help: 'stop after N intents (default 1000 unless --minutes is given)' },
    { name: 'seed', value: 'S', help: 'fault plan, workload and market seed', default: '1' },
    { name: 'minutes', value: 'M', help: 'stop after M minutes (with --orders: whichever comes first)' },
    { name: 'json', help: 'one JSON object on stdout instead of the table' },
    { name: 'rss', help: 'soak mode: sample RSS each minute, print the series and its slope' },
    { name: 'rate', value: 'R', help: 'trader actions per second', default: '10' },
    { name: 'fast', help: 'test cadence: a fault every 0.4 s, sockets dropped every 4 s' },
    { name: 'keys', value: 'FILE', file: true, help: "the sim's accounts/keys (the sim's --keys format); default: generated" },
    { name: 'log', value: 'FILE', file: true, help: 'engine log file (default: a new file in the temp directory)' },
    { name: 'crash-every', value: 'N', help: "kill (SIGKILL) and restart the engine's process N times at seeded journal steps; count lost intents" },
  ],
  notes: 'Exit code 0 when every must-be-zero count is zero, 1 when one is not (or the run failed), 2 on bad flags.',
};

export const USAGE = usageLine(CHAOS_COMMAND);

export interface ChaosArgs {
  venue: string;
  orders?: number;
  seed: string;
  minutes?: number;
  json: boolean;
  rss: boolean;
  rate: number;
  fast: boolean;
  keysFile?: string;
  logFile?: string;
  /** --crash-every N: engine process kills and restarts per run. */
  crashEvery?: number;
}

function positive(name: string, text: string, integer: boolean): number {
  const ok = integer ? /^\d{1,9}$/.test(text) : /^\d{1,9}(\.\d{1,6})?$/.test(text);
  const n = Number(text);
  if (!ok || !(n > 0)) throw new ChaosUsageError(`${name}: '${text}' is not a positive ${integer ? 'whole ' : ''}number`);
  return n;
}

/** The flags; `help` when -h/--help was given (nothing else is then read). */
export function parseChaosArgs(argv: readonly string[]): ChaosArgs & { help: boolean } {
  const out: ChaosArgs & { help: boolean } = {
    venue: defaultVenue().id,
    seed: '1',
    json: false,
    rss: false,
    rate: 10,
    fast: false,
    help: false,
  };
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(CHAOS_COMMAND, argv);
  } catch (err) {
    if (err instanceof CommandLineError) throw new ChaosUsageError(err.message);
    throw err;
  }
  if (parsed.help) return { ...out, help: true };
  const values = parsed.values;
  out.venue = values.get('venue') ?? out.venue;
  const orders = values.get('orders');
  if (orders !== undefined) out.orders = positive('--orders', orders, true);
  const seed = values.get('seed');
  if (seed !== undefined) {
    if (!/^[\w.-]{1,64}$/.test(seed)) throw new ChaosUsageError(`--seed: '${seed}' is not 1-64 letters, digits, '.', '_' or '-'`);
    out.seed = seed;
  }
  const minutes = values.get('minutes');
  if (minutes !== undefined) out.minutes = positive('--minutes', minutes, false);
  const rate = values.get('rate');
  if (rate !== undefined) out.rate = positive('--rate', rate, false);
  const keys = values.get('keys');
  if (keys !== undefined) out.keysFile = keys;
  const log = values.get('log');
  if (log !== undefined) out.logFile = log;
  const crashEvery = values.get('crash-every');
  if (crashEvery !== undefined) out.crashEvery = positive('--crash-every', crashEvery, true);
  out.json = parsed.switches.has('json');
  out.rss = parsed.switches.has('rss');
  out.fast = parsed.switches.has('fast');
  if (out.orders === undefined && out.minutes === undefined) out.orders = 1000;
  return out;
}
