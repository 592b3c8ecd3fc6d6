// The journal's pure half: reading lines (torn and foreign ones skipped, never fatal), --since, the table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeOutcome, filterJournal, type JournalRecord, journalTable, parseJournal, parseSince } from '../../src/core/journal.js';

const rec = (n: number, over: Partial<JournalRecord> = {}): JournalRecord => ({
  v: 1,
  at: new Date(Date.UTC(2026, 11, 7, 10, 0, n)).toISOString(),
  account: 'a',
  venue: 'okx',
  env: 'demo',
  event: 'sent',
  clientOrderId: `c${n}`,
  send: 1,
  ...over,
});
const lines = (...rs: JournalRecord[]) => rs.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('parseJournal', () => {
  it('reads whole lines; a last line with no line end that is not a record is a torn tail', () => {
    const good = lines(rec(1), rec(2));
    expect(parseJournal(good)).toEqual({ records: [rec(1), rec(2)], audits: [], skipped: [], tornTail: false });
    const torn = parseJournal(`${good}{"v":1,"at":"2026`);
    expect(torn).toEqual({ records: [rec(1), rec(2)], audits: [], skipped: [3], tornTail: true });
    // A complete record that only lacks its line end is kept: nothing of it is missing.
    expect(parseJournal(good + JSON.stringify(rec(3))).records).toHaveLength(3);
    expect(parseJournal('')).toEqual({ records: [], audits: [], skipped: [], tornTail: false });
  });

  it('skips lines that are not records of this version, wherever they are', () => {
    const text = [
      JSON.stringify(rec(1)),
      '{"v":2,"at":"2026-12-07T10:00:00Z"}',
      '[1,2]',
      JSON.stringify({ ...rec(2), event: 'teleported' }),
      JSON.stringify({ ...rec(3), at: 'soon' }),
      JSON.stringify({ ...rec(4), account: 7 }),
      'not json',
      JSON.stringify(rec(5)),
      '',
    ].join('\n');
    expect(parseJournal(text)).toEqual({ records: [rec(1), rec(5)], audits: [], skipped: [2, 3, 4, 5, 6, 7], tornTail: false });
  });

  it('any cut of a journal loses at most the line cut (property)', () => {
    const whole = lines(...Array.from({ length: 8 }, (_, i) => rec(i + 1)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length }), (cut) => {
        const parsed = parseJournal(whole.slice(0, cut));
        const complete = whole.slice(0, cut).split('\n').length - 1;
        expect(parsed.records.map((r) => r.clientOrderId)).toEqual(
          Array.from({ length: parsed.records.length }, (_, i) => `c${i + 1}`),
        );
        expect(parsed.records.length - complete).toBeGreaterThanOrEqual(0);
        expect(parsed.records.length - complete).toBeLessThanOrEqual(1);
        expect(parsed.skipped.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2026, 11, 7, 12, 0, 0);
  it('takes an age or an ISO 8601 time (UTC when no zone is given)', () => {
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('30m', now)).toBe(now - 1_800_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2026-12-07', now)).toBe(Date.UTC(2026, 11, 7));
    expect(parseSince('2026-12-07T09:30', now)).toBe(Date.UTC(2026, 11, 7, 9, 30));
    expect(parseSince('2026-12-07 09:30:15', now)).toBe(Date.UTC(2026, 11, 7, 9, 30, 15));
    expect(parseSince('2026-12-07T09:30Z', now)).toBe(Date.UTC(2026, 11, 7, 9, 30));
    expect(parseSince('2026-12-07T09:30:00.250+02:00', now)).toBe(Date.UTC(2026, 11, 7, 7, 30, 0, 250));
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'yesterday', '2h ago', '-2h', '2w', '1.5h', '2026-13-01', '12/07/2026', '2026-12-07T25:00', 'NaN', '1e3s'])
      expect(parseSince(bad, now), bad).toBeUndefined();
  });
});

describe('the table', () => {
  it('one row per step, the intent of its id in every row, filters by account and time', () => {
    const intent = { symbol: 'ETHUSDT', side: 'sell', type: 'limit', qty: '1', price: '3000', reduceOnly: true, postOnly: false } as const;
    const rs = [rec(1, { event: 'intent', intent }), rec(2), rec(3, { event: 'closed', state: 'canceled', filledQty: '0.4' }), rec(4, { account: 'b', clientOrderId: 'c9' })];
    const table = journalTable(rs).split('\n');
    expect(table).toHaveLength(5);
    expect(table[1]).toMatch(/c1\s+sell 1 ETHUSDT limit 3000 reduce-only\s+intent$/);
    expect(table[3]).toMatch(/c3\s+\?\s+closed canceled \(filled 0.4\)$/);
    expect(filterJournal(rs, { account: 'b' })).toEqual([rs[3]]);
    expect(filterJournal(rs, { sinceMs: Date.parse(rec(3).at) })).toEqual([rs[2], rs[3]]);
  });
  it('says each outcome in words', () => {
    expect(describeOutcome({ event: 'sent', clientOrderId: 'x', send: 2 })).toBe('sent #2');
    expect(describeOutcome({ event: 'acked', clientOrderId: 'x', state: 'filled', filledQty: '0.5', venueOrderId: '9' })).toBe('acked filled 0.5 (venue 9)');
    expect(describeOutcome({ event: 'cancel', clientOrderId: 'x', via: 'cancel-all' })).toBe('cancel (cancel-all)');
    expect(describeOutcome({ event: 'rejected', clientOrderId: 'x', reason: '-2019 margin' })).toBe('rejected: -2019 margin');
    expect(describeOutcome({ event: 'closed', clientOrderId: 'x', state: 'canceled', filledQty: '0' })).toBe('closed canceled');
  });
});
