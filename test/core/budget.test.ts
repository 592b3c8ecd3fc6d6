import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetError, type Grant, type PoolSpec, RateBudget } from '../../src/core/budget.js';

// The shape of a USD-M-style venue (numbers as data, as an adapter would declare them).
const POOLS: PoolSpec[] = [
  { id: 'weight', limit: 2400, windowMs: 60_000, kind: 'ip' },
  { id: 'orders10s', limit: 300, windowMs: 10_000, kind: 'account' },
  { id: 'orders1m', limit: 1200, windowMs: 60_000, kind: 'account' },
];
const ORDER = { weight: 1, orders10s: 1, orders1m: 1 };
const T0 = 1_752_000_000_000; // a whole minute of venue time

describe('RateBudget', () => {
  it('debits several pools at once and reports them', () => {
    const b = new RateBudget(POOLS);
    expect(b.acquire('critical', ORDER, T0 + 5)).toEqual({ granted: true });
    expect(b.acquire('background', { weight: 20 }, T0 + 6)).toEqual({ granted: true });
    const snap = b.snapshot(T0 + 7);
    expect(snap.state).toBe('normal');
    expect(snap.until).toBeUndefined();
    expect(snap.pools).toEqual([
      {
        id: 'weight',
        kind: 'ip',
        limit: 2400,
        used: 21,
        reserve: 480,
        windowMs: 60_000,
        resetAt: T0 + 60_000,
      },
      {
        id: 'orders10s',
        kind: 'account',
        limit: 300,
        used: 1,
        reserve: 60,
        windowMs: 10_000,
        resetAt: T0 + 10_000,
      },
      {
        id: 'orders1m',
        kind: 'account',
        limit: 1200,
        used: 1,
        reserve: 240,
        windowMs: 60_000,
        resetAt: T0 + 60_000,
      },
    ]);
  });

  it('background can never spend the reserve; critical can', () => {
    const b = new RateBudget(POOLS);
    expect(b.acquire('background', { weight: 1920 }, T0)).toEqual({ granted: true });
    const denied = b.acquire('background', { weight: 1 }, T0 + 100);
    expect(denied).toEqual({
      granted: false,
      retryAt: T0 + 60_000,
      reason: 'weight: 1920+1 > 1920 (background)',
    });
    expect(b.acquire('critical', ORDER, T0 + 100)).toEqual({ granted: true });
    expect(b.snapshot(T0 + 100).pools[0]!.used).toBe(1921);
    // A new fixed window: the count restarts.
    expect(b.acquire('background', { weight: 1 }, T0 + 60_000)).toEqual({ granted: true });
    expect(b.snapshot(T0 + 60_000).pools[0]!.used).toBe(1);
  });

  it('a denial debits nothing, and names every pool that is short', () => {
    const b = new RateBudget(POOLS);
    for (let i = 0; i < 300; i++) expect(b.acquire('critical', ORDER, T0 + i).granted).toBe(true);
    const r = b.acquire('critical', ORDER, T0 + 400);
    expect(r).toMatchObject({ granted: false, retryAt: T0 + 10_000 });
    expect(r.granted === false && r.reason).toBe('orders10s: 300+1 > 300 (critical)');
    expect(b.snapshot(T0 + 400).pools.map((p) => p.used)).toEqual([300, 300, 300]);
    // Two pools short at once: both named, and the retry waits for the later of their windows.
    const c = new RateBudget(POOLS);
    expect(c.acquire('critical', { weight: 2400, orders10s: 300 }, T0)).toEqual({ granted: true });
    expect(c.acquire('critical', ORDER, T0 + 1)).toEqual({
      granted: false,
      retryAt: T0 + 60_000,
      reason: 'weight: 2400+1 > 2400 (critical); orders10s: 300+1 > 300 (critical)',
    });
    expect(c.snapshot(T0 + 1).pools.map((p) => p.used)).toEqual([2400, 300, 0]);
  });

  it('a request larger than a lane can ever spend is refused for good, by name', () => {
    const b = new RateBudget(POOLS);
    expect(b.acquire('background', { orders10s: 241 }, T0)).toEqual({
      granted: false,
      retryAt: Number.POSITIVE_INFINITY,
      reason: 'cost 241 exceeds the background capacity 240 of pool orders10s',
    });
    expect(b.acquire('critical', { orders10s: 300 }, T0)).toEqual({ granted: true });
  });

  it('never lets a lane exceed its capacity in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lane: fc.constantFrom('critical' as const, 'background' as const),
            dt: fc.integer({ min: 0, max: 3000 }),
            w: fc.integer({ min: 0, max: 60 }),
          }),
          { maxLength: 300 },
        ),
        (reqs) => {
          const b = new RateBudget(POOLS);
          const granted = new Map<number, { all: number; bg: number }>();
          let t = T0;
          for (const r of reqs) {
            t += r.dt;
            if (!b.acquire(r.lane, { weight: r.w }, t).granted) continue;
            const win = Math.floor(t / 60_000);
            const g = granted.get(win) ?? { all: 0, bg: 0 };
            g.all += r.w;
            if (r.lane === 'background') g.bg += r.w;
            granted.set(win, g);
          }
          for (const g of granted.values()) {
            expect(g.all).toBeLessThanOrEqual(2400);
            expect(g.bg).toBeLessThanOrEqual(1920);
          }
        },
      ),
    );
  });

  it('absorbs the used-weight header: the larger of the venue count and ours', () => {
    const b = new RateBudget(POOLS);
    b.acquire('background', { weight: 5 }, T0 + 1000);
    b.observeUsed('weight', 1900, T0 + 1000); // another process on this IP spent it
    expect(b.snapshot(T0 + 1001).pools[0]!.used).toBe(1900);
    expect(b.acquire('background', { weight: 30 }, T0 + 1001).granted).toBe(false);
    b.observeUsed('weight', 3, T0 + 1002); // a reply that predates our own in-flight debits
    expect(b.snapshot(T0 + 1003).pools[0]!.used).toBe(1900);
    // A reply for a request sent in the previous minute does not leak into this one.
    b.acquire('background', { weight: 1 }, T0 + 60_010);
    b.observeUsed('weight', 2300, T0 + 59_990);
    expect(b.snapshot(T0 + 60_020).pools[0]!.used).toBe(1);
    b.observeUsed('weight', Number.NaN, T0 + 60_020);
    expect(b.snapshot(T0 + 60_020).pools[0]!.used).toBe(1);
  });

  it('429: background stops, critical limited to its reserve, until Retry-After', () => {
    const b = new RateBudget(POOLS);
    b.onRateLimited(7000, T0 + 1000);
    expect(b.state(T0 + 1000)).toBe('limited');
    expect(b.acquire('background', { weight: 1 }, T0 + 1500)).toEqual({
      granted: false,
      retryAt: T0 + 8000,
      reason: 'rate limited (429): background paused',
    });
    // orders10s reserve is 60: sixty critical orders, then a wait for the pause to end.
    for (let i = 0; i < 60; i++) expect(b.acquire('critical', ORDER, T0 + 2000 + i).granted).toBe(true);
    const r = b.acquire('critical', ORDER, T0 + 2100);
    expect(r).toMatchObject({ granted: false, retryAt: T0 + 8000 });
    expect(b.snapshot(T0 + 2100)).toMatchObject({ state: 'limited', until: T0 + 8000 });
    expect(b.acquire('background', { weight: 1 }, T0 + 8000).granted).toBe(true);
    expect(b.state(T0 + 8000)).toBe('normal');
    // A fresh 429 gives the critical lane a fresh reserve.
    b.onRateLimited(1000, T0 + 9000);
    expect(b.acquire('critical', ORDER, T0 + 9001).granted).toBe(true);
  });

  it('a second 429 inside the pause does not refill the reserve; one at its very end does', () => {
    const b = new RateBudget(POOLS);
    b.onRateLimited(7000, T0 + 1000);
    for (let i = 0; i < 60; i++) expect(b.acquire('critical', ORDER, T0 + 2000 + i).granted).toBe(true);
    b.onRateLimited(7000, T0 + 3000); // the venue still limits: the pause grows, the reserve stays spent
    expect(b.acquire('critical', ORDER, T0 + 3001)).toEqual({
      granted: false,
      retryAt: T0 + 10_000,
      reason: 'orders10s: rate limited (429), critical reserve 60 spent',
    });
    const c = new RateBudget(POOLS);
    c.onRateLimited(7000, T0 + 1000);
    for (let i = 0; i < 60; i++) expect(c.acquire('critical', ORDER, T0 + 2000 + i).granted).toBe(true);
    c.onRateLimited(7000, T0 + 8000); // exactly when the first pause ended: a new pause
    expect(c.acquire('critical', ORDER, T0 + 8001)).toEqual({ granted: true });
  });

  it('Retry-After: 0 means no pause; a negative or infinite one falls back to the window end', () => {
    const b = new RateBudget(POOLS);
    b.onRateLimited(0, T0 + 1000);
    expect(b.state(T0 + 1000)).toBe('normal');
    for (const bad of [-5, Number.POSITIVE_INFINITY]) {
      const c = new RateBudget(POOLS);
      c.onRateLimited(bad, T0 + 1000);
      expect(c.snapshot(T0 + 1000)).toMatchObject({ state: 'limited', until: T0 + 60_000 });
    }
  });

  it('without Retry-After the pause is the longest RATE window: neither a daily pool nor an allowance', () => {
    const daily = new RateBudget([
      { id: 'weight', limit: 2400, windowMs: 60_000, kind: 'ip' },
      { id: 'orders1d', limit: 200_000, windowMs: 86_400_000, kind: 'account' },
    ]);
    daily.onRateLimited(undefined, T0 + 15_000);
    expect(daily.snapshot(T0 + 15_000).until).toBe(T0 + 60_000);
    const allowance = new RateBudget([
      { id: 'weight', limit: 100, windowMs: 10_000, kind: 'ip' },
      { id: 'address', limit: 10, windowMs: 30_000, kind: 'account', window: 'allowance' },
    ]);
    allowance.onRateLimited(undefined, T0 + 15_000);
    expect(allowance.snapshot(T0 + 15_000).until).toBe(T0 + 20_000);
    // With no rate window at all, a minute.
    const none = new RateBudget([{ id: 'address', limit: 10, windowMs: 10_000, kind: 'account', window: 'allowance' }]);
    none.onRateLimited(undefined, T0 + 15_000);
    expect(none.snapshot(T0 + 15_000).until).toBe(T0 + 75_000);
  });

  it('a 429 naming a pool already over its limit leaves its count; one partly used is filled to the limit', () => {
    const b = new RateBudget(POOLS);
    b.observeUsed('weight', 2500, T0); // another process on this IP overspent
    b.onRateLimited(1000, T0 + 1, 'weight');
    expect(b.snapshot(T0 + 1).pools[0]!.used).toBe(2500);
    const c = new RateBudget(POOLS);
    c.acquire('critical', { orders10s: 5 }, T0);
    c.onRateLimited(1000, T0 + 1, 'orders10s');
    expect(c.snapshot(T0 + 1).pools[1]!.used).toBe(300);
  });

  it('429 naming a pool marks it full; without Retry-After the pause runs to the window end', () => {
    const b = new RateBudget(POOLS);
    b.onRateLimited(undefined, T0 + 15_000, 'orders10s');
    expect(b.snapshot(T0 + 15_000)).toMatchObject({ state: 'limited', until: T0 + 60_000 });
    expect(b.snapshot(T0 + 15_000).pools[1]!.used).toBe(300);
    expect(b.acquire('critical', ORDER, T0 + 15_001)).toMatchObject({ granted: false, retryAt: T0 + 20_000 });
    const c = new RateBudget(POOLS, { defaultRetryAfterMs: 2000 });
    c.onRateLimited(Number.NaN, T0);
    expect(c.snapshot(T0).until).toBe(T0 + 2000);
  });

  it('418: nothing is granted until the ban ends', () => {
    const b = new RateBudget(POOLS);
    b.onBanned(T0 + 120_000, T0);
    expect(b.acquire('critical', ORDER, T0 + 1)).toEqual({
      granted: false,
      retryAt: T0 + 120_000,
      reason: `banned by the venue until ${T0 + 120_000}`,
    });
    expect(b.snapshot(T0 + 1)).toMatchObject({ state: 'banned', until: T0 + 120_000 });
    b.onBanned(T0 + 5, T0 + 2); // a shorter ban never shortens the longer one
    expect(b.state(T0 + 119_999)).toBe('banned');
    expect(b.state(T0 + 120_000)).toBe('normal');
    expect(b.acquire('critical', ORDER, T0 + 120_000).granted).toBe(true);
    // A ban time that is not a number is ignored, and does not spoil the next real one.
    const c = new RateBudget(POOLS);
    c.onBanned(Number.NaN, T0);
    expect(c.state(T0)).toBe('normal');
    c.onBanned(T0 + 1000, T0);
    expect(c.state(T0 + 1)).toBe('banned');
  });

  it('sliding windows free weight as old debits expire', () => {
    const b = new RateBudget([
      { id: 'uid', limit: 10, windowMs: 1000, kind: 'account', window: 'sliding', reserveShare: 0 },
    ]);
    for (let i = 0; i < 10; i++) expect(b.acquire('background', { uid: 1 }, 100 + i * 50).granted).toBe(true);
    // Full at t=600; the first debit (t=100) expires at 1100, the third (t=200) at 1200.
    expect(b.acquire('background', { uid: 1 }, 600)).toMatchObject({ granted: false, retryAt: 1100 });
    expect(b.acquire('background', { uid: 3 }, 600)).toMatchObject({ granted: false, retryAt: 1200 });
    expect(b.snapshot(600).pools[0]!.resetAt).toBe(1100);
    expect(b.acquire('background', { uid: 1 }, 1100).granted).toBe(true);
    b.observeUsed('uid', 10, 1100);
    expect(b.snapshot(1100).pools[0]!.used).toBe(10);
    b.onRateLimited(10, 1100, 'uid');
    expect(b.snapshot(1105)).toMatchObject({ state: 'limited', until: 1110 });
  });

  it("sliding: the venue's larger count is booked now and expires a window later; a smaller or equal one changes nothing", () => {
    const b = new RateBudget([{ id: 'uid', limit: 10, windowMs: 1000, kind: 'account', window: 'sliding' }]);
    b.observeUsed('uid', 0, 100); // nothing used on either side: no entry
    expect(b.snapshot(500).pools[0]).toMatchObject({ used: 0, resetAt: 1500 });
    expect(b.acquire('background', { uid: 2 }, 100).granted).toBe(true);
    b.observeUsed('uid', 8, 200); // 6 more than ours, spent by another process
    expect(b.snapshot(200).pools[0]).toMatchObject({ used: 8, resetAt: 1100 });
    b.observeUsed('uid', 3, 300); // a reply older than our own debits
    expect(b.snapshot(300).pools[0]!.used).toBe(8);
    expect(b.snapshot(1100).pools[0]!.used).toBe(6); // our 2 (t=100) expired
    expect(b.snapshot(1200).pools[0]!.used).toBe(0); // the venue's 6 (t=200) too
  });

  it('sliding, held: a debit does not expire while its request is in flight; it runs a window from the reply', () => {
    const b = new RateBudget([{ id: 'uid', limit: 10, windowMs: 2000, kind: 'account', window: 'sliding', reserveShare: 0, countFromReply: true }]);
    const held = [];
    for (let i = 0; i < 10; i++) {
      const grant = b.acquire('background', { uid: 1 }, 100, true);
      if (!grant.granted || grant.held === undefined) throw new Error('not granted');
      held.push(grant.held);
    }
    // Nine answered at once; the first still in flight (a busy process, a full connection pool).
    for (const h of held.slice(1)) b.settle(h, 150);
    expect(b.snapshot(2150).pools[0]!.used).toBe(1);
    // A window after the GRANT the venue may not have counted it yet: the pool stays full.
    expect(b.acquire('background', { uid: 10 }, 2150)).toMatchObject({ granted: false, retryAt: 4150 });
    expect(b.acquire('background', { uid: 9 }, 2150, true).granted).toBe(true);
    expect(b.acquire('background', { uid: 1 }, 2160)).toMatchObject({ granted: false, retryAt: 4160 });
    b.settle(held[0]!, 2500);
    b.settle(held[0]!, 9000); // twice: nothing changes
    expect(b.acquire('background', { uid: 1 }, 4499)).toMatchObject({ granted: false, retryAt: 4500 });
    expect(b.acquire('background', { uid: 1 }, 4500).granted).toBe(true);
    // Without holding, or in a pool that counts from the grant, the debit expires a window after the grant.
    const plain = new RateBudget([{ id: 'uid', limit: 1, windowMs: 2000, kind: 'account', window: 'sliding', reserveShare: 0 }]);
    expect(plain.acquire('background', { uid: 1 }, 100)).toEqual({ granted: true });
    expect(plain.acquire('background', { uid: 1 }, 2100).granted).toBe(true);
    expect(plain.acquire('background', { uid: 1 }, 4100, true)).toEqual({ granted: true, held: { debits: [] } });
    expect(plain.acquire('background', { uid: 1 }, 6100).granted).toBe(true);
  });

  it('sliding, held: requests the budget lets through never reach the venue more than the limit in any window, whatever the delays (property)', () => {
    const W = 2000;
    // Small, so that the short arrays fast-check draws can overrun it.
    const LIMIT = 3;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Bursts (asked together) and the delays around a window's length, where it breaks.
            ask: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
            toVenue: fc.oneof(fc.constantFrom(0, 1, W / 2, W - 1, W, W + 1, 2 * W), fc.integer({ min: 0, max: 3 * W })),
            toReply: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: W })),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (reqs) => {
          const b = new RateBudget([{ id: 'uid', limit: LIMIT, windowMs: W, kind: 'account', window: 'sliding', reserveShare: 0, countFromReply: true }]);
          const arrivals: number[] = [];
          const replies: Array<{ at: number; held: NonNullable<ReturnType<typeof heldOf>> }> = [];
          let asked = 0;
          let now = 0;
          const queue: typeof reqs = [];
          const times = reqs.map((_r, i) => reqs.slice(0, i + 1).reduce((t, x) => t + x.ask, 0));
          for (let step = 0; step < 10_000 && (asked < reqs.length || queue.length > 0 || replies.length > 0); step++) {
            while (asked < reqs.length && times[asked]! <= now) queue.push(reqs[asked++]!);
            replies.sort((x, y) => x.at - y.at);
            while (replies.length > 0 && replies[0]!.at <= now) b.settle(replies.shift()!.held, now);
            let retryAt = Number.POSITIVE_INFINITY;
            while (queue.length > 0) {
              const grant = b.acquire('background', { uid: 1 }, now, true);
              if (!grant.granted) {
                retryAt = grant.retryAt;
                break;
              }
              const r = queue.shift()!;
              arrivals.push(now + r.toVenue);
              replies.push({ at: now + r.toVenue + r.toReply, held: heldOf(grant)! });
            }
            replies.sort((x, y) => x.at - y.at);
            now = Math.max(now + 1, Math.min(retryAt, times[asked] ?? Number.POSITIVE_INFINITY, replies[0]?.at ?? Number.POSITIVE_INFINITY));
          }
          arrivals.sort((x, y) => x - y);
          for (const [i, x] of arrivals.entries()) {
            const inWindow = arrivals.slice(0, i + 1).filter((y) => y > x - W).length;
            expect(inWindow, `${inWindow} arrivals in the window ending ${x}`).toBeLessThanOrEqual(LIMIT);
          }
          expect(arrivals).toHaveLength(reqs.length);
        },
      ),
    );
  });

  it('setLimit follows the venue published limits; configuration mistakes are named', () => {
    const b = new RateBudget(POOLS);
    b.setLimit('weight', 6000);
    expect(b.snapshot(T0).pools[0]).toMatchObject({ limit: 6000, reserve: 1200 });
    expect(() => b.acquire('critical', { nope: 1 }, T0)).toThrow(BudgetError);
    expect(() => b.acquire('critical', { weight: -1 }, T0)).toThrow(/≥ 0/);
    expect(() => b.setLimit('weight', 0)).toThrow(/limit must be > 0/);
    expect(() => new RateBudget([POOLS[0]!, POOLS[0]!])).toThrow(/declared twice/);
    expect(() => new RateBudget([{ ...POOLS[0]!, windowMs: 0 }])).toThrow(/windowMs/);
    expect(() => new RateBudget([{ ...POOLS[0]!, reserveShare: 2 }])).toThrow(/reserveShare/);
    expect(() => new RateBudget([{ ...POOLS[0]!, reserveShare: -0.1 }])).toThrow(
      'pool weight: reserveShare must be in 0..1',
    );
    // All of it reserved is a valid choice: only the critical lane may spend.
    const criticalOnly = new RateBudget([{ ...POOLS[0]!, reserveShare: 1 }]);
    expect(criticalOnly.acquire('background', { weight: 1 }, T0).granted).toBe(false);
    expect(criticalOnly.acquire('critical', { weight: 1 }, T0).granted).toBe(true);
    expect(() => b.acquire('critical', { nope: 1 }, T0)).toThrow('unknown rate-limit pool nope');
    const error = new BudgetError('x');
    expect(error.name).toBe('BudgetError');
    expect(b.acquire('background', { weight: 5000 }, T0)).toMatchObject({
      granted: false,
      retryAt: Number.POSITIVE_INFINITY,
    });
  });
});

