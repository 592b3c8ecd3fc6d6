// Where each intent stands by its journal steps (src/core/journal-recovery.ts): what a restart resolves.
import { describe, expect, it } from 'vitest';
import type { JournalEntry, JournalRecord } from '../../src/core/journal.js';
import { journalStanding } from '../../src/core/journal-recovery.js';
import { describeOutcome } from '../../src/core/journal.js';

const scope = { account: 'a', venue: 'binance-usdm', env: 'sim' };
const intent = { symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false } as const;
let t = Date.parse('2026-12-07T10:00:00Z');
function r(entry: JournalEntry, over: Partial<JournalRecord> = {}): JournalRecord {
  t += 10;
  return { v: 1, at: new Date(t).toISOString(), ...scope, ...entry, ...over };
}

describe('journalStanding', () => {
  it('names each unended intent by its step, and every journaled id', () => {
    const records = [
      r({ event: 'intent', clientOrderId: 'u', intent }),
      r({ event: 'intent', clientOrderId: 's', intent }),
      r({ event: 'sent', clientOrderId: 's', send: 1, validUntil: '2026-12-07T10:00:05.000Z' }),
      r({ event: 'ambiguous', clientOrderId: 's', reason: 'reset' }),
      r({ event: 'intent', clientOrderId: 'o', intent }),
      r({ event: 'sent', clientOrderId: 'o', send: 1 }),
      r({ event: 'acked', clientOrderId: 'o', state: 'new', venueOrderId: '9', filledQty: '0' }),
      r({ event: 'cancel', clientOrderId: 'o', via: 'cancel-all' }),
      // Ended: a fill, a refusal, a never-placed, a closed, a terminal recovery.
      r({ event: 'intent', clientOrderId: 'f', intent }),
      r({ event: 'sent', clientOrderId: 'f', send: 1 }),
      r({ event: 'acked', clientOrderId: 'f', state: 'filled' }),
      r({ event: 'intent', clientOrderId: 'x', intent }),
      r({ event: 'rejected', clientOrderId: 'x' }),
      r({ event: 'intent', clientOrderId: 'n', intent }),
      r({ event: 'never-placed', clientOrderId: 'n' }),
      r({ event: 'intent', clientOrderId: 'c', intent }),
      r({ event: 'sent', clientOrderId: 'c', send: 1 }),
      r({ event: 'recovered', clientOrderId: 'c', state: 'new' }),
      r({ event: 'closed', clientOrderId: 'c', state: 'canceled' }),
      // An earlier session's order cancelled here: no intent, nothing to resolve.
      r({ event: 'cancel', clientOrderId: 'e', via: 'cancel' }),
      r({ event: 'cancel-failed', clientOrderId: 'e' }),
      // Another account's unended intent is not this scope's.
      r({ event: 'intent', clientOrderId: 'other', intent }, { account: 'b' }),
    ];
    const { inFlight, journaledIds } = journalStanding(records, scope);
    expect(inFlight.map((i) => [i.clientOrderId, i.step, i.last, i.sends])).toEqual([
      ['u', 'unsent', 'intent', 0],
      ['s', 'sent', 'ambiguous', 1],
      ['o', 'answered', 'cancel', 1],
    ]);
    expect(inFlight[1]?.validUntil).toBe(Date.parse('2026-12-07T10:00:05.000Z'));
    expect(inFlight[2]).toMatchObject({ state: 'new', venueOrderId: '9', filledQty: '0' });
    expect(journaledIds).toEqual(new Set(['u', 's', 'o', 'f', 'x', 'n', 'c', 'e']));
  });

  it('a re-send after never-seen is in flight again with its own validity; a story whose intent line rotated away is still named', () => {
    const records = [
      r({ event: 'intent', clientOrderId: 'a', intent }),
      r({ event: 'sent', clientOrderId: 'a', send: 1, validUntil: '2026-12-07T10:00:01.000Z' }),
      r({ event: 'never-seen', clientOrderId: 'a' }),
      r({ event: 'sent', clientOrderId: 'a', send: 2, validUntil: '2026-12-07T10:00:09.000Z' }),
      r({ event: 'sent', clientOrderId: 'gone', send: 1 }),
    ];
    const { inFlight } = journalStanding(records, scope);
    expect(inFlight.map((i) => [i.clientOrderId, i.step, i.sends, i.intent === undefined])).toEqual([
      ['a', 'sent', 2, false],
      ['gone', 'sent', 1, true],
    ]);
    expect(inFlight[0]?.validUntil).toBe(Date.parse('2026-12-07T10:00:09.000Z'));
  });

  it('the restart\'s steps read as what the venue said, in `quantdeck journal`', () => {
    expect(describeOutcome({ event: 'recovered', clientOrderId: 'a', state: 'new', venueOrderId: '9', filledQty: '0' })).toBe('recovered new (venue 9)');
    expect(describeOutcome({ event: 'never-placed', clientOrderId: 'a', reason: 'the process stopped after journaling it and before sending it' })).toBe(
      'never-placed: the process stopped after journaling it and before sending it',
    );
  });
});
