// Risk at a glance and the two margin settings, through the engine against each local-venue dialect
// over real loopback sockets: the venue's own figures (liquidation and break-even prices, margin,
// maintenance, equity, funding) land on the account and as events; `:lev` and `:margin` go through
// the venue's endpoints and meet its refusals in its own codes and words; and a position whose mark
// crosses its liquidation price is closed by the local venue (the engine sees it go flat).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmp, mul, sub } from '../../src/core/decimal.js';
import { liquidationDistance, untilFunding } from '../../src/core/risk.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { hlEngine, startHlSim } from './hyperliquid-helpers.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

interface Venue {
  name: string;
  start: () => Promise<SimHandle>;
  engine: (sim: SimHandle, log: EventLog) => Engine;
  symbol: string;
  /** The sim's symbol (its price control) and a size of about 650 USDT. */
  simSymbol: string;
  qty: string;
  maxLeverage: number;
  /** The venue's refusal of a leverage above its maximum, as the engine reports it (code and words). */
  tooHigh: RegExp;
  /**
   * Margin mode per symbol: its refusals while a position is open and when it is already so, and
   * how the venue's liquidation order shows (client order id). Absent: the venue has no margin-mode
   * setting, and `:margin` is refused with this reason.
   */
  modes?: { withPosition: RegExp; same?: RegExp; liquidationId: RegExp };
  noModeSetting?: RegExp;
  /** The venue reports no maintenance margin per position (Hyperliquid: only the account's). */
  noPositionMaint?: true;
}

const VENUES: Venue[] = [
  {
    name: 'Binance USD-M',
    start: () => startTestSim(),
    engine: (sim, log) => testEngine(sim, log, { riskEveryMs: 0 }),
    symbol: 'BTCUSDT',
    simSymbol: 'BTCUSDT',
    qty: '0.010',
    maxLeverage: 125,
    tooHigh: /-4028 Leverage 200 is not valid/,
    modes: {
      withPosition: /-4048 Margin type cannot be changed if there exists position\./,
      same: /-4046 No need to change margin type\./,
      liquidationId: /^autoclose-/,
    },
  },
  {
    name: 'OKX',
    start: () => startOkxSim(),
    engine: (sim, log) => okxEngine(sim, log),
    symbol: INST,
    simSymbol: 'BTCUSDT',
    // Contracts of 0.01 BTC.
    qty: '1',
    maxLeverage: 125,
    tooHigh: /51000 Parameter lever error/,
    noModeSetting: /OKX has no margin-mode setting: each order's tdMode opens its position in cross or isolated margin/,
  },
  {
    name: 'Hyperliquid',
    start: () => startHlSim(),
    engine: (sim, log) => hlEngine(sim, log, { streams: false }),
    symbol: 'BTC',
    simSymbol: 'BTCUSDT',
    qty: '0.01',
    // The venue's ceiling for BTC (its margin table's first tier), not Binance's 125x.
    maxLeverage: 40,
    noPositionMaint: true,
    tooHigh: /Invalid leverage value: 200 is above the asset's max leverage of 40\./,
    modes: {
      withPosition: /Cannot switch leverage type with open position\./,
      liquidationId: /^autoclose-/,
    },
  },
  {
    // The unified account: one margin mode for every symbol, read back from account/info.
    name: 'Bybit',
    start: () => startBybitSim(),
    engine: (sim, log) => bybitEngine(sim, log),
    symbol: 'BTCUSDT',
    simSymbol: 'BTCUSDT',
    qty: '0.010',
    maxLeverage: 125,
    tooHigh: /10001 leverage invalid/,
    modes: {
      withPosition: /3400045 Set margin mode failed/,
      liquidationId: /^autoclose-/,
    },
  },
];

