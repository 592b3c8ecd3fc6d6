/**
 * Silence, named. A venue that moves a stream elsewhere can keep the old socket open, answer its
 * pings and send nothing else: the heartbeat sees a healthy line, the screen sees nothing. So one
 * connection of a socket is watched for what it subscribed to:
 *   market socket   every event type its spec expects, within `withinMs` of going live;
 *   account socket  anything at all, within one resync window of the periodic REST check
 *                   recovering trades of ours that it never sent (the engine tells it after every
 *                   periodic pass: `afterPeriodicPass`).
 * Missing either, the connection is "connected but silent — the venue may have moved this stream":
 * reported (the socket logs and counts it, the cockpit marks the row), and the socket stays up —
 * reconnecting to the same place would not help. The mark clears when the connection delivers what
 * it lacked. Pure bookkeeping: the socket owns the timer and the clock.
 */
import type { StreamEvent, StreamRole } from '../venues/stream-types.js';
import type { ReconcileEvent } from './events.js';

/** What the cockpit and the log say of a live socket that delivers nothing it subscribed to. */
export const SILENT = 'connected but silent — the venue may have moved this stream';

/** How soon a market socket must deliver what it expects, when its spec does not say. */
export const DEFAULT_EXPECT_WITHIN_MS = 5_000;

/**
 * What a finished periodic pass says to the account sockets (`afterPeriodicPass`): the trades of
 * ours it recovered that no socket had sent, in words, or undefined when it recovered none; null
 * when the pass is not a periodic one that completed (it says nothing about silence).
 */
export function unheardTrades(event: ReconcileEvent): string | undefined | null {
  if (event.trigger !== 'periodic' || event.error !== undefined) return null;
  const recovered = event.corrections.filter((c) => c.kind === 'fill-recovered');
  if (recovered.length === 0) return undefined;
  return `${recovered.length} trade(s) of ours found by the periodic REST check and not sent on this stream within a resync window: ${recovered[0]!.text}`;
}

export interface SilenceOptions {
  role: StreamRole;
  /** Event types a market socket must deliver; absent = any data event. */
  expects?: readonly StreamEvent['type'][];
  /** Called when the connection turns silent (reason says what is missing) or delivers again. */
  report(silent: boolean, reason: string): void;
}

export class SilenceWatch {
  readonly #o: SilenceOptions;
  readonly #expected: readonly string[];
  /** Data event types this connection delivered ('*' once any did). */
  #seen = new Set<string>();
  #liveSince: number | undefined;
  #silentNow: string | undefined;
  /** Trades of ours recovered by a periodic pass while this connection had sent nothing. */
  #suspect: string | undefined;

  constructor(opts: SilenceOptions) {
    this.#o = opts;
    this.#expected = opts.expects ?? ['*'];
  }

  /** The reason this connection is reported silent, if it is. */
  get silent(): string | undefined {
    return this.#silentNow;
  }

  /** A new connection: nothing seen, nothing reported. */
  reset(): void {
    this.#seen = new Set();
    this.#liveSince = undefined;
    this.#silentNow = undefined;
    this.#suspect = undefined;
  }

  /** The connection went live at `now` (monotonic ms). */
  live(now: number): void {
    this.#liveSince = now;
  }

  /** A data event arrived; a silent connection that now has what it lacked is cleared. */
  saw(type: StreamEvent['type']): void {
    this.#seen.add(type);
    this.#seen.add('*');
    if (this.#silentNow === undefined) return;
    if (this.#o.role === 'market' && this.#missing().length > 0) return;
    this.#silentNow = undefined;
    this.#o.report(false, 'delivering again');
  }

  /** The market deadline passed (`withinMs` after going live): report what never came. */
  deadline(withinMs: number): void {
    if (this.#o.role !== 'market' || this.#liveSince === undefined) return;
    const missing = this.#missing();
    if (missing.length > 0) this.#mark(`no ${missing.join(', ')} within ${withinMs} ms of going live`);
  }

  /**
   * After each periodic REST pass of a live account connection; `recovered` describes trades of
   * ours the pass found that no socket had sent. A connection that has delivered nothing at all
   * is suspected at the first such pass and reported at the next one — a whole resync window
   * later, still without a word: silent, not merely lossy or a few ms late. Reported once per
   * suspicion; a later recovery starts another. Returns whether it reported.
   */
  afterPeriodicPass(recovered: string | undefined): boolean {
    if (this.#o.role !== 'account' || this.#liveSince === undefined) return false;
    if (this.#seen.size > 0) {
      this.#suspect = undefined;
      return false;
    }
    if (this.#suspect !== undefined) {
      const detail = this.#suspect;
      this.#suspect = undefined;
      this.#mark(detail);
      return true;
    }
    if (recovered !== undefined) this.#suspect = recovered;
    return false;
  }

  #missing(): string[] {
    return this.#expected.filter((t) => !this.#seen.has(t)).map((t) => (t === '*' ? 'data' : t));
  }

  #mark(detail: string): void {
    const reason = `${SILENT} (${detail})`;
    this.#silentNow = reason;
    this.#o.report(true, reason);
  }
}
