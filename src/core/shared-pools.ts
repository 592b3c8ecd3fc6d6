/**
 * Per-IP pools shared by the sessions of one process. A venue counts some limits per IP (Binance's
 * request weight, Bybit's 600 per 5 s, Hyperliquid's weight): several accounts on the same venue
 * from the same machine spend ONE count, whatever their keys. Each session's RateBudget still owns
 * its per-account pools (orders per 10 s…), but for its `kind: 'ip'` pools it joins the host's
 * pool here and debits that one object, so every budget sees what the others spent and the
 * critical reserve holds on the shared count: one account's polling (background) stops short of
 * the reserve, and every account's orders and cancels (critical) still find it.
 *
 * A host is one (venue, env, REST host): a venue's production and testnet, or two local venues on
 * two ports, count apart. The host also carries the pause the venue puts on the IP: a ban (418,
 * Bybit's 403) always, and a 429 where the venue's 429 is the IP's (Binance): the venue refuses
 * every request from the IP until it ends and counts each one toward a longer ban, so a session
 * that went on sending because IT was not the one refused would get every session banned.
 * docs/rate-limits.md ("Pools shared by several sessions"). Pure: no timers, no I/O.
 */
import { BudgetError, PoolCount } from './pool.js';
import type { PoolSpec } from './pool-spec.js';

export interface ShareKey {
  venue: string;
  env: string;
  /** The REST host and port the requests go to (the venue counts per host it serves). */
  host: string;
}

/** A 429's pause and a ban, venue ms. `limitedSince`: when the current 429 pause began. */
export interface Pause {
  limitedSince: number;
  limitedUntil: number;
  bannedUntil: number;
}

export function newPause(): Pause {
  return {
    limitedSince: Number.NEGATIVE_INFINITY,
    limitedUntil: Number.NEGATIVE_INFINITY,
    bannedUntil: Number.NEGATIVE_INFINITY,
  };
}

/** Who shares a host: a budget, by identity. */
export type Sharer = object;

interface SharedPool {
  count: PoolCount;
  members: Set<Sharer>;
}

/** One process's registry: the entry makes one and hands it to every engine it starts. */
export class SharedPools {
  readonly #hosts = new Map<string, SharedHost>();

  /** The host's shared pools, made on first use. */
  host(key: ShareKey): SharedHost {
    const id = JSON.stringify([key.venue, key.env, key.host]);
    let host = this.#hosts.get(id);
    if (host === undefined) {
      host = new SharedHost(id);
      this.#hosts.set(id, host);
    }
    return host;
  }
}

/** The per-IP pools and the IP's pause of one venue host, as every session on it sees them. */
export class SharedHost {
  readonly pause: Pause = newPause();
  readonly #pools = new Map<string, SharedPool>();
  readonly #listeners = new Map<Sharer, () => void>();

  constructor(readonly id: string) {}

  /**
   * The pool's one count for `member`. A pool already there keeps its count and its limit (the
   * venue's, perhaps raised since by setLimit); one declared with another window is a mistake.
   */
  join(member: Sharer, spec: PoolSpec, defaultShare: number): PoolCount {
    const existing = this.#pools.get(spec.id);
    if (existing === undefined) {
      const count = new PoolCount(spec, defaultShare);
      this.#pools.set(spec.id, { count, members: new Set([member]) });
      return count;
    }
    const had = existing.count.spec;
    if (had.windowMs !== spec.windowMs || had.window !== (spec.window ?? 'fixed') || had.kind !== spec.kind) {
      throw new BudgetError(
        `shared pool ${spec.id} of ${this.id}: declared as ${describe(spec)}, shared as ${describe(had)}`,
      );
    }
    existing.members.add(member);
    return existing.count;
  }

  /** `member` stopped: it no longer counts as a sharer, nor is woken. The counts stay (the venue's do). */
  leave(member: Sharer): void {
    for (const pool of this.#pools.values()) pool.members.delete(member);
    this.#listeners.delete(member);
  }

  /** How many sessions spend the pool. */
  sharers(poolId: string): number {
    return this.#pools.get(poolId)?.members.size ?? 0;
  }

  /** `wake` is called when another member changed the shared counts or the pause. */
  listen(member: Sharer, wake: () => void): void {
    this.#listeners.set(member, wake);
  }

  /** `by` changed the shared counts or the pause: the others re-check their waiters. */
  changed(by: Sharer): void {
    for (const [member, wake] of [...this.#listeners]) if (member !== by) wake();
  }
}

function describe(spec: PoolSpec): string {
  return `${spec.kind} ${spec.window ?? 'fixed'} ${spec.windowMs} ms`;
}
