// Every symbol (docs/orders.md "Every symbol"): the session's ticket moves to another symbol
// (`setSymbol`, behind `:sym` and the `/` picker) on every venue the registry and the local venue
// both have. The new symbol's ticker arrives, the old one's market stream is closed, an order goes
// out on the new instrument with its step and tick, and cancel-all follows the ticket. The selected
// row's symbol (`showSymbol`) joins the market stream and leaves it again. The private socket stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableVenues, profileOf, simCredentials } from '../../src/chaos/profiles.js';
import { add, cmp, div, mul } from '../../src/core/decimal.js';
import { roundPrice, roundToStep } from '../../src/core/rounding.js';
import type { Instrument } from '../../src/core/types.js';
import { Engine } from '../../src/engine/engine.js';
import type { TickerEvent } from '../../src/engine/events.js';
import { memoryNonceFloor } from '../../src/engine/nonce-floor.js';
import { type SimDialect, type SimHandle, startSim } from '../../src/sim/index.js';
import { venueAdapter } from '../../src/venues/index.js';
import { EventLog, until } from './rest-helpers.js';

/** A limit buy far below the market, on the instrument's tick and step, above its minimums. */
function restingBuy(ins: Instrument, bid: string): { qty: string; price: string } {
  const price = roundPrice(mul(bid, '0.97'), ins.tickSize, 'buy');
  let qty = ins.minQty === '0' ? ins.stepSize : ins.minQty;
  if (cmp(ins.minNotional, '0') > 0 && cmp(mul(qty, price), ins.minNotional) < 0) {
    qty = roundToStep(add(div(ins.minNotional, price, 12, 'up'), ins.stepSize), ins.stepSize, 'up');
  }
  return { qty, price };
}

/** A size just off the step: the engine must refuse it, naming the new instrument's step. */
const offStep = (qty: string, step: string): string => add(qty, mul(step, '0.5'));

