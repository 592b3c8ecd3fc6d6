/**
 * A partial close racing a fill never flips the position: a property over interleavings, run by the
 * engine against each local-venue dialect (one file per dialect). Each case opens a position, may
 * rest one more order of the trader's, then sends `:close N %` (N = 100 goes through flatten) —
 * sometimes twice at once, as a double key press — while that order's fill lands at one chosen
 * point of the close's life, steered by the venue rather than by time:
 *
 *   before       the fill lands, then the close reads the position
 *   held-send    the close was sized from the position read and sent; the venue holds it
 *                unhandled (`hold`) while the fill lands: it was sized from a stale position
 *   held-reply   the venue matched the close and holds its reply (`holdAfter`) while the fill
 *                lands: the close's and the fill's stream events reach the engine before its ack
 *   after        the close settled, then the fill lands
 *   never        no fill
 *
 * and, in some cases, the private stream is dropped just before the close: its events reach the
 * engine late, through the reconnect's reconcile. What is asserted:
 *   - the venue's ledger, fill by fill, never takes the position through zero to the other side;
 *   - no fill of a close is larger than the position it reduced (the close never exceeds it);
 *   - no position the engine published changed sign;
 *   - once things settle the engine holds the venue's position, and a close answers with what it
 *     sent or a named reason.
 *
 * The trader's other order is either reduce-only on the closing side (any size: the venue caps
 * it), or a plain order on the side that adds to the position. A plain order on the closing side
 * larger than what a close leaves is left out on purpose: when it fills after the close it opens
 * the other side, because that is what the trader's order asked for, and the venue would do the
 * same.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abs, add, cmp, div, gt, isZero, mul, neg, normalize, sign } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { SimFill } from '../../src/sim/types.js';
import { until } from '../support/until.js';
import { EventLog } from './rest-helpers.js';

export interface RaceVenue {
  sim: SimHandle;
  engine: Engine;
  log: EventLog;
  /** The engine's symbol. */
  symbol: string;
  /** One size step in the engine's unit (base, or contracts on OKX): three of them clear the venue's minimum notional. */
  step: string;
  /** The base quantity of one engine unit (the contract's value on OKX, else 1): the local venue's ledger is in base. */
  unit: string;
  /** Where each case starts; the trader's other order rests `gap` away from it and fills when the price moves `2 × gap`. */
  base: number;
  gap: number;
  /** Moves the local venue's price (and, where market orders are priced from the stream, waits for the engine to see it). */
  setPrice(price: number): Promise<void>;
}

export const FILL_POINTS = ['before', 'held-send', 'held-reply', 'after', 'never'] as const;
export type FillPoint = (typeof FILL_POINTS)[number];

export interface RaceCase {
  long: boolean;
  /** The position, in steps (at least 3: an order that opens or adds clears the minimum notional). */
  size: number;
  /** The trader's other order: reduce-only on the closing side, or plain on the adding side. */
  other: { kind: 'reduce-only' | 'adds'; steps: number } | null;
  percent: string;
  /** A second close sent at the same moment (a double key press), or none. */
  second: string | null;
  fillAt: FillPoint;
  dropStream: boolean;
}

const PERCENTS = ['25', '50', '75', '100', '33.3'];

export const raceCase: fc.Arbitrary<RaceCase> = fc.record({
  long: fc.boolean(),
  size: fc.integer({ min: 3, max: 12 }),
  other: fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant('reduce-only' as const), steps: fc.integer({ min: 1, max: 16 }) }),
      fc.record({ kind: fc.constant('adds' as const), steps: fc.integer({ min: 3, max: 6 }) }),
    ),
    { nil: null, freq: 5 },
  ),
  percent: fc.constantFrom(...PERCENTS),
  second: fc.option(fc.constantFrom(...PERCENTS), { nil: null, freq: 3 }),
  fillAt: fc.constantFrom(...FILL_POINTS),
  // One case in three: a reconnect's reconcile goes at the venue's pace (OKX reads positions 10 times per 2 s).
  dropStream: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, { arbitrary: fc.constant(true), weight: 1 }),
});

