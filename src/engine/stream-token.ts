/**
 * Keeps a stream's token (Binance USD-M listen key) valid: created over REST before a connect,
 * kept alive on the venue's schedule while in use, re-created when the venue says it is gone
 * (a keep-alive answered -1125, or a `listenKeyExpired` event on the socket). Venue-agnostic:
 * the adapter's StreamTokenSpec says which requests and which errors.
 */
import { errorMessage } from '../core/error-message.js';
import type { StreamTokenSpec } from '../venues/stream-types.js';
import type { RequestPlan } from '../venues/venue.js';

type Rest = <T>(plan: RequestPlan<T>) => Promise<T>;

export interface StreamTokenHooks {
  /** A keep-alive failed or the token was re-created: a log line. */
  onIssue(message: string): void;
  /** The token is gone while in use: the socket must reconnect (with a new token). */
  onGone(reason: string): void;
}

/** A failed keep-alive that did not say "gone" is retried after this, within the validity. */
const RETRY_MS = 60_000;

export class StreamToken {
  #value: string | undefined;
  #pending: Promise<string> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** How many times a token was created (1 for the first). */
  created = 0;
  keptAlive = 0;

  readonly #spec: StreamTokenSpec;
  readonly #rest: Rest;
  readonly #hooks: StreamTokenHooks;

  constructor(spec: StreamTokenSpec, rest: Rest, hooks: StreamTokenHooks) {
    this.#spec = spec;
    this.#rest = rest;
    this.#hooks = hooks;
  }

  /**
   * The current token, created first when there is none. With `verify` (every reconnect: a venue
   * may close the socket of a key it dropped without saying so) a held token is kept alive first,
   * and re-created when the venue says it is gone. Concurrent callers share one request.
   */
  async get(verify = false): Promise<string> {
    this.#stopped = false;
    const held = this.#value;
    const keep = this.#spec.keepAlive;
    if (held !== undefined && verify && keep !== undefined) {
      try {
        await this.#rest(keep.request(held));
        if (this.#value === held) {
          this.keptAlive++;
          this.#schedule(keep.everyMs);
        }
      } catch (err) {
        const why = errorMessage(err);
        if (!this.#spec.isGone(err)) throw new Error(`stream token check failed: ${why}`);
        if (this.#value === held) this.invalidate();
        this.#hooks.onIssue(`stream token gone (${why}); re-creating it`);
      }
    }
    if (this.#value !== undefined) return this.#value;
    this.#pending ??= this.#rest(this.#spec.create()).then(
      (token) => {
        this.#pending = undefined;
        this.#value = token;
        this.created++;
        this.#schedule(this.#spec.keepAlive?.everyMs);
        return token;
      },
      (err: unknown) => {
        this.#pending = undefined;
        throw new Error(`stream token not created: ${errorMessage(err)}`);
      },
    );
    return this.#pending;
  }

  /** Forget the token: the next `get` creates a new one. */
  invalidate(): void {
    this.#value = undefined;
    this.#clear();
  }

  /** Stops keep-alives and closes the token at the venue (best effort, errors ignored). */
  async release(): Promise<void> {
    this.#stopped = true;
    const token = this.#value;
    this.invalidate();
    if (token !== undefined && this.#spec.close) await this.#rest(this.#spec.close(token)).catch(() => undefined);
  }

  #schedule(ms: number | undefined): void {
    this.#clear();
    if (ms === undefined || this.#stopped) return;
    this.#timer = setTimeout(() => void this.#keepAlive(), ms);
  }

  async #keepAlive(): Promise<void> {
    const token = this.#value;
    const keep = this.#spec.keepAlive;
    if (token === undefined || keep === undefined) return;
    try {
      await this.#rest(keep.request(token));
      if (this.#value !== token) return;
      this.keptAlive++;
      this.#schedule(keep.everyMs);
    } catch (err) {
      if (this.#value !== token) return;
      const why = errorMessage(err);
      if (this.#spec.isGone(err)) {
        this.invalidate();
        this.#hooks.onIssue(`stream token gone at keep-alive (${why}); re-creating it`);
        this.#hooks.onGone('stream token invalid');
      } else {
        this.#hooks.onIssue(`stream token keep-alive failed (${why}); retrying`);
        this.#schedule(Math.min(RETRY_MS, keep.everyMs));
      }
    }
  }

  #clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
