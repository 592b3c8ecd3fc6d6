/**
 * The journal's record, and what reading and showing it needs (docs/journal.md): every intent the
 * engine makes and each step of its outcome, one JSON line per step, per account. Pure: the file
 * writer and reader are in src/engine/journal-file.ts, the command in src/cli/journal.ts.
 *
 * The record is written for a later restart to resolve what was in flight: the client order id is
 * the idempotency key (every venue here finds an order by it, and refuses a second order with it
 * while the first is known), the intent is written before anything is sent, each send says which
 * send it was and until when the venue could still accept it (`validUntil`: after that a query
 * that finds no order means "never placed"), and every answer says what the venue said.
 */
import type { OrderIntent, OrderState } from './types.js';
import { isTerminalOrderState } from './types.js';
import { neutralise } from './untrusted.js';
import { isZero } from './decimal.js';
import { type AuditRecord, asAuditRecord } from './journal-audit.js';
import { textTable } from './text-table.js';

export const JOURNAL_VERSION = 1;

/**
 * One step of an intent's life.
 * - `intent`: decided, before any send (write-ahead).
 * - `sent`: the n-th send of it leaves (the same client id each time).
 * - `acked`: the venue answered the send with the order (its state then).
 * - `rejected`: a definite refusal (by the venue, or before the send could leave), or not placed after the last send.
 * - `ambiguous`: the send's answer was lost or unclear (timeout, reset, 5xx): it may or may not exist.
 * - `resolved`: a query by client id found the order after an ambiguous send.
 * - `never-seen`: a query says the venue never saw the id (re-sent only once `validUntil` has passed).
 * - `unresolved`: the queries gave up; reconciliation settles it.
 * - `cancel`: a cancel of it was asked (alone or by a cancel-all).
 * - `cancel-failed`: the cancel failed; the order rests at the venue.
 * - `amend`: a change of a resting order's price or size (a stop's trigger) is asked; sent once, never re-sent.
 * - `amended`, `amend-failed`: what came of it (the venue's words, or what a query found after a lost answer).
 * - `closed`: the order reached its end state as the venue reported it (fill, cancel, expiry).
 * - `recovered`: after a restart, the venue found an earlier process's intent by its client id:
 *   placed, in this state, and adopted by the new session (src/core/journal-recovery.ts).
 * - `never-placed`: after a restart, the venue does not have it and can no longer get it (never
 *   sent, or its last send's `validUntil` has passed): the story ends; it is never sent again.
 */
export const JOURNAL_EVENTS = [
  'intent',
  'sent',
  'acked',
  'rejected',
  'ambiguous',
  'resolved',
  'never-seen',
  'unresolved',
  'cancel',
  'cancel-failed',
  'amend',
  'amended',
  'amend-failed',
  'closed',
  'recovered',
  'never-placed',
] as const;

export type JournalEvent = (typeof JOURNAL_EVENTS)[number];

/** The intent as decided, without its id (the record carries that). */
export type JournalIntent = Omit<OrderIntent, 'clientOrderId'>;

/** What the engine says about one step; the engine's sink stamps the rest (time, account, venue, env). */
export interface JournalEntry {
  event: JournalEvent;
  clientOrderId: string;
  /** On `intent`. */
  intent?: JournalIntent;
  /** On `sent`: 1 for the first send, 2 for a re-send after "never seen" … */
  send?: number;
  /** On `sent`: the venue refuses this request after this time (ISO 8601): its validity window and a margin. */
  validUntil?: string;
  /** On `amend`: where the order is asked to go (a protective order's price is its trigger). */
  amendTo?: { price: string; qty: string };
  /** On `cancel`: `cancel-all` when a cancel-all asked. */
  via?: 'cancel' | 'cancel-all';
  /** What the venue said the order is (acked, resolved, closed, recovered). */
  state?: OrderState;
  venueOrderId?: string;
  filledQty?: string;
  /** The venue's or the engine's words (scrubbed of secrets before the line is written). */
  reason?: string;
}

export interface JournalRecord extends JournalEntry {
  v: typeof JOURNAL_VERSION;
  /** Wall time, ISO 8601 in UTC with milliseconds. */
  at: string;
  /** The profile's account name (the session's label when it was started without one). */
  account: string;
  venue: string;
  env: string;
}

const EVENTS = new Set<string>(JOURNAL_EVENTS);

/** A parsed line as a record, or undefined when it is not one (a torn or foreign line). */
export function asJournalRecord(value: unknown): JournalRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (r['v'] !== JOURNAL_VERSION) return undefined;
  for (const field of ['at', 'account', 'venue', 'env', 'clientOrderId', 'event'])
    if (typeof r[field] !== 'string') return undefined;
  if (!EVENTS.has(r['event'] as string) || Number.isNaN(Date.parse(r['at'] as string))) return undefined;
  return value as JournalRecord;
}

/** The outcome of reading journal text: its records, and the lines that were not records. */
export interface ParsedJournal {
  records: JournalRecord[];
  /** The signal stack's lines (src/core/journal-audit.ts): set aside, never an order step. */
  audits: AuditRecord[];
  /** 1-based line numbers of lines skipped; `tornTail`: the last one was cut short (no line end, not a record). */
  skipped: number[];
  tornTail: boolean;
}

