// `quantdeck backtest NAME`: a strategy of the profile (signals.strategies) or a kind, with --param
// fixing one of its parameters; a fixed param walks other rules than the kind's whole grid and
// prints another table, the same params the same table.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/backtest.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-backtest-strategies-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'config', 'quantdeck'), { recursive: true });
writeFileSync(
  join(dir, 'config', 'quantdeck', 'profile.json'),
  JSON.stringify({ version: 1, keys: {}, accounts: {}, signals: { strategies: [{ name: 'wide', kind: 'breakout', params: { lookback: 7, targetAtr: 6 }, timeframes: ['1h', '4h'] }] } }),
);

const SPAN = ['--symbol', 'BTCUSDT', '--seed', '5', '--from', '2026-10-01', '--to', '2026-10-08'];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    now: () => Date.UTC(2026, 11, 7, 15, 30),
    env,
  });
  return { code, stdout, stderr };
}

const table = (out: string) => out.split('\n').filter((l) => /^(1m|5m|1h|4h|1d|aggregate) /.test(l));

describe('quantdeck backtest with named strategies and --param', () => {
  it('a --param prints another table than the default; the same params the same table', { timeout: 240_000 }, async () => {
    const plain = await run(['breakout', ...SPAN, '--timeframes', '1h,4h']);
    const fixed = await run(['breakout', ...SPAN, '--timeframes', '1h,4h', '--param', 'lookback=7', '--param', 'targetAtr=6']);
    const again = await run(['breakout', ...SPAN, '--timeframes', '1h,4h', '--param', 'targetAtr=6', '--param', 'lookback=7']);
    for (const r of [plain, fixed, again]) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(table(plain.stdout)).toHaveLength(3);
    expect(table(fixed.stdout)).not.toEqual(table(plain.stdout));
    expect(again.stdout).toBe(fixed.stdout);
    expect(fixed.stdout).toContain('params: lookback=7, targetAtr=6 fixed');
    expect(fixed.stdout).toContain('best of 4 parameter sets');
    expect(plain.stdout).toContain('best of 24 parameter sets');
    // The profile's strategy of those params: its timeframes, the same table.
    const named = await run(['wide', ...SPAN]);
    expect(named).toMatchObject({ code: 0, stderr: '' });
    expect(named.stdout.split('\n')[0]).toBe('quantdeck backtest wide (breakout) BTCUSDT on binance-usdm, 2026-10-01 → 2026-10-08');
    expect(table(named.stdout)).toEqual(table(fixed.stdout));
    // A --param over the profile's: another table again.
    const over = await run(['wide', ...SPAN, '--param', 'lookback=30']);
    expect(over.code).toBe(0);
    expect(over.stdout).toContain('params: lookback=30, targetAtr=6 fixed');
    expect(table(over.stdout)).not.toEqual(table(named.stdout));
  });

  it('refuses a name that is neither, and a bad --param, naming the key', async () => {
    const cases: [string[], string][] = [
      [['scalping', ...SPAN], "STRATEGY: 'scalping' is not a kind (trend-follow, breakout, mean-reversion), nor one of the profile's strategies (wide)"],
      [['breakout', ...SPAN, '--param', 'lookbak=3'], '--param params.lookbak: not a parameter of breakout (lookback, stopAtr, targetAtr, maxBars)'],
      [['breakout', ...SPAN, '--param', 'lookback=0'], '--param params.lookback: expected a whole number from 2 to 1000, got 0'],
      [['breakout', ...SPAN, '--param', 'lookback=ten'], '--param params.lookback: expected a whole number from 2 to 1000, got "ten"'],
      [['breakout', ...SPAN, '--param', 'lookback'], '--param: expected KEY=VALUE'],
      [['trend-follow', ...SPAN, '--param', 'fast=90', '--param', 'slow=40'], '--param: params.fast: expected below params.slow (40), got 90'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    }
  });
});
