// The fill storm the cockpit sections draw: `fillsPerS` fills, plus a ticker, a position and socket
// activity every 10 ms, pushed as the engine would push them. One generator for the CPU section
// (cockpit.bench.tsx) and the heap section (cockpit-heap.bench.tsx), so both measure one workload.
import type { EngineEvent } from '../../src/engine/events.js';
import { T0, fill, position } from '../store/fixtures.js';

export interface Storm {
  stop(): void;
  /** Fills pushed so far. */
  count(): number;
}

export function startStorm(push: (e: EngineEvent) => void, fillsPerS: number): Storm {
  let n = 0;
  let mid = 64_210;
  const start = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * fillsPerS);
    for (; n < due; n++) {
      const at = T0 + n;
      push({ type: 'fill', at, fill: fill(n, { price: (mid + (n % 7) / 10).toFixed(1), time: Date.now() }) });
    }
    mid += Math.random() - 0.5;
    const bid = mid.toFixed(1);
    push({ type: 'ticker', at: Date.now(), symbol: 'BTCUSDT', bid, ask: (mid + 0.1).toFixed(1), last: bid });
    push({
      type: 'positions',
      at: Date.now(),
      snapshot: false,
      positions: [position({ qty: String(n / 1000), updatedAt: Date.now() })],
    });
    push({ type: 'socket-activity', at: Date.now(), socket: 'user' });
  }, 10);
  return { stop: () => clearInterval(timer), count: () => n };
}
