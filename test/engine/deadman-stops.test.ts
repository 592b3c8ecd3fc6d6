// The dead-man's switch FIRING with protective orders on the book, per local-venue dialect: a long
// open, a resting plain order and a stop below; the engine stops renewing (a timer left to run out,
// or the private socket gone with the switch left armed); once the venue has cancelled the plain
// order, the stop is still there or gone exactly as the adapter declares it for the header
// ("· stops kept" / "· stops cancelled too"; pinned in test/venues/deadman-stops.test.ts). Each
// dialect gets a venue of its own and one engine on it (a fresh venue per case keeps a half-settled
// order of one case from reaching the next).
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { bybitEngine, bybitPriceAt, startBybitSim } from './bybit-helpers.js';
import { COIN, hlEngine, hlPriceAt, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { openLong, positionQtyOf } from './protection-helpers.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';
import { bothLive, SIM_STREAM_OPTIONS } from './stream-helpers.js';

let sim: SimHandle | undefined;
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop().catch(() => undefined)));
  await sim?.close();
  sim = undefined;
});

interface Book {
  plain: string;
  stop: string;
}

/** Opens the long, rests a plain buy below the market and a stop below that; returns their ids. */
async function protectedLong(e: Engine, venue: SimHandle, symbol: string, qty: string, buyAt: string, stopAt: string): Promise<Book> {
  await openLong({ sim: venue, engine: e, symbol, qty, position: () => positionQtyOf(e, symbol) });
  const r = await e.place({ symbol, side: 'buy', type: 'limit', qty, price: buyAt, reduceOnly: false, postOnly: false });
  if (!r.ok) throw new Error(r.error);
  expect((await e.orders.get(r.clientOrderId!)!.settled).state).toBe('new');
  const s = await e.protect('stop', stopAt);
  if (!s.ok) throw new Error(s.error);
  await until(() => e.account.order(s.clientOrderId!)?.state === 'new', 'the stop resting');
  return { plain: r.clientOrderId!, stop: s.clientOrderId! };
}

/** The venue's own answer on a client order id (a protective one at its own endpoint where the venue keeps them apart). */
async function stateAt(e: Engine, symbol: string, id: string, protective: boolean): Promise<string> {
  return (await e.rest.run(e.adapter.queryOrder({ symbol, clientOrderId: id, protective }))).state;
}

async function stopsAt(e: Engine, symbol: string): Promise<string[]> {
  const list = e.adapter.protective?.open ?? e.adapter.openOrders;
  return (await e.rest.run(list(symbol))).filter((o) => o.trigger !== undefined).map((o) => o.clientOrderId);
}

/** After the venue cancelled the plain order: the stop is at the venue (kept) or cancelled (cancelled too), as declared. */
async function stopAsDeclared(check: Engine, symbol: string, book: Book): Promise<void> {
  const declared = check.adapter.deadman?.protective;
  expect(declared).toBeDefined();
  if (declared === 'kept') {
    expect(await stopsAt(check, symbol)).toContain(book.stop);
    expect(await stateAt(check, symbol, book.stop, true)).toBe('new');
  } else {
    await until(async () => !(await stopsAt(check, symbol)).includes(book.stop), 'the stop gone with the rest');
    expect(await stateAt(check, symbol, book.stop, true)).toBe('canceled');
  }
}

describe("the dead-man's switch fires: protective orders kept or cancelled as each venue declares", () => {
  it('Binance USD-M countdownCancelAll: the plain order is cancelled, the stop (an algo order) is kept', async () => {
    sim = await startTestSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    const e = testEngine(sim, new EventLog(), { deadman: { enabled: true, timeoutMs: 1_200 } });
    engines.push(e);
    await e.start();
    expect(e.adapter.deadman?.protective).toBe('kept');
    const book = await protectedLong(e, sim, 'BTCUSDT', '0.010', '48500', '45000');
    // The process "dies": no more re-arms; the venue's countdown runs out.
    e.deadman!.abandon();
    await until(async () => (await stateAt(e, 'BTCUSDT', book.plain, false)) === 'canceled', 'the venue cancelling the plain order');
    await stopAsDeclared(e, 'BTCUSDT', book);
    expect(await positionQtyOf(e, 'BTCUSDT')).not.toBe('0');
  });

  it('Hyperliquid scheduleCancel: the plain order is cancelled and the stop (a trigger order) with it', async () => {
    sim = await startHlSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    // The venue wants the scheduled time at least 5 s ahead.
    const e = hlEngine(sim, new EventLog(), { deadman: { enabled: true, timeoutMs: 6_000 } });
    engines.push(e);
    await e.start();
    await marketLive(e, sim);
    expect(e.adapter.deadman?.protective).toBe('cancelled');
    const book = await protectedLong(e, sim, COIN, '0.01', await hlPriceAt(sim, '0.97'), await hlPriceAt(sim, '0.9'));
    e.deadman!.abandon();
    // Venue time passes the scheduled time (a clock jump stands in for the six seconds).
    await sim.control.jumpClock(7_000);
    try {
      await until(async () => {
        await sim!.control.tick();
        return (await stateAt(e, COIN, book.plain, false)) === 'canceled';
      }, 'the venue cancelling the plain order');
      await stopAsDeclared(e, COIN, book);
    } finally {
      await sim.control.jumpClock(-7_000);
    }
  });

  it('Bybit DCP: the private socket gone with the switch armed, the plain order is cancelled, the conditional stop is kept', async () => {
    sim = await startBybitSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    const log = new EventLog();
    const e = bybitEngine(sim, log, { ...SIM_STREAM_OPTIONS, deadman: { enabled: true, timeoutMs: 3_000 } });
    engines.push(e);
    await e.start();
    await until(() => bothLive(log), 'sockets live');
    await until(() => log.of('deadman').length > 0, 'armed');
    expect(e.adapter.deadman?.protective).toBe('kept');
    const book = await protectedLong(e, sim, 'BTCUSDT', '0.010', await bybitPriceAt(sim, 0.97), await bybitPriceAt(sim, 0.9));
    // The session ends without disarming: the venue counts the window from the socket's close.
    const check = bybitEngine(sim, new EventLog());
    engines.push(check);
    await check.start();
    await e.stop('leave-armed');
    await until(async () => (await stateAt(check, 'BTCUSDT', book.plain, false)) === 'canceled', 'the venue cancelling the plain order');
    await stopAsDeclared(check, 'BTCUSDT', book);
  });
});
