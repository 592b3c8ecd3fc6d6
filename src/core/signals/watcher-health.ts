/**
 * The L2 watcher's connection rules: disconnect (a socket reconnecting, or open but silent, for
 * longer than a grace period — a reconnect that heals in a second is routine, not news), clock (the
 * venue clock far from ours, or the estimate unsure: signed requests risk the receive window) and
 * budget (a rate-limit pool nearly spent, the venue's 429 pause, its ban).
 */
import type { AlertsConfig } from './watcher-config.js';
import type { Episodes } from './watcher-episodes.js';
import type { WatchedEvent } from './watcher-input.js';
import type { Alert } from './types.js';

type ConnectionInput = Extract<WatchedEvent, { type: 'connection' }>;
type BudgetInput = Extract<WatchedEvent, { type: 'budget' }>;

interface SocketWatch {
  role: string;
  /** Since when it has been down (reconnecting, until live again). */
  downSince: number | undefined;
  silentSince: number | undefined;
  reason: string | undefined;
  attempt: number | undefined;
}

/** States a socket passes through on its way back up: still down until it is live. */
const RECOVERING = new Set(['connecting', 'authenticating', 'subscribing', 'resyncing']);

const ago = (ms: number): string => `${Math.round(ms / 1000)} s`;

export class HealthRules {
  readonly #sockets = new Map<string, SocketWatch>();
  readonly #pools = new Set<string>();
  readonly #config: AlertsConfig;
  readonly #episodes: Episodes;

  constructor(config: AlertsConfig, episodes: Episodes) {
    this.#config = config;
    this.#episodes = episodes;
  }

  #socket(name: string, role: string): SocketWatch {
    let s = this.#sockets.get(name);
    if (s === undefined) {
      s = { role, downSince: undefined, silentSince: undefined, reason: undefined, attempt: undefined };
      this.#sockets.set(name, s);
    }
    return s;
  }

  connection(e: ConnectionInput, out: Alert[]): void {
    const s = this.#socket(e.socket, e.role);
    s.role = e.role;
    if (e.state === 'reconnecting') {
      s.downSince ??= e.at;
      if (e.reason !== undefined) s.reason = e.reason;
      s.attempt = e.attempt;
    } else if (!RECOVERING.has(e.state)) {
      // live, or closed on purpose: not down.
      s.downSince = undefined;
      s.silentSince = undefined;
      s.reason = undefined;
    }
    this.#judge(e.at, e.socket, s, out);
  }

  silence(at: number, socket: string, silent: boolean, reason: string | undefined, out: Alert[]): void {
    const s = this.#sockets.get(socket) ?? this.#socket(socket, 'market');
    s.silentSince = silent ? (s.silentSince ?? at) : undefined;
    if (silent && reason !== undefined) s.reason = reason;
    this.#judge(at, socket, s, out);
  }

  tick(now: number, out: Alert[]): void {
    for (const [name, s] of this.#sockets) if (s.downSince !== undefined || s.silentSince !== undefined) this.#judge(now, name, s, out);
  }

  #judge(at: number, name: string, s: SocketWatch, out: Alert[]): void {
    const since = s.downSince ?? s.silentSince;
    if (since === undefined) {
      this.#episodes.clear('disconnect', name);
      return;
    }
    if (at - since < this.#config.disconnectSeconds * 1000) return;
    const what = s.downSince !== undefined ? 'down' : 'silent';
    const why = s.reason === undefined ? '' : ` (${s.reason})`;
    const attempt = s.downSince !== undefined && s.attempt !== undefined ? `, reconnect attempt ${s.attempt}` : '';
    // Without the account socket, fills and order changes are not seen: worse than a stale price.
    const alert = this.#episodes.hold(
      {
        rule: 'disconnect',
        subject: name,
        severity: s.role === 'account' ? 'critical' : 'warn',
        text: `${name} socket ${what} for ${ago(at - since)}${why}${attempt}`,
      },
      at,
    );
    if (alert !== undefined) out.push(alert);
  }

  clock(at: number, offsetMs: number, uncertaintyMs: number, out: Alert[]): void {
    const far = Math.abs(offsetMs) > this.#config.clockOffsetMs;
    const unsure = uncertaintyMs > this.#config.clockUncertaintyMs;
    if (!far && !unsure) {
      this.#episodes.clear('clock', 'clock');
      return;
    }
    const offset = `${offsetMs >= 0 ? '+' : ''}${Math.round(offsetMs)} ms`;
    const text = far
      ? `venue clock is ${offset} from ours (±${Math.round(uncertaintyMs)} ms): check this machine's time sync`
      : `venue clock estimate is unsure: ±${Math.round(uncertaintyMs)} ms (offset ${offset})`;
    const alert = this.#episodes.hold({ rule: 'clock', subject: 'clock', severity: 'warn', text }, at);
    if (alert !== undefined) out.push(alert);
  }

  budget(e: BudgetInput, out: Alert[]): void {
    const until = e.until === undefined ? '' : ` for ${ago(Math.max(0, e.until - e.at))}`;
    const why = e.reason === undefined ? '' : ` (${e.reason})`;
    if (e.state === 'banned' || e.state === 'limited') {
      const banned = e.state === 'banned';
      const alert = this.#episodes.hold(
        {
          rule: 'budget',
          subject: 'state',
          severity: banned ? 'critical' : 'warn',
          text: banned ? `venue banned this IP${until}: nothing is sent${why}` : `venue rate-limited us${until}: requests wait${why}`,
        },
        e.at,
      );
      if (alert !== undefined) out.push(alert);
    } else this.#episodes.clear('budget', 'state');
    const seen = new Set<string>();
    for (const pool of e.pools) {
      seen.add(pool.name);
      this.#pools.add(pool.name);
      const used = pool.limit > 0 ? (pool.used / pool.limit) * 100 : 0;
      if (used < this.#config.budgetPct) {
        this.#episodes.clear('budget', `pool ${pool.name}`);
        continue;
      }
      const alert = this.#episodes.hold(
        { rule: 'budget', subject: `pool ${pool.name}`, severity: 'warn', text: `rate pool ${pool.name} is ${Math.round(used)}% used (${pool.used}/${pool.limit})` },
        e.at,
      );
      if (alert !== undefined) out.push(alert);
    }
    for (const name of this.#pools) if (!seen.has(name)) this.#episodes.clear('budget', `pool ${name}`);
  }
}