/**
 * Reads JSON lines. A line that does not parse as a record is skipped and reported, never fatal:
 * the last line of a file whose write was cut short (kill -9, a full disk) has no line end, and a
 * writer that finds such a tail starts its next record on a new line, so a torn line never joins
 * a good one.
 */
export function parseJournal(text: string): ParsedJournal {
  const out: ParsedJournal = { records: [], audits: [], skipped: [], tornTail: false };
  if (text === '') return out;
  const lines = text.split('\n');
  const ended = lines[lines.length - 1] === '';
  if (ended) lines.pop();
  lines.forEach((line, i) => {
    if (line === '') return;
    let record: JournalRecord | undefined;
    let audit: AuditRecord | undefined;
    try {
      const value: unknown = JSON.parse(line);
      record = asJournalRecord(value);
      if (record === undefined) audit = asAuditRecord(value);
    } catch {
      record = undefined;
    }
    if (record !== undefined) out.records.push(record);
    else if (audit !== undefined) out.audits.push(audit);
    else {
      out.skipped.push(i + 1);
      if (!ended && i === lines.length - 1) out.tornTail = true;
    }
  });
  return out;
}

/** `--since`: what it can be, for the error and the help. */
export const SINCE_FORMS = 'an ISO 8601 time (2026-12-07, 2026-12-07T09:30Z) or an age (90s, 30m, 2h, 7d)';

const AGE = /^(\d{1,9})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// A date, or a date and time with an explicit zone or none (then UTC, as the journal writes).
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The epoch ms `--since` means, or undefined when it is not a time. */
export function parseSince(text: string, now: number): number | undefined {
  const age = AGE.exec(text);
  if (age !== null) return now - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS];
  if (!ISO.test(text)) return undefined;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || !/[T ]/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

export interface JournalFilter {
  sinceMs?: number;
  account?: string;
}

export function filterJournal(records: readonly JournalRecord[], filter: JournalFilter): JournalRecord[] {
  return records.filter(
    (r) =>
      (filter.account === undefined || r.account === filter.account) &&
      (filter.sinceMs === undefined || Date.parse(r.at) >= filter.sinceMs),
  );
}

/** `buy 0.002 BTCUSDT limit 95000 post-only` — the intent in a trader's words. */
export function describeIntent(intent: JournalIntent | undefined): string {
  if (intent === undefined) return '?';
  const words = [intent.side, intent.qty, intent.symbol, intent.type];
  if (intent.price !== undefined) words.push(intent.price);
  if (intent.trigger !== undefined) words.push(`${intent.trigger.kind} at ${intent.trigger.price} (${intent.trigger.by})`);
  if (intent.timeInForce !== undefined) words.push(intent.timeInForce);
  if (intent.postOnly) words.push('post-only');
  if (intent.reduceOnly) words.push('reduce-only');
  if (intent.closePosition === true) words.push('close-position');
  return words.join(' ');
}

/** `acked new (venue 123)`, `sent #2`, `closed filled 0.004`, `rejected: -2019 margin is insufficient`. */
export function describeOutcome(r: JournalEntry): string {
  const words: string[] = [r.event];
  if (r.event === 'sent' && r.send !== undefined) words[0] = `sent #${r.send}`;
  if (r.event === 'cancel' && r.via === 'cancel-all') words.push('(cancel-all)');
  if (r.event === 'amend' && r.amendTo !== undefined) words.push(`to ${r.amendTo.qty} @ ${r.amendTo.price}`);
  if (r.state === 'filled') words.push(r.filledQty === undefined ? 'filled' : `filled ${r.filledQty}`);
  else if (r.state !== undefined) words.push(r.state);
  // What an order that ended otherwise had filled by then (a partly filled cancel, an IOC's expiry).
  if (r.state !== undefined && r.state !== 'filled' && isTerminalOrderState(r.state) && r.filledQty !== undefined && !isZero(r.filledQty))
    words.push(`(filled ${r.filledQty})`);
  if (r.venueOrderId !== undefined) words.push(`(venue ${r.venueOrderId})`);
  const text = words.join(' ');
  return r.reason === undefined ? text : `${text}: ${r.reason}`;
}

const COLUMNS = ['time', 'account', 'venue', 'client id', 'intent', 'outcome'] as const;

/**
 * The journal as a table, one row per step, oldest first; the intent column repeats the intent of
 * the row's client id (so a grep for an id or a symbol finds every step). Every cell is
 * neutralised: the file holds a venue's words and the names a profile gave.
 */
export function journalTable(records: readonly JournalRecord[]): string {
  const intents = new Map<string, JournalIntent>();
  for (const r of records) if (r.event === 'intent' && r.intent !== undefined) intents.set(`${r.account}\u0000${r.clientOrderId}`, r.intent);
  const rows = records.map((r) =>
    [
      r.at,
      r.account,
      r.env === 'live' ? r.venue : `${r.venue} ${r.env}`,
      r.clientOrderId,
      describeIntent(intents.get(`${r.account}\u0000${r.clientOrderId}`)),
      describeOutcome(r),
    ].map((cell) => neutralise(cell)),
  );
  return textTable(COLUMNS, rows);
}
