// The risk lines under Positions, and the `:lev N` / `:margin MODE` commands, in the mounted cockpit:
// the venue's figures as the store holds them, the distances and ratios core/risk.ts makes of them,
// and what a typed command asks of the engine (or the named reason it asks nothing).
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { accountRiskText, positionRiskText } from '../../views/panes/RiskLines.js';
import { liveSession, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const NOW = T0 + 3000;
const type = (mm: Mounted, line: string) => mm.press(':', ...line.split(''), KEY.enter);
const bottom = (mm: Mounted) => mm.lines().slice(-1).join('\n');

const riskEvents = (): EngineEvent[] => [
  ...liveSession(),
  {
    type: 'positions',
    at: T0,
    snapshot: true,
    positions: [position({ liquidationPrice: '61000.0', margin: '64.2', maintMargin: '2.57', breakEvenPrice: '64251.4', marginMode: 'cross' })],
  },
  { type: 'leverage', at: T0, leverage: { symbol: 'BTCUSDT', leverage: '10', marginMode: 'cross' } },
  { type: 'funding', at: T0, funding: { symbol: 'BTCUSDT', rate: '0.0001', nextFundingTime: NOW + 11_520_000 } },
  { type: 'account-risk', at: T0, risk: { asset: 'USDT', equity: '10000.50', marginUsed: '64.20', maintMargin: '250.0125', updatedAt: T0 } },
];

describe('the risk lines under Positions', () => {
  it('show liquidation (price and distance), leverage and mode, uPnL on margin, break-even, funding; and the account margin ratio', async () => {
    m = await mount(riskEvents(), { columns: 220, rows: 40 });
    const s = m.screen();
    expect(s).toContain('liq 61000.0 (5.06 %) · 10x cross · uPnL +0.78 % of margin · BE 64251.4 · funding 0.0100 % in 3h12m');
    expect(s).toContain('margin ratio 2.50 % · equity 10000.50 · margin used 64.20 · maint 250.01');
    // The table gains the liquidation price as a column where there is room.
    expect(s).toMatch(/BTCUSDT\s+0\.010\s+64200\.0\s+64250\.0\s+61000\.0\s+0\.50/);
  });

  it('keep the liquidation distance and the margin ratio first when the pane is narrow', () => {
    const s = { session: null, positions: {}, leverage: {}, funding: {} };
    expect(positionRiskText(s, NOW, 40)).toEqual({ text: '' });
    const store = {
      session: { venue: 'binance-usdm', env: 'sim', account: 'a', symbol: 'BTCUSDT' },
      positions: { BTCUSDT: position({ qty: '-0.010', liquidationPrice: '64900.0', margin: '64.2' }) },
      leverage: { BTCUSDT: { symbol: 'BTCUSDT', leverage: '10', marginMode: 'isolated' as const } },
      funding: {},
    } as unknown as Parameters<typeof positionRiskText>[0];
    // A short 1.01 % from liquidation: red, and the narrow line keeps the distance.
    expect(positionRiskText(store, NOW, 30)).toEqual({ text: 'liq 64900.0 (1.01 %)', colour: 'red' });
    const danger = { accountRisk: { asset: 'USDT', equity: '100', marginUsed: '90', maintMargin: '85', updatedAt: T0 } };
    expect(accountRiskText(danger, 20)).toEqual({ text: 'margin ratio 85.00 %', colour: 'red' });
    expect(accountRiskText({ accountRisk: null }, 40)).toEqual({ text: 'account risk not read yet' });
  });

  it("a position's line takes its leverage from the read that gave its liquidation price, not the setting read since", () => {
    const store = {
      session: { venue: 'bybit', env: 'sim', account: 'a', symbol: 'BTCUSDT' },
      positions: { BTCUSDT: position({ liquidationPrice: '58000.0', leverage: '10', marginMode: 'isolated' }) },
      // `:lev 40` answered: the setting is read back before the next position read.
      leverage: { BTCUSDT: { symbol: 'BTCUSDT', leverage: '40', marginMode: 'isolated' as const } },
      funding: {},
    } as unknown as Parameters<typeof positionRiskText>[0];
    expect(positionRiskText(store, NOW, 60).text).toMatch(/^liq 58000\.0 \([\d.]+ %\) · 10x isolated/);
    const flat = { ...store, positions: {} } as unknown as Parameters<typeof positionRiskText>[0];
    expect(positionRiskText(flat, NOW, 60).text).toBe('BTCUSDT flat · 40x isolated');
  });

  it('a flat symbol says so, with the leverage and funding still shown', async () => {
    const events = riskEvents().filter((e) => e.type !== 'positions');
    m = await mount(events, { columns: 220, rows: 40 });
    expect(m.screen()).toContain('BTCUSDT flat · 10x cross · funding 0.0100 % in 3h12m');
  });
});

describe(':lev and :margin', () => {
  it(':lev N and :margin MODE ask the engine to set them, saying what is held now', async () => {
    m = await mount(riskEvents(), { columns: 220 });
    await type(m, 'lev 25');
    expect(m.actions.calls.at(-1)).toEqual({ name: 'setLeverage', args: [25] });
    await type(m, 'margin isolated');
    expect(m.actions.calls.at(-1)).toEqual({ name: 'setMarginMode', args: ['isolated'] });
    m.actions.reply = { ok: false, error: 'BTCUSDT margin isolated refused: setMarginMode: -4048 Margin type cannot be changed if there exists position.' };
    await type(m, 'margin cross');
    expect(bottom(m)).toContain('-4048 Margin type cannot be changed if there exists position.');
  });

  it('refuse what is not a leverage or a mode, by name, and ask nothing', async () => {
    m = await mount(riskEvents());
    await type(m, 'lev ten');
    expect(bottom(m)).toContain("'ten' is not a leverage (a whole number of 1 or more)");
    await type(m, 'lev 0');
    expect(bottom(m)).toContain("'0' is not a leverage");
    await type(m, 'margin sideways');
    expect(bottom(m)).toContain(':margin cross|isolated');
    await type(m, 'margin');
    expect(bottom(m)).toContain('BTCUSDT margin: 10x cross');
    expect(m.actions.calls).toEqual([]);
  });
});
