/**
 * `quantdeck backtest STRATEGY --symbol S [--from D --to D] [--venue V] [--seed S]`: the strategy
 * walked forward per timeframe (src/core/signals/walk-forward.ts) and the walk-forward table with
 * the EV gate's verdict. With --seed the klines are the local venue's price model run from that seed
 * (backtest-klines.ts: the bars the local venue serves for that seed): the same seed prints the
 * same table. Without it they are the venue's own over REST for the whole period (backtest-history.ts:
 * paged through the engine's budget, from the local venue unless --env, --account or --sim-url say
 * otherwise); a period the venue does not fully serve is refused with the missing runs named (exit 1),
 * never filled. Bad input (unknown strategy, venue or symbol, a date that is not one, --from not
 * before --to, a period too long) is a usage error: exit 2.
 */
import { CommandLineError, formatHelp, parseCommand, quoteTyped, usageErrorText } from '../core/command-line.js';
import { gateTable } from '../core/signals/gate-table.js';
import { STRATEGIES } from '../core/signals/strategies.js';
import { type Kline, STRATEGY_KINDS, type StrategyKind, type StrategySpec, TIMEFRAMES, type Timeframe } from '../core/signals/types.js';
import { gridFor, PARAM_RANGES, paramsProblem, parseParam } from '../core/signals/strategy-params.js';
import { DEFAULTS, walkForward } from '../core/signals/walk-forward.js';
import { HISTORY_BARS } from '../sim/market/klines.js';
import { defaultSymbols, type SymbolSpec } from '../sim/market/symbols.js';
import { defaultVenue, tradedVenueFor, venueIds } from '../venues/descriptors.js';
import type { VenueDescriptor } from '../venues/descriptor.js';
import { BACKTEST_COMMAND, DEFAULT_DAYS, MAX_DAYS } from './backtest-flags.js';
import { simKlines } from './backtest-klines.js';
import { type HistoryTarget, HistoryError, readVenueHistory } from './backtest-history.js';
import { loadProfile } from '../custody/profile.js';
import { localVenueUrls } from '../venues/local-venue-url.js';
import type { Env } from '../venues/venue.js';
import { CustodyError } from '../custody/errors.js';

export interface BacktestIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  now(): number;
  /** The process environment (the profile's place); default process.env. */
  env?: NodeJS.ProcessEnv;
}

const PROCESS_IO: BacktestIo = { stdout: process.stdout, stderr: process.stderr, now: Date.now };

const ENV_OF: Record<string, Env> = { sim: 'sim', testnet: 'testnet', demo: 'demo', mainnet: 'live' };
const AGE_UNIT: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

