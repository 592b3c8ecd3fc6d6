/**
 * The cockpit's command line: `quantdeck [--venue V] [--env E] [--key REF | --account NAME] …`.
 * Parsing only: no custody, no I/O, so a typo is refused (exit 2) before anything heavy loads.
 * What a value means (is the venue registered? is the key there?) is the session's business; the
 * registry's venue ids are only offered by help and completion.
 */
import { type CommandSpec, CommandLineError, formatHelp, parseCommand, quoteTyped } from '../core/command-line.js';
import { defaultVenue, venueIds } from '../venues/descriptors.js';
import type { Env } from '../venues/venue.js';

/**
 * `--signals-demo`'s planted trend on the local venue, bp per bar (SimOptions.trendBp): a real drift
 * the stack can find out of sample, so the demo shows an apply (docs/signals.md §Runner, docs/sim.md).
 */
export const DEMO_TREND_BP = 30;

export type LogLevelFlag = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface CockpitFlags {
  venue: string;
  env: Env;
  /** A key reference (`env:PREFIX`, `keyring:NAME`, `file:PATH`, `cmd:COMMAND`). */
  key?: string;
  /** An account of the profile config (brings its venue, env and key). */
  account?: string;
  /** A desk of these profile accounts in one cockpit, in this order (docs/desk.md). */
  accounts?: string[];
  /** A desk of the profile's group of this name. */
  group?: string;
  /** The demo desk: three local-venue accounts on two dialects, no setup (env sim only). */
  demoDesk: boolean;
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
  /**
   * A local venue already running (`quantdeck sim`) at http://127.0.0.1:PORT (env sim): the cockpit
   * trades there with `--key` instead of starting its own, and the venue outlives the cockpit.
   */
  simUrl?: string;
  /** The dead-man's switch timeout in seconds (the venue's range); default the venue's own. */
  deadmanSeconds?: number;
  /** What a lost terminal (SSH drop, SIGHUP) does with the dead-man's switch. */
  onTerminalLoss: TerminalLossPlan;
  logLevel?: LogLevelFlag;
  /** The signal stack (docs/signals.md §Runner): `--signals on|off`; absent: on in sim, off elsewhere. */
  signals?: boolean;
  /** The demo's gate and the local venue's planted trend (`--signals-demo`, sim only): docs/signals.md §Runner. */
  signalsDemo?: boolean;
  /** Which of venue/env were given on the command line (an account's own may fill the others). */
  explicit: { venue: boolean; env: boolean };
  help: boolean;
}