for (const venue of await availableVenues()) {
  describe(`${venue}: the ticket switches symbol`, () => {
    const profile = profileOf(venue);
    let sim: SimHandle;
    let engine: Engine;
    const log = new EventLog();

    beforeAll(async () => {
      sim = await startSim({
        dialect: profile.dialect as SimDialect,
        seed: 11,
        tickMs: 50,
        ...(profile.simLimits === undefined ? {} : { limits: profile.simLimits }),
      });
      const adapter = venueAdapter(profile.venue);
      engine = new Engine({
        venue: adapter,
        env: 'sim',
        credentials: simCredentials(profile, sim.accounts[0]!),
        simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
        symbol: profile.symbol,
        sink: log,
        nonceFloor: memoryNonceFloor,
        deadman: { enabled: false },
        reconcileEveryMs: 0,
        riskEveryMs: 0,
        timeSync: { burst: 3, resyncBurst: 2 },
        ...(adapter.recvWindowMs > 0 ? { recvWindowMs: 3_000 } : {}),
        ...(profile.pools === undefined ? {} : { pools: profile.pools(adapter.pools) }),
      });
      await engine.start();
    });
    afterAll(async () => {
      await engine?.stop();
      await sim?.close();
    });

    const tickersOf = (symbol: string, from = 0) =>
      log.events.slice(from).filter((e): e is TickerEvent => e.type === 'ticker' && e.symbol === symbol);
    const marketLiveAfter = (from: number) =>
      log.events.slice(from).some((e) => e.type === 'connection' && e.role === 'market' && e.state === 'live');
    const accountStates = () => log.of('connection').filter((e) => e.role === 'account').map((e) => e.state);

    it('moves the ticket, the market stream and cancel-all to the new symbol; the private socket is untouched', async () => {
      const first = profile.symbol;
      await until(() => tickersOf(first).length > 0, 10_000, `a ${first} ticker`);
      // Every private socket (OKX has two): a second one going live later is no drop.
      const accountLive = () => {
        const last = new Map<string, string>();
        for (const e of log.of('connection')) if (e.role === 'account') last.set(e.socket, e.state);
        return last.size > 0 && [...last.values()].every((state) => state === 'live');
      };
      await until(accountLive, 10_000, 'the private sockets live');
      const instruments = log.of('instruments')[0]?.instruments ?? [];
      const firstIns = instruments.find((i) => i.symbol === first)!;
      const others = instruments.filter((i) => i.symbol !== first && i.kind === firstIns.kind);
      const next = others.find((i) => i.base.includes('ETH')) ?? others[0];
      expect(next, `${venue} lists a second ${firstIns.kind} instrument`).toBeDefined();
      const second = next!.symbol;

      // An order of the first symbol rests: cancel-all after the switch must leave it.
      const firstBuy = restingBuy(firstIns, tickersOf(first).at(-1)!.bid);
      const kept = await engine.place({ symbol: first, side: 'buy', type: 'limit', ...firstBuy, reduceOnly: false, postOnly: false });
      expect(kept.ok, JSON.stringify(kept)).toBe(true);
      const keptId = kept.ok ? kept.clientOrderId! : '';
      await until(() => engine.account.order(keptId)?.state === 'new', 10_000, `${first} order resting`);

      const privateBefore = accountStates().length;
      const from = log.events.length;
      // The venue's spelling, typed in another case.
      const switched = await engine.setSymbol(second.toLowerCase());
      expect(switched).toEqual({ ok: true, message: `the ticket trades ${second} now (${next!.kind})` });
      expect(engine.symbol).toBe(second);
      const session = log.of('session').at(-1)!;
      expect(session.symbol).toBe(second);
      expect(session.instrument).toEqual(next);

      await until(() => marketLiveAfter(from), 10_000, 'the market socket live again');
      const live = log.events.findIndex((e, i) => i >= from && e.type === 'connection' && e.role === 'market' && e.state === 'live');
      await until(() => tickersOf(second, live).length >= 3, 10_000, `${second} tickers`);
      expect(engine.marketSymbols()).toEqual([second]);
      expect(tickersOf(first, live)).toEqual([]);
      // The private socket never dropped.
      expect(accountStates().slice(privateBefore)).toEqual([]);

      // The engine judges the ticket against the new instrument's step.
      const buy = restingBuy(next!, tickersOf(second).at(-1)!.bid);
      const off = await engine.place({ symbol: second, side: 'buy', type: 'limit', qty: offStep(buy.qty, next!.stepSize), price: buy.price, reduceOnly: false, postOnly: false });
      expect(off).toEqual({ ok: false, error: `quantity ${offStep(buy.qty, next!.stepSize)} is not a multiple of ${next!.stepSize}` });
      const placed = await engine.place({ symbol: second, side: 'buy', type: 'limit', ...buy, reduceOnly: false, postOnly: false });
      expect(placed.ok, JSON.stringify(placed)).toBe(true);
      const id = placed.ok ? placed.clientOrderId! : '';
      await until(() => engine.account.order(id)?.state === 'new', 10_000, `${second} order resting`);
      expect(engine.account.order(id)?.symbol).toBe(second);

      const cancelled = await engine.cancelAll();
      expect(cancelled).toMatchObject({ ok: true, message: expect.stringContaining(`cancelled every open ${second} order (1)`) });
      await until(() => engine.account.order(id)?.state === 'canceled', 10_000, `${second} order cancelled`);
      expect(engine.account.order(keptId)?.state).toBe('new');
      expect((await engine.cancel(keptId)).ok).toBe(true);
    });

    it("subscribes the selected row's symbol beside the ticket's, and drops it again", async () => {
      const ticket = engine.symbol;
      const row = profile.symbol;
      expect(ticket).not.toBe(row);
      let from = log.events.length;
      expect((await engine.showSymbol(row)).ok).toBe(true);
      expect(engine.marketSymbols()).toEqual([ticket, row]);
      await until(() => tickersOf(row, from).length > 0 && tickersOf(ticket, from).length > 0, 10_000, 'both symbols ticking');

      from = log.events.length;
      expect((await engine.showSymbol(undefined)).ok).toBe(true);
      expect(engine.marketSymbols()).toEqual([ticket]);
      await until(() => marketLiveAfter(from), 10_000, 'the market socket live again');
      const live = log.events.findIndex((e, i) => i >= from && e.type === 'connection' && e.role === 'market' && e.state === 'live');
      await until(() => tickersOf(ticket, live).length >= 3, 10_000, `${ticket} tickers`);
      expect(tickersOf(row, live)).toEqual([]);
    });

    it('refuses a symbol the venue does not list, naming the closest', async () => {
      const typo = `${profile.symbol.slice(0, -1)}Q`;
      const result = await engine.setSymbol(typo);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toMatch(new RegExp(`lists no symbol "${typo.replace(/[/-]/g, '\\$&')}" — closest: .*${profile.symbol.replace(/[/-]/g, '\\$&')}`));
    });
  });
}
