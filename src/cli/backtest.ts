/**
 * `quantdeck backtest STRATEGY --symbol S [--from D --to D] [--venue V] [--seed S]`: the strategy
 * walked forward per timeframe (src/core/signals/walk-forward.ts) and the walk-forward table with
 * the EV gate's verdict. With --seed the klines are the local venue's price model run from that seed
 * (backtest-klines.ts: the bars the local venue serves for that seed): the same seed prints the
 * same table. Without it they would be the venue's own over REST for the period; until a period's
 * history can be read the command says so and stops (exit 1) rather than run on anything else. Bad input (unknown strategy, venue or symbol, a
 * date that is not one, --from not before --to, a period too long) is a usage error: exit 2.
 */
import { CommandLineError, formatHelp, parseCommand, quoteTyped, usageErrorText } from '../core/command-line.js';
import { gateTable } from '../core/signals/gate-table.js';
import { STRATEGIES } from '../core/signals/strategies.js';
import type { StrategyKind } from '../core/signals/types.js';
import { DEFAULTS, walkForward } from '../core/signals/walk-forward.js';
import { HISTORY_BARS } from '../sim/market/klines.js';
import { defaultSymbols, type SymbolSpec } from '../sim/market/symbols.js';
import { defaultVenue, tradedVenueFor, venueIds } from '../venues/descriptors.js';
import type { VenueDescriptor } from '../venues/descriptor.js';
import { BACKTEST_COMMAND, DEFAULT_DAYS, MAX_DAYS } from './backtest-flags.js';
import { simKlines } from './backtest-klines.js';

export interface BacktestIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  now(): number;
}

const PROCESS_IO: BacktestIo = { stdout: process.stdout, stderr: process.stderr, now: Date.now };

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

interface Plan {
  kind: StrategyKind;
  symbol: string;
  venue: VenueDescriptor;
  from: number;
  to: number;
  seed?: string;
}

function plan(argv: readonly string[], now: number): Plan | 'help' {
  const parsed = parseCommand(BACKTEST_COMMAND, argv);
  if (parsed.help) return 'help';
  const kind = parsed.positionals[0] as StrategyKind;
  const symbol = parsed.values.get('symbol');
  if (symbol === undefined || symbol === '') throw new CommandLineError('--symbol is required (the instrument to backtest, e.g. BTCUSDT)');
  const venueId = parsed.values.get('venue') ?? defaultVenue().id;
  const venue = tradedVenueFor(venueId);
  if (venue === undefined) throw new CommandLineError(`--venue: ${quoteTyped(venueId)} is not one of ${venueIds().join(', ')}`);
  const date = (flag: string): number | undefined => {
    const text = parsed.values.get(flag);
    if (text === undefined) return undefined;
    const ms = parseDate(text);
    if (ms === undefined) throw new CommandLineError(`--${flag}: ${quoteTyped(text)} is not a date; give YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)`);
    return ms;
  };
  const to = date('to') ?? Math.floor(now / DAY) * DAY;
  const from = date('from') ?? to - DEFAULT_DAYS * DAY;
  if (from >= to) throw new CommandLineError(`--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`);
  if (to - from > MAX_DAYS * DAY) throw new CommandLineError(`the period is ${((to - from) / DAY).toFixed(1)} days; at most ${MAX_DAYS}`);
  const out: Plan = { kind, symbol, venue, from, to };
  const seed = parsed.values.get('seed');
  if (seed !== undefined) out.seed = seed;
  return out;
}

const day = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z').replace('T00:00Z', '');

export async function main(argv: string[], io: BacktestIo = PROCESS_IO): Promise<number> {
  let p: Plan | 'help';
  let spec: SymbolSpec | undefined;
  try {
    p = plan(argv, io.now());
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
  if (p.seed === undefined || spec === undefined) {
    io.stderr.write(
      `quantdeck backtest: without --seed the klines are ${p.venue.name}'s own over REST for the whole period, and reading a period's history is not built yet (the engine's kline feed, src/engine/klines.ts, keeps the latest bars for the brief); nothing else is substituted. Run it on the local venue's klines with --seed S.\n`,
    );
    return 1;
  }
  const series = simKlines(p.seed, spec, p.from, p.to);
  const takerFee = Number(p.venue.takerFee);
  const def = STRATEGIES[p.kind];
  const report = walkForward({ name: p.kind, kind: p.kind, params: {} }, p.symbol, series, { costs: { takerFee, slippage: SLIPPAGE } }, io.now());
  const symbolNote = spec.symbol === p.symbol ? p.symbol : `${p.symbol} (the local venue's ${spec.symbol})`;
  const lines = [
    `quantdeck backtest ${p.kind} ${symbolNote} on ${p.venue.id}, ${day(p.from)} → ${day(p.to)}`,
    `klines: the local venue's, seed ${JSON.stringify(p.seed)}: the bars it serves when started at ${day(p.to)} (its kline builder's history, at most ${HISTORY_BARS} per timeframe; not a venue's history)`,
    `costs: taker fee ${(takerFee * 100).toFixed(3)} % per fill (${p.venue.name}'s base tier), slippage ${(SLIPPAGE * 100).toFixed(3)} % per market fill`,
    `rule: ${def.rule}`,
    `walk-forward: ${DEFAULTS.folds} folds, fit on ${DEFAULTS.fitShare} windows (best of ${def.grid.length} parameter sets), test on the next, roll by one`,
    `EV: per trade, net, % of entry, 95 % t-interval; gate: EV > 0 and the interval's low > 0 over ≥ ${DEFAULTS.minTrades} trades, on the timeframe and the aggregate`,
    '',
    gateTable(report),
    '',
    `passes: ${Object.entries(report.gate.passes).filter(([, ok]) => ok).map(([tf]) => tf).join(', ') || 'none'}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
