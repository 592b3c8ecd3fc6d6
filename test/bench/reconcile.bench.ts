// Reconcile diff at scale: 10k open orders and 1k positions on each side, a few hundred of
// them different, plus 5k fills of which 500 were missed. Goal: well under 50 ms per diff.
import { diffSnapshot, fillKey, type LocalState, type VenueSnapshot } from '../../src/core/reconcile.js';
import type { Fill, Order, Position } from '../../src/core/types.js';
import { type BenchSection, percentile } from './section.js';

function world(
  orders: number,
  positions: number,
  fills: number,
): { local: LocalState; venue: VenueSnapshot } {
  const mk = (i: number, o: Partial<Order> = {}): Order => ({
    clientOrderId: `qd${i.toString(36).padStart(8, '0')}`,
    venueOrderId: String(1e9 + i),
    symbol: `SYM${i % positions}USDT`,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    price: `${100 + (i % 500)}.${i % 10}`,
    qty: '1.000',
    filledQty: '0',
    avgPrice: '0',
    state: 'new',
    reduceOnly: false,
    postOnly: false,
    updatedAt: 1,
    ...o,
  });
  const fill = (i: number): Fill => ({
    tradeId: String(5e8 + i),
    venueOrderId: String(1e9 + i),
    symbol: `SYM${i % positions}USDT`,
    side: i % 2 === 0 ? 'buy' : 'sell',
    price: '100.5',
    qty: '0.010',
    fee: '0.0001',
    feeAsset: 'USDT',
    time: 1_752_000_000_000 + i,
    maker: true,
  });
  const pos = (i: number, qty: string): Position => ({
    symbol: `SYM${i}USDT`,
    qty,
    entryPrice: '100.25',
    markPrice: '101.5',
    unrealizedPnl: '0',
    updatedAt: 1,
  });
  const localOrders = Array.from({ length: orders }, (_, i) => mk(i));
  const venueOrders = Array.from({ length: orders }, (_, i) =>
    i % 50 === 0
      ? mk(i, { state: 'partially_filled', filledQty: '0.5' })
      : i % 97 === 0
        ? mk(i + orders)
        : mk(i),
  );
  const allFills = Array.from({ length: fills }, (_, i) => fill(i));
  return {
    local: {
      orders: localOrders,
      hasFill: ((held) => (f: Fill) => held.has(fillKey(f)))(new Set(allFills.slice(0, fills - 500).map(fillKey))),
      positions: Array.from({ length: positions }, (_, i) => pos(i, i % 10 === 0 ? '0.5' : `${i % 7}.25`)),
      balances: [],
    },
    venue: {
      openOrders: venueOrders,
      fills: allFills.slice(fills - 2000),
      positions: Array.from({ length: positions }, (_, i) => pos(i, `${i % 7}.250`)),
      balances: [],
    },
  };
}

export default async function bench(): Promise<BenchSection> {
  const { local, venue } = world(10_000, 1000, 5000);
  const times: number[] = [];
  let corrections = 0;
  for (let i = 0; i < 5; i++) diffSnapshot(local, venue); // warm-up
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    corrections = diffSnapshot(local, venue).length;
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time per diff next to wall time: on a shared, loaded machine wall time includes waiting.
  const cpuMs = (cpu.user + cpu.system) / 1000 / 40;
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  return {
    title: 'reconcile diff (10k open orders, 1k positions, 5k fills)',
    rows: [
      {
        case: '10k orders + 1k positions + 2k fills',
        corrections,
        'p50 ms': p50,
        'p99 ms': p99,
        'cpu ms/diff': cpuMs,
      },
    ],
    notes: [
      `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${cpuMs.toFixed(1)} ms CPU per diff (goal: well under 50 ms)`,
    ],
  };
}
