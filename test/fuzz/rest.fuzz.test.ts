// Fuzzing every REST parser of every registered venue the local venue speaks, through the adapter
// interface (so a venue added tomorrow is fuzzed the day it is registered): real replies captured
// from the sim, mutated; JSON built from the parsers' own vocabulary; wrong types, huge numbers.
// A parser either returns domain values whose money fields are decimal strings, or throws the one
// named error (VenueParseError); `checkReply` and `rateFeedback` never throw at all.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDecimal } from '../../src/core/decimal.js';
import { availableVenues } from '../../src/chaos/profiles.js';
import type { OrderIntent } from '../../src/core/types.js';
import type { HttpReply, RequestPlan, VenueAdapter } from '../../src/venues/venue.js';
import { leaf, mutated, venueJson, vocabularyOf } from './arbitraries.js';
import { type Captured, capture } from './capture.js';

const venues = await availableVenues();
const captured = new Map<string, Captured>();

beforeAll(async () => {
  for (const v of venues) captured.set(v, await capture(v));
}, 120_000);

const MONEY = new Set(['qty', 'price', 'filledQty', 'avgPrice', 'fee', 'wallet', 'available', 'entryPrice', 'markPrice', 'unrealizedPnl', 'tickSize', 'stepSize', 'minQty', 'minNotional', 'liquidationPrice']);

/** Money fields of a parsed value are decimal strings, at any depth. */
function moneyProblems(value: unknown, path = 'result'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => moneyProblems(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (MONEY.has(k) && v !== undefined && !isDecimal(v)) out.push(`${path}.${k} = ${JSON.stringify(v)?.slice(0, 40)}`);
    else out.push(...moneyProblems(v, `${path}.${k}`));
  }
  return out;
}

