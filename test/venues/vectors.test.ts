import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRecords, runVectorFiles, type VectorReport } from '../vectors/run.js';

const OFFICIAL = 'test/vectors/official.json';
const EXTRA = 'test/vectors/extra.json';
const scratch = mkdtempSync(join(tmpdir(), 'quantdeck-vectors-'));

function runCli(...files: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/vectors/run.ts', ...files], {
    encoding: 'utf8',
  });
}

function freshReport(): VectorReport {
  return { lines: [], passed: 0, failed: 0 };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('signing vectors', () => {
  it('passes every record of the project copies, each with a source', () => {
    const report = runVectorFiles([OFFICIAL, EXTRA]);
    expect(report.failed, report.lines.filter((l) => l.startsWith('FAIL')).join('\n')).toBe(0);
    expect(report.passed).toBe(50);
    for (const file of [OFFICIAL, EXTRA]) {
      const records = JSON.parse(readFileSync(file, 'utf8')) as Array<{ source?: string }>;
      for (const r of records) expect(r.source).toMatch(/\S/);
    }
  });

  it('prints one line per record and the tally last, exit 0', () => {
    const result = runCli(OFFICIAL);
    const lines = result.stdout.trim().split('\n');
    expect(result.status).toBe(0);
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe('9 passed, 0 failed');
  });

  it('fails corrupted records and an unknown kind, and exits non-zero', () => {
    const records = JSON.parse(readFileSync(OFFICIAL, 'utf8')) as Array<Record<string, unknown>>;
    records[0]!.expected = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b72';
    const params = records[1]!.params as string[][];
    params[0]![1] = '１２３４５７';
    records.push({ kind: 'mystery.scheme', expected: '' });
    const file = join(scratch, 'corrupted.json');
    writeFileSync(file, JSON.stringify(records));
    const result = runCli(file);
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('7 passed, 3 failed');
    expect(result.stdout).toMatch(/FAIL corrupted\.json#9 mystery\.scheme: unknown kind mystery\.scheme/);
    expect(result.stdout).toMatch(/FAIL corrupted\.json#0 binance\.rest\.hmac: signature/);
    expect(result.stdout).toMatch(/FAIL corrupted\.json#1 binance\.rest\.hmac: payload/);
  });

  it('takes Bybit\'s expires and timestamps as JSON numbers or their digits, nothing else', () => {
    // Expected values from node:crypto directly, not from the signer under test.
    const hex = (text: string) => createHmac('sha256', 'vector-secret').update(text).digest('hex');
    const report = freshReport();
    checkRecords(
      'inline',
      [
        { kind: 'bybit.ws.auth', secret: 'vector-secret', expires: 1662350400000, expected: hex('GET/realtime1662350400000') },
        { kind: 'bybit.ws.auth', secret: 'vector-secret', expires: '1662350400000', expected: hex('GET/realtime1662350400000') },
        { kind: 'bybit.rest', secret: 'vector-secret', timestamp: 1658385579423, apiKey: 'K', recvWindow: 5000, payload: 'category=linear', expected: hex('1658385579423K5000category=linear') },
        { kind: 'bybit.ws.auth', secret: 'vector-secret', expires: 1.5, expected: 'x' },
      ],
      report,
    );
    expect(report.lines.slice(0, 3).every((l) => !l.startsWith('FAIL')), report.lines.join('\n')).toBe(true);
    expect([report.passed, report.failed]).toEqual([3, 1]);
    expect(report.lines[3]).toMatch(/field expires must be a whole number/);
  });

  it('counts an unknown kind, a missing field and an unreadable file as failures', () => {
    const report = freshReport();
    checkRecords(
      'inline',
      [{ kind: 'nobody.knows', expected: 'x' }, { kind: 'okx.ws.login', expected: 'x' }, 42],
      report,
    );
    expect(report.failed).toBe(3);
    expect(report.lines[0]).toMatch(/unknown kind nobody\.knows/);
    expect(report.lines[1]).toMatch(/field secret must be a string/);
    const missing = runVectorFiles([join(scratch, 'absent.json')]);
    expect(missing.failed).toBe(1);
  });
});
