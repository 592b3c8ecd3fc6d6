import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from '../../src/store/apply.js';
import {
  selectHoldingRows,
  selectIsSpot,
  selectSpotMark,
  selectSpotPnl,
  spotBase,
} from '../../src/store/spot-selectors.js';
import { initialState } from '../../src/store/state.js';
import { fill, liveSession, T0 } from './fixtures.js';
import { BTC_SPOT, liveSpotSession, spotFill } from './spot-fixtures.js';

const spot = () => applyEvents(initialState(), liveSpotSession());

describe('the store on a spot session', () => {
  it('holds holdings from the balances and an empty ledger from the session', () => {
    const s = spot();
    expect(selectIsSpot(s)).toBe(true);
    expect(s.holdings['BTC']).toEqual({
      asset: 'BTC',
      free: '1.3',
      locked: '0.2',
      total: '1.5',
      updatedAt: T0,
    });
    expect(s.holdings['USD']).toMatchObject({ free: '10000', locked: '0', total: '10000' });
    expect(s.spot).toMatchObject({ since: T0, ledger: { symbol: 'BTC/USD', qty: '0', fills: 0 } });
  });

  it('values the rows at the mid and puts the session PnL on the base row', () => {
    let s = spot();
    expect(selectSpotMark(s)).toBe('64000.5');
    s = applyEvents(s, [
      { type: 'fill', at: T0 + 2000, fill: spotFill(1) },
      {
        type: 'fill',
        at: T0 + 2000,
        fill: spotFill(2, { side: 'sell', qty: '0.25', price: '62000', fee: '0.0001', feeAsset: 'BTC' }),
      },
    ]);
    const [btc, usd] = selectHoldingRows(s);
    expect(btc).toMatchObject({
      asset: 'BTC',
      base: true,
      free: '1.3',
      locked: '0.2',
      value: '96000.75',
      avgCost: '60024',
    });
    // 0.5 bought for 30,012; the sell takes 0.2501 out (0.25 and its fee in BTC): 15,012.0024 of
    // the cost against 15,500 of proceeds; 0.2499 stays at 14,999.9976, worth 15,993.72495 at the mid
    expect(btc?.realized).toBe('487.9976');
    expect(btc?.unrealized).toBe('993.72735');
    expect(usd).toMatchObject({ asset: 'USD', base: false, value: '10000' });
    expect(usd?.avgCost).toBeUndefined();
    expect(selectSpotPnl(s)).toMatchObject({
      quote: 'USD',
      realized: '487.9976',
      unrealized: '993.72735',
      total: '1481.72495',
      otherFees: {},
    });
    expect(spotBase(s)).toEqual({ sessionQty: '0.2499', freeQty: '1.3', lockedQty: '0.2' });
  });

  it('counts a fill once, and not a fill from before the session began', () => {
    let s = spot();
    s = applyEvents(s, [
      { type: 'fill', at: T0 + 2000, fill: spotFill(1) },
      { type: 'fill', at: T0 + 2000, fill: spotFill(1) },
      { type: 'fill', at: T0 + 2000, fill: spotFill(3, { time: T0 - 60_000 }) },
    ]);
    expect(s.spot?.ledger.fills).toBe(1);
    expect(s.fills).toHaveLength(2);
  });

  it('keeps a fee in a third asset apart', () => {
    const s = applyEvent(spot(), {
      type: 'fill',
      at: T0 + 2000,
      fill: spotFill(1, { fee: '1.5', feeAsset: 'KFEE' }),
    });
    expect(selectSpotPnl(s)?.otherFees).toEqual({ KFEE: '1.5' });
  });

  it('a balances update moves the holdings; the rows stay the same array while nothing moved', () => {
    let s = spot();
    const before = selectHoldingRows(s);
    expect(selectHoldingRows(s)).toBe(before);
    s = applyEvent(s, {
      type: 'balances',
      at: T0 + 1,
      snapshot: false,
      balances: [{ asset: 'BTC', wallet: '2', available: '2', updatedAt: T0 + 1 }],
    });
    expect(s.holdings['BTC']).toMatchObject({ free: '2', locked: '0', total: '2' });
    expect(selectHoldingRows(s)).not.toBe(before);
  });

  it('leaves out assets held at zero, except the base and the quote', () => {
    const zero = (asset: string) => ({ asset, wallet: '0', available: '0', updatedAt: T0 + 1 });
    const ada = { asset: 'ADA', wallet: '5', available: '5', updatedAt: T0 + 1 };
    const s = applyEvent(spot(), {
      type: 'balances',
      at: T0 + 1,
      snapshot: true,
      balances: [zero('BTC'), zero('USD'), zero('ETH'), ada],
    });
    expect(Object.keys(s.holdings).sort()).toEqual(['ADA', 'BTC', 'ETH', 'USD']);
    expect(selectHoldingRows(s).map((h) => h.asset)).toEqual(['BTC', 'USD', 'ADA']);
  });

  it('the same session told again keeps its ledger; another symbol starts a new one', () => {
    let s = applyEvent(spot(), { type: 'fill', at: T0 + 2000, fill: spotFill(1) });
    const session = liveSpotSession()[0]!;
    s = applyEvent(s, { ...session, at: T0 + 5000 } as typeof session);
    expect(s.spot?.ledger.fills).toBe(1);
    s = applyEvent(s, {
      ...session,
      at: T0 + 6000,
      symbol: 'ETH/USD',
      instrument: { ...BTC_SPOT, symbol: 'ETH/USD', base: 'ETH' },
    } as typeof session);
    expect(s.spot).toMatchObject({ since: T0 + 6000, ledger: { symbol: 'ETH/USD', fills: 0 } });
  });

  it('a perps session has no holdings and no ledger, and its fills fold as before', () => {
    const s = applyEvent(applyEvents(initialState(), liveSession()), {
      type: 'fill',
      at: T0 + 1,
      fill: fill(1),
    });
    expect(selectIsSpot(s)).toBe(false);
    expect(s.holdings).toEqual({});
    expect(s.spot).toBeNull();
    expect(selectHoldingRows(s)).toEqual([]);
    expect(selectSpotPnl(s)).toBeNull();
    expect(spotBase(s)).toBeNull();
  });
});
