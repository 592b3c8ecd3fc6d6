/**
 * What a restart must resolve, read from the journal (docs/journal.md, "Recovery"): every intent
 * of one account, venue and environment whose story has no end, with what the journal last knew
 * of it, and every client id ever journaled there (a new session's ids must avoid them). Pure:
 * the queries that resolve each one are the order manager's (src/engine/orders.ts).
 *
 * Where an intent stands, by its last step:
 * - `unsent`: `intent` and nothing after it. The `sent` line is written before the request
 *   leaves, so the request never left; still asked once (a session whose journal writes failed
 *   went on trading), and "never placed" once the venue does not find it.
 * - `sent`: a `sent` with no answer after it, or `ambiguous`, `never-seen`, `unresolved`: the
 *   request may be at the venue, or may still arrive there until the send's `validUntil`.
 * - `answered`: the venue spoke of it (`acked`, `resolved`, `recovered`, `amended`) in an open
 *   state; a `cancel` or `amend` may be in flight. Placed: its current state is asked.
 * Ended (nothing to resolve): `rejected`, `never-placed`, `closed`, or an answer in an end state.
 */
import type { JournalEvent, JournalIntent, JournalRecord } from './journal.js';
import { isTerminalOrderState, type OrderState } from './types.js';

export interface JournalScope {
  account: string;
  venue: string;
  env: string;
}

export type InFlightStep = 'unsent' | 'sent' | 'answered';

export interface InFlightIntent {
  clientOrderId: string;
  /** Undefined when its `intent` line is no longer on disk (rotated away): it cannot be asked for. */
  intent: JournalIntent | undefined;
  step: InFlightStep;
  /** The journal's last step of it. */
  last: JournalEvent;
  /** Sends journaled (0 when unsent). */
  sends: number;
  /** Epoch ms of the intent line (or of the first line of it on disk). */
  since: number;
  /** Epoch ms after which the venue refuses the last send (undefined when unsent). */
  validUntil: number | undefined;
  /** What the venue last said of it (answered only). */
  state?: OrderState;
  venueOrderId?: string;
  filledQty?: string;
}

export interface JournalStanding {
  inFlight: InFlightIntent[];
  /** Every client id journaled for the scope: a restarted session never makes one of these again. */
  journaledIds: Set<string>;
}

/** Steps that end an intent's story whatever they carry. */
const ENDING = new Set<JournalEvent>(['rejected', 'never-placed', 'closed']);
/** Steps that carry the venue's word about the order (its state). */
const ANSWERS = new Set<JournalEvent>(['acked', 'resolved', 'recovered', 'amended']);

/**
 * Folds the scope's records (in time order, as `readJournal` gives them) into where each intent
 * stands. A record of another account, venue or environment is not looked at.
 */
export function journalStanding(records: readonly JournalRecord[], scope: JournalScope): JournalStanding {
  const byId = new Map<string, InFlightIntent & { ended: boolean }>();
  const journaledIds = new Set<string>();
  for (const r of records) {
    if (r.account !== scope.account || r.venue !== scope.venue || r.env !== scope.env) continue;
    journaledIds.add(r.clientOrderId);
    const at = Date.parse(r.at);
    let s = byId.get(r.clientOrderId);
    if (s === undefined) {
      s = { clientOrderId: r.clientOrderId, intent: undefined, step: 'unsent', last: r.event, sends: 0, since: at, validUntil: undefined, ended: false };
      byId.set(r.clientOrderId, s);
    }
    s.last = r.event;
    if (r.event === 'intent') {
      s.intent = r.intent;
      s.since = at;
    } else if (r.event === 'sent') {
      s.sends = Math.max(s.sends, r.send ?? s.sends + 1);
      s.validUntil = r.validUntil === undefined ? undefined : Date.parse(r.validUntil);
      if (s.step !== 'answered') s.step = 'sent';
    } else if (ANSWERS.has(r.event) && r.state !== undefined) {
      s.step = 'answered';
      s.state = r.state;
      if (r.venueOrderId !== undefined) s.venueOrderId = r.venueOrderId;
      if (r.filledQty !== undefined) s.filledQty = r.filledQty;
      if (isTerminalOrderState(r.state)) s.ended = true;
    } else if (s.step === 'unsent' && (r.event === 'ambiguous' || r.event === 'never-seen' || r.event === 'unresolved')) {
      // Only after a send; a line before it rotated away still says it left.
      s.step = 'sent';
    }
    if (ENDING.has(r.event)) s.ended = true;
  }
  const inFlight: InFlightIntent[] = [];
  for (const s of byId.values()) {
    if (s.ended) continue;
    // A story whose only lines are a cancel of an earlier session's order (no intent, never sent
    // here, no answer) is not an intent of ours in flight: the engine's cancel journals its end.
    if (s.intent === undefined && s.step === 'unsent') continue;
    const { ended: _, ...rest } = s;
    inFlight.push(rest);
  }
  return { inFlight, journaledIds };
}
