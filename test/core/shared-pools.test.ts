import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetError, type Lane, type PoolSpec, RateBudget } from '../../src/core/budget.js';
import { SharedPools } from '../../src/core/shared-pools.js';

// A USD-M-like venue: request weight per IP, order counts per account (numbers as data).
const POOLS: PoolSpec[] = [
  { id: 'weight', limit: 1000, windowMs: 60_000, kind: 'ip', reserveShare: 0.2 },
  { id: 'ip-5s', limit: 50, windowMs: 5_000, kind: 'ip', window: 'sliding', reserveShare: 0.2 },
  { id: 'orders10s', limit: 10, windowMs: 10_000, kind: 'account' },
];
const T0 = 1_752_000_000_000; // a whole minute of venue time
const HOST = { venue: 'binance-usdm', env: 'sim', host: '127.0.0.1:4000' };

function desk(n: number, key = HOST, registry = new SharedPools()): RateBudget[] {
  return Array.from({ length: n }, () => new RateBudget(POOLS, { shared: registry.host(key) }));
}

const pool = (b: RateBudget, id: string, now = T0) => b.snapshot(now).pools.find((p) => p.id === id)!;

describe('SharedPools: per-IP pools spent by several sessions', () => {
  it("every session debits the host's one IP count; its order pools stay its own; the snapshot says how many share", () => {
    const registry = new SharedPools();
    const [a, b] = desk(2, HOST, registry);
    const other = new RateBudget(POOLS, { shared: registry.host({ ...HOST, venue: 'bybit' }) });
    const alone = new RateBudget(POOLS);
    expect(a!.acquire('background', { weight: 30, 'ip-5s': 1 }, T0).granted).toBe(true);
    expect(b!.acquire('critical', { weight: 5, 'ip-5s': 1, orders10s: 1 }, T0 + 1).granted).toBe(true);
    expect(other.acquire('background', { weight: 7 }, T0 + 2).granted).toBe(true);
    for (const s of [a!, b!]) {
      expect(pool(s, 'weight', T0 + 3)).toMatchObject({ used: 35, shared: 2 });
      expect(pool(s, 'ip-5s', T0 + 3)).toMatchObject({ used: 2, shared: 2 });
    }
    expect(pool(a!, 'orders10s', T0 + 3)).toMatchObject({ used: 0 });
    expect(pool(b!, 'orders10s', T0 + 3)).toMatchObject({ used: 1 });
    expect(pool(a!, 'orders10s').shared).toBeUndefined();
    // Another venue on the same machine counts apart; a budget with no host shares nothing.
    expect(pool(other, 'weight', T0 + 3)).toMatchObject({ used: 7, shared: 1 });
    expect(pool(alone, 'weight').shared).toBeUndefined();
    // A session that stops no longer counts as a sharer; the venue's count of what it spent stays.
    b!.release();
    expect(pool(a!, 'weight', T0 + 3)).toMatchObject({ used: 35, shared: 1 });
  });

  it("one session's background cannot spend the reserve; every session's critical lane still can", () => {
    const [a, b, c] = desk(3);
    // A polls until the background lane is full (1000 - reserve 200).
    expect(a!.acquire('background', { weight: 800 }, T0).granted).toBe(true);
    expect(a!.acquire('background', { weight: 1 }, T0 + 1)).toMatchObject({ granted: false, retryAt: T0 + 60_000 });
    // The others' polling waits too: the IP's background share is gone, whoever spent it.
    expect(b!.acquire('background', { weight: 1 }, T0 + 2)).toMatchObject({ granted: false, retryAt: T0 + 60_000 });
    // Orders and cancels of every session still go, on the shared reserve.
    expect(b!.acquire('critical', { weight: 1, orders10s: 1 }, T0 + 3).granted).toBe(true);
    expect(c!.acquire('critical', { weight: 1, orders10s: 1 }, T0 + 4).granted).toBe(true);
    expect(pool(a!, 'weight', T0 + 5).used).toBe(802);
  });

  it("the venue's used-weight header counts the whole IP: a reply to one session raises every session's count, never lowers it", () => {
    const [a, b] = desk(2);
    expect(a!.acquire('background', { weight: 40 }, T0).granted).toBe(true);
    b!.observeUsed('weight', 790, T0 + 10); // the IP's use, some of it by processes we do not know
    expect(pool(a!, 'weight', T0 + 11).used).toBe(790);
    expect(a!.acquire('background', { weight: 20 }, T0 + 12).granted).toBe(false);
    a!.observeUsed('weight', 100, T0 + 13); // an older reply: a floor below ours changes nothing
    expect(pool(b!, 'weight', T0 + 14).used).toBe(790);
  });

  it("a 429 that is the IP's pauses every session sharing it; one that is the account's pauses only that session", () => {
    const [a, b] = desk(2);
    a!.onRateLimited(2_000, T0, undefined, false); // e.g. Bybit's 10006: this UID's
    expect(a!.state(T0 + 1)).toBe('limited');
    expect(b!.state(T0 + 1)).toBe('normal');
    expect(b!.acquire('background', { weight: 1 }, T0 + 1).granted).toBe(true);
    b!.onRateLimited(3_000, T0 + 10, undefined, true); // Binance's 429: the IP's
    for (const s of [a!, b!]) {
      expect(s.state(T0 + 11)).toBe('limited');
      expect(s.snapshot(T0 + 11).until).toBe(T0 + 3_010);
      expect(s.acquire('background', { weight: 1 }, T0 + 11)).toMatchObject({ granted: false, retryAt: T0 + 3_010 });
    }
    // A's pause began first: the reserve it spent since then is not refilled by B's 429.
    expect(a!.acquire('critical', { weight: 200 }, T0 + 12).granted).toBe(true);
    expect(a!.acquire('critical', { weight: 1 }, T0 + 13).granted).toBe(false);
    expect(b!.acquire('critical', { weight: 200 }, T0 + 14).granted).toBe(true);
    expect(b!.state(T0 + 3_010)).toBe('normal');
  });

  it('a ban is the IP\'s: it holds every session sharing the host, and none of another venue', () => {
    const registry = new SharedPools();
    const [a, b] = desk(2, HOST, registry);
    const other = new RateBudget(POOLS, { shared: registry.host({ ...HOST, host: '127.0.0.1:4001' }) });
    a!.onBanned(T0 + 120_000, T0);
    for (const s of [a!, b!]) {
      expect(s.state(T0 + 1)).toBe('banned');
      expect(s.acquire('critical', { orders10s: 1 }, T0 + 1)).toMatchObject({ granted: false, retryAt: T0 + 120_000 });
    }
    expect(other.state(T0 + 1)).toBe('normal');
  });

  it('wakes the other sessions, never the one that changed the counts; a stopped one is not woken', () => {
    const [a, b, c] = desk(3);
    const woken: string[] = [];
    a!.onSharedChange(() => woken.push('a'));
    b!.onSharedChange(() => woken.push('b'));
    c!.onSharedChange(() => woken.push('c'));
    a!.acquire('background', { weight: 1 }, T0);
    a!.sharedChanged();
    expect(woken).toEqual(['b', 'c']);
    c!.release();
    b!.acquire('background', { weight: 1 }, T0);
    b!.sharedChanged();
    expect(woken).toEqual(['b', 'c', 'a']);
  });

  it('tells the others only when this session changed a shared count or the IP pause since it last told them', () => {
    const [a, b] = desk(2);
    let woken = 0;
    b!.onSharedChange(() => woken++);
    const tell = () => {
      const before = woken;
      a!.sharedChanged();
      return woken - before;
    };
    // Nothing done yet; then a request on the account's own pools only: nothing of the IP's moved.
    expect(tell()).toBe(0);
    expect(a!.acquire('critical', { orders10s: 1 }, T0).granted).toBe(true);
    expect(tell()).toBe(0);
    // A request that spends the IP's weight: told once, not again for the same change.
    expect(a!.acquire('background', { weight: 3 }, T0 + 1).granted).toBe(true);
    expect(tell()).toBe(1);
    expect(tell()).toBe(0);
    // The venue's used-weight header: a count at or under ours changes nothing; a higher one does.
    a!.observeUsed('weight', 2, T0 + 2);
    a!.observeUsed('weight', 3, T0 + 2);
    expect(tell()).toBe(0);
    a!.observeUsed('weight', 9, T0 + 2);
    expect(tell()).toBe(1);
    // An account's own 429 is not the IP's; an IP-wide one and a ban are.
    a!.onRateLimited(1_000, T0 + 3);
    expect(tell()).toBe(0);
    a!.onRateLimited(1_000, T0 + 3, undefined, true);
    expect(tell()).toBe(1);
    a!.onBanned(T0 + 60_000, T0 + 4);
    expect(tell()).toBe(1);
    // A held grant on a sliding IP pool counted from the reply: its settle moves the IP's count.
    const reply: PoolSpec[] = [{ id: 'ip-reply', limit: 5, windowMs: 1_000, kind: 'ip', window: 'sliding', countFromReply: true }];
    const registry = new SharedPools();
    const [c, d] = [new RateBudget(reply, { shared: registry.host(HOST) }), new RateBudget(reply, { shared: registry.host(HOST) })];
    let dWoken = 0;
    d.onSharedChange(() => dWoken++);
    const grant = c.acquire('critical', { 'ip-reply': 1 }, T0, true);
    c.sharedChanged();
    expect(dWoken).toBe(1);
    if (!grant.granted || grant.held === undefined) throw new Error('not granted');
    c.settle(grant.held, T0 + 50);
    c.sharedChanged();
    expect(dWoken).toBe(2);
    c.settle(grant.held, T0 + 60);
    c.sharedChanged();
    expect(dWoken).toBe(2);
  });

  it('a shared pool declared with another window is a mistake, named; a raised limit is the venue\'s for all', () => {
    const registry = new SharedPools();
    const [a] = desk(1, HOST, registry);
    a!.setLimit('weight', 2400);
    const [b] = desk(1, HOST, registry);
    expect(pool(b!, 'weight').limit).toBe(2400);
    const shorter = POOLS.map((p) => (p.id === 'weight' ? { ...p, windowMs: 1_000 } : p));
    expect(() => new RateBudget(shorter, { shared: registry.host(HOST) })).toThrow(BudgetError);
    expect(() => new RateBudget(shorter, { shared: registry.host(HOST) })).toThrow(/shared pool weight .*1000 ms, shared as .*60000 ms/);
  });

  it('sessions sharing the IP pools decide as one session given all their requests would (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(
          fc.record({
            who: fc.nat(),
            lane: fc.constantFrom<Lane>('critical', 'background'),
            dt: fc.integer({ min: 0, max: 4_000 }),
            weight: fc.integer({ min: 0, max: 120 }),
            burst: fc.integer({ min: 0, max: 12 }),
            observed: fc.option(fc.integer({ min: 0, max: 1_100 }), { freq: 5 }),
          }),
          { maxLength: 200 },
        ),
        (n, reqs) => {
          const sessions = desk(n);
          const one = new RateBudget(POOLS);
          let t = T0;
          for (const r of reqs) {
            t += r.dt;
            const s = sessions[r.who % n]!;
            if (r.observed !== null) {
              s.observeUsed('weight', r.observed, t);
              one.observeUsed('weight', r.observed, t);
            }
            const costs = { weight: r.weight, 'ip-5s': r.burst };
            expect(s.acquire(r.lane, costs, t)).toEqual(one.acquire(r.lane, costs, t));
            for (const id of ['weight', 'ip-5s']) expect(pool(s, id, t).used).toBe(pool(one, id, t).used);
          }
        },
      ),
    );
  });

  it("whatever several sessions' background lanes ask, each session's critical lane finds the reserve (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.record({ who: fc.nat(), dt: fc.integer({ min: 0, max: 500 }), weight: fc.integer({ min: 1, max: 200 }) }), {
          maxLength: 100,
        }),
        (n, polls) => {
          const sessions = desk(n);
          let t = T0;
          for (const p of polls) {
            t += p.dt;
            sessions[p.who % n]!.acquire('background', { weight: p.weight, 'ip-5s': 1 }, t);
          }
          // Within the IP's reserve (200 weight, 10 of the 5 s pool), every session's order goes.
          const share = Math.floor(10 / n);
          for (const s of sessions) {
            for (let i = 0; i < share; i++) expect(s.acquire('critical', { weight: 1, 'ip-5s': 1, orders10s: 1 }, t).granted).toBe(true);
          }
          // And the IP's whole count never passed its limit.
          expect(pool(sessions[0]!, 'weight', t).used).toBeLessThanOrEqual(1000);
          expect(pool(sessions[0]!, 'ip-5s', t).used).toBeLessThanOrEqual(50);
        },
      ),
    );
  });
});