const DAY = 86_400_000;
/** The slippage assumption on every market fill (entry, stop, time exit): 2 basis points. */
export const SLIPPAGE = 0.0002;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z`: UTC ms, or undefined. */
export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?Z?)?$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not round-trip is not one.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== (mo as number) - 1 || back.getUTCDate() !== d) return undefined;
  if ((h as number) > 23 || (mi as number) > 59 || (s as number) > 59) return undefined;
  return ms;
}

/** The local venue's market for a typed symbol: its own name, or a venue's form of it by base asset. */
export function simSymbolFor(typed: string): SymbolSpec | undefined {
  const upper = typed.toUpperCase();
  const exact = defaultSymbols.find((s) => s.symbol === upper);
  if (exact !== undefined) return exact;
  const base = upper.split(/[-/_:]/)[0];
  return defaultSymbols.find((s) => s.baseAsset === base);
}

/** An age (`30d`, `12h`, `90m`, `2w`) before `now`, on the minute; undefined for anything else. */
export function parseAge(text: string, now: number): number | undefined {
  const m = /^(\d{1,6})([mhdw])$/.exec(text);
  if (m === null) return undefined;
  return Math.floor(now / 60_000) * 60_000 - Number(m[1]) * (AGE_UNIT[m[2] as string] as number);
}

interface Plan {
  strategy: StrategySpec;
  symbol: string;
  venue: VenueDescriptor;
  from: number;
  to: number;
  timeframes: Timeframe[];
  seed?: string;
  /** Without --seed: where the venue's klines are read. */
  target?: HistoryTarget;
}

function timeframesOf(text: string): Timeframe[] {
  const asked = text.split(',').map((t) => t.trim());
  const bad = asked.filter((t) => !(TIMEFRAMES as readonly string[]).includes(t));
  if (bad.length > 0 || asked.length === 0) throw new CommandLineError(`--timeframes: ${quoteTyped(bad.join(',') || text)} is not a list of ${TIMEFRAMES.join(', ')}`);
  return TIMEFRAMES.filter((tf) => asked.includes(tf));
}

/** Without --seed: the venue and environment to read, from --account (the profile), --env and --sim-url. */
function targetOf(values: Map<string, string>, venue: VenueDescriptor, processEnv: NodeJS.ProcessEnv): HistoryTarget {
  const accountName = values.get('account');
  let env = ENV_OF[values.get('env') ?? 'sim'] as Env;
  let v = venue;
  if (accountName !== undefined) {
    let entry: { venue: string; env: Env } | undefined;
    try {
      entry = loadProfile(processEnv).accounts[accountName];
    } catch (err) {
      if (err instanceof CustodyError) throw new CommandLineError(`--account: ${err.message}`);
      throw err;
    }
    if (entry === undefined) throw new CommandLineError(`--account: no account ${quoteTyped(accountName)} in the profile`);
    const own = tradedVenueFor(entry.venue);
    if (own === undefined) throw new CommandLineError(`--account ${quoteTyped(accountName)}: its venue ${quoteTyped(entry.venue)} is not one quantdeck trades`);
    if (values.has('venue') && own.id !== venue.id) throw new CommandLineError(`--account ${quoteTyped(accountName)} is on ${own.id}, but --venue ${venue.id} was given`);
    if (values.has('env') && entry.env !== env) throw new CommandLineError(`--account ${quoteTyped(accountName)} is on ${entry.env}, but --env ${values.get('env')} was given`);
    v = own;
    env = entry.env;
  }
  const out: HistoryTarget = { venue: v, env };
  if (accountName !== undefined) out.account = accountName;
  const simUrl = values.get('sim-url');
  if (simUrl !== undefined) {
    if (env !== 'sim') throw new CommandLineError(`--sim-url is the local venue's address; it goes with --env sim, not ${env}`);
    const urls = localVenueUrls(simUrl);
    if (urls === undefined) throw new CommandLineError(`--sim-url must be the local venue's http(s)://127.0.0.1:PORT, not ${quoteTyped(simUrl)}`);
    out.simUrls = urls;
  }
  return out;
}

/**
 * STRATEGY: the profile's strategy of that name, else the built-in of that kind; then each --param
 * fixed over its params. The profile is read only for a name; one that cannot be read is said when
 * the name is not a kind.
 */
function strategyOf(name: string, overrides: readonly string[], processEnv: NodeJS.ProcessEnv): StrategySpec {
  let named: StrategySpec | undefined;
  let unread: string | undefined;
  let known: string[] = [];
  try {
    const strategies = loadProfile(processEnv).signals?.strategies ?? [];
    named = strategies.find((s) => s.name === name);
    known = strategies.map((s) => s.name);
  } catch (err) {
    if (!(err instanceof CustodyError)) throw err;
    unread = err.message;
  }
  const isKind = (STRATEGY_KINDS as readonly string[]).includes(name);
  const base: StrategySpec | undefined = named ?? (isKind ? { name, kind: name as StrategyKind, params: {} } : undefined);
  if (base === undefined) {
    const where = unread !== undefined ? `; the profile could not be read: ${unread}` : known.length > 0 ? `, nor one of the profile's strategies (${known.join(', ')})` : ', and the profile names no strategies';
    throw new CommandLineError(`STRATEGY: ${quoteTyped(name)} is not a kind (${STRATEGY_KINDS.join(', ')})${where}`);
  }
  if (overrides.length === 0) return base;
  const params: Record<string, number> = { ...base.params };
  for (const text of overrides) {
    const p = parseParam(base.kind, text);
    if (typeof p === 'string') throw new CommandLineError(p);
    params[p.key] = p.value;
  }
  const problem = paramsProblem(base.kind, params);
  if (problem !== undefined) throw new CommandLineError(`--param: ${problem}`);
  return { ...base, params };
}

