/**
 * A venue-side dead-man's switch as an adapter describes it (`RestAdapter.deadman`): either a
 * timer the engine keeps re-arming, or a cancel-on-disconnect tied to the private socket. The
 * engine's src/engine/deadman.ts runs both.
 */
import type { RequestPlan } from './venue.js';

export interface DeadmanBase {
  /** 'symbol': one timer per symbol (Binance countdownCancelAll); 'account': one for everything. */
  scope: 'symbol' | 'account';
  minTimeoutMs: number;
  maxTimeoutMs: number;
  defaultTimeoutMs: number;
  /**
   * Whether the venue's dead-man cancels protective (conditional) orders too, as its documentation
   * says (docs/venues.md dates each): the header shows it, since a stop that survives a crash is
   * the one protection left when the terminal is gone.
   */
  protective: 'kept' | 'cancelled';
  arm(timeoutMs: number, symbol?: string): RequestPlan<void>;
}

/**
 * A venue-side cancel-all-after timer (Binance, OKX, Hyperliquid). The engine arms it while
 * connected, re-arms it every timeout/4 on the critical lane and disarms it on a clean exit.
 */
export interface TimerDeadmanSpec extends DeadmanBase {
  trigger?: 'timer';
  disarm(symbol?: string): RequestPlan<void>;
}

/**
 * A venue-side cancel-on-disconnect (Bybit DCP): `arm` sets the window over REST; the switch
 * itself is a topic on the private socket — the venue cancels once every socket that subscribed it
 * has been gone for the window. The engine subscribes the topic once armed (again after each
 * reconnect) and shows a countdown only while the socket is down. There is no off: a socket that
 * leaves the topic counts as gone, so the engine never unsubscribes it.
 */
export interface DisconnectDeadmanSpec extends DeadmanBase {
  trigger: 'disconnect';
  /** The frame that subscribes the topic on the private socket, acknowledged like any subscription. */
  frames: { subscribe: string };
}

export type DeadmanSpec = TimerDeadmanSpec | DisconnectDeadmanSpec;
