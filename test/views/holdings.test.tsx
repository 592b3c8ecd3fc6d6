// The cockpit on a spot session: Holdings (free, locked, value, avg cost, uPnL, rPnL) where a perps
// session has Positions, the session's PnL line, and nothing of liquidation, leverage or margin.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { T0 } from '../store/fixtures.js';
import { liveSpotSession, spotFill } from '../store/spot-fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const line = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text)) ?? '';
const traded: EngineEvent[] = [
  ...liveSpotSession(),
  { type: 'fill', at: T0 + 2000, fill: spotFill(1) },
  {
    type: 'fill',
    at: T0 + 2000,
    fill: spotFill(2, { side: 'sell', qty: '0.25', price: '62000', fee: '0.0001', feeAsset: 'BTC' }),
  },
  { type: 'fill', at: T0 + 2000, fill: spotFill(3, { qty: '0.01', fee: '0.75', feeAsset: 'KFEE' }) },
];

describe('the Holdings pane', () => {
  it('shows each asset held, valued at the mid, with the session PnL on the base, in place of Positions', async () => {
    m = await mount(traded, { columns: 140, rows: 34 });
    const s = m.screen();
    expect(s).toContain('Holdings (2)');
    expect(s).not.toContain('Positions');
    expect(line(s, 'asset')).toMatch(/asset\s+free\s+locked\s+value\s+avg cost\s+uPnL\s+rPnL/);
    // The session holds 0.2599 BTC of its buys for 15,599.9976 (60,023.08 each); 487.9976 realized by
    // the sell (its BTC fee left at cost); the account's 1.5 BTC are worth 96,000.75 at the 64,000.5 mid
    // Fills and Holdings share each line: the Holdings half is matched.
    expect(line(s, 'BTC  ')).toMatch(
      /BTC\s+1\.3(0*)\s+0\.2(0*)\s+96000\.75\s+60023\.1\s+1033\.73\s+488\.00\s*$/,
    );
    expect(line(s, '10000.00   ')).toMatch(/USD\s+10000\.00\s+0\.00\s+10000\.00\s+—\s+—\s+—\s*$/);
    expect(s).toMatch(/session PnL \+1521\.73 USD · realized \+488\.00 · fees apart 0\.75 KFEE/);
    expect(s).not.toMatch(/\bliq\b|leverage|margin/);
    // Fills name the asset each fee was paid in: base, quote or a third one count differently.
    expect(line(s, 'qd-3')).toMatch(/BUY\s+0\.01\s+60000\.0\s+0\.75 KFEE/);
    expect(line(s, 'qd-2')).toMatch(/SELL\s+0\.25\s+62000\.0\s+0\.0001 BTC/);
  });

  it('says what a fresh spot session holds before it trades', async () => {
    m = await mount(liveSpotSession(), { columns: 140, rows: 30 });
    const s = m.screen();
    expect(line(s, 'BTC  ')).toMatch(/BTC\s+1\.3(0*)\s+0\.2(0*)\s+96000\.75\s+—\s+0\.00\s+0\.00\s*$/);
    expect(s).toContain('session PnL +0.00 USD · realized +0.00 · unrealized +0.00');
  });

  it('X asks how much to sell back, and y places it', async () => {
    m = await mount(traded, { columns: 140, rows: 34 });
    await m.press('X');
    expect(m.screen()).toMatch(
      /Sell 0\.25990000 BTC for USD at market — what this session bought \(0\.2599 BTC\), the smaller/,
    );
    await m.press('y');
    expect(m.actions.calls).toEqual([
      {
        name: 'place',
        args: [
          {
            symbol: 'BTC/USD',
            side: 'sell',
            type: 'market',
            qty: '0.2599',
            reduceOnly: false,
            postOnly: false,
          },
        ],
      },
    ]);
  });

  it('the ticket offers no reduce-only and no margin on spot', async () => {
    m = await mount(traded, { columns: 140, rows: 34 });
    await m.press('b');
    const s = m.screen();
    expect(s).toContain('value ');
    expect(s).not.toContain('r reduce');
    expect(s).not.toMatch(/margin .* at \d+x/);
    await m.press(KEY.escape);
  });
});
