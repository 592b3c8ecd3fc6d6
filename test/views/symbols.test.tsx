// Every symbol in the cockpit: the `/` picker and `:sym` ask the engine to move the ticket
// (setSymbol), the market pane follows the selected row's symbol (an order's, a position's) and
// the engine is told which symbol that is (showSymbol), every symbol's orders show their symbol.
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/core/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { BTC, liveSession, order, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

const ETH: Instrument = { ...BTC, symbol: 'ETHUSDT', base: 'ETH', tickSize: '0.01', stepSize: '0.01', minQty: '0.01', pricePrecision: 2, qtyPrecision: 2 };
const SETH: Instrument = { ...BTC, symbol: 'SETHUSDT', base: 'SETH' };
const SOL: Instrument = { ...BTC, symbol: 'SOLUSDT', base: 'SOL', tickSize: '0.001', pricePrecision: 3 };

const withInstruments = (): EngineEvent[] => [...liveSession(), { type: 'instruments', at: T0, instruments: [BTC, ETH, SETH, SOL] }];
const ethTicker: EngineEvent = { type: 'ticker', at: T0, symbol: 'ETHUSDT', bid: '3120.55', ask: '3120.56', last: '3120.55' };

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const setSymbolCalls = (x: Mounted) => x.actions.calls.filter((c) => c.name === 'setSymbol').map((c) => c.args[0]);
const bottom = (x: Mounted) => x.lines().at(-1) ?? '';

describe('the / symbol picker', () => {
  it('searches the venue\'s symbols as letters are typed; Enter trades the chosen one', async () => {
    m = await mount(withInstruments());
    await m.press('/');
    expect(m.screen()).toContain('Symbol /');
    for (const s of ['BTCUSDT', 'ETHUSDT', 'SETHUSDT', 'SOLUSDT']) expect(m.screen()).toContain(s);
    await m.press('e', 't', 'h');
    expect(bottom(m)).toContain('/eth');
    const rows = m.lines().filter((l) => /^[> ] [A-Z]+USDT /.test(l));
    // A prefix before a run inside: ETHUSDT first, chosen; BTC and SOL are gone.
    expect(rows.map((l) => l.slice(2).split(' ')[0])).toEqual(['ETHUSDT', 'SETHUSDT']);
    expect(rows[0]).toMatch(/^> ETHUSDT +perp +ETH\/USDT +tick 0\.01 +step 0\.01/);
    await m.press(KEY.down);
    expect(m.lines().find((l) => l.startsWith('> '))).toContain('SETHUSDT');
    await m.press(KEY.up, KEY.enter);
    expect(setSymbolCalls(m)).toEqual(['ETHUSDT']);
    expect(m.screen()).not.toContain('Symbol /');
    expect(bottom(m)).toContain('ETHUSDT');
  });

  it('Esc closes it with nothing asked; letters that match nothing say so', async () => {
    m = await mount(withInstruments());
    await m.press('/', 'z', 'z', 'q');
    expect(m.screen()).toContain("no symbol of the venue matches 'zzq'");
    await m.press(KEY.enter);
    expect(bottom(m)).toContain("no symbol matches 'zzq'");
    await m.press(KEY.escape);
    expect(m.screen()).not.toContain('Symbol /');
    expect(setSymbolCalls(m)).toEqual([]);
  });
});

describe(':sym SYMBOL', () => {
  it('switches the ticket to the venue\'s spelling of the typed symbol', async () => {
    m = await mount(withInstruments());
    await m.press(':', ...'sym ethusdt', KEY.enter);
    expect(setSymbolCalls(m)).toEqual(['ETHUSDT']);
  });

  it('refuses an unknown symbol, naming the closest, and asks the engine nothing', async () => {
    m = await mount(withInstruments());
    await m.press(':', ...'sym ETHUSD', KEY.enter);
    expect(bottom(m)).toContain("lists no symbol 'ETHUSD' — closest: ETHUSDT");
    expect(setSymbolCalls(m)).toEqual([]);
  });

  it('the session event moves the ticket: b opens a ticket of the new symbol at its tick', async () => {
    m = await mount([...withInstruments(), ethTicker]);
    await m.feed({ type: 'session', at: T0, venue: 'binance-usdm', env: 'sim', account: 'sim-1', symbol: 'ETHUSDT', instrument: ETH });
    expect(m.screen()).toContain('Market ETHUSDT');
    await m.press('b');
    expect(bottom(m)).toContain('tick');
    expect(m.lines().find((l) => l.includes('BUY'))).toMatch(/BUY +ETHUSDT limit size 0\.01 ETH/);
  });
});

describe('the market pane follows the selected row', () => {
  it("shows the selected order's symbol, and tells the engine to stream it", async () => {
    m = await mount([
      ...withInstruments(),
      ethTicker,
      { type: 'order', at: T0, order: order({ clientOrderId: 'qd-eth', symbol: 'ETHUSDT', price: '3000.00', qty: '0.50', createdAt: T0 }) },
      { type: 'order', at: T0, order: order({ clientOrderId: 'qd-btc', createdAt: T0 - 1000 }) },
    ]);
    // The newest order (ETH) is the selected one: the pane shows ETH's prices at ETH's tick.
    expect(m.screen()).toContain('Market ETHUSDT (row; ticket BTCUSDT)');
    expect(m.screen()).toContain('3120.55 × 3120.56');
    expect(m.actions.shown.at(-1)).toBe('ETHUSDT');
    // Every symbol's rows carry their symbol.
    expect(m.lines().some((l) => /^> ETHUSDT +BUY/.test(l))).toBe(true);
    expect(m.lines().some((l) => /^ {2}BTCUSDT +BUY/.test(l))).toBe(true);
    await m.press('j');
    expect(m.screen()).toContain('Market BTCUSDT');
    expect(m.screen()).not.toContain('(row; ticket');
    expect(m.screen()).toContain('64210.1 × 64210.2');
    expect(m.actions.shown.at(-1)).toBeUndefined();
  });

  it("follows the selected position; a symbol with no prices yet says so", async () => {
    m = await mount([
      ...withInstruments(),
      { type: 'positions', at: T0, snapshot: true, positions: [position({ symbol: 'SOLUSDT', qty: '3', entryPrice: '150.000' }), position()] },
    ]);
    expect(m.screen()).toContain('Market BTCUSDT');
    // Tab to Positions (Fills, then Positions): the top row is selected.
    await m.press(KEY.tab, KEY.tab);
    expect(m.screen()).toContain('Market BTCUSDT');
    await m.press('j');
    expect(m.screen()).toContain('Market SOLUSDT (row; ticket BTCUSDT)');
    expect(m.screen()).toContain('no SOLUSDT prices yet');
    expect(m.actions.shown.at(-1)).toBe('SOLUSDT');
    await m.feed({ type: 'ticker', at: T0, symbol: 'SOLUSDT', bid: '150.125', ask: '150.126', last: '150.125' });
    expect(m.screen()).toContain('150.125 × 150.126');
  });
});