/** The hard corners, run every time before the drawn cases. */
export const CORNERS: RaceCase[] = [
  // Sized from the whole long; part of it is sold by the other order before the close arrives.
  { long: true, size: 5, other: { kind: 'reduce-only', steps: 2 }, percent: '100', second: null, fillAt: 'held-send', dropStream: false },
  // A double press: both closes sized from the same read, together more than the position.
  { long: false, size: 8, other: null, percent: '75', second: '75', fillAt: 'never', dropStream: false },
  // Sized from the whole long; a reduce-only sell larger than the long fills first.
  { long: true, size: 4, other: { kind: 'reduce-only', steps: 9 }, percent: '100', second: null, fillAt: 'held-send', dropStream: false },
  { long: false, size: 6, other: { kind: 'reduce-only', steps: 5 }, percent: '50', second: '100', fillAt: 'held-send', dropStream: true },
  // The close matched, the fill of the other order lands before the engine hears the ack.
  { long: true, size: 5, other: { kind: 'reduce-only', steps: 5 }, percent: '75', second: null, fillAt: 'held-reply', dropStream: false },
  { long: false, size: 3, other: { kind: 'adds', steps: 4 }, percent: '100', second: '25', fillAt: 'held-reply', dropStream: false },
  { long: true, size: 3, other: { kind: 'reduce-only', steps: 1 }, percent: '50', second: null, fillAt: 'before', dropStream: false },
];

const steps = (v: RaceVenue, n: number) => mul(v.step, String(n));

/**
 * The venue's position in base, from its own ledger (every fill since the venue started): read
 * through the control API, which no rate limit meters, so waiting on it spends none of the
 * engine's budget (OKX allows 10 position reads per 2 s).
 */
async function venuePosition(v: RaceVenue): Promise<string> {
  let position = '0';
  for (const f of await v.sim.control.fills()) position = add(position, f.side === 'BUY' ? f.qty : neg(f.qty));
  return position;
}

/** The position the engine holds, in base. */
function enginePosition(v: RaceVenue): string {
  return mul(v.engine.account.allPositions().find((p) => p.symbol === v.symbol)?.qty ?? '0', v.unit);
}

async function lastTradeId(v: RaceVenue): Promise<number> {
  const fills = await v.sim.control.fills();
  return fills.length === 0 ? 0 : fills[fills.length - 1]!.tradeId;
}

async function fired(v: RaceVenue, fault: 'hold' | 'holdAfter'): Promise<number> {
  return (await v.sim.control.stats()).faultsFired[fault] ?? 0;
}

/** Flat, nothing open, the price back at base, no fault: where every case starts. */
export async function resetVenue(v: RaceVenue): Promise<void> {
  const e = v.engine;
  await v.sim.control.clearFaults();
  // Only what is still open is cancelled, one by one: a cancel-all would list the book first.
  for (const o of e.account.openOrders().filter((x) => x.symbol === v.symbol && x.state === 'new')) await e.cancel(o.clientOrderId);
  await v.setPrice(v.base);
  // Closed by one reduce-only market order sized from the ledger: no position read spent on it.
  const left = await venuePosition(v);
  if (!isZero(left)) {
    const qty = div(abs(left), v.unit, 12, 'down');
    const r = await e.place({ symbol: v.symbol, side: sign(left) > 0 ? 'sell' : 'buy', type: 'market', qty: normalize(qty), reduceOnly: true, postOnly: false });
    expect(r, r.ok ? '' : r.error).toMatchObject({ ok: true });
    await e.orders.get(r.ok ? r.clientOrderId! : '')!.settled;
  }
  await until(async () => isZero(await venuePosition(v)), 'flat before the case');
  await until(() => e.streams.every((s) => s.state === 'live'), 'the streams live');
}

/** A close's answer: what it sent, the position already flat, or a named reason. Returns the order's id if one was sent. */
function closeAnswer(r: Awaited<ReturnType<Engine['closePart']>>): string | undefined {
  if (!r.ok) {
    // A named reason from the venue or the engine, never an empty or thrown one.
    expect(r.error.length, 'a refused close says why').toBeGreaterThan(0);
    return undefined;
  }
  expect(r.message ?? '').toMatch(/^(closing .+ at market, reduce-only|.+: already flat)$/);
  return r.clientOrderId;
}

