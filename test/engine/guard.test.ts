// The fat-finger guard in the engine, against the local venue: a refused order is never on the
// wire (the venue counts no request), a question is asked before a sweep and a yes sends it, and
// an exit is never blocked by the size limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, settledOf, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
let log: EventLog;
const ticket = ticketFor('BTCUSDT', '0.002');

/** The last streamed best bid/ask, once the market stream has sent one since `since`. */
function lastQuote(since: number): { bid: string; ask: string } | undefined {
  const t = log.of('ticker').filter((e) => e.at >= since).at(-1);
  return t === undefined ? undefined : { bid: t.bid, ask: t.ask };
}

describe('the fat-finger guard against the local venue', () => {
  let bid = '';
  let ask = '';

  beforeAll(async () => {
    sim = await startTestSim();
    log = new EventLog();
    engine = testEngine(sim, log, {
      streams: true,
      // At a mid of 50,000: 0.02 BTC is 1,000 USDT.
      guard: { maxOrderNotional: '1000', maxPositionNotional: '1500', priceBandPct: '2', sweepConfirmPct: '0.5', maxOrdersPerMinute: 6 },
    });
    await engine.start();
    // The price is pushed when it is set: every socket must be live to hear it.
    await until(() => engine.streams.every((s) => s.state === 'live'), undefined, 'live streams');
    const since = Date.now();
    await sim.control.setPrice('BTCUSDT', '50000');
    await until(() => {
      const q = lastQuote(since);
      return q !== undefined && Number(q.bid) > 49_000 && Number(q.bid) < 51_000;
    }, undefined, 'a streamed quote near 50,000');
    ({ bid, ask } = lastQuote(since)!);
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });

  it('refuses each rule by name, and nothing reaches the venue', async () => {
    const before = await sim.control.stats();
    const accepted = (await sim.control.acceptedOrders()).length;
    const refusals = [
      [ticket({ qty: '0.05' }), /^guard: order size: .* USDT is over the 1000 USDT limit per order$/],
      [ticket({ type: 'limit', price: String(Math.round(Number(ask) * 1.03 * 10) / 10), qty: '0.002' }), /^guard: price band: buy at .* through the best ask .*, the band is 2 %$/],
      [ticket({ type: 'limit', side: 'sell', price: String(Math.round(Number(bid) * 0.97 * 10) / 10), qty: '0.002' }), /^guard: price band: sell at .* through the best bid/],
    ] as const;
    for (const [t, why] of refusals) {
      const r = await engine.place(t);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error).toMatch(why);
    }
    const after = await sim.control.stats();
    expect(after.httpRequests).toBe(before.httpRequests);
    expect((await sim.control.acceptedOrders()).length).toBe(accepted);
    expect(log.of('log').some((e) => e.text.startsWith('order refused by the guard: order size'))).toBe(true);
  });

  it('asks before a marketable limit sweeps the book; only a confirmed place sends it', async () => {
    const through = String(Math.round(Number(ask) * 1.01 * 10) / 10);
    const sweep = ticket({ type: 'limit', price: through, qty: '0.002' });
    const before = await sim.control.stats();
    const asked = await engine.place(sweep);
    expect(asked).toMatchObject({ ok: false, confirm: true });
    expect(asked.ok ? '' : asked.error).toMatch(/^buy at .* through the best ask .*: it would sweep the book\. Send it\?$/);
    expect((await sim.control.stats()).httpRequests).toBe(before.httpRequests);
    const sent = await settledOf(engine, await engine.place(sweep, { confirmed: true }));
    expect(sent).toMatchObject({ state: 'filled', filledQty: '0.002' });
  });

  it('the position limit counts what the order would leave; a reducing order always passes', async () => {
    // Long 0.002 from the sweep, 0.012 after this buy; 0.019 more (~950 USDT: within the order
    // limit) would leave 0.031 (~1,550 USDT), over the position limit.
    const grown = await settledOf(engine, await engine.place(ticket({ qty: '0.01' })));
    expect(grown.state).toBe('filled');
    const more = await engine.place(ticket({ qty: '0.019' }));
    expect(more.ok ? '' : more.error).toMatch(/^guard: position size: this order would leave .* USDT of position, over the 1500 USDT limit$/);
    // Selling the whole long is an exit: no size limit applies.
    const exit = await settledOf(engine, await engine.place(ticket({ side: 'sell', qty: '0.012' })));
    expect(exit).toMatchObject({ state: 'filled', filledQty: '0.012' });
  });

  it('past the per-minute count the next order is refused before it is signed', async () => {
    // Three orders went out in the tests above (sweep, grow, exit); three more reach the limit of six.
    for (let i = 0; i < 3; i++) expect((await engine.place(ticket({ type: 'limit', price: String(Math.round(Number(bid) * 0.9 * 10) / 10) }))).ok).toBe(true);
    const before = await sim.control.stats();
    const r = await engine.place(ticket({ type: 'limit', price: String(Math.round(Number(bid) * 0.9 * 10) / 10) }));
    expect(r.ok ? '' : r.error).toBe('guard: order rate: 6 orders in the last minute, the limit is 6');
    expect((await sim.control.stats()).httpRequests).toBe(before.httpRequests);
    // Flatten is the panic button: never held by the guard.
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    expect(await engine.flatten()).toMatchObject({ ok: true });
  });
});
