// USD-M listen keys: one per account, valid for `ttlMs` (venue: 60 min) after creation or the last
// keepalive. POST returns the active key (and extends it), PUT extends (-1125 when there is none), DELETE
// closes. Expiry is swept on real monotonic time, so a skewed server clock does not move it.
import { randomToken } from '../../accounts.js';
import { monotonicMs } from '../../clock.js';

interface Entry {
  accountId: string;
  deadline: number;
}

export class ListenKeys {
  readonly #byKey = new Map<string, Entry>();
  readonly #byAccount = new Map<string, string>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly ttlMs: number,
    /** Called for each key that expires or is expired on command (not for DELETE). */
    readonly onExpire: (listenKey: string, accountId: string) => void,
  ) {
    this.#timer = setInterval(() => this.sweep(), Math.max(10, Math.min(1000, ttlMs / 4)));
    this.#timer.unref();
  }

  create(accountId: string): string {
    const existing = this.#byAccount.get(accountId);
    if (existing !== undefined) {
      this.#byKey.get(existing)!.deadline = monotonicMs() + this.ttlMs;
      return existing;
    }
    const key = randomToken(64);
    this.#byKey.set(key, { accountId, deadline: monotonicMs() + this.ttlMs });
    this.#byAccount.set(accountId, key);
    return key;
  }

  /** Extends the account's key; undefined when it has none (the caller answers -1125). */
  keepalive(accountId: string): string | undefined {
    const key = this.#byAccount.get(accountId);
    if (key === undefined) return undefined;
    this.#byKey.get(key)!.deadline = monotonicMs() + this.ttlMs;
    return key;
  }

  close(accountId: string): string | undefined {
    const key = this.#byAccount.get(accountId);
    if (key === undefined) return undefined;
    this.#byAccount.delete(accountId);
    this.#byKey.delete(key);
    return key;
  }

  accountOf(listenKey: string): string | undefined {
    return this.#byKey.get(listenKey)?.accountId;
  }

  #expire(key: string, e: Entry): void {
    this.#byKey.delete(key);
    this.#byAccount.delete(e.accountId);
    this.onExpire(key, e.accountId);
  }

  sweep(): void {
    const now = monotonicMs();
    for (const [key, e] of [...this.#byKey]) if (now >= e.deadline) this.#expire(key, e);
  }

  expireAll(): number {
    const all = [...this.#byKey];
    for (const [key, e] of all) this.#expire(key, e);
    return all.length;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
