/** Shared setup for the engine's request-side tests: a local venue and an engine against it. */
import { expect } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import type { Order } from '../../src/core/types.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { OrderTicket } from '../../src/store/actions.js';
import type { EngineEvent, EventSink } from '../../src/engine/events.js';
import type { Credentials } from '../../src/venues/venue.js';
import { CEILING_MS, until as untilHolds } from '../support/until.js';

export class EventLog implements EventSink {
  readonly events: EngineEvent[] = [];
  push(event: EngineEvent): void {
    this.events.push(event);
  }
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }
}

export function simCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account has no HMAC key');
  return {
    venue: 'binance-usdm',
    env: 'sim',
    apiKey: new Secret(key.apiKey, 'sim api key'),
    apiSecret: key.secret,
  };
}

export async function startTestSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ tickMs: 0, seed: 7, ...options });
}

export function testEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: 'binance-usdm',
    env: 'sim',
    credentials: simCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTCUSDT',
    sink: log,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    // Wide enough that a signed request delayed by a busy machine is not refused for its timestamp
    // (-1021 / 50102 at load 20 turned a 200-order test's order into a rejection).
    recvWindowMs: 3_000,
    resolve: { settleMs: 4_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...options,
  });
}

/**
 * Resolves when `check` holds. `ms` is how long the condition should take on a quiet machine; the
 * wait allows at least the shared ceiling (test/support/until.ts), since CI runs on two busy cores.
 */
export function until(check: () => boolean, ms = CEILING_MS, what = 'condition'): Promise<void> {
  return untilHolds(check, what, Math.max(ms, CEILING_MS));
}

/** A market buy of `qty` on `symbol`, changed by `over`. */
export function ticketFor(symbol: string, qty: string): (over: Partial<OrderTicket>) => OrderTicket {
  return (over) => ({
    symbol,
    side: 'buy',
    type: 'market',
    qty,
    reduceOnly: false,
    postOnly: false,
    ...over,
  });
}

/** The settled order of a placement (throws what the engine refused). */
export async function settledOf(e: Engine, result: Awaited<ReturnType<Engine['place']>>): Promise<Order> {
  if (!result.ok) throw new Error(result.error);
  return e.orders.get(result.clientOrderId!)!.settled;
}

/**
 * Invariant 4 under every reply fault at once: 200 orders (market and resting limit) while
 * replies are dropped after accept, 5xx come before and after, the venue answers "unknown
 * status" and status queries meet a gateway's HTML 502; every fault must have fired, each intent
 * must be accepted exactly once, end filled or resting, and some must have needed a re-send.
 * `priceOf` gives the limit price (asked once the faults are on).
 */
export async function expectOnePerIntentUnderFaults(
  sim: SimHandle,
  e: Engine,
  ticket: (over: Partial<OrderTicket>) => OrderTicket,
  priceOf: () => Promise<string>,
): Promise<void> {
  await sim.control.setFaults({
    dropResponse: { probability: 0.08 },
    error5xxBefore: { probability: 0.08 },
    error5xxAfter: { probability: 0.08 },
    unknownStatus: { probability: 0.08 },
    html502: { probability: 0.15, scope: 'query' },
  });
  const price = await priceOf();
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    // Market orders fill at once, so their ids could be reused at the venue (a resend with a
    // fresh id would show as a second order): the hard case.
    const t = i % 2 === 0 ? ticket({ side: i % 4 === 0 ? 'buy' : 'sell' }) : ticket({ type: 'limit', price });
    const r = await e.place(t);
    if (!r.ok) throw new Error(r.error);
    ids.push(r.clientOrderId!);
  }
  const finals = await Promise.all(ids.map((id) => e.orders.get(id)!.settled));
  const stats = await sim.control.stats();
  await sim.control.clearFaults();
  for (const f of ['dropResponse', 'error5xxBefore', 'error5xxAfter', 'unknownStatus', 'html502']) {
    expect(stats.faultsFired[f] ?? 0, f).toBeGreaterThan(0);
  }
  const accepted = await sim.control.acceptedOrders();
  const perId = new Map<string, number>();
  for (const o of accepted) perId.set(o.clientOrderId, (perId.get(o.clientOrderId) ?? 0) + 1);
  // A miss names the order's final state and reason, so a failure under load says what happened.
  const finalOf = new Map(finals.map((o) => [o.clientOrderId, `${o.state} ${o.reason ?? ''}`]));
  for (const id of ids) expect(perId.get(id), `${id} ${finalOf.get(id)}`).toBe(1);
  for (const o of finals) expect(['filled', 'new'], `${o.clientOrderId} ${o.state} ${o.reason ?? ''}`).toContain(o.state);
  expect(e.orders.counters.resent).toBeGreaterThan(0);
}

/** The venue's position in `symbol` ('0' when flat), asked by REST. */
export async function positionQtyOf(e: Engine, symbol: string): Promise<string> {
  const positions = await e.rest.run(e.adapter.positions!());
  return positions.find((p) => p.symbol === symbol)?.qty ?? '0';
}
