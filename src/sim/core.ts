// What a dialect gets to work with: the venue-neutral state of one running sim.
import type { SimClock } from './clock.js';
import type { FaultRuntime } from './faults/runtime.js';
import type { Market } from './market/market.js';
import type { AccountState } from './matching/accounts.js';
import type { MatchEvent, MatchingEngine } from './matching/engine.js';
import type { StoredKey } from './accounts.js';
import type { HttpDialect } from './server/http.js';
import type { WsHub } from './server/ws-hub.js';
import type { AcceptedOrder, SimStats } from './types.js';

export interface SimCore {
  seed: string;
  clock: SimClock;
  market: Market;
  engine: MatchingEngine;
  accounts: Map<string, AccountState>;
  keys: Map<string, StoredKey>;
  faults: FaultRuntime;
  hub: WsHub;
  /** Every order accepted, in order; the dialect sets `reply` once it knows what the client got. */
  ledger: AcceptedOrder[];
  stats: SimStats;
}

/** A wire dialect plugged onto the core: serves HTTP and WebSockets and turns engine events into pushes. */
export interface Dialect extends HttpDialect {
  onMatchEvent(e: MatchEvent): void;
  /** After every market tick (prices moved, resting orders matched). */
  onTick(): void;
  expireListenKeys(): number;
  /** Venues that announce planned closes (OKX 64008) warn every socket, then close it. Returns how many. */
  announceUpgrade?(): number;
  /** The `ban` fault: every request from the loopback IP gets 418 for `ms`. */
  banNow(ms: number): void;
  resetLimits(): void;
  close(): void;
}