function plan(argv: readonly string[], now: number, processEnv: NodeJS.ProcessEnv): Plan | 'help' {
  const parsed = parseCommand(BACKTEST_COMMAND, argv);
  if (parsed.help) return 'help';
  const strategy = strategyOf(parsed.positionals[0] as string, parsed.repeated.get('param') ?? [], processEnv);
  const symbol = parsed.values.get('symbol');
  if (symbol === undefined || symbol === '') throw new CommandLineError('--symbol is required (the instrument to backtest, e.g. BTCUSDT)');
  const venueId = parsed.values.get('venue') ?? defaultVenue().id;
  const venue = tradedVenueFor(venueId);
  if (venue === undefined) throw new CommandLineError(`--venue: ${quoteTyped(venueId)} is not one of ${venueIds().join(', ')}`);
  const date = (flag: string): number | undefined => {
    const text = parsed.values.get(flag);
    if (text === undefined) return undefined;
    const ms = parseDate(text) ?? parseAge(text, now);
    if (ms === undefined) throw new CommandLineError(`--${flag}: ${quoteTyped(text)} is not a date; give YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), or an age such as 30d, 12h, 90m`);
    return ms;
  };
  const to = date('to') ?? Math.floor(now / DAY) * DAY;
  const from = date('from') ?? to - DEFAULT_DAYS * DAY;
  if (from >= to) throw new CommandLineError(`--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`);
  if (to - from > MAX_DAYS * DAY) throw new CommandLineError(`the period is ${((to - from) / DAY).toFixed(1)} days; at most ${MAX_DAYS}`);
  const out: Plan = { strategy, symbol, venue, from, to, timeframes: timeframesOf(parsed.values.get('timeframes') ?? (strategy.timeframes ?? TIMEFRAMES).join(',')) };
  const seed = parsed.values.get('seed');
  if (seed !== undefined) {
    for (const flag of ['env', 'account', 'sim-url'])
      if (parsed.values.has(flag)) throw new CommandLineError(`--seed runs on the local venue's price model, read in process: --${flag} is for reading a venue's klines without it`);
    out.seed = seed;
  } else out.target = targetOf(parsed.values, venue, processEnv);
  return out;
}

const day = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z').replace('T00:00Z', '');

/** The walk-forward of `series` and its table with the verdicts: what the command prints below its header. */
export function backtestTable(strategy: StrategyKind | StrategySpec, symbol: string, venue: VenueDescriptor, series: Partial<Record<Timeframe, readonly Kline[]>>, at: number): string {
  const takerFee = Number(venue.takerFee);
  const spec = typeof strategy === 'string' ? { name: strategy, kind: strategy, params: {} } : strategy;
  const report = walkForward(spec, symbol, series, { costs: { takerFee, slippage: SLIPPAGE } }, at);
  return [gateTable(report), '', `passes: ${Object.entries(report.gate.passes).filter(([, ok]) => ok).map(([tf]) => tf).join(', ') || 'none'}`].join('\n');
}

function explained(p: Plan): string[] {
  const takerFee = Number(p.venue.takerFee);
  const { kind, params } = p.strategy;
  const def = STRATEGIES[kind];
  // In the kind's order, whatever the order given.
  const fixed = Object.keys(PARAM_RANGES[kind]).filter((k) => params[k] !== undefined).map((k) => `${k}=${params[k]}`);
  const sets = fixed.length === 0 ? def.grid.length : gridFor(kind, params).length;
  return [
    `costs: taker fee ${(takerFee * 100).toFixed(3)} % per fill (${p.venue.name}'s base tier), slippage ${(SLIPPAGE * 100).toFixed(3)} % per market fill`,
    `rule: ${def.rule}`,
    ...(fixed.length === 0 ? [] : [`params: ${fixed.join(', ')} fixed; the others fitted over ${kind}'s grid`]),
    `walk-forward: ${DEFAULTS.folds} folds, fit on ${DEFAULTS.fitShare} windows (best of ${sets} parameter set${sets === 1 ? '' : 's'}), test on the next, roll by one`,
    `EV: per trade, net, % of entry, 95 % t-interval; gate: EV > 0 and the interval's low > 0 over ≥ ${DEFAULTS.minTrades} trades, on the timeframe and the aggregate`,
  ];
}

