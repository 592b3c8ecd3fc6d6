/**
 * The journal's files on a real disk: size rotation (how many files, how big, the newest kept),
 * a torn last line (skipped and reported; the next writer starts on a line of its own), a writer
 * killed with SIGKILL mid-stream (every line it finished is read back, in order), and a planted
 * secret that never reaches the file.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/journal.js';
import { SecretScrubber } from '../../src/core/redact.js';
import { Secret } from '../../src/core/secret.js';
import { JOURNAL_FILE, JournalFile, journalFiles, readJournal } from '../../src/engine/journal-file.js';
import { scanForSecrets } from '../support/secret-scan.js';
import { until } from '../support/until.js';

const ROOT = resolve(import.meta.dirname, '../..');
const base = mkdtempSync(join(tmpdir(), 'qd-journal-file-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(base, `d${++dirs}`, 'quantdeck');

function record(n: number, over: Partial<JournalRecord> = {}): JournalRecord {
  return {
    v: 1,
    at: new Date(Date.UTC(2026, 11, 7, 10, 0, 0, n)).toISOString(),
    account: 'desk-a',
    venue: 'binance-usdm',
    env: 'testnet',
    event: 'intent',
    clientOrderId: `qd${n}`,
    intent: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price: '60000', reduceOnly: false, postOnly: false },
    ...over,
  };
}

describe('the journal file', () => {
  it('appends one JSON line per step and reads them back; the folder and file are private', () => {
    const dir = freshDir();
    const j = new JournalFile(dir);
    for (let n = 1; n <= 3; n++) j.append(record(n));
    j.close();
    const text = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    expect(readJournal(dir)).toEqual({ records: [record(1), record(2), record(3)], audits: [], problems: [] });
    expect(statSync(join(dir, JOURNAL_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('rotates by size: at most `keep` files, none past the cap, lines never split, the newest steps kept in order', () => {
    const dir = freshDir();
    const j = new JournalFile(dir, { maxBytes: 2048, keep: 3 });
    const total = 200;
    for (let n = 1; n <= total; n++) j.append(record(n));
    j.close();
    expect(j.rotations).toBeGreaterThan(3);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['journal.1.jsonl', 'journal.2.jsonl', 'journal.jsonl']);
    for (const f of files) {
      expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(2048);
      expect(readFileSync(join(dir, f), 'utf8').endsWith('\n')).toBe(true);
    }
    const { records, problems } = readJournal(dir, 3);
    expect(problems).toEqual([]);
    const ids = records.map((r) => Number(r.clientOrderId.slice(2)));
    // Contiguous up to the last one written: what was dropped is the oldest only.
    expect(ids.at(-1)).toBe(total);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => total - ids.length + 1 + i));
    expect(ids.length).toBeGreaterThan(10);
    expect(journalFiles(dir, 3).map((f) => f.slice(dir.length + 1))).toEqual(['journal.2.jsonl', 'journal.1.jsonl', 'journal.jsonl']);
  });

  it('two writers on one journal (two cockpits): each follows the other\'s rotation; no line lost or doubled, no file past the cap', () => {
    const dir = freshDir();
    const a = new JournalFile(dir, { maxBytes: 2048, keep: 100 });
    const b = new JournalFile(dir, { maxBytes: 2048, keep: 100 });
    for (let n = 1; n <= 300; n++) (n % 3 === 0 ? b : a).append(record(n));
    a.close();
    b.close();
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(2048);
    const { records, problems } = readJournal(dir, 100);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.clientOrderId)).toEqual(Array.from({ length: 300 }, (_, i) => `qd${i + 1}`));
    // In the files themselves too, oldest file first: each writer's next line went to the current file.
    const raw = journalFiles(dir, 100).flatMap((f) => readFileSync(f, 'utf8').trimEnd().split('\n'));
    expect(raw.map((l) => (JSON.parse(l) as JournalRecord).clientOrderId)).toEqual(records.map((r) => r.clientOrderId));
  });

  it('a torn last line is skipped and reported; the next writer starts on a new line and nothing good is lost', () => {
    const dir = freshDir();
    const j = new JournalFile(dir);
    j.append(record(1));
    j.append(record(2));
    j.close();
    // What a write cut short leaves: the start of a line, no line end.
    const whole = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    appendFileSync(join(dir, JOURNAL_FILE), JSON.stringify(record(3)).slice(0, 57));
    const torn = readJournal(dir);
    expect(torn.records.map((r) => r.clientOrderId)).toEqual(['qd1', 'qd2']);
    expect(torn.problems).toEqual(['journal.jsonl: skipped a torn last line (line 3: a write cut short by a crash)']);

    const again = new JournalFile(dir);
    again.append(record(4));
    again.close();
    const text = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    expect(text.startsWith(whole)).toBe(true);
    expect(text.split('\n')).toHaveLength(5);
    const after = readJournal(dir);
    expect(after.records.map((r) => r.clientOrderId)).toEqual(['qd1', 'qd2', 'qd4']);
    expect(after.problems).toEqual([
      "journal.jsonl: skipped 1 unreadable line(s) (an earlier crash's cut-short write, or not a journal line): 3",
    ]);
  });

  it('a writer killed with SIGKILL mid-stream: every line it finished reads back, in order, and at most the last is torn', async () => {
    const dir = freshDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { JournalFile } from ${JSON.stringify(join(ROOT, 'src/engine/journal-file.ts'))};
         const j = new JournalFile(${JSON.stringify(dir)}, { maxBytes: 64 * 1024, keep: 4 });
         const reason = 'x'.repeat(400);
         for (let n = 1; ; n++) j.append({ v: 1, at: new Date().toISOString(), account: 'a', venue: 'v', env: 'sim', event: 'sent', clientOrderId: 'qd' + n, send: 1, reason });`,
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
    try {
      // Killed while it writes, past at least one rotation.
      await until(() => journalFiles(dir, 4).length >= 3, 'the child writing past two rotations');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((done) => child.once('exit', done));
    const { records, problems } = readJournal(dir, 4);
    const ids = records.map((r) => Number(r.clientOrderId.slice(2)));
    // Three files of 64 KiB hold a few hundred of these lines; the oldest go with rotation, never one in between.
    expect(ids.length).toBeGreaterThan(200);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0]! + i));
    expect(problems.filter((p) => !p.includes('torn last line'))).toEqual([]);
    // A writer that starts after the crash adds to it cleanly.
    const next = new JournalFile(dir, { maxBytes: 64 * 1024, keep: 4 });
    next.append(record(1_000_000, { at: new Date().toISOString() }));
    next.close();
    const resumed = readJournal(dir, 4);
    expect(resumed.records.at(-1)?.clientOrderId).toBe('qd1000000');
    expect(resumed.records.length).toBe(records.length + 1);
  }, 120_000);

  it('a planted secret (registered, in a reason, as a signature, under a secret field) never reaches the file; terminal controls are escaped', () => {
    const dir = freshDir();
    const secret = 'Zk3pQ9vW2xL7mN4bT8cR1yH6jF5gD0sA';
    const scrubber = new SecretScrubber();
    scrubber.register(new Secret(secret, 'planted'));
    const j = new JournalFile(dir, { scrub: (t) => scrubber.scrub(t) });
    const sig = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    j.append(record(1, { event: 'rejected', reason: `echoed ${secret} and ${Buffer.from(secret).toString('base64')} signature=${sig} \u001b]52;c;aGk=\u0007` }));
    j.append({ ...record(2), ...({ apiSecret: secret } as object) } as JournalRecord);
    j.close();
    const text = readFileSync(join(dir, JOURNAL_FILE));
    expect(scanForSecrets([{ name: 'journal', text }], [{ label: 'planted', value: secret }, { label: 'signature', value: sig }])).toEqual([]);
    const raw = text.toString('utf8');
    expect(raw).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const back = readJournal(dir).records;
    expect(back[0]?.reason).toContain('echoed [redacted]');
    expect(back[0]?.reason).toContain('\u001b]52');
    expect((back[1] as unknown as Record<string, unknown>)['apiSecret']).toBe('[redacted]');
  });
});
