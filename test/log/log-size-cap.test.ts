// The log file's size cap (src/log/rotating-file.ts): however much is logged, the file stays under
// its cap, one older file is kept beside it, no line is split, and the newest line is in the file.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLogger } from '../../src/log/logger.js';
import { RotatingFile } from '../../src/log/rotating-file.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qd-logcap-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

describe('log size cap', () => {
  it('a logger writing 50x its cap keeps the file and its one older copy under the cap, whole JSON lines only', () => {
    const file = join(tempDir(), 'quantdeck.log');
    const maxBytes = 64 * 1024;
    const log = openLogger({ file, level: 'info', maxBytes });
    const n = 20_000; // ~160 bytes a line: about 3.2 MB, 50 caps
    for (let i = 0; i < n; i++) log.logger.info({ seq: i, price: '64210.5', qty: '0.001' }, 'fill');
    log.close();
    expect(statSync(file).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(maxBytes);
    expect(existsSync(`${file}.2`)).toBe(false);
    const current = lines(file).map((l) => JSON.parse(l) as { seq: number });
    const older = lines(`${file}.1`).map((l) => JSON.parse(l) as { seq: number });
    expect(current.at(-1)?.seq).toBe(n - 1);
    // The two files hold the newest lines, in order, with none missing at the seam.
    expect(older.at(-1)!.seq + 1).toBe(current[0]!.seq);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('counts what the file held before it was opened (a restart does not reset the cap)', () => {
    const file = join(tempDir(), 'quantdeck.log');
    writeFileSync(file, `${'x'.repeat(2000)}\n`);
    const out = new RotatingFile(file, 2048);
    out.write(`${'y'.repeat(100)}\n`);
    out.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'x'.repeat(2000)}\n`);
    expect(readFileSync(file, 'utf8')).toBe(`${'y'.repeat(100)}\n`);
  });

  it('refuses to open a log path that is a symlink, and a cap too small to hold a line', () => {
    const dir = tempDir();
    const target = join(dir, 'elsewhere');
    writeFileSync(target, '');
    symlinkSync(target, join(dir, 'quantdeck.log'));
    expect(() => new RotatingFile(join(dir, 'quantdeck.log'))).toThrow(/ELOOP/);
    expect(() => new RotatingFile(join(dir, 'other.log'), 10)).toThrow('log size cap must be at least 1024 bytes, got 10');
  });

  it('takes the cap from QUANTDECK_LOG_MAX_MB', () => {
    const dir = tempDir();
    const env = { XDG_STATE_HOME: join(dir, 'state'), HOME: dir, QUANTDECK_LOG_MAX_MB: '1' };
    const log = openLogger({ env, level: 'info' });
    const line = 'z'.repeat(1000);
    for (let i = 0; i < 3000; i++) log.logger.info(line);
    log.close();
    expect(statSync(log.file).size).toBeLessThanOrEqual(1024 * 1024);
    expect(statSync(`${log.file}.1`).size).toBeGreaterThan(1000 * 1024 - 2000);
  });
});