/** `leave-armed`: the venue cancels the open orders when the switch expires; `disarm`: they rest. */
export type TerminalLossPlan = 'leave-armed' | 'disarm';

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
    { name: 'key', value: 'REF', help: '`env:PREFIX`, `keyring:NAME`, `file:PATH`, `cmd:COMMAND` (prints the key), or a stored key' },
    { name: 'account', value: 'NAME', help: 'an account of the profile config (brings venue, env and key)' },
    { name: 'accounts', value: 'A,B,…', help: 'a desk: these profile accounts in one cockpit, one engine each' },
    { name: 'group', value: 'NAME', help: "a desk: the profile's group of accounts (`groups` in profile.json)" },
    { name: 'demo-desk', help: 'a desk of three local-venue accounts on two venues, no setup (sim only)' },
    { name: 'symbol', value: 'SYMBOL', help: "the venue's instrument (default: the venue's own, e.g. BTCUSDT)" },
    { name: 'live', help: 'required for mainnet, together with the account name typed at start' },
    { name: 'seed', value: 'S', help: "the local venue's seed" },
    { name: 'sim-keys', value: 'FILE', file: true, help: "the local venue's accounts and keys (`quantdeck sim --keys` format)" },
    { name: 'sim-url', value: 'URL', help: 'trade on a running `quantdeck sim` at http://127.0.0.1:PORT (with --key)' },
    { name: 'signals', value: 'on|off', choices: ['on', 'off'], help: 'the signal stack and its Signals pane (S): default on in sim, off elsewhere' },
    { name: 'signals-demo', help: "the signal stack's demo: a planted trend on the local venue (+30 bp a bar) and a looser gate (sim only)" },
    { name: 'dead-man', value: 'SECONDS', help: "the dead-man's switch timeout (default the venue's, e.g. 60)" },
    {
      name: 'on-terminal-loss',
      value: 'PLAN',
      choices: ['leave-armed', 'disarm'],
      help: "when the terminal goes away (SSH drop): leave the dead-man armed so the venue cancels, or disarm it",
      default: 'leave-armed',
    },
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
  const desk = deskFlags(values, parsed.switches);
  const simUrl = values.get('sim-url');
  if (simUrl !== undefined && values.has('env') && env !== 'sim') {
    throw new CommandLineError('--sim-url is the local venue: it goes with --env sim (or no --env)');
  }
  if (simUrl !== undefined && key === undefined && account === undefined) {
    throw new CommandLineError('--sim-url needs --key with the credentials `quantdeck sim` printed (e.g. env:PREFIX)');
  }
  if (key !== undefined && !values.has('env') && simUrl === undefined) {
    throw new CommandLineError(
      '--key needs --env testnet, demo or mainnet (the local venue brings its own demo key)',
    );
  }
  const flags: CockpitFlags = {
    venue: values.get('venue') ?? DEFAULT_VENUE,
    env,
    live: parsed.switches.has('live'),
    onTerminalLoss: (values.get('on-terminal-loss') ?? 'leave-armed') as TerminalLossPlan,
    explicit: { venue: values.has('venue'), env: values.has('env') },
    help: parsed.help,
    demoDesk: desk.demoDesk,
  };
  if (desk.accounts !== undefined) flags.accounts = desk.accounts;
  if (desk.group !== undefined) flags.group = desk.group;
  if (key !== undefined) flags.key = key;
  if (account !== undefined) flags.account = account;
  const symbol = values.get('symbol');
  if (symbol !== undefined) flags.symbol = symbol;
  const seed = values.get('seed');
  if (seed !== undefined) flags.seed = seed;
  const simKeys = values.get('sim-keys');
  if (simKeys !== undefined) flags.simKeys = simKeys;
  if (simUrl !== undefined) flags.simUrl = simUrl;
  const deadman = values.get('dead-man');
  if (deadman !== undefined) {
    if (!/^\d{1,7}$/.test(deadman) || Number(deadman) === 0)
      throw new CommandLineError(`--dead-man: ${quoteTyped(deadman)} is not a whole number of seconds above 0`);
    flags.deadmanSeconds = Number(deadman);
  }
  const level = values.get('log-level');
  if (level !== undefined) flags.logLevel = level as LogLevelFlag;
  const signals = values.get('signals');
  if (signals !== undefined) flags.signals = signals === 'on';
  if (parsed.switches.has('signals-demo')) {
    if (env !== 'sim') throw new CommandLineError('--signals-demo lowers the gate for a demo: sim only');
    flags.signalsDemo = true;
  }
  return flags;
}

/** A desk's flags, and the flags a desk cannot take with them (docs/desk.md). */
function deskFlags(
  values: ReadonlyMap<string, string>,
  switches: ReadonlySet<string>,
): { accounts?: string[]; group?: string; demoDesk: boolean } {
  const listed = values.get('accounts');
  const group = values.get('group');
  const demoDesk = switches.has('demo-desk');
  const chosen = [listed === undefined ? '' : '--accounts', group === undefined ? '' : '--group', demoDesk ? '--demo-desk' : ''].filter(
    (f) => f !== '',
  );
  if (chosen.length > 1) throw new CommandLineError(`${chosen.join(' and ')} each name a desk: give one`);
  const which = chosen[0];
  if (which === undefined) return { demoDesk };
  // Each account of a desk brings its own venue and key; the demo desk brings its own accounts.
  const single = ['key', 'account', 'venue', 'sim-url', 'sim-keys', 'symbol'];
  for (const flag of single) {
    if (!values.has(flag)) continue;
    const why =
      flag === 'symbol'
        ? "each account trades its venue's default symbol; switch symbols in the cockpit"
        : flag === 'sim-url' || flag === 'sim-keys'
          ? 'a desk starts its own local venues'
          : 'each account of a desk brings its own venue and key';
    throw new CommandLineError(`${which} and --${flag} cannot go together: ${why}`);
  }
  if (demoDesk) {
    if (values.has('env') && values.get('env') !== 'sim')
      throw new CommandLineError('--demo-desk is the local venue: it goes with --env sim (or no --env)');
    if (switches.has('live')) throw new CommandLineError('--demo-desk is the local venue: --live is for mainnet');
    return { demoDesk };
  }
  if (group !== undefined) return { group, demoDesk };
  const names = (listed ?? '').split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new CommandLineError(`--accounts ${quoteTyped(listed ?? '')}: an empty name (write a,b,c)`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new CommandLineError(`--accounts: ${quoteTyped(twice)} is listed twice`);
  return { accounts: names, demoDesk };
}
