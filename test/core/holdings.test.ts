import { describe, expect, it } from 'vitest';
import { fillDeltas, holdingOf, holdingsOf, sameAsset, spotMark } from '../../src/core/holdings.js';
import type { Balance, Fill } from '../../src/core/types.js';

const BTCUSD = { base: 'BTC', quote: 'USD' };
const bal = (asset: string, wallet: string, available: string): Balance => ({ asset, wallet, available, updatedAt: 7 });

describe('holdings from balances', () => {
  it('free is available, locked is wallet − available, the base is valued at the mark, the quote at itself', () => {
    expect(holdingOf(bal('BTC', '1.5', '1.2'), BTCUSD, '100')).toEqual({ asset: 'BTC', free: '1.2', locked: '0.3', total: '1.5', value: '150', updatedAt: 7 });
    expect(holdingOf(bal('USD', '500', '400'), BTCUSD, '100')).toEqual({ asset: 'USD', free: '400', locked: '100', total: '500', value: '500', updatedAt: 7 });
  });

  it('gives no value where no price is known: the base without a mark, an asset of another book', () => {
    expect(holdingOf(bal('BTC', '1', '1'), BTCUSD, undefined).value).toBeUndefined();
    expect(holdingOf(bal('ETH', '2', '2'), BTCUSD, '100').value).toBeUndefined();
  });

  it('lists the base first, then the quote, then the rest by name', () => {
    const list = holdingsOf([bal('ETH', '1', '1'), bal('USD', '1', '1'), bal('ADA', '1', '1'), bal('BTC', '1', '1')], BTCUSD, '1');
    expect(list.map((h) => h.asset)).toEqual(['BTC', 'USD', 'ADA', 'ETH']);
  });

  it('refuses a balance whose figures are not decimals', () => {
    expect(() => holdingOf(bal('BTC', 'NaN', '1'), BTCUSD, '1')).toThrow(/not a plain decimal/);
  });

  it('marks at the mid of bid and ask, else the last trade, else nothing', () => {
    expect(spotMark('100', '101', '99')).toBe('100.5');
    expect(spotMark('0', '101', '99')).toBe('99');
    expect(spotMark(undefined, undefined, '0')).toBeUndefined();
    expect(spotMark(undefined, undefined, undefined)).toBeUndefined();
  });

  it('names one asset whatever its case', () => {
    expect(sameAsset('usd', 'USD')).toBe(true);
    expect(sameAsset('XBT', 'BTC')).toBe(false);
  });
});

describe('what a fill moves in the wallet', () => {
  const fill = (o: Partial<Fill>): Fill => ({ tradeId: '1', venueOrderId: 'o', symbol: 'BTC/USD', side: 'buy', price: '100', qty: '2', fee: '0', feeAsset: 'USD', time: 1, maker: false, ...o });
  it('a buy adds base and spends quote; its fee leaves the asset it is paid in', () => {
    expect(Object.fromEntries(fillDeltas(fill({ fee: '0.2', feeAsset: 'usd' }), BTCUSD))).toEqual({ BTC: '2', USD: '-200.2' });
    expect(Object.fromEntries(fillDeltas(fill({ fee: '0.01', feeAsset: 'BTC' }), BTCUSD))).toEqual({ BTC: '1.99', USD: '-200' });
  });
  it('a sell the other way; a fee in a third asset is its own line', () => {
    expect(Object.fromEntries(fillDeltas(fill({ side: 'sell', fee: '3', feeAsset: 'KFEE' }), BTCUSD))).toEqual({ BTC: '-2', USD: '200', KFEE: '-3' });
  });
});
