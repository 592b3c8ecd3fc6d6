// Bugs the chaos run found, each pinned by the smallest reproduction (see src/engine/chaos).
import { describe, expect, it } from 'vitest';
import { AccountState } from '../../src/engine/account.js';
import { reconcileSnapshot } from '../../src/engine/resync.js';
import type { EngineEvent } from '../../src/store/events.js';

const sink = { events: [] as EngineEvent[], push(e: EngineEvent) { this.events.push(e); } };

describe('found by `npm run chaos -- --orders 200 --seed 1 --fast --rate 20` (binance-usdm)', () => {
  it('a mark price push does not make a wrong position look newer than the venue snapshot', async () => {
    const account = new AccountState({ sink });
    // The mirror holds a size the venue no longer has (a lost ACCOUNT_UPDATE)...
    account.setPosition({ symbol: 'BTCUSDT', qty: '0.008', entryPrice: '65000', markPrice: '65000', unrealizedPnl: '0', updatedAt: 1_000 });
    // ...the market stream keeps pushing mark prices (every tick)...
    account.applyMark({ type: 'mark', symbol: 'BTCUSDT', markPrice: '65010', indexPrice: '65010', fundingRate: '0', nextFundingTime: 0, time: 2_000 });
    // ...and the reconcile's snapshot, taken just before the last mark push, says 0.002.
    await reconcileSnapshot(
      account,
      {
        takenAt: 1_990,
        orders: [],
        fills: [],
        balances: [],
        positions: [{ symbol: 'BTCUSDT', qty: '0.002', entryPrice: '65005', markPrice: '65008', unrealizedPnl: '0.006', updatedAt: 1_900 }],
      },
      { queryOrder: () => Promise.reject(new Error('no queries expected')), maxOrderQueries: 0, away: 'unnoticed', initial: false },
    );
    expect(account.allPositions().find((p) => p.symbol === 'BTCUSDT')?.qty).toBe('0.002');
  });
});
