// Every symbol's ticker in the store: `ticker` is the ticket symbol's only (the ticket and the spot
// marks read it), `tickers` keeps each streamed symbol's for the market pane, bounded.
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../src/store/apply.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { initialState } from '../../src/store/state.js';
import { BTC, liveSession, T0 } from './fixtures.js';

const tick = (symbol: string, at: number, bid = '100.0'): EngineEvent => ({ type: 'ticker', at, symbol, bid, ask: bid, last: bid });
const session = (symbol: string): EngineEvent => ({ type: 'session', at: T0, venue: 'binance-usdm', env: 'sim', account: 'sim-1', symbol, instrument: { ...BTC, symbol } });

describe('tickers of every symbol', () => {
  it("another symbol's ticker never becomes the ticket's", () => {
    const s = applyEvents(initialState(), [...liveSession(), tick('ETHUSDT', T0 + 1, '3000.0')]);
    expect(s.ticker?.symbol).toBe('BTCUSDT');
    expect(s.tickers['ETHUSDT']?.bid).toBe('3000.0');
    expect(s.tickers['BTCUSDT']).toBe(s.ticker);
  });

  it("the ticket's ticker moves with the session's symbol, to what that symbol already streamed", () => {
    let s = applyEvents(initialState(), [...liveSession(), tick('ETHUSDT', T0 + 1, '3000.0')]);
    s = applyEvents(s, [session('ETHUSDT')]);
    expect(s.ticker?.symbol).toBe('ETHUSDT');
    s = applyEvents(s, [session('SOLUSDT')]);
    expect(s.ticker).toBeNull();
    s = applyEvents(s, [tick('SOLUSDT', T0 + 2, '150.0')]);
    expect(s.ticker?.bid).toBe('150.0');
  });

  it("keeps at most `limits.tickers` symbols, dropping the one heard from longest ago, never the ticket's", () => {
    let s = applyEvents(initialState({ tickers: 3 }), liveSession());
    s = applyEvents(s, [tick('A', T0 + 1), tick('B', T0 + 2), tick('C', T0 + 3)]);
    expect(Object.keys(s.tickers).sort()).toEqual(['B', 'BTCUSDT', 'C']);
    s = applyEvents(s, [tick('A', T0 + 4)]);
    expect(Object.keys(s.tickers).sort()).toEqual(['A', 'BTCUSDT', 'C']);
    expect(s.ticker?.symbol).toBe('BTCUSDT');
  });
});
