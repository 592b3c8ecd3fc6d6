/**
 * The signal stack's audit lines beside the order journal, written by the real writer: they go to
 * their own file (`audit.jsonl`), so however many there are the order steps keep their retention; a
 * restart's recovery never sees one, the default `quantdeck journal` table is the orders' alone, and
 * `--audit` prints them (and those an older journal holds among its steps), a model's hostile words
 * neutralised and a decision naming the client ids it produced.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/core/journal.js';
import type { AuditRecord } from '../../src/core/journal-audit.js';
import { journalStanding } from '../../src/core/journal-recovery.js';
import type { Proposal } from '../../src/core/signals/types.js';
import { JournalFile, readAudit, readJournal } from '../../src/engine/journal-file.js';
import { quantdeckStateDir } from '../../src/log/xdg.js';
import { outputOf } from '../support/child-output.js';
import { isolatedHome } from '../support/isolated-home.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { env } = isolatedHome('qd-journal-audit-');
const stateDir = quantdeckStateDir(env);
const quantdeck = (args: string[]) => outputOf(spawn(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'journal', ...args], { cwd: ROOT, env }));

const stamp = { v: 1 as const, account: 'demo', venue: 'binance-usdm', env: 'sim' };
const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();

const proposal: Proposal = {
  id: 'demo-p1',
  strategy: 'trend-follow',
  action: 'apply',
  symbol: 'BTCUSDT',
  orders: [{ account: 'demo', symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '100000', reduceOnly: false }],
  reason: 'gate passes on 1m',
  status: 'open',
  at: 0,
};

describe('audit lines in the journal', () => {
  it('are set aside by the order reader, never reach recovery, and print with --audit', { timeout: 180_000 }, async () => {
    const j = new JournalFile(stateDir);
    j.append({ ...stamp, at: at(0), event: 'intent', clientOrderId: 'qdX1', intent: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '100000', reduceOnly: false, postOnly: false } });
    const audits: AuditRecord[] = [
      {
        ...stamp,
        at: at(1),
        audit: {
          kind: 'signal',
          signal: { symbol: 'BTCUSDT', side: 'buy', confidence: 0.7, horizon: '1m', entry: '100000', stop: '99000', target: '102000', rationale: 'up \u001b[2J trend', source: 'llm' },
        },
      },
      { ...stamp, at: at(2), audit: { kind: 'proposal', proposal } },
      { ...stamp, at: at(3), audit: { kind: 'decision', proposalId: 'demo-p1', decision: 'accepted', clientOrderIds: ['qdX1'] } },
    ];
    for (const a of audits.slice(1)) j.appendAudit(a);
    j.close();
    // A journal from before the audit had a file of its own holds its lines among the steps: still read.
    appendFileSync(join(stateDir, 'journal.jsonl'), `${JSON.stringify(audits[0])}\n`);

    const parsed = parseJournal(readFileSync(join(stateDir, 'journal.jsonl'), 'utf8'));
    expect(parsed.skipped).toEqual([]);
    expect(parsed.records.map((r) => r.clientOrderId)).toEqual(['qdX1']);
    expect(parsed.audits.map((a) => a.audit.kind)).toEqual(['signal']);
    const own = parseJournal(readFileSync(join(stateDir, 'audit.jsonl'), 'utf8'));
    expect(own.records).toEqual([]);
    expect(own.audits.map((a) => a.audit.kind)).toEqual(['proposal', 'decision']);
    // Recovery reads the order records only: the intent is in flight, nothing else is.
    const standing = journalStanding(readJournal(stateDir).records, { account: 'demo', venue: 'binance-usdm', env: 'sim' });
    expect(standing.inFlight.map((i) => i.clientOrderId)).toEqual(['qdX1']);
    expect([...standing.journaledIds]).toEqual(['qdX1']);

    const orders = await quantdeck([]);
    expect(orders).toMatchObject({ code: 0, stderr: '' });
    expect(orders.stdout.trimEnd().split('\n')).toHaveLength(2);

    const audit = await quantdeck(['--audit', '--account', 'demo']);
    expect(audit).toMatchObject({ code: 0, stderr: '' });
    const lines = audit.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time\s+account\s+venue\s+kind\s+what$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/signal\s+llm buy BTCUSDT 1m entry 100000 stop 99000 target 102000/);
    expect(lines[2]).toMatch(/proposal\s+demo-p1 apply trend-follow BTCUSDT open/);
    expect(lines[3]).toMatch(/decision\s+demo-p1 accepted → qdX1$/);
    expect(audit.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect((await quantdeck(['--audit', '--account', 'other'])).stdout).toBe('no audit lines match: the signal stack wrote none yet\n');
  });

  it("keep the order steps' retention: a flood of audit lines rotates its own file, not the journal's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'qd-audit-rotation-'));
    const j = new JournalFile(dir, { maxBytes: 1024, keep: 2 });
    j.append({ ...stamp, at: at(0), event: 'intent', clientOrderId: 'qdKept', intent: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '100000', reduceOnly: false, postOnly: false } });
    for (let i = 0; i < 40; i++) j.appendAudit({ ...stamp, at: at(1 + i / 100), audit: { kind: 'decision', proposalId: `demo-p${i}`, decision: 'declined', clientOrderIds: [] } });
    j.close();
    // Two files of 1 KiB hold a handful of these lines: without a file of its own the step would be gone.
    expect(readJournal(dir, 2).records.map((r) => r.clientOrderId)).toEqual(['qdKept']);
    const kept = readAudit(dir, 2).audits.map((a) => (a.audit.kind === 'decision' ? a.audit.proposalId : ''));
    expect(kept.length).toBeLessThan(40);
    expect(kept.at(-1)).toBe('demo-p39');
  });
});
