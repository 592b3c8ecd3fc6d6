/**
 * The cockpit's command line: `quantdeck [--venue V] [--env E] [--key REF | --account NAME] …`.
 * Parsing only: no custody, no I/O, so a typo is refused (exit 2) before anything heavy loads.
 * What a value means (is the venue registered? is the key there?) is the session's business; the
 * registry's venue ids are only offered by help and completion.
 */
import { type CommandSpec, CommandLineError, formatHelp, parseCommand } from '../core/command-line.js';
import { defaultVenue, venueIds } from '../venues/descriptors.js';
import type { Env } from '../venues/venue.js';

export type LogLevelFlag = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface CockpitFlags {
  venue: string;
  env: Env;
  /** A key reference (`env:PREFIX`, `keyring:NAME`, `file:PATH`). */
  key?: string;
  /** An account of the profile config (brings its venue, env and key). */
  account?: string;
  symbol?: string;
  /** Mainnet needs it (plus the typed confirmation). */
  live: boolean;
  /** The local venue's seed (env sim). */
  seed?: string;
  /**
   * The local venue's accounts and keys from a file in the `quantdeck sim --keys FILE` format
   * (env sim): a test plants keys it knows, so a leak scan knows what to look for.
   */
  simKeys?: string;
  logLevel?: LogLevelFlag;
  /** Which of venue/env were given on the command line (an account's own may fill the others). */
  explicit: { venue: boolean; env: boolean };
  help: boolean;
}

export const DEFAULT_VENUE = defaultVenue().id;

const LEVELS: readonly LogLevelFlag[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const ENVS: Record<string, Env> = { sim: 'sim', testnet: 'testnet', demo: 'demo', mainnet: 'live', live: 'live' };

/** `quantdeck [flags]`: the cockpit. Help, the README table and completion come from this. */
export const COCKPIT: CommandSpec = {
  command: 'quantdeck',
  summary: 'the trading cockpit (with no flags: the local venue, binance-usdm, its own demo key)',
  options: [
    { name: 'venue', value: 'VENUE', suggest: venueIds, help: 'a registered venue adapter', default: DEFAULT_VENUE },
    {
      name: 'env',
      value: 'ENV',
      choices: ['sim', 'testnet', 'demo', 'mainnet'],
      help: '`sim` is the local venue with its own demo key',
      default: 'sim',
    },
    { name: 'key', value: 'REF', help: '`env:PREFIX`, `keyring:NAME`, `file:PATH`, or the name of a stored key' },
    { name: 'account', value: 'NAME', help: 'an account of the profile config (brings venue, env and key)' },
    { name: 'symbol', value: 'SYMBOL', help: "the venue's instrument (default: the venue's own, e.g. BTCUSDT)" },
    { name: 'live', help: 'required for mainnet, together with the account name typed at start' },
    { name: 'seed', value: 'S', help: "the local venue's seed" },
    { name: 'sim-keys', value: 'FILE', file: true, help: "the local venue's accounts and keys (`quantdeck sim --keys` format)" },
    { name: 'log-level', value: 'LEVEL', choices: LEVELS, help: 'for the log file', default: 'info' },
  ],
  notes: `Subcommands: quantdeck sim|keys|doctor|chaos|completion … (each has its own --help);
quantdeck --demo-fixtures draws the cockpit on a synthetic feed (no venue); quantdeck --version.
Mainnet (--env mainnet) takes --live, a profile account (--account) and the account name typed
at start. Logs go to $XDG_STATE_HOME/quantdeck/quantdeck.log, never to the terminal.`,
};

export const USAGE = formatHelp(COCKPIT).trimEnd();

/** Parses argv (without the node and script paths). Throws CommandLineError naming the problem. */
export function parseCockpitFlags(argv: readonly string[]): CockpitFlags {
  const parsed = parseCommand(COCKPIT, argv);
  const values = parsed.values;
  const envText = values.get('env');
  const env = envText === undefined ? 'sim' : (ENVS[envText] as Env);
  const key = values.get('key');
  const account = values.get('account');
  if (key !== undefined && account !== undefined) {
    throw new CommandLineError('--key and --account both name a key: give one');
  }
  if (key !== undefined && !values.has('env')) {
    throw new CommandLineError(
      '--key needs --env testnet, demo or mainnet (the local venue brings its own demo key)',
    );
  }
  const flags: CockpitFlags = {
    venue: values.get('venue') ?? DEFAULT_VENUE,
    env,
    live: parsed.switches.has('live'),
    explicit: { venue: values.has('venue'), env: values.has('env') },
    help: parsed.help,
  };
  if (key !== undefined) flags.key = key;
  if (account !== undefined) flags.account = account;
  const symbol = values.get('symbol');
  if (symbol !== undefined) flags.symbol = symbol;
  const seed = values.get('seed');
  if (seed !== undefined) flags.seed = seed;
  const simKeys = values.get('sim-keys');
  if (simKeys !== undefined) flags.simKeys = simKeys;
  const level = values.get('log-level');
  if (level !== undefined) flags.logLevel = level as LogLevelFlag;
  return flags;
}
