/**
 * One alert per episode: a condition that holds fires once, stays quiet while it keeps holding,
 * and is re-armed when it clears — so a stuck condition (a socket down for an hour) is one line,
 * not one per event. A condition that clears and comes back fires again only `rearmMs` after its
 * last alert (a spread flapping around its threshold is one line a minute at most). An episode
 * that gets worse (warn → critical) says so once more.
 */
import type { Alert, AlertRule, Severity } from './types.js';

const RANK: Record<Severity, number> = { info: 0, warn: 1, critical: 2 };

interface Episode {
  /** Severity of the last alert of the running episode; undefined while the condition is clear. */
  open: Severity | undefined;
  lastAlertAt: number;
}

export interface Finding {
  rule: AlertRule;
  /** What the episode is about beyond the rule: a symbol, a socket, a pool. */
  subject: string;
  severity: Severity;
  symbol?: string;
  text: string;
}

export class Episodes {
  readonly #episodes = new Map<string, Episode>();
  readonly #off: ReadonlySet<AlertRule>;
  readonly #rearmMs: number;
  readonly #prefix: string;
  #seq = 0;
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(opts: { off: readonly AlertRule[]; rearmMs: number; idPrefix: string }) {
    this.#off = new Set(opts.off);
    this.#rearmMs = opts.rearmMs;
    this.#prefix = opts.idPrefix;
  }

  /** The condition of (rule, subject) holds now: an alert when it opens an episode or makes it worse. */
  hold(f: Finding, at: number): Alert | undefined {
    if (this.#off.has(f.rule)) return undefined;
    this.#sweep(at);
    const key = `${f.rule} ${f.subject}`;
    const ep = this.#episodes.get(key);
    if (ep?.open !== undefined) {
      if (RANK[f.severity] <= RANK[ep.open]) return undefined;
    } else if (ep !== undefined && at - ep.lastAlertAt < this.#rearmMs) {
      // Cleared too recently: the same flap, not a new episode. Counted as open so it stays quiet.
      ep.open = f.severity;
      return undefined;
    }
    this.#episodes.set(key, { open: f.severity, lastAlertAt: at });
    return {
      id: `${this.#prefix}${f.rule}:${f.subject}:${++this.#seq}`,
      rule: f.rule,
      severity: f.severity,
      ...(f.symbol === undefined ? {} : { symbol: f.symbol }),
      at,
      text: f.text,
    };
  }

  /** The condition of (rule, subject) does not hold now: its episode ends, the rule re-arms. */
  clear(rule: AlertRule, subject: string): void {
    const ep = this.#episodes.get(`${rule} ${subject}`);
    if (ep !== undefined) ep.open = undefined;
  }

  /** Episodes kept (closed ones go once their re-arm wait has passed). */
  get size(): number {
    return this.#episodes.size;
  }

  /**
   * A closed episode whose re-arm wait has passed holds nothing a new one would not: dropped, at
   * most once per re-arm wait, so subjects that come and go (a trade id per fill) do not pile up.
   */
  #sweep(at: number): void {
    if (at - this.#sweptAt < this.#rearmMs) return;
    this.#sweptAt = at;
    for (const [key, ep] of this.#episodes) if (ep.open === undefined && at - ep.lastAlertAt >= this.#rearmMs) this.#episodes.delete(key);
  }

  /** Whether an episode of (rule, subject) is running (alerted, or held quiet by the re-arm wait). */
  isOpen(rule: AlertRule, subject: string): boolean {
    return this.#episodes.get(`${rule} ${subject}`)?.open !== undefined;
  }
}