function heldOf(grant: Grant) {
  return grant.granted ? grant.held : undefined;
}

// Hyperliquid's per-address allowance: a running count against a cap only volume raises; once it is
// spent the venue still takes one request every 10 s (HL "Rate limits").
describe('RateBudget allowance pools', () => {
  const ALLOWANCE: PoolSpec[] = [
    { id: 'weight', limit: 1200, windowMs: 60_000, kind: 'ip', window: 'sliding' },
    { id: 'address', limit: 10, windowMs: 10_000, kind: 'account', window: 'allowance', reserveShare: 0.2 },
  ];
  const ACTION = { weight: 1, address: 1 };

  it('once spent, grants the critical lane one request per 10 s instead of blocking for a day', () => {
    const b = new RateBudget(ALLOWANCE);
    for (let i = 0; i < 10; i++) expect(b.acquire('critical', ACTION, T0 + i)).toEqual({ granted: true });
    // The snapshot says when the trickle lets the next one through: now, before it is used.
    expect(b.snapshot(T0 + 15).pools[1]!.resetAt).toBe(T0 + 15);
    // The venue's allowance is used up: the next request rides its 10 s trickle at once.
    expect(b.acquire('critical', ACTION, T0 + 20)).toEqual({ granted: true });
    const held = b.acquire('critical', ACTION, T0 + 30);
    expect(b.snapshot(T0 + 30).pools[1]!.resetAt).toBe(T0 + 20 + 10_000);
    expect(held).toEqual({
      granted: false,
      retryAt: T0 + 20 + 10_000,
      reason: 'address: allowance spent (11 of 10): one request per 10 s',
    });
    expect(b.acquire('critical', ACTION, T0 + 20 + 9_999).granted).toBe(false);
    expect(b.acquire('critical', ACTION, T0 + 20 + 10_000)).toEqual({ granted: true });
    // A day later nothing has reset: still one per 10 s.
    const dayLater = T0 + 86_400_000;
    expect(b.acquire('critical', ACTION, dayLater)).toEqual({ granted: true });
    expect(b.acquire('critical', ACTION, dayLater + 1).granted).toBe(false);
    expect(b.snapshot(dayLater + 1).pools[1]).toMatchObject({ id: 'address', used: 13, limit: 10, resetAt: dayLater + 10_000 });
  });

  it('background never spends the reserve nor the trickle; volume raising the cap (setLimit) opens it again', () => {
    const b = new RateBudget(ALLOWANCE);
    for (let i = 0; i < 8; i++) expect(b.acquire('background', ACTION, T0 + i)).toEqual({ granted: true });
    const bg = b.acquire('background', ACTION, T0 + 10);
    expect(bg).toMatchObject({ granted: false, retryAt: T0 + 10 + 10_000 });
    expect(bg.granted === false && bg.reason).toBe('address: 8+1 > 8 (background: the rest of the allowance is kept for orders and cancels)');
    // The critical lane still has the reserve, and then the trickle.
    expect(b.acquire('critical', ACTION, T0 + 11)).toEqual({ granted: true });
    expect(b.acquire('critical', ACTION, T0 + 12)).toEqual({ granted: true });
    expect(b.acquire('critical', ACTION, T0 + 13)).toEqual({ granted: true });
    expect(b.acquire('background', ACTION, T0 + 20_000).granted).toBe(false);
    b.setLimit('address', 1_000);
    expect(b.acquire('background', ACTION, T0 + 20_001)).toEqual({ granted: true });
    expect(b.acquire('critical', ACTION, T0 + 20_002)).toEqual({ granted: true });
  });

  it("takes the venue's count as a floor (userRateLimit), and a 429 naming it marks it spent without a day-long pause", () => {
    const b = new RateBudget(ALLOWANCE);
    b.observeUsed('address', 7, T0);
    b.observeUsed('address', 3, T0 + 1);
    expect(b.snapshot(T0 + 2).pools[1]!.used).toBe(7);
    const c = new RateBudget(ALLOWANCE);
    c.onRateLimited(undefined, T0, 'address');
    expect(c.snapshot(T0).pools[1]!.used).toBe(10);
    // The pause is the weight pool's minute, not an allowance's window.
    expect((c.snapshot(T0).until ?? 0) - T0).toBeLessThanOrEqual(60_000);
  });
});

