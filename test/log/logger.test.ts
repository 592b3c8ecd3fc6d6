import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { openLogger } from '../../src/log/logger.js';
import { registerSecret } from '../../src/log/secret-registry.js';
import { logFilePath } from '../../src/log/xdg.js';

const dirs: string[] = [];
function tempEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'qd-log-'));
  dirs.push(dir);
  return { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir };
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function records(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('file logger', () => {
  it('writes JSON lines to $XDG_STATE_HOME/quantdeck/quantdeck.log, mode 0600', () => {
    const env = tempEnv();
    const log = openLogger({ env, level: 'info' });
    expect(log.file).toBe(join(env['XDG_STATE_HOME'] as string, 'quantdeck', 'quantdeck.log'));
    expect(log.file).toBe(logFilePath(env));
    log.logger.info({ venue: 'binance' }, 'connected');
    log.close();
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
    expect(records(log.file)).toMatchObject([{ level: 30, venue: 'binance', msg: 'connected' }]);
  });

  it('filters below the level without building the line', () => {
    const env = tempEnv();
    const log = openLogger({ env, level: 'info' });
    let built = 0;
    const expensive = {
      toJSON() {
        built += 1;
        return 'x';
      },
    };
    log.logger.debug({ expensive }, 'hidden');
    log.close();
    expect(built).toBe(0);
    expect(readFileSync(log.file, 'utf8')).toBe('');
  });

  it('takes its level from QUANTDECK_LOG_LEVEL and names a bad value in the log', () => {
    const env = { ...tempEnv(), QUANTDECK_LOG_LEVEL: 'loud' };
    const log = openLogger({ env });
    log.logger.debug('not written');
    log.close();
    const lines = records(log.file);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, value: 'loud' });
    const debugEnv = { ...tempEnv(), QUANTDECK_LOG_LEVEL: 'debug' };
    const debugLog = openLogger({ env: debugEnv });
    debugLog.logger.debug('written');
    debugLog.close();
    expect(records(debugLog.file)).toMatchObject([{ level: 20, msg: 'written' }]);
  });

  it('censors secret-bearing headers and fields at any depth, and registered secrets anywhere', () => {
    const env = tempEnv();
    const raw = 'planted-secret-Zq8x0PLmW2vT4r';
    registerSecret(new Secret(raw, 'test secret'));
    const log = openLogger({ env, level: 'debug' });
    log.logger.debug(
      {
        headers: { 'X-MBX-APIKEY': 'header-key-value-1', 'ok-access-passphrase': 'pass-value-22' },
        params: { symbol: 'BTCUSDT', signature: 'f00dfeed' },
        note: `free text with ${raw} and ${Buffer.from(raw).toString('base64')} inside`,
        url: '/fapi/v1/order?symbol=BTCUSDT&signature=0123456789abcdef',
        a: { b: { c: { d: { passphrase: 'deep-pass-value-3' } } } },
        wire: new Headers({ 'OK-ACCESS-KEY': 'okx-key-value-44' }),
      },
      `request with ${Buffer.from(raw).toString('hex')}`,
    );
    log.logger.error(new Error(`boom ${raw}`), 'failed');
    log.close();
    const text = readFileSync(log.file, 'utf8');
    for (const needle of [
      raw,
      Buffer.from(raw).toString('base64'),
      Buffer.from(raw).toString('hex'),
      'header-key-value-1',
      'pass-value-22',
      'f00dfeed',
      '0123456789abcdef',
      'deep-pass-value-3',
      'okx-key-value-44',
    ]) {
      expect(text).not.toContain(needle);
    }
    const [first, second] = records(log.file);
    expect(first).toMatchObject({ params: { symbol: 'BTCUSDT', signature: '[redacted]' } });
    expect(second).toMatchObject({ level: 50, err: { type: 'Error', message: 'boom [redacted]' } });
  });
});
