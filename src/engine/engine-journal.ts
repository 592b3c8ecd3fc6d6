/**
 * The engine's side of the order journal (docs/journal.md): every step stamped with the time, the
 * account, the venue and the env before it reaches the sink; the journal's standing for this
 * account read once, lazily; the client ids an earlier process journaled kept out of this one's;
 * and a restart's recovery of the intents left without an outcome. Apart from the facade
 * (engine.ts) because it is one concern with its own state (the standing, the last failure).
 */
import { errorMessage } from '../core/error-message.js';
import type { JournalEntry, JournalRecord } from '../core/journal.js';
import { type InFlightIntent, type JournalStanding, journalStanding } from '../core/journal-recovery.js';
import type { Env, VenueId } from '../venues/venue.js';
import type { RecoveryReport } from './engine-options.js';
import type { LogLevel } from './events.js';
import type { JournalSink } from './journal-file.js';
import type { OrderManager } from './orders.js';

export interface EngineJournalDeps {
  sink: JournalSink | undefined;
  reader: (() => readonly JournalRecord[]) | undefined;
  account: string;
  venue: VenueId;
  env: Env;
  log(level: LogLevel, text: string): void;
}

export class EngineJournal {
  readonly #d: EngineJournalDeps;
  /** The last journal failure logged (the same one again is not). */
  #failure: string | undefined;
  /** The journal's standing for this account, venue and env: read once, at start or at the first new id. */
  #standingRead: JournalStanding | undefined;

  constructor(deps: EngineJournalDeps) {
    this.#d = deps;
  }

  /** Whether a sink was given (the order manager is handed a journal function only then). */
  get writes(): boolean {
    return this.#d.sink !== undefined;
  }

  /** One step, stamped; the sink writes synchronously (the intent is on disk before its send). */
  append(entry: JournalEntry): void {
    const sink = this.#d.sink;
    if (sink === undefined) return;
    try {
      sink.append({ v: 1, at: new Date().toISOString(), account: this.#d.account, venue: this.#d.venue, env: this.#d.env, ...entry });
    } catch (err) {
      const text = `journal: ${errorMessage(err)}`;
      if (text !== this.#failure) this.#d.log('error', `${text} (trading goes on; this step is not journaled)`);
      this.#failure = text;
    }
  }

  /**
   * A restart never makes an id an earlier process journaled (the venue would take a new order
   * for an old intent's, or refuse it as a duplicate): unlikely with a fresh session prefix, and
   * made impossible here.
   */
  freshId(next: () => string): string {
    let id = next();
    const journaled = this.#standing()?.journaledIds;
    while (journaled?.has(id) === true) id = next();
    return id;
  }

  /**
   * The journal's intents without an outcome, adopted and resolved by client id (never sent
   * again): a log line now, one per intent as it is resolved, and its `recovered` or
   * `never-placed` step (src/engine/orders.ts `recover`). Undefined without a reader.
   */
  recover(orders: OrderManager, venueName: string): RecoveryReport | undefined {
    const standing = this.#standing();
    if (standing === undefined) return undefined;
    const log = this.#d.log;
    const all = standing.inFlight;
    const askable = all.filter((r): r is InFlightIntent & { intent: NonNullable<InFlightIntent['intent']> } => r.intent !== undefined);
    for (const r of all)
      if (r.intent === undefined) log('warn', `recovery: ${r.clientOrderId} has no outcome in the journal and its intent line is gone (rotated away): its symbol is unknown, reconciliation settles it`);
    if (all.length > 0)
      log('info', `recovery: ${all.length} intent(s) of an earlier process without an outcome in the journal; resolving each by its client id with ${venueName} (none is sent again)`);
    const tracked = askable.map((r) => orders.recover(r));
    return {
      inFlight: all.length,
      unaskable: all.length - askable.length,
      journaledIds: standing.journaledIds.size,
      done: Promise.all(tracked.map((t) => t.settled)).then(() => undefined),
    };
  }

  /**
   * Read lazily, not in the constructor: a full journal (five 4 MiB files) takes a second or more
   * to read and fold on a busy machine, and the cockpit makes its engine before its first frame.
   */
  #standing(): JournalStanding | undefined {
    const reader = this.#d.reader;
    if (reader === undefined) return undefined;
    this.#standingRead ??= journalStanding(reader(), { account: this.#d.account, venue: this.#d.venue, env: this.#d.env });
    return this.#standingRead;
  }
}