describe('RateBudget decaying pools (a counter that drains, as Kraken counts)', () => {
  // Kraken's Starter API counter: max 15, −0.33/s → drains 15 points in 45.455 s.
  const COUNTER: PoolSpec = { id: 'api', limit: 15, windowMs: 45_455, kind: 'account', window: 'decaying', reserveShare: 0.3 };
  const perPointMs = 45_455 / 15;

  it('after a quiet spell the whole lane is free at once, where a sliding window of the same size still remembers the calls', () => {
    const decaying = new RateBudget([COUNTER]);
    const sliding = new RateBudget([{ ...COUNTER, window: 'sliding' }]);
    // Ten calls spread over the first 20 s: the background lane's 10.5 points, spent.
    for (let i = 0; i < 10; i++) {
      expect(decaying.acquire('background', { api: 1 }, T0 + i * 2_000).granted).toBe(true);
      expect(sliding.acquire('background', { api: 1 }, T0 + i * 2_000).granted).toBe(true);
    }
    // 30 s later the venue's level has drained to 10 − 30 × 0.33 ≈ 0.1; a burst of five goes at once.
    const later = T0 + 18_000 + 30_000;
    for (let i = 0; i < 5; i++) expect(decaying.acquire('background', { api: 1 }, later).granted, `decaying ${i}`).toBe(true);
    const slid = sliding.acquire('background', { api: 5 }, later);
    expect(slid.granted).toBe(false);
  });

  it('a full counter grants one more point a point’s drain later, not before; the retry time says when', () => {
    const b = new RateBudget([COUNTER]);
    expect(b.acquire('critical', { api: 15 }, T0).granted).toBe(true);
    const denied = b.acquire('critical', { api: 1 }, T0 + 1);
    expect(denied.granted).toBe(false);
    if (!denied.granted) expect(denied.retryAt).toBe(T0 + Math.ceil(perPointMs));
    expect(b.acquire('critical', { api: 1 }, T0 + Math.floor(perPointMs) - 1).granted).toBe(false);
    expect(b.acquire('critical', { api: 1 }, T0 + Math.ceil(perPointMs)).granted).toBe(true);
  });

  it('background never spends the reserve; the venue’s larger count is a floor; the pane shows whole points', () => {
    const b = new RateBudget([COUNTER]);
    expect(b.acquire('background', { api: 10 }, T0).granted).toBe(true);
    expect(b.acquire('background', { api: 1 }, T0).granted).toBe(false);
    expect(b.acquire('critical', { api: 5 }, T0).granted).toBe(true);
    const snap = b.snapshot(T0 + 1_000).pools[0]!;
    expect(snap.used).toBe(15); // 15 − 0.33 drained: 14.67 points, shown as the 15 not yet drained
    expect(snap.resetAt).toBeGreaterThan(T0 + 1_000 + 44_000);
    const fresh = new RateBudget([COUNTER]);
    fresh.observeUsed('api', 12, T0);
    expect(fresh.acquire('background', { api: 1 }, T0).granted).toBe(false);
    fresh.observeUsed('api', 3, T0);
    expect(fresh.snapshot(T0).pools[0]!.used).toBe(12);
  });

  it("a venue that drains in steps: one step's drain of the limit is kept free on both lanes", () => {
    // Pro: 20 draining at 1/s, taken off every 3 s: the venue may stand 3 points above our level.
    const b = new RateBudget([{ id: 'api', limit: 20, windowMs: 20_000, kind: 'account', window: 'decaying', reserveShare: 0.3, drainStepMs: 3_000 }]);
    expect(b.acquire('critical', { api: 17 }, T0).granted).toBe(true);
    expect(b.acquire('critical', { api: 1 }, T0).granted).toBe(false);
    const bg = new RateBudget([{ id: 'api', limit: 20, windowMs: 20_000, kind: 'account', window: 'decaying', reserveShare: 0.3, drainStepMs: 3_000 }]);
    expect(bg.acquire('background', { api: 11 }, T0).granted).toBe(true); // 20 − 6 reserve − 3
    expect(bg.acquire('background', { api: 1 }, T0).granted).toBe(false);
  });

  it('never lets the drained level pass the limit, whatever the calls and their times (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), w: fc.integer({ min: 1, max: 3 }), critical: fc.boolean() }), { maxLength: 200 }),
        (calls) => {
          const b = new RateBudget([COUNTER]);
          let now = T0;
          let level = 0; // the venue's own counter, drained the venue's way
          for (const c of calls) {
            level = Math.max(0, level - (c.gapMs / 1000) * 0.33);
            now += c.gapMs;
            const g = b.acquire(c.critical ? 'critical' : 'background', { api: c.w }, now);
            if (g.granted) level += c.w;
            expect(level).toBeLessThanOrEqual(15 + 1e-6);
          }
        },
      ),
    );
  });
});
