// Every pane and overlay at 60x20, 80x24, 100x30 and 200x50 with long values: a number is never
// cut (no digit followed by '…'), rows that do not fit are counted, and the keys that answer
// the screen (ticket: Enter send, Esc; confirm: y = yes; main: ? help, :q quit) always show.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { balance, fill, liveSession, order, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

const LONG_ID = `qd-${'x'.repeat(100)}`;

/** Long values everywhere a number or an id can be long. */
const longValues = (): EngineEvent[] => [
  ...liveSession(),
  { type: 'ticker', at: T0, symbol: 'BTCUSDT', bid: '65035.80000000', ask: '65035.90000000', last: '65035.80000000' },
  {
    type: 'balances',
    at: T0,
    snapshot: true,
    balances: [balance({ wallet: '99999.94806680', available: '99871.12345678', equity: '100123.45678901' })],
  },
  ...Array.from({ length: 12 }, (_, n): EngineEvent => ({
    type: 'order',
    at: T0,
    order: order({
      clientOrderId: n === 0 ? LONG_ID : `qd-long-${n}`,
      venueOrderId: '9876543210987654321',
      qty: '1234.567',
      price: '65035.80000000',
      filledQty: '1000.001',
      createdAt: T0 - n * 1000,
    }),
  })),
  ...Array.from({ length: 30 }, (_, n): EngineEvent => ({
    type: 'fill',
    at: T0 + n,
    fill: fill(n, { price: '65035.80000000', qty: '1234.567', fee: '123.45678901', clientOrderId: LONG_ID }),
  })),
  {
    type: 'positions',
    at: T0,
    snapshot: true,
    positions: [
      position({ qty: '-1234.567', entryPrice: '65035.80000000', markPrice: '65036.10000000', unrealizedPnl: '-12345.67890123' }),
      position({ symbol: 'ETHUSDT', qty: '250.5', entryPrice: '3400.12000000', markPrice: '3401.55000000', unrealizedPnl: '358.21500000' }),
      position({ symbol: 'SOLUSDT', qty: '10000', entryPrice: '150.123400', markPrice: '151.000000', unrealizedPnl: '8766.00000000' }),
    ],
  },
  ...Array.from({ length: 60 }, (_, n): EngineEvent => ({
    type: 'log',
    at: T0 + n,
    level: 'info',
    text: `order qd-long-${n} canceled (BUY 1234.567 BTCUSDT @ 65035.8)`,
  })),
  { type: 'deadman', at: T0, armed: true, deadline: T0 + 3_600_000, timeoutMs: 3_600_000 },
];

const cutNumber = /\d…/;

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const noCutNumber = (mm: Mounted, where: string) => {
  const bad = mm.lines().filter((l) => cutNumber.test(l));
  expect(bad, `${where}: a number cut mid-digit`).toEqual([]);
};

describe.each([
  [60, 20],
  [80, 24],
  [100, 30],
  [200, 50],
] as const)('%ix%i with long values', (columns, rows) => {
  it('main screen: no cut number, hidden rows counted, ? help and :q quit shown', async () => {
    m = await mount(longValues(), { columns, rows });
    noCutNumber(m, 'main');
    expect(m.screen()).toMatch(/\+\d+ more below/);
    const last = m.lines().at(-1)!;
    expect(last).toContain('? help');
    expect(last).toContain(':q quit');
    expect(m.screen()).toMatch(/USDT avail 99871\.12/);
  });

  it('ticket (and typing a value): Enter and Esc always shown, no cut number', async () => {
    m = await mount(longValues(), { columns, rows });
    await m.press('b');
    noCutNumber(m, 'ticket');
    expect(m.lines().at(-1)).toContain('Enter send');
    expect(m.lines().at(-1)).toContain('Esc close');
    await m.press('p');
    expect(m.lines().at(-1)).toContain('Enter accept');
    expect(m.lines().at(-1)).toContain('Esc drop');
  });

  it('confirm bars: the whole question and y = yes', async () => {
    m = await mount(longValues(), { columns, rows });
    await m.press('C');
    expect(m.screen()).toContain('Cancel ALL 12 open orders?');
    expect(m.lines().at(-1)).toContain('y = yes');
    await m.press('n', KEY.ctrlC);
    expect(m.screen().replace(/\s*\n\s*/g, ' ')).toContain('the venue cancels them within 1h00m.');
    expect(m.lines().at(-1)).toContain('y = yes');
    noCutNumber(m, 'confirm');
  });

  it('overlays: help, faults, log view — no cut number', async () => {
    m = await mount(longValues(), { columns, rows, sim: true });
    for (const key of ['?', 'f', 'l']) {
      await m.press(key);
      noCutNumber(m, `overlay ${key}`);
      await m.press(KEY.escape);
    }
  });
});
