// The account's leverage as each venue answers it: the documented reply shapes parse into one
// SymbolLeverage; a reply without the asked symbol, or a leverage below 1, is a named parse error.
import { describe, expect, it } from 'vitest';
import { parseSymbolConfig } from '../../src/venues/binance/parse.js';
import { parseActiveAssetData } from '../../src/venues/hyperliquid/parse.js';
import { parseLeverageInfo } from '../../src/venues/okx/parse.js';
import { VenueParseError } from '../../src/venues/venue.js';

describe('Binance symbolConfig', () => {
  const row = { symbol: 'BTCUSDT', marginType: 'CROSSED', isAutoAddMargin: 'false', leverage: 21, maxNotionalValue: '1000000' };
  it('takes the row of the asked symbol', () => {
    const eth = { ...row, symbol: 'ETHUSDT', leverage: 5, marginType: 'ISOLATED' };
    expect(parseSymbolConfig([eth, row], 'BTCUSDT')).toEqual({ symbol: 'BTCUSDT', leverage: '21', marginMode: 'cross' });
    expect(parseSymbolConfig([eth, row], 'ETHUSDT')).toEqual({ symbol: 'ETHUSDT', leverage: '5', marginMode: 'isolated' });
  });
  it('refuses a reply without the symbol, or a leverage of 0', () => {
    expect(() => parseSymbolConfig([row], 'ETHUSDT')).toThrow(VenueParseError);
    expect(() => parseSymbolConfig([{ ...row, leverage: 0 }], 'BTCUSDT')).toThrow(/below 1/);
  });
});

describe('OKX leverage-info', () => {
  const envelope = (data: unknown[]) => ({ code: '0', msg: '', data });
  it('net mode: the one row; long/short mode: the long row', () => {
    expect(parseLeverageInfo(envelope([{ instId: 'BTC-USDT-SWAP', mgnMode: 'cross', posSide: 'net', lever: '5' }]), 'BTC-USDT-SWAP')).toEqual({
      symbol: 'BTC-USDT-SWAP',
      leverage: '5',
      marginMode: 'cross',
    });
    const both = [
      { instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'short', lever: '3' },
      { instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'long', lever: '4' },
    ];
    expect(parseLeverageInfo(envelope(both), 'BTC-USDT-SWAP').leverage).toBe('4');
  });
  it('refuses an empty answer', () => {
    expect(() => parseLeverageInfo(envelope([]), 'BTC-USDT-SWAP')).toThrow(VenueParseError);
  });
});

describe('Hyperliquid activeAssetData', () => {
  const reply = { user: `0x${'1'.repeat(40)}`, coin: 'BTC', leverage: { type: 'isolated', value: 3, rawUsd: '-10.0' }, maxTradeSzs: ['1', '1'], availableToTrade: ['1', '1'], markPx: '65000.0' };
  it('reads leverage.value and its type', () => {
    expect(parseActiveAssetData(reply, 'BTC')).toEqual({ symbol: 'BTC', leverage: '3', marginMode: 'isolated' });
  });
  it('refuses another coin, null (unknown coin) and a type it does not know', () => {
    expect(() => parseActiveAssetData(reply, 'ETH')).toThrow(VenueParseError);
    expect(() => parseActiveAssetData(null, 'BTC')).toThrow(VenueParseError);
    expect(() => parseActiveAssetData({ ...reply, leverage: { type: 'portfolio', value: 3 } }, 'BTC')).toThrow(/leverage.type/);
  });
});