export async function runRace(v: RaceVenue, c: RaceCase): Promise<void> {
  const e = v.engine;
  await resetVenue(v);
  const fromTrade = await lastTradeId(v);
  const eventsFrom = v.log.events.length;
  const opening = c.long ? 'buy' : 'sell';
  const closing = c.long ? 'sell' : 'buy';

  const opened = await e.place({ symbol: v.symbol, side: opening, type: 'market', qty: steps(v, c.size), reduceOnly: false, postOnly: false });
  expect(opened, opened.ok ? '' : opened.error).toMatchObject({ ok: true });
  expect((await e.orders.get(opened.ok ? opened.clientOrderId! : '')!.settled).state).toBe('filled');
  await until(async () => cmp(abs(await venuePosition(v)), mul(steps(v, c.size), v.unit)) === 0, 'the position opened');

  // The trader's other order rests `gap` away; a move of 2 × gap through it fills it.
  let fill = async (): Promise<void> => {};
  if (c.other !== null) {
    const side = c.other.kind === 'reduce-only' ? closing : opening;
    const above = side === 'sell';
    const price = v.base + (above ? v.gap : -v.gap);
    const placed = await e.place({ symbol: v.symbol, side, type: 'limit', price: String(price), qty: steps(v, c.other.steps), reduceOnly: c.other.kind === 'reduce-only', postOnly: false });
    expect(placed, placed.ok ? '' : placed.error).toMatchObject({ ok: true });
    const id = placed.ok ? placed.clientOrderId! : '';
    await until(() => !['pending_new', 'unknown', undefined].includes(e.account.order(id)?.state), 'the other order answered');
    const o = e.account.order(id)!;
    expect(o.state, `the other order ${o.side} ${o.qty} at ${o.price}: ${o.reason ?? ''}`).toBe('new');
    fill = () => v.setPrice(v.base + (above ? 2 * v.gap : -2 * v.gap));
  }

  const closes: string[] = [];
  // The position when the closes read it (a fill landing 'before' has landed): none may ask for more.
  let atSend = '0';
  const sendCloses = async () => {
    atSend = await venuePosition(v);
    const answers = await Promise.all([e.closePart(c.percent), ...(c.second === null ? [] : [e.closePart(c.second)])]);
    for (const a of answers) {
      const id = closeAnswer(a);
      if (id !== undefined) closes.push(id);
    }
  };
  const settled = () => Promise.all(closes.map((id) => e.orders.get(id)!.settled));

  if (c.dropStream) await v.sim.control.dropSockets('user');
  switch (c.fillAt) {
    case 'before':
      await fill();
      await sendCloses();
      break;
    case 'held-send':
    case 'held-reply': {
      const fault = c.fillAt === 'held-send' ? 'hold' : 'holdAfter';
      const before = await fired(v, fault);
      await v.sim.control.setFaults({ [fault]: { times: 1, scope: 'order' } });
      await sendCloses();
      // Nothing was sent when the position was already flat (the other order cannot have filled yet).
      if (closes.length > 0) await until(async () => (await fired(v, fault)) === before + 1, `the close ${fault === 'hold' ? 'held unhandled' : 'handled, its reply held'}`);
      await fill();
      await v.sim.control.patchFaults({ now: { releaseHeld: true } });
      break;
    }
    case 'after':
      await sendCloses();
      await settled();
      await fill();
      break;
    case 'never':
      await sendCloses();
      break;
  }
  for (const o of await settled()) expect(['filled', 'canceled', 'expired', 'rejected', 'new'], `${o.clientOrderId} ${o.state} ${o.reason ?? ''}`).toContain(o.state);
  await v.sim.control.clearFaults();

  // The venue's ledger, fill by fill, from flat: never through zero to the other side, and no fill
  // of a close larger than the position it reduced.
  const fills: SimFill[] = (await v.sim.control.fills()).filter((f) => f.tradeId > fromTrade);
  const ledger = fills.map((f) => `${closes.includes(f.clientOrderId) ? 'close' : f.maker ? 'other' : 'open'} ${f.side} ${f.qty}`).join(' | ');
  let position = '0';
  const want = c.long ? 1 : -1;
  const closeIds = new Set(closes);
  for (const f of fills) {
    const signed = f.side === 'BUY' ? f.qty : neg(f.qty);
    if (closeIds.has(f.clientOrderId)) {
      expect(sign(signed), `close ${f.clientOrderId} reduces: ${ledger}`).toBe(-want);
      expect(gt(f.qty, abs(position)), `close fill ${f.qty} within the position ${position}: ${ledger}`).toBe(false);
    }
    position = add(position, signed);
    expect(sign(position) === -want, `the position went ${position} after trade ${f.tradeId}: ${ledger}`).toBe(false);
  }

  // The engine's position comes from its streams alone: pushes, and after a dropped socket the
  // reconnect's reconcile. No extra pass is asked for: a position the streams left stale fails here.
  await until(async () => e.streams.every((s) => s.state === 'live') && cmp(enginePosition(v), await venuePosition(v)) === 0, "the engine holding the venue's position").catch(async (err: Error) => {
    const streams = e.streams.map((s) => s.state).join(', ');
    throw new Error(`${err.message}: the engine holds ${enginePosition(v)}, the venue ${await venuePosition(v)} (streams ${streams}; budget ${JSON.stringify(e.lanes.snapshot())})`);
  });
  // What the engine published on the way never changed sign either.
  for (const ev of v.log.events.slice(eventsFrom)) {
    if (ev.type !== 'positions') continue;
    for (const p of ev.positions) if (p.symbol === v.symbol) expect(sign(p.qty) === -want, `published ${p.qty}: ${ledger}`).toBe(false);
  }
  // Every close went out reduce-only, on the closing side, asking at most the position it read.
  for (const id of closes) {
    const o = e.account.order(id)!;
    expect(o).toMatchObject({ reduceOnly: true, side: closing });
    expect(gt(mul(o.qty, v.unit), abs(atSend)), `close ${o.qty} asked within ${atSend}`).toBe(false);
  }
}