function parsePlans(a: VenueAdapter, symbol: string): RequestPlan<unknown>[] {
  const intent = (over: Partial<OrderIntent>): OrderIntent => ({
    symbol, side: 'buy', type: 'limit', qty: '0.01', price: '50000', reduceOnly: false, postOnly: false, clientOrderId: fakeId(a), ...over,
  });
  const ref = { symbol, clientOrderId: fakeId(a), venueOrderId: '123' };
  const makers: Array<() => RequestPlan<unknown>> = [
    () => a.serverTime(),
    () => a.instruments(),
    () => a.placeOrder(intent({})),
    () => a.placeOrder(intent({ type: 'market', price: undefined as never, side: 'sell' })),
    () => a.queryOrder(ref),
    () => a.cancelOrder(ref),
    () => a.cancelAll(symbol),
    () => a.openOrders(symbol),
    () => a.openOrders(),
    () => a.balances(),
    () => a.fills({ symbol, startTime: 1_700_000_000_000, limit: 100 }),
    () => a.fills({ symbol, fromTradeId: '5', limit: 100 }),
  ];
  if (a.positions) makers.push(() => a.positions!());
  const deadman = a.deadman;
  if (deadman) makers.push(() => deadman.arm(deadman.defaultTimeoutMs, symbol));
  if (deadman && deadman.trigger !== 'disconnect') makers.push(() => deadman.disarm(symbol));
  if (a.cancelBatch) makers.push(() => a.cancelBatch!.plan([ref, { ...ref, clientOrderId: fakeId(a, 2) }]));
  const token = a.stream.user({ rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1', wsPrivate: 'ws://127.0.0.1:1' }).token;
  if (token) makers.push(() => token.create());
  const plans: RequestPlan<unknown>[] = [];
  for (const make of makers) {
    try {
      plans.push(make());
    } catch {
      // An intent this venue cannot express (e.g. a market order without a reference price).
    }
  }
  return plans;
}

function fakeId(a: VenueAdapter, n = 1): string {
  return a.clientId.form === 'hex16' || a.clientId.pattern.test('0x0123456789abcdef0123456789abcde0')
    ? `0x0123456789abcdef0123456789abcde${n}`
    : `qdFUZZ${n}`;
}

interface Tally {
  parsed: number;
  refused: number;
}

function parseOutcome(plan: RequestPlan<unknown>, body: unknown, tally: Tally): string | undefined {
  let value: unknown;
  try {
    value = plan.parse({ status: 200, headers: {}, body });
    tally.parsed++;
  } catch (err) {
    tally.refused++;
    return err instanceof Error && err.name === 'VenueParseError' ? undefined : `${plan.name} threw ${String(err)}`;
  }
  const bad = moneyProblems(value);
  return bad.length === 0 ? undefined : `${plan.name} accepted non-decimal money: ${bad.slice(0, 3).join('; ')}`;
}

const srcOf = (venue: string) => {
  const folder = { 'binance-usdm': 'binance' }[venue] ?? venue;
  const dir = join('src/venues', folder);
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
};

const RATE_HEADERS = [
  'retry-after',
  'x-mbx-used-weight-1m',
  'x-mbx-order-count-10s',
  'x-mbx-order-count-1m',
  'x-bapi-limit',
  'x-bapi-limit-status',
  'x-bapi-limit-reset-timestamp',
  'content-type',
] as const;

/** Venues whose replies carry their own usage counts in headers (the others only Retry-After). */
const USAGE_HEADERS: Readonly<Record<string, boolean>> = { 'binance-usdm': true, bybit: true };

describe('REST replies: hostile bodies never crash a parser', () => {
  for (const venue of venues) {
    describe(venue, () => {
      const vocab = () => vocabularyOf([...srcOf(venue), 'src/venues/shared/fields.ts'].filter((f) => !f.includes('sign')));

      it('every parse function: mutations of real replies and vocabulary JSON → a value or VenueParseError', () => {
        const c = captured.get(venue)!;
        const words = vocab();
        const plans = parsePlans(c.adapter, c.symbol);
        expect(plans.length).toBeGreaterThanOrEqual(10);
        const anyBody = [...c.bodies.values()];
        // This venue's own count: a tally shared across venues let the first venue meet the
        // thresholds for the others.
        const tally: Tally = { parsed: 0, refused: 0 };
        for (const plan of plans) {
          const base = c.bodies.get(plan.name) ?? anyBody[plan.name.length % anyBody.length];
          // The real reply itself parses.
          if (c.bodies.has(plan.name)) expect(parseOutcome(plan, base, tally)).toBeUndefined();
          fc.assert(
            fc.property(fc.oneof(mutated(base, words), venueJson(words)), (body) => {
              const problem = parseOutcome(plan, body, tally);
              if (problem !== undefined) throw new Error(problem);
            }),
            { numRuns: 120 },
          );
        }
        // Mutations got past the first checks often enough to exercise the deep fields, and were refused too.
        expect(tally.parsed, `${venue}: replies that parsed`).toBeGreaterThan(100);
        expect(tally.refused, `${venue}: replies refused`).toBeGreaterThan(100);
      });

      it('checkReply and rateFeedback take any status, headers and body without throwing', () => {
        const { adapter } = captured.get(venue)!;
        const words = vocab();
        const header = fc.oneof(
          fc.constantFrom('1', '0', '-5', '1e9', '99999999999999999999', 'abc', '', '120', '1796600000000'),
          fc.string({ maxLength: 8 }),
        );
        const reply = fc.record({
          status: fc.oneof(fc.constantFrom(200, 400, 401, 403, 404, 418, 429, 500, 502, 503), fc.integer({ min: 100, max: 599 })),
          // Every venue's rate headers, so each adapter's header paths are reached, not only Binance's.
          headers: fc.dictionary(fc.constantFrom(...RATE_HEADERS), header),
          body: fc.oneof(venueJson(words), leaf(words), fc.constant(undefined)),
        });
        // The request a reply answers (which pool its headers count for), or none.
        const poolIds = adapter.pools.map((p) => p.id);
        const request = fc.option(
          fc.record({ name: fc.constantFrom('order', 'query'), costs: fc.dictionary(fc.constantFrom(...poolIds), fc.integer({ min: 1, max: 5 })) }),
          { nil: undefined },
        );
        let limited = 0;
        let counted = 0;
        fc.assert(
          fc.property(reply, fc.double({ noNaN: true, min: 0, max: 4e12 }), request, (r: HttpReply, now, req) => {
            const info = adapter.checkReply(r);
            const fb = adapter.rateFeedback(r, now, req);
            if (fb.rateLimited) limited++;
            if (Object.keys(fb.used).length > 0) counted++;
            return (info === undefined || typeof info.message === 'string') && typeof fb.rateLimited === 'boolean';
          }),
          { numRuns: 600 },
        );
        // The runs reached the rate-limited replies, and the venue's own counts where it sends them.
        expect(limited, `${venue}: rate-limited replies`).toBeGreaterThan(5);
        if (USAGE_HEADERS[venue] === true) expect(counted, `${venue}: replies carrying the venue's counts`).toBeGreaterThan(5);
      });
    });
  }
});
