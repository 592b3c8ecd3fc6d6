/**
 * The cockpit's command line: `quantdeck [--venue V] [--env E] [--key REF | --account NAME] …`.
 * Parsing only: no venue registry, no custody, no I/O, so a typo is refused (exit 2) before
 * anything heavy loads. What a value means (is the venue registered? is the key there?) is the
 * session's business.
 */
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

/** A command line that cannot be understood: printed with the usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const DEFAULT_VENUE = 'binance-usdm';

export const USAGE = `usage: quantdeck [--venue binance-usdm|okx|hyperliquid] [--env sim|testnet|demo|mainnet]
                 [--key env:PREFIX|keyring:NAME|file:PATH | --account NAME] [--symbol SYMBOL]
                 [--live] [--seed S] [--sim-keys FILE] [--log-level trace|debug|info|warn|error|silent]
       quantdeck sim|keys|doctor|chaos …     (subcommands; each has its own --help)
       quantdeck --demo-fixtures             (the cockpit on a synthetic feed, no venue)

With no flags the cockpit trades against the local venue (--venue binance-usdm --env sim).
Mainnet (--env mainnet) takes --live, a profile account (--account) and the account name typed
at start. Logs go to $XDG_STATE_HOME/quantdeck/quantdeck.log, never to the terminal.`;

const ENVS: Record<string, Env> = {
  sim: 'sim',
  testnet: 'testnet',
  demo: 'demo',
  mainnet: 'live',
  live: 'live',
};
const LEVELS: readonly LogLevelFlag[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const VALUES = ['venue', 'env', 'key', 'account', 'symbol', 'seed', 'sim-keys', 'log-level'] as const;
const SWITCHES = ['live', 'help'] as const;
type ValueName = (typeof VALUES)[number];

function isValueName(name: string): name is ValueName {
  return (VALUES as readonly string[]).includes(name);
}

/** Parses argv (without the node and script paths). Throws CliUsageError naming the problem. */
export function parseCockpitFlags(argv: readonly string[]): CockpitFlags {
  const values = new Map<ValueName, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--')) throw new CliUsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq >= 0) throw new CliUsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!isValueName(name)) {
      const known = [...VALUES, ...SWITCHES].map((n) => `--${n}`).join(', ');
      throw new CliUsageError(`unknown option --${name} (known: ${known})`);
    }
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new CliUsageError(`--${name} needs a value`);
    }
    if (values.has(name)) throw new CliUsageError(`--${name} given twice`);
    values.set(name, value);
  }

  const envText = values.get('env');
  const env = envText === undefined ? 'sim' : ENVS[envText];
  if (env === undefined) {
    throw new CliUsageError(`--env: '${envText}' is not one of sim, testnet, demo, mainnet`);
  }
  const level = values.get('log-level');
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) {
    throw new CliUsageError(`--log-level: '${level}' is not one of ${LEVELS.join(', ')}`);
  }
  const key = values.get('key');
  const account = values.get('account');
  if (key !== undefined && account !== undefined) {
    throw new CliUsageError('--key and --account both name a key: give one');
  }
  if (key !== undefined && !values.has('env')) {
    throw new CliUsageError(
      '--key needs --env testnet, demo or mainnet (the local venue brings its own demo key)',
    );
  }
  const seed = values.get('seed');
  const flags: CockpitFlags = {
    venue: values.get('venue') ?? DEFAULT_VENUE,
    env,
    live: switches.has('live'),
    explicit: { venue: values.has('venue'), env: values.has('env') },
    help: switches.has('help'),
  };
  if (key !== undefined) flags.key = key;
  if (account !== undefined) flags.account = account;
  const symbol = values.get('symbol');
  if (symbol !== undefined) flags.symbol = symbol;
  if (seed !== undefined) flags.seed = seed;
  const simKeys = values.get('sim-keys');
  if (simKeys !== undefined) flags.simKeys = simKeys;
  if (level !== undefined) flags.logLevel = level as LogLevelFlag;
  return flags;
}