for (const venue of VENUES) {
  describe(`${venue.name}: risk figures and margin settings through the engine`, () => {
    let sim: SimHandle;
    let engine: Engine;
    const log = new EventLog();
    const buy = ticketFor(venue.symbol, venue.qty);
    const position = () => engine.account.allPositions().find((p) => p.symbol === venue.symbol);
    const held = async () => {
      await engine.resyncer.pass('manual');
      await engine.risk.refresh();
      return position();
    };

    beforeAll(async () => {
      sim = await venue.start();
      engine = venue.engine(sim, log);
      await engine.start();
      await until(() => log.of('leverage').length > 0, 15_000, 'the first leverage read');
    });
    afterAll(async () => {
      await engine?.stop();
      await sim?.close();
    });

    it('a cross position carries its liquidation and break-even prices, margin and mode; the account its equity; the symbol its funding', async () => {
      // A short: a cross long this small is covered by the whole wallet and has no liquidation price.
      const placed = await engine.place(buy({ side: 'sell' }));
      expect(placed.ok, JSON.stringify(placed)).toBe(true);
      const p = await held();
      expect(p, 'the position').toBeDefined();
      // Bybit's unified account says the mode per account (the leverage read), not per position.
      expect(p!.marginMode ?? log.of('leverage').at(-1)!.leverage.marginMode).toBe('cross');
      expect(p!.margin !== undefined && cmp(p!.margin, '0') > 0, `margin ${p!.margin}`).toBe(true);
      if (venue.noPositionMaint === undefined)
        expect(p!.maintMargin !== undefined && cmp(p!.maintMargin, '0') > 0, `maint ${p!.maintMargin}`).toBe(true);
      // Break-even below the entry for a short (the fees); liquidation above the mark, far (the whole wallet stands behind it).
      expect(cmp(p!.breakEvenPrice!, p!.entryPrice)).toBe(-1);
      expect(p!.liquidationPrice, 'a short always has a liquidation price').toBeDefined();
      expect(cmp(liquidationDistance(p!.qty, p!.markPrice, p!.liquidationPrice)!, '100')).toBe(1);
      const risk = log.of('account-risk').at(-1)!.risk;
      expect(cmp(risk.equity, '0')).toBe(1);
      expect(cmp(risk.marginUsed, '0')).toBe(1);
      expect(risk.maintMargin).toBeDefined();
      const funding = log.of('funding').at(-1)!.funding;
      expect(funding.symbol).toBe(venue.symbol);
      expect(cmp(funding.rate, '0')).not.toBe(0);
      // A time, or (Hyperliquid, hourly on the hour) a period: either way the next funding is within 8 h.
      const left = untilFunding(funding.nextFundingTime, Date.now(), funding.intervalMs);
      expect(left).toBeDefined();
      expect(left!).toBeLessThanOrEqual(8 * 3_600_000);
    });

    it(':lev above the venue maximum is refused in the venue words; a valid one is set and read back', async () => {
      const tooHigh = await engine.setLeverage(200);
      expect(tooHigh.ok).toBe(false);
      if (!tooHigh.ok) expect(tooHigh.error).toMatch(venue.tooHigh);
      // Under every venue's ceiling, and no venue's default.
      const ok = await engine.setLeverage(30);
      expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true });
      expect(log.of('leverage').at(-1)!.leverage).toMatchObject({ symbol: venue.symbol, leverage: '30' });
    });

    const modes = venue.modes;
    if (modes === undefined) {
      it(':margin is refused with the reason the venue has no such setting; nothing changes', async () => {
        const r = await engine.setMarginMode('isolated');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(venue.noModeSetting!);
        expect(log.of('leverage').at(-1)!.leverage.marginMode).toBe('cross');
      });
      return;
    }

    it(':margin isolated is refused while a position is open, then set once flat, and refused again as already so', async () => {
      const withPosition = await engine.setMarginMode('isolated');
      expect(withPosition.ok).toBe(false);
      if (!withPosition.ok) expect(withPosition.error).toMatch(modes.withPosition);
      expect(log.of('leverage').at(-1)!.leverage.marginMode).toBe('cross');
      const flat = await engine.flatten();
      expect(flat.ok, JSON.stringify(flat)).toBe(true);
      // The venue's position, read until flat (a market order's end may arrive only by query here).
      let left = await held();
      for (let i = 0; i < 50 && left !== undefined; i++) left = await held();
      expect(left, 'flat').toBeUndefined();
      const set = await engine.setMarginMode('isolated');
      expect(set, JSON.stringify(set)).toMatchObject({ ok: true });
      expect(log.of('leverage').at(-1)!.leverage.marginMode).toBe('isolated');
      const again = await engine.setMarginMode('isolated');
      if (modes.same === undefined) expect(again.ok, 'the venue takes the same setting again').toBe(true);
      else {
        expect(again.ok).toBe(false);
        if (!again.ok) expect(again.error).toMatch(modes.same);
      }
    });

    it('an isolated position at high leverage has its liquidation price near the mark, and the venue closes it when the mark gets there', async () => {
      const lev = await engine.setLeverage(venue.maxLeverage);
      expect(lev.ok, JSON.stringify(lev)).toBe(true);
      const placed = await engine.place(buy({}));
      expect(placed.ok, JSON.stringify(placed)).toBe(true);
      const p = await held();
      expect(p?.marginMode ?? log.of('leverage').at(-1)!.leverage.marginMode).toBe('isolated');
      const liq = p!.liquidationPrice!;
      const distance = liquidationDistance(p!.qty, p!.markPrice, liq)!;
      // At the ceiling the maintenance rate is half the initial margin (0.4 % at 125x, 1.25 % at
      // 40x): the mark is closer to liquidation than the initial margin's share of the notional.
      expect(cmp(distance, '0')).toBe(1);
      expect(cmp(distance, String(100 / venue.maxLeverage))).toBe(-1);
      // Isolated margin ≈ entry notional / leverage.
      const expected = mul(mul(p!.qty, p!.entryPrice), String(1 / venue.maxLeverage));
      expect(cmp(sub(p!.margin!, expected), '1')).toBe(-1);
      await sim.control.setPrice(venue.simSymbol, sub(liq, '50'));
      const fills = await sim.control.fills();
      const closing = fills.filter((f) => modes.liquidationId.test(f.clientOrderId));
      expect(closing.length, 'a liquidation fill at the venue').toBeGreaterThan(0);
      const after = await held();
      expect(after, 'the engine sees the position gone').toBeUndefined();
    });
  });
}
