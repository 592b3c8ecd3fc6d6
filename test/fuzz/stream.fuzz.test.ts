// Fuzzing every WebSocket frame parser (user and market stream of every venue the engine and the
// sim speak): real frames captured from the sim, mutated and truncated; vocabulary JSON with
// unknown event names; arbitrary text; invalid UTF-8 decoded as the engine decodes it; multi-
// megabyte and deeply nested frames. `parse` never throws: it returns events (money as decimal
// strings) or a named StreamParseError the stream machine counts and logs.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDecimal } from '../../src/core/decimal.js';
import { availableVenues } from '../../src/chaos/profiles.js';
import type { ParseResult, StreamSpec } from '../../src/venues/stream-types.js';
import { deepText, invalidUtf8, mutated, venueJson, vocabularyOf } from './arbitraries.js';
import { type Captured, capture } from './capture.js';

const venues = await availableVenues();
const captured = new Map<string, Captured>();
const URLS = { rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1', wsPrivate: 'ws://127.0.0.1:1' };

beforeAll(async () => {
  for (const v of venues) captured.set(v, await capture(v));
}, 120_000);

const MONEY = ['qty', 'price', 'filledQty', 'avgPrice', 'fee', 'wallet', 'entryPrice', 'unrealizedPnl', 'bid', 'ask', 'markPrice'];

/** Why a parse result is not acceptable, or undefined. */
function problem(spec: StreamSpec, text: string): string | undefined {
  let r: ParseResult;
  try {
    r = spec.parse(text);
  } catch (err) {
    return `${spec.name} parse threw ${String(err)}`;
  }
  if (!r.ok) return r.error.name === 'StreamParseError' && typeof r.error.excerpt === 'string' ? undefined : 'unnamed failure';
  for (const ev of r.events) {
    const flat = { ...ev, ...('order' in ev ? ev.order : {}), ...('fill' in ev ? ev.fill : {}) } as Record<string, unknown>;
    for (const k of MONEY) if (flat[k] !== undefined && !isDecimal(flat[k])) return `${ev.type}.${k} = ${JSON.stringify(flat[k])}`;
    if (ev.type === 'account') {
      for (const p of ev.positions) if (!isDecimal(p.qty)) return `position qty ${JSON.stringify(p.qty)}`;
      for (const b of ev.balances) if (!isDecimal(b.wallet)) return `balance ${JSON.stringify(b.wallet)}`;
    }
  }
  return undefined;
}

describe('WebSocket frames: hostile input never crashes a frame parser', () => {
  for (const venue of venues) {
    describe(venue, () => {
      const specs = () => {
        const a = captured.get(venue)!.adapter;
        return [a.stream.user(URLS), ...a.stream.market(URLS, [captured.get(venue)!.symbol])];
      };
      const words = () =>
        vocabularyOf([`src/venues/${venue === 'binance-usdm' ? 'binance' : venue}/stream.ts`, 'src/venues/stream-types.ts']);

      it('real frames parse; their mutations and truncations give events or a named error', () => {
        const c = captured.get(venue)!;
        const vocab = words();
        for (const spec of specs()) {
          const real = (c.frames.get(spec.name) ?? []).filter((f) => f.startsWith('{') || f.startsWith('['));
          expect(real.length, `${venue} ${spec.name} frames captured`).toBeGreaterThan(0);
          for (const f of real) expect(problem(spec, f)).toBeUndefined();
          const frame = fc.constantFrom(...real);
          const mutatedFrame = frame.chain((f) => mutated(JSON.parse(f), vocab).map((v) => JSON.stringify(v) ?? 'null'));
          const truncated = fc.tuple(frame, fc.nat()).map(([f, n]) => f.slice(0, n % f.length));
          fc.assert(fc.property(fc.oneof(mutatedFrame, truncated), (text) => problem(spec, text) === undefined), { numRuns: 300 });
        }
      });

      it('unknown event types, vocabulary JSON, any text, invalid UTF-8: events or a named error', () => {
        const vocab = words();
        const text = fc.oneof(
          venueJson(vocab).map((v) => JSON.stringify(v) ?? 'null'),
          fc.string({ unit: 'binary', maxLength: 200 }),
          invalidUtf8.map((b) => b.toString('utf8')),
        );
        for (const spec of specs()) {
          fc.assert(fc.property(text, (t) => problem(spec, t) === undefined), { numRuns: 400 });
        }
      });

      it('multi-megabyte and 100 000-deep frames: a named error or events, no crash', () => {
        const c = captured.get(venue)!;
        for (const spec of specs()) {
          const real = (c.frames.get(spec.name) ?? []).find((f) => f.startsWith('{'));
          const huge = real === undefined ? '{}' : `${real.slice(0, -1)},"pad":"${'x'.repeat(3 << 20)}"}`;
          for (const t of [huge, `"${'9'.repeat(3 << 20)}"`, deepText(100_000, 'array'), deepText(100_000, 'object'), '\u0000'.repeat(1 << 20)]) {
            expect(problem(spec, t)).toBeUndefined();
          }
        }
      });
    });
  }
});