/** The property, with the corners first: one engine and one venue per dialect, cases one after another. */
export async function closeNeverFlips(v: () => RaceVenue, numRuns: number): Promise<void> {
  for (const c of CORNERS) await runRace(v(), c);
  await fc.assert(
    fc.asyncProperty(raceCase, (c) => runRace(v(), c)),
    { numRuns, endOnFailure: true },
  );
}

/** What differs between dialects in the race: how to start the venue and the engine, and the sizes. */
export interface RaceDialect extends Pick<RaceVenue, 'symbol' | 'step' | 'unit'> {
  name: string;
  start(): Promise<SimHandle>;
  /** The engine, streams on (the race is about what the streams say and when). */
  engine(sim: SimHandle, log: EventLog): Engine;
  /** After the engine started: what the dialect needs before the first case. */
  ready?(engine: Engine, sim: SimHandle): Promise<void>;
  /** After the local venue's price moved: what the dialect waits for before the next step. */
  priced?(engine: Engine, sim: SimHandle, price: number): Promise<void>;
  /** Drawn cases after the corners: fewer where the venue's order rate spaces each case out. */
  runs: number;
}

/** Reconnects fast, so a dropped private stream is back within the case. */
export const RACE_STREAM = { streams: true, stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } } } as const;

/** The race's suite for one dialect: one local venue and one engine, the property over them. */
export function closeRaceSuite(d: RaceDialect): void {
  describe(`a partial close racing a fill, ${d.name} dialect`, () => {
    let sim: SimHandle;
    let engine: Engine;
    const log = new EventLog();
    const venue = (): RaceVenue => ({
      sim,
      engine,
      log,
      symbol: d.symbol,
      step: d.step,
      unit: d.unit,
      base: 50_000,
      gap: 100,
      setPrice: async (p) => {
        await sim.control.setPrice('BTCUSDT', String(p));
        await d.priced?.(engine, sim, p);
      },
    });

    beforeAll(async () => {
      sim = await d.start();
      await sim.control.setPrice('BTCUSDT', '50000');
      engine = d.engine(sim, log);
      await engine.start();
      await d.ready?.(engine, sim);
    });
    afterAll(async () => {
      await engine?.stop();
      await sim?.close();
    });

    it('never flips the position, whatever lands between its read, its send and its ack', async () => {
      await closeNeverFlips(venue, d.runs);
    });
  });
}
