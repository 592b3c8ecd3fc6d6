/**
 * `quantdeck journal` run as a process through the real launcher, over journal files written by
 * the real writer into a throwaway XDG state folder: the table, its filters, a venue's hostile
 * text neutralised, a torn last line reported on stderr, a bad --since refused.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/journal.js';
import { JournalFile } from '../../src/engine/journal-file.js';
import { quantdeckStateDir } from '../../src/log/xdg.js';
import { outputOf } from '../support/child-output.js';
import { isolatedHome } from '../support/isolated-home.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { env } = isolatedHome('qd-journal-cli-');
const stateDir = quantdeckStateDir(env);

const quantdeck = (args: string[]) => outputOf(spawn(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'journal', ...args], { cwd: ROOT, env }));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function step(over: Partial<JournalRecord>): JournalRecord {
  return { v: 1, at: minutesAgo(1), account: 'desk-a', venue: 'binance-usdm', env: 'testnet', event: 'intent', clientOrderId: 'qdA1', ...over };
}

describe('quantdeck journal', () => {
  it('prints the steps as a table, filters by --account and --since, neutralises hostile text, reports a torn last line', { timeout: 180_000 }, async () => {
    const empty = await quantdeck([]);
    expect(empty).toMatchObject({ code: 0, stderr: '' });
    expect(empty.stdout).toBe('the journal is empty: no order was placed yet\n');

    mkdirSync(stateDir, { recursive: true });
    const j = new JournalFile(stateDir);
    const intent = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price: '60000', reduceOnly: false, postOnly: true } as const;
    j.append(step({ at: minutesAgo(180), clientOrderId: 'qdOLD1', intent }));
    j.append(step({ at: minutesAgo(179), clientOrderId: 'qdOLD1', event: 'sent', send: 1, validUntil: minutesAgo(178) }));
    j.append(step({ intent }));
    j.append(step({ event: 'sent', send: 1 }));
    j.append(step({ event: 'rejected', reason: 'refused \u001b]0;pwned\u0007\u001b[2K by the venue \u202e' }));
    j.append(step({ account: 'desk-b', venue: 'okx', env: 'live', clientOrderId: 'qdB1', intent: { ...intent, side: 'sell', type: 'market', price: undefined, postOnly: false, reduceOnly: true } as never }));
    j.append(step({ account: 'desk-b', venue: 'okx', env: 'live', clientOrderId: 'qdB1', event: 'acked', state: 'filled', filledQty: '0.002', venueOrderId: '77' }));
    j.close();
    // A write cut short by a crash.
    appendFileSync(join(stateDir, 'journal.jsonl'), '{"v":1,"at":"2026-12-07T10:00:00.000Z","acc');

    const all = await quantdeck([]);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('quantdeck journal: journal.jsonl: skipped a torn last line (line 8: a write cut short by a crash)\n');
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time\s+account\s+venue\s+client id\s+intent\s+outcome$/);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/desk-a\s+binance-usdm testnet\s+qdOLD1\s+buy 0.002 BTCUSDT limit 60000 post-only\s+intent$/);
    expect(lines[2]).toMatch(/qdOLD1 .*sent #1$/);
    expect(lines[7]).toMatch(/desk-b\s+okx\s+qdB1\s+sell 0.002 BTCUSDT market reduce-only\s+acked filled 0.002 \(venue 77\)$/);
    // The venue's words, with every control and bidi character shown, never acted on.
    expect(all.stdout).toContain('rejected: refused \\x1b]0;pwned\\x07\\x1b[2K by the venue \\u{202E}');
    expect(all.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);

    const b = await quantdeck(['--account', 'desk-b']);
    expect(b.stdout.trimEnd().split('\n').slice(1).every((l) => l.includes('desk-b'))).toBe(true);
    expect(b.stdout.trimEnd().split('\n')).toHaveLength(3);

    const recent = await quantdeck(['--since', '1h']);
    expect(recent.stdout).not.toContain('qdOLD1');
    expect(recent.stdout).toContain('qdA1');
    const iso = await quantdeck(['--since', minutesAgo(179.5), '--account', 'desk-a']);
    expect(iso.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[4])).toEqual(['id', 'qdOLD1', 'qdA1', 'qdA1', 'qdA1']);

    const none = await quantdeck(['--account', 'nobody']);
    expect(none).toMatchObject({ code: 0, stdout: 'no journal steps match\n' });
  });

  it('a bad --since is refused with what it may be, exit 2; its text is shown neutralised', { timeout: 120_000 }, async () => {
    const bad = await quantdeck(['--since', 'yesterday\u001b[31m']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain("--since: 'yesterday\\x1b[31m' is not a time; give an ISO 8601 time");
    expect(bad.stderr).toContain('or an age (90s, 30m, 2h, 7d)');
    expect(bad.stderr).not.toContain('\u001b');
    const month = await quantdeck(['--since', '2026-13-45']);
    expect(month.code).toBe(2);
  });
});
