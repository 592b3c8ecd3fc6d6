/**
 * `quantdeck backtest` without --seed: the venue's klines over REST, read from the real local venue
 * of every dialect on loopback (--sim-url). The table it prints is the one the same bars give in
 * memory (the sim's own kline builder), so paging neither loses nor repeats a bar; a period longer
 * than a page takes ceil(bars / page) requests of the venue's page; a period the venue does not
 * serve whole (Kraken's 720 newest, Coinbase's candle-less minutes, an unknown symbol) is refused
 * with its missing runs and exit 1; Kraken's one-a-second OHLC limit is kept by the budget (no 429); a venue that is down is exit 1 with the address; bad flags exit 2.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { simKlines } from '../../src/cli/backtest-klines.js';
import { backtestTable, main, simSymbolFor } from '../../src/cli/backtest.js';
import { TIMEFRAMES, type Timeframe } from '../../src/core/signals/types.js';
import { isSimDialect, type SimDialect } from '../../src/sim/dialects/ids.js';
import { dialectSpec } from '../../src/sim/dialects/registry.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/types.js';
import { venueDescriptor, venueIds } from '../../src/venues/descriptors.js';
import { outputOf } from '../support/child-output.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MINUTE = 60_000;
const SEED = 'history';

/** Per venue: the bars one kline request brings at most (1m), and how many of the newest it keeps at all. */
const PAGE: Record<string, { page: number; keeps?: number }> = {
  'binance-usdm': { page: 1500 },
  okx: { page: 300 },
  hyperliquid: { page: 5000 },
  bybit: { page: 1000 },
  coinbase: { page: 300 },
  kraken: { page: 720, keeps: 720 },
};
const VENUES = venueIds().filter((id) => isSimDialect(id)) as SimDialect[];

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A local venue whose history ends at a known minute: `minute` is its start's, every bar before it history. */
async function startAt(dialect: SimDialect): Promise<{ sim: SimHandle; minute: number }> {
  for (;;) {
    const before = Math.floor(Date.now() / MINUTE) * MINUTE;
    const s = await startSim({ dialect, seed: SEED, tickMs: 0 });
    if (Math.floor(Date.now() / MINUTE) * MINUTE === before) return { sim: s, minute: before };
    await s.close(); // it started across a minute's turn: its history's end is not known to the minute
  }
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

const home = mkdtempSync(join(tmpdir(), 'qd-backtest-history-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
/** A profile with one account on the local venue; its key reference names a variable that is not set. */
const PROFILE_ENV = { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
mkdirSync(join(PROFILE_ENV.XDG_CONFIG_HOME, 'quantdeck'), { recursive: true, mode: 0o700 });
writeFileSync(
  join(PROFILE_ENV.XDG_CONFIG_HOME, 'quantdeck', 'profile.json'),
  JSON.stringify({ version: 1, accounts: { swaps: { venue: 'okx', env: 'sim', key: 'env:QD_BACKTEST_NEVER_SET' } } }),
  { mode: 0o600 },
);

async function run(args: string[], env: NodeJS.ProcessEnv = PROFILE_ENV): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['breakout', ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    now: Date.now,
    env,
  });
  return { code, stdout, stderr };
}

/** The table below the header: from the column titles to the end. */
const tableOf = (out: string) => out.slice(out.indexOf('timeframe  '));

const requestsOf = (out: string, tf: Timeframe) => {
  const m = new RegExp(`${tf} (\\d+) bars in (\\d+) requests?(?: \\((\\d+) a page\\))?`).exec(out);
  return m === null ? undefined : { bars: Number(m[1]), requests: Number(m[2]), page: m[3] === undefined ? undefined : Number(m[3]) };
};

describe('quantdeck backtest without --seed, on the local venue over REST', () => {
  it('knows every registered venue the local venue speaks', () => {
    expect(VENUES.length).toBeGreaterThanOrEqual(6);
    for (const id of VENUES) expect(PAGE[id], id).toBeDefined();
  });

  describe.each(VENUES)('%s', (dialect) => {
    const symbol = venueDescriptor(dialect).defaultSymbol;

    it('prints where the bars came from and the table the same bars give in memory', { timeout: 180_000 }, async () => {
      const started = await startAt(dialect);
      sim = started.sim;
      const to = started.minute;
      // As many one-minute bars as the venue keeps, at most the local venue's 1,500 of history: several pages on most.
      const minutes = Math.min(1500, PAGE[dialect]!.keeps === undefined ? 1500 : PAGE[dialect]!.keeps! - 120);
      const from = to - minutes * MINUTE;
      const r = await run(['--symbol', symbol, '--venue', dialect, '--sim-url', sim.restUrl, '--from', iso(from), '--to', iso(to)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe(`quantdeck backtest breakout ${symbol} on ${dialect}, ${iso(from)}Z → ${iso(to)}Z`);
      expect(lines[1]).toContain(`klines: ${dialect} sim: the local venue at ${sim.restUrl}, over REST, ${iso(from)}Z → ${iso(to)}Z: 1m ${minutes} bars in `);
      // Within the venue's limits by the budget alone: nothing was refused for load and sent again.
      expect(lines[1]).not.toContain('sent again');

      // The same bars in memory: the local venue's kline builder for the seed, ending at its start.
      const spec = dialectSpec(dialect).instruments(simSymbolFor(symbol)!);
      const memory = simKlines(SEED, spec, from, to);
      expect(tableOf(r.stdout)).toBe(`${backtestTable('breakout', symbol, venueDescriptor(dialect), memory, 0)}\n`);

      // Paging: the venue's page, and exactly as many requests as the period's pages.
      const one = requestsOf(r.stdout, '1m')!;
      const page = PAGE[dialect]!.page;
      expect(one).toMatchObject({ bars: minutes, requests: Math.ceil(minutes / page) });
      if (minutes > page) expect(one.page).toBe(page);
      for (const tf of TIMEFRAMES) expect(requestsOf(r.stdout, tf)?.bars, tf).toBe(memory[tf].length);
    });

    it('refuses an unknown symbol and a period the venue does not hold, naming what is missing (exit 1)', { timeout: 120_000 }, async () => {
      const started = await startAt(dialect);
      sim = started.sim;
      const to = started.minute;
      const unknown = await run(['--symbol', 'NOPE-XYZ', '--venue', dialect, '--sim-url', sim.restUrl, '--from', iso(to - 60 * MINUTE), '--to', iso(to), '--timeframes', '1m']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toContain('NOPE-XYZ');
      expect(unknown.stderr).toContain(sim.restUrl);
      // Two days of minutes: more than the local venue's 1,500 of history (and Kraken's 720).
      const from = to - 2 * 1440 * MINUTE;
      const long = await run(['--symbol', symbol, '--venue', dialect, '--sim-url', sim.restUrl, '--from', iso(from), '--to', iso(to), '--timeframes', '1m,1h']);
      expect(long.code).toBe(1);
      expect(long.stdout).toBe('');
      const first = to - (PAGE[dialect]!.keeps === undefined ? 1500 : PAGE[dialect]!.keeps! - 1) * MINUTE;
      expect(long.stderr).toContain(`did not serve the whole period for ${symbol}`);
      expect(long.stderr).toMatch(new RegExp(`1m: \\d+ of 2880 bars; missing ${iso(from)}Z → `));
      if (PAGE[dialect]!.keeps === undefined) expect(long.stderr).toContain(`1m: 1500 of 2880 bars; missing ${iso(from)}Z → ${iso(first)}Z (1380 bars)`);
      expect(long.stderr).not.toMatch(/^ {2}1h:/m);
    });
  });

  it('pages forward past the start too: a period longer than any page, requests counted', { timeout: 180_000 }, async () => {
    for (const dialect of ['binance-usdm', 'hyperliquid'] as const) {
      const started = await startAt(dialect);
      sim = started.sim;
      const start = started.minute;
      // The venue's clock three days on: its minutes since the start are flat bars without trades.
      await sim.control.jumpClock(3 * 1440 * MINUTE);
      const from = start - 1500 * MINUTE;
      const to = start + 3 * 1440 * MINUTE - 60 * MINUTE;
      const bars = (to - from) / MINUTE;
      const symbol = venueDescriptor(dialect).defaultSymbol;
      const r = await run(['--symbol', symbol, '--venue', dialect, '--sim-url', sim.restUrl, '--from', iso(from), '--to', iso(to), '--timeframes', '1m']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const page = PAGE[dialect]!.page;
      expect(requestsOf(r.stdout, '1m')).toEqual({ bars, requests: Math.ceil(bars / page), page });
      await sim.close();
      sim = undefined;
    }
  });

  it("pages Coinbase's four-hour bars, rolled up from its hours, 75 a request", { timeout: 120_000 }, async () => {
    const started = await startAt('coinbase');
    sim = started.sim;
    const to = Math.floor(started.minute / (240 * MINUTE)) * 240 * MINUTE;
    const from = to - 60 * 1440 * MINUTE;
    const r = await run(['--symbol', 'BTC-USD', '--venue', 'coinbase', '--sim-url', sim.restUrl, '--from', iso(from), '--to', iso(to), '--timeframes', '1h,4h']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(requestsOf(r.stdout, '1h')).toEqual({ bars: 1440, requests: 5, page: 300 });
    expect(requestsOf(r.stdout, '4h')).toEqual({ bars: 360, requests: 5, page: 75 });
    expect(r.stdout).not.toContain('sent again');
  });

  it("keeps within Kraken's OHLC limit (a burst of 5, then one a second per pair) by the budget's pool", { timeout: 120_000 }, async () => {
    const started = await startAt('kraken');
    sim = started.sim;
    const to = Math.floor(started.minute / (240 * MINUTE)) * 240 * MINUTE;
    // A year: every one of four timeframes asks twice (its 720 newest, then nothing older): eight
    // OHLC requests in two waves, more than the venue's burst; sent at the budget's one a second.
    const t0 = performance.now();
    const r = await run(['--symbol', 'BTC/USD', '--venue', 'kraken', '--sim-url', sim.restUrl, '--from', iso(to - 366 * 1440 * MINUTE), '--to', iso(to), '--timeframes', '1m,5m,1h,4h']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ {2}4h: 7[12]\d of 2196 bars; missing /);
    expect(r.stderr).not.toContain('sent again');
    expect(performance.now() - t0).toBeGreaterThan(2_000);
  });

  it("refuses a hole inside the period (Coinbase publishes no candle for a minute without trades)", { timeout: 120_000 }, async () => {
    const started = await startAt('coinbase');
    sim = started.sim;
    const start = started.minute;
    await sim.control.jumpClock(120 * MINUTE);
    await sim.control.tick(3);
    const r = await run(['--symbol', 'BTC-USD', '--venue', 'coinbase', '--sim-url', sim.restUrl, '--from', iso(start - 60 * MINUTE), '--to', iso(start + 100 * MINUTE), '--timeframes', '1m']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`1m: \\d+ of 160 bars; missing ${iso(start)}Z → `));
  });

  it('with nothing configured, reads a local venue it starts for the run, as the cockpit does', { timeout: 120_000 }, async () => {
    const to = Math.floor(Date.now() / (240 * MINUTE)) * 240 * MINUTE;
    const r = await run(['--symbol', 'BTCUSDT', '--from', iso(to - 2 * 1440 * MINUTE), '--to', iso(to), '--timeframes', '1h,4h']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^klines: binance-usdm sim: a local venue started for this run at http:\/\/127\.0\.0\.1:\d+ .*: 1h 48 bars in 1 request, 4h 12 bars in 1 request$/);
  });

  it("--account reads where a profile account points, its key never read", { timeout: 120_000 }, async () => {
    const started = await startAt('okx');
    sim = started.sim;
    const to = started.minute;
    const r = await run(['--symbol', 'BTC-USDT-SWAP', '--account', 'swaps', '--sim-url', sim.restUrl, '--from', iso(to - 120 * MINUTE), '--to', iso(to), '--timeframes', '1m']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`klines: okx sim: the local venue at ${sim.restUrl} (account swaps), over REST`);
    expect(r.stdout).toContain("(OKX Swaps's base tier)");
    const other = await run(['--symbol', 'BTCUSDT', '--account', 'swaps', '--venue', 'bybit', '--sim-url', sim.restUrl]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--account 'swaps' is on okx, but --venue bybit was given/);
  });

  it('a venue that is down: exit 1, naming the address', { timeout: 60_000 }, async () => {
    const r = await run(['--symbol', 'BTCUSDT', '--sim-url', 'http://127.0.0.1:9', '--from', '2d', '--timeframes', '1h']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^quantdeck backtest: reading BTCUSDT klines from binance-usdm sim: the local venue at http:\/\/127\.0\.0\.1:9: /);
  });

  it('refuses bad flags with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--symbol', 'BTCUSDT', '--timeframes', '1m,2m'], /--timeframes: '2m' is not a list of 1m, 5m, 1h, 4h, 1d/],
      [['--symbol', 'BTCUSDT', '--from', '3x'], /--from: '3x' is not a date/],
      [['--symbol', 'BTCUSDT', '--from', '2d', '--to', '3d'], /must be before --to/],
      [['--symbol', 'BTCUSDT', '--sim-url', 'http://10.0.0.1:80'], /--sim-url must be the local venue's http\(s\):\/\/127\.0\.0\.1:PORT/],
      [['--symbol', 'BTCUSDT', '--sim-url', 'http://127.0.0.1:80', '--env', 'testnet'], /--sim-url is the local venue's address; it goes with --env sim/],
      [['--symbol', 'BTCUSDT', '--seed', '1', '--env', 'testnet'], /--seed runs on the local venue's price model/],
      [['--symbol', 'BTCUSDT', '--env', 'staging'], /--env: 'staging' is not one of sim, testnet, demo, mainnet/],
      [['--symbol', 'BTCUSDT', '--account', 'nobody'], /--account: no account 'nobody' in the profile/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('through the launcher, against `quantdeck sim --dialect okx` in its own process', { timeout: 180_000 }, async () => {
    const before = Math.floor(Date.now() / MINUTE) * MINUTE;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--dialect', 'okx', '--seed', SEED], { cwd: ROOT });
    try {
      const rest = await new Promise<string>((done, fail) => {
        let out = '';
        child.once('exit', (code) => fail(new Error(`quantdeck sim exited ${code}: ${out}`)));
        child.stdout.on('data', (d) => {
          out += d;
          const url = /^sim listening rest=(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
          if (url !== undefined) done(url);
        });
      });
      const to = before;
      const from = to - 600 * MINUTE;
      const r = await outputOf(
        spawn(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'backtest', 'trend-follow', '--symbol', 'BTC-USDT-SWAP', '--venue', 'okx', '--sim-url', rest, '--from', iso(from), '--to', iso(to)], { cwd: ROOT, env: process.env }),
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`klines: okx sim: the local venue at ${rest}, over REST`);
      expect(requestsOf(r.stdout, '1m')).toEqual({ bars: 600, requests: 2, page: 300 });
      expect(r.stdout.split('\n').filter((l) => /^(1m|5m|1h|4h|1d|aggregate) /.test(l))).toHaveLength(6);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