/** A strategy as the header names it: its name, and its kind when the name is not the kind. */
const titleOf = (s: StrategySpec): string => (s.name === s.kind ? s.kind : `${s.name} (${s.kind})`);

const only = <T>(series: Record<Timeframe, T>, timeframes: readonly Timeframe[]): Partial<Record<Timeframe, T>> =>
  Object.fromEntries(timeframes.map((tf) => [tf, series[tf]]));

export async function main(argv: string[], io: BacktestIo = PROCESS_IO): Promise<number> {
  let p: Plan | 'help';
  let spec: SymbolSpec | undefined;
  try {
    p = plan(argv, io.now(), io.env ?? process.env);
    if (p !== 'help' && p.seed !== undefined) {
      spec = simSymbolFor(p.symbol);
      if (spec === undefined)
        throw new CommandLineError(`--symbol: ${quoteTyped(p.symbol)} is not one the local venue lists (${defaultSymbols.map((s) => s.symbol).join(', ')})`);
    }
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    io.stderr.write(usageErrorText(BACKTEST_COMMAND, err.message));
    return 2;
  }
  if (p === 'help') {
    io.stdout.write(formatHelp(BACKTEST_COMMAND));
    return 0;
  }
  if (p.target !== undefined) return fromVenue(p, p.target, io);
  if (p.seed === undefined || spec === undefined) throw new Error('a backtest plan has neither a seed nor a target');
  const series = only(simKlines(p.seed, spec, p.from, p.to), p.timeframes);
  const symbolNote = spec.symbol === p.symbol ? p.symbol : `${p.symbol} (the local venue's ${spec.symbol})`;
  const lines = [
    `quantdeck backtest ${titleOf(p.strategy)} ${symbolNote} on ${p.venue.id}, ${day(p.from)} → ${day(p.to)}`,
    `klines: the local venue's, seed ${JSON.stringify(p.seed)}: the bars it serves when started at ${day(p.to)} (its kline builder's history, at most ${HISTORY_BARS} per timeframe; not a venue's history)`,
    ...explained(p),
    '',
    backtestTable(p.strategy, p.symbol, p.venue, series, io.now()),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Without --seed: the venue's klines over REST for the whole period, or a refusal naming what is missing. */
async function fromVenue(p: Plan, target: HistoryTarget, io: BacktestIo): Promise<number> {
  let history: Awaited<ReturnType<typeof readVenueHistory>>;
  try {
    history = await readVenueHistory(target, p.symbol, p.timeframes, p.from, p.to);
  } catch (err) {
    if (!(err instanceof HistoryError)) throw err;
    io.stderr.write(`quantdeck backtest: ${err.message}\n`);
    return 1;
  }
  const end = Math.floor(Math.max(...history.read.map((s) => s.end)) / 60_000) * 60_000;
  const counts = history.read
    .map((s) => `${s.timeframe} ${s.bars.length} bars in ${s.requests === 1 ? '1 request' : `${s.requests} requests`}${s.requests > 1 ? ` (${s.pageBars} a page)` : ''}`)
    .join(', ');
  const lines = [
    `quantdeck backtest ${titleOf(p.strategy)} ${p.symbol} on ${target.venue.id}, ${day(p.from)} → ${day(p.to)}`,
    `klines: ${history.source}, over REST, ${day(p.from)} → ${day(end)}${end < p.to ? ' (the venue\'s now)' : ''}: ${counts}${history.resent > 0 ? `; ${history.resent} refused for load (429) and sent again` : ''}`,
    ...explained({ ...p, venue: target.venue }),
    '',
    backtestTable(p.strategy, p.symbol, target.venue, history.series, io.now()),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
