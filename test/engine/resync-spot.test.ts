// A spot session's reconcile: the venue's balances are its holdings, and a change to one is told
// with what the fills recovered in the same pass explain (core/reconcile.ts words).
import { describe, expect, it } from 'vitest';
import type { Balance, Fill } from '../../src/core/types.js';
import { AccountState } from '../../src/engine/account.js';
import type { EngineEvent, ReconcileEvent } from '../../src/engine/events.js';
import { Resyncer } from '../../src/engine/resync.js';
import type { FillsQuery, RequestPlan, RestAdapter } from '../../src/venues/venue.js';
import { fill } from './stream-helpers.js';

const SPOT = { symbol: 'BTC/USD', base: 'BTC', quote: 'USD' };

function setup(spot: boolean) {
  const venue = { balances: [] as Balance[], fills: [] as Fill[] };
  const adapter = {
    openOrders: () => ({ name: 'openOrders' }),
    positions: () => ({ name: 'positions' }),
    balances: () => ({ name: 'balances' }),
    fills: (q: FillsQuery) => ({ name: 'fills', q }),
  } as unknown as RestAdapter;
  const rest = async <T>(plan: RequestPlan<T>): Promise<T> => {
    const p = plan as unknown as { name: string; q?: FillsQuery };
    if (p.name === 'balances') return structuredClone(venue.balances) as T;
    if (p.name === 'fills') return venue.fills.filter((f) => f.time >= (p.q?.startTime ?? 0)) as T;
    return [] as T;
  };
  const events: EngineEvent[] = [];
  const sink = { push: (e: EngineEvent) => events.push(e) };
  const resync = new Resyncer({
    adapter,
    rest,
    account: new AccountState({ sink }),
    sink,
    symbols: [SPOT.symbol],
    venueNow: () => 2_000,
    fillLookbackMs: 1_000,
    periodMs: 0,
    ...(spot ? { spot: () => SPOT } : {}),
  });
  const last = () => events.filter((e): e is ReconcileEvent => e.type === 'reconcile').at(-1)!;
  return { venue, resync, last };
}

const bal = (asset: string, wallet: string, available = wallet): Balance => ({
  asset,
  wallet,
  available,
  updatedAt: 1,
});

describe('reconcile on a spot session', () => {
  it('tells a holding the recovered fills explain, and one they do not', async () => {
    const { venue, resync, last } = setup(true);
    venue.balances = [bal('BTC', '1'), bal('USD', '1000')];
    await resync.onConnect();
    venue.fills = [
      fill({
        tradeId: '7',
        symbol: 'BTC/USD',
        qty: '0.5',
        price: '100',
        fee: '0.1',
        feeAsset: 'USD',
        time: 1500,
      }),
    ];
    venue.balances = [bal('BTC', '1.5', '1.4'), bal('USD', '940')];
    await resync.onConnect();
    expect(last().corrections.map((c) => [c.kind, c.text])).toEqual([
      ['fill-recovered', 'recovered 1 BTC/USD fill missed while away'],
      [
        'balance-changed',
        'BTC holding is 1.5 (free 1.4, locked 0.1) at the venue, 1 (free 1, locked 0) here, explained by the recovered fills',
      ],
      [
        'balance-changed',
        'USD holding is 940 (free 940, locked 0) at the venue, 1000 (free 1000, locked 0) here, -9.9 unexplained',
      ],
    ]);
  });

  it('without a spot instrument the words are the balance ones', async () => {
    const { venue, resync, last } = setup(false);
    venue.balances = [bal('USD', '1000')];
    await resync.onConnect();
    venue.balances = [bal('USD', '940')];
    await resync.onConnect();
    expect(last().corrections.map((c) => c.text)).toEqual([
      'USD balance changed: wallet 1000 → 940, available 1000 → 940',
    ]);
  });
});
