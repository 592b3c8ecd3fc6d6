import { describe, expect, it } from 'vitest';
import { diffSnapshot, type LocalState, summarize } from '../../src/core/reconcile.js';
import type { Balance, Fill } from '../../src/core/types.js';

const spot = { symbol: 'BTC/USD', base: 'BTC', quote: 'USD' };
const bal = (asset: string, wallet: string, available = wallet): Balance => ({ asset, wallet, available, updatedAt: 1 });
const fill = (tradeId: string, o: Partial<Fill> = {}): Fill => ({
  tradeId,
  venueOrderId: 'v1',
  symbol: 'BTC/USD',
  side: 'buy',
  price: '100',
  qty: '0.5',
  fee: '0.1',
  feeAsset: 'USD',
  time: 1000,
  maker: false,
  ...o,
});
const local = (balances: Balance[], withSpot = true): LocalState => ({
  orders: [],
  positions: [],
  balances,
  hasFill: () => false,
  ...(withSpot ? { spot } : {}),
});
const venue = (balances: Balance[], fills: Fill[] = []) => ({ openOrders: [], fills, positions: [], balances });

describe('reconcile compares spot holdings with the venue balances', () => {
  it('a holding the recovered fills explain says so, in holdings words', () => {
    const diff = diffSnapshot(local([bal('BTC', '1'), bal('USD', '1000')]), venue([bal('BTC', '1.5'), bal('USD', '949.9')], [fill('t1')]));
    const changed = diff.filter((c) => c.kind === 'balance_changed');
    expect(changed.map((c) => c.reason)).toEqual([
      'BTC holding is 1.5 (free 1.5, locked 0) at the venue, 1 (free 1, locked 0) here, explained by the recovered fills',
      'USD holding is 949.9 (free 949.9, locked 0) at the venue, 1000 (free 1000, locked 0) here, explained by the recovered fills',
    ]);
    expect(changed.every((c) => c.kind === 'balance_changed' && c.explainedByFills === true)).toBe(true);
  });

  it('what the fills do not explain is named, as is a holding locked by an order and one gone', () => {
    const diff = diffSnapshot(
      local([bal('BTC', '1'), bal('USD', '1000'), bal('ETH', '3')]),
      venue([bal('BTC', '1.7'), bal('USD', '1000', '900')], [fill('t1', { fee: '0.01', feeAsset: 'BTC' })]),
    );
    expect(diff.filter((c) => c.kind === 'balance_changed').map((c) => c.reason)).toEqual([
      'BTC holding is 1.7 (free 1.7, locked 0) at the venue, 1 (free 1, locked 0) here, 0.21 unexplained',
      'USD holding is 1000 (free 900, locked 100) at the venue, 1000 (free 1000, locked 0) here, 50 unexplained',
      'ETH holding is none at the venue, 3 (free 3, locked 0) here, -3 unexplained',
    ]);
    expect(summarize(diff)).toContain('3 balances changed');
  });

  it('a holding only locked differently is told without a wallet change', () => {
    const diff = diffSnapshot(local([bal('BTC', '1')]), venue([bal('BTC', '1', '0.4')]));
    expect(diff).toEqual([
      expect.objectContaining({ kind: 'balance_changed', asset: 'BTC', explainedByFills: false, reason: 'BTC holding is 1 (free 0.4, locked 0.6) at the venue, 1 (free 1, locked 0) here' }),
    ]);
  });

  it('without a spot instrument the balance words are the perps ones, unchanged', () => {
    const diff = diffSnapshot(local([bal('USD', '1000')], false), venue([bal('USD', '900')]));
    expect(diff).toEqual([{ kind: 'balance_changed', asset: 'USD', local: bal('USD', '1000'), venue: bal('USD', '900'), reason: 'USD balance changed: wallet 1000 → 900, available 1000 → 900' }]);
  });
});
