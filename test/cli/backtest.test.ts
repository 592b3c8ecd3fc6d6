/**
 * `quantdeck backtest`: through the real launcher, the same seed prints the same table and another
 * seed a different one; in process, every refusal (unknown strategy, venue or symbol, bad dates,
 * --from not before --to, a period too long) with its exit code, and the table's shape. Without
 * --seed: test/cli/backtest-history.test.ts.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseDate, simSymbolFor } from '../../src/cli/backtest.js';
import { outputOf } from '../support/child-output.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEEK = ['--from', '2026-10-01', '--to', '2026-10-08'];

const quantdeck = (args: string[]) => outputOf(spawn(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'backtest', ...args], { cwd: ROOT, env: process.env }));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    now: () => Date.UTC(2026, 11, 7, 15, 30),
  });
  return { code, stdout, stderr };
}

describe('quantdeck backtest', () => {
  it('the same seed prints the same table, another seed a different one', { timeout: 240_000 }, async () => {
    const [a, b, c] = await Promise.all([
      quantdeck(['trend-follow', '--symbol', 'BTCUSDT', '--seed', '11', ...WEEK]),
      quantdeck(['trend-follow', '--symbol', 'BTCUSDT', '--seed', '11', ...WEEK]),
      quantdeck(['trend-follow', '--symbol', 'BTCUSDT', '--seed', '12', ...WEEK]),
    ]);
    for (const r of [a, b, c]) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const table = (out: string) => out.split('\n').filter((l) => /^(1m|5m|1h|4h|1d|aggregate) /.test(l));
    expect(table(a.stdout)).toHaveLength(6);
    expect(table(c.stdout)).not.toEqual(table(a.stdout));
  });

  it('prints the walk-forward table: each timeframe, the aggregate, the costs and the verdicts', { timeout: 120_000 }, async () => {
    const r = await run(['breakout', '--symbol', 'BTC-USDT-SWAP', '--venue', 'okx', '--seed', 'x', ...WEEK]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe("quantdeck backtest breakout BTC-USDT-SWAP (the local venue's BTCUSDT) on okx, 2026-10-01 → 2026-10-08");
    expect(r.stdout).toContain('taker fee 0.050 % per fill (OKX');
    expect(r.stdout).toContain('slippage 0.020 % per market fill');
    expect(r.stdout).toMatch(/^timeframe\s+bars\s+in-sample EV %\s+trades\s+out-of-sample EV %\s+95 % interval\s+trades\s+gate$/m);
    // A week: the local venue's last 1,500 one- and five-minute bars, 168 hours, 42 four-hour bars, 7 days.
    for (const [tf, bars] of [['1m', 1500], ['5m', 1500], ['1h', 168], ['4h', 42], ['1d', 7]] as const)
      expect(r.stdout).toMatch(new RegExp(`^${tf}\\s+${bars}\\s+\\S+\\s+\\d+\\s+\\S+\\s+(\\[.*\\]|—)\\s+\\d+\\s+(pass|fail: .+)$`, 'm'));
    expect(r.stdout).toMatch(/^aggregate\s+\S+\s+\[.*\]\s+\d+\s+(pass|fail: .+)$/m);
    expect(r.stdout).toMatch(/^passes: /m);
  });

  it('a venue with a dearer fee charges it', { timeout: 120_000 }, async () => {
    const r = await run(['mean-reversion', '--symbol', 'ETHUSDT', '--venue', 'coinbase', '--seed', '3', '--from', '2026-10-01', '--to', '2026-10-03']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('taker fee 1.200 % per fill (Coinbase');
  });

  it('refuses bad input with a clear line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['scalping', '--symbol', 'BTCUSDT', '--seed', '1'], /STRATEGY: 'scalping' is not a kind \(trend-follow, breakout, mean-reversion\)/],
      [['breakout', '--seed', '1'], /--symbol is required/],
      [['breakout', '--symbol', 'BTCUSDT', '--seed', '1', '--from', '2026-02-30'], /--from: '2026-02-30' is not a date/],
      [['breakout', '--symbol', 'BTCUSDT', '--seed', '1', '--to', 'yesterday'], /--to: 'yesterday' is not a date/],
      [['breakout', '--symbol', 'BTCUSDT', '--seed', '1', '--from', '2026-10-08', '--to', '2026-10-01'], /--from \(2026-10-08T00:00:00.000Z\) must be before --to/],
      [['breakout', '--symbol', 'BTCUSDT', '--seed', '1', '--from', '2026-10-01', '--to', '2026-10-01'], /must be before --to/],
      [['breakout', '--symbol', 'BTCUSDT', '--seed', '1', '--from', '2024-01-01', '--to', '2026-01-01'], /at most 366/],
      [['breakout', '--symbol', 'BTCUSDT', '--venue', 'nasdaq', '--seed', '1'], /--venue: 'nasdaq' is not one of binance-usdm/],
      [['breakout', '--symbol', 'DOGEUSDT', '--seed', '1'], /--symbol: 'DOGEUSDT' is not one the local venue lists \(BTCUSDT, ETHUSDT/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('reads dates as UTC, whole or to the minute', () => {
    expect(parseDate('2026-10-01')).toBe(Date.UTC(2026, 9, 1));
    expect(parseDate('2026-10-01T12:30')).toBe(Date.UTC(2026, 9, 1, 12, 30));
    expect(parseDate('2026-10-01T12:30:15Z')).toBe(Date.UTC(2026, 9, 1, 12, 30, 15));
    for (const bad of ['2026-13-01', '2026-10-32', '2026-10-01T24:00', '2026-10-01T12:60', '20261001', '']) expect(parseDate(bad), bad).toBeUndefined();
  });

  it("finds the local venue's market for a venue's form of a symbol", () => {
    expect(simSymbolFor('btcusdt')?.symbol).toBe('BTCUSDT');
    expect(simSymbolFor('ETH-USDT-SWAP')?.symbol).toBe('ETHUSDT');
    expect(simSymbolFor('SOL')?.symbol).toBe('SOLUSDT');
    expect(simSymbolFor('XRP/USD')?.symbol).toBe('XRPUSDT');
    expect(simSymbolFor('DOGE')).toBeUndefined();
  });
});
