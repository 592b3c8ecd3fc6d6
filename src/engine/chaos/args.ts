/**
 * `quantdeck chaos` flags. Bad input is a named error with the usage line; nothing starts.
 *
 *   --venue V        binance-usdm (default), okx, hyperliquid: any registered venue the sim speaks
 *   --orders N       stop after N intents (default 1000 unless --minutes is given)
 *   --seed S         fault plan, workload and market seed (default 1)
 *   --minutes M      stop after M minutes (with --orders: whichever comes first)
 *   --json           one JSON object on stdout instead of the table
 *   --rss            soak mode: sample RSS each minute, print the series and its slope
 *   --rate R         trader actions per second (default 10)
 *   --fast           test cadence: a fault every 0.4 s, sockets dropped every 4 s
 *   --keys FILE      the sim's accounts/keys (the sim's --keys format); default: generated
 *   --log FILE       engine log file (default: a new file in the temp directory)
 */

export class ChaosUsageError extends Error {
  override readonly name = 'ChaosUsageError';
}

export const USAGE =
  'usage: quantdeck chaos [--venue V] [--orders N] [--seed S] [--minutes M] [--json] [--rss] [--rate R] [--fast] [--keys FILE] [--log FILE]';

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
}

function positive(name: string, text: string, integer: boolean): number {
  const ok = integer ? /^\d{1,9}$/.test(text) : /^\d{1,9}(\.\d{1,6})?$/.test(text);
  const n = Number(text);
  if (!ok || !(n > 0)) throw new ChaosUsageError(`${name}: '${text}' is not a positive ${integer ? 'whole ' : ''}number`);
  return n;
}

export function parseChaosArgs(argv: readonly string[]): ChaosArgs {
  const out: ChaosArgs = { venue: 'binance-usdm', seed: '1', json: false, rss: false, rate: 10, fast: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new ChaosUsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--venue':
        out.venue = value();
        break;
      case '--orders':
        out.orders = positive(name, value(), true);
        break;
      case '--seed': {
        const s = value();
        if (!/^[\w.-]{1,64}$/.test(s)) throw new ChaosUsageError(`--seed: '${s}' is not 1-64 letters, digits, '.', '_' or '-'`);
        out.seed = s;
        break;
      }
      case '--minutes':
        out.minutes = positive(name, value(), false);
        break;
      case '--rate':
        out.rate = positive(name, value(), false);
        break;
      case '--keys':
        out.keysFile = value();
        break;
      case '--log':
        out.logFile = value();
        break;
      case '--json':
      case '--rss':
      case '--fast':
        if (eq > 0) throw new ChaosUsageError(`${name} takes no value`);
        out[name.slice(2) as 'json' | 'rss' | 'fast'] = true;
        break;
      case '--help':
      case '-h':
        throw new ChaosUsageError(USAGE);
      default:
        throw new ChaosUsageError(`unknown flag '${arg}'`);
    }
  }
  if (out.orders === undefined && out.minutes === undefined) out.orders = 1000;
  return out;
}
