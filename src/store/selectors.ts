/**
 * Selectors for `useStore(store, selector)`. zustand compares a selector's result with
 * Object.is, so each selector here returns either a slice of state as stored (stable identity)
 * or a primitive; derived lists are memoised on their input slice, never rebuilt per call.
 */
import { sign } from '../core/decimal.js';
import { isProtective, type Order, type Position } from '../core/types.js';
import type { SocketRole } from '../engine/events.js';
import type { LogEntry, QuantState, SocketStatus } from './state.js';

/** Caches f's result for the last input identity: a stable array while the slice is unchanged. */
function memoByInput<I, O>(f: (input: I) => O): (input: I) => O {
  let lastIn: I | undefined;
  let lastOut: O | undefined;
  let primed = false;
  return (input) => {
    if (!primed || input !== lastIn) {
      lastIn = input;
      lastOut = f(input);
      primed = true;
    }
    return lastOut as O;
  };
}

export const selectSession = (s: QuantState) => s.session;
export const selectSockets = (s: QuantState) => s.sockets;
export const selectAuth = (s: QuantState) => s.auth;
export const selectClock = (s: QuantState) => s.clock;
export const selectBudget = (s: QuantState) => s.budget;
export const selectTicker = (s: QuantState) => s.ticker;
export const selectTickers = (s: QuantState) => s.tickers;
export const selectInstruments = (s: QuantState) => s.instruments;
export const selectFills = (s: QuantState) => s.fills;
export const selectFillCount = (s: QuantState) => s.fillCount;
export const selectBalances = (s: QuantState) => s.balances;
export const selectReconcile = (s: QuantState) => s.reconcile;
export const selectDeadman = (s: QuantState) => s.deadman;
export const selectLog = (s: QuantState) => s.log;
export const selectSim = (s: QuantState) => s.sim;
export const selectOrderCount = (s: QuantState) => Object.keys(s.orders).length;
export const selectIsSim = (s: QuantState) => s.session?.env === 'sim';

const sortOrders = memoByInput((orders: Record<string, Order>): Order[] =>
  // Newest first; clientOrderId breaks ties so the table never jitters between equal times.
  Object.values(orders).sort(
    (a, b) =>
      (b.createdAt ?? b.updatedAt) - (a.createdAt ?? a.updatedAt) || a.clientOrderId.localeCompare(b.clientOrderId),
  ),
);
/** Open orders, newest first: the Open orders table's rows (stable while orders are unchanged). */
export const selectOpenOrders = (s: QuantState): Order[] => sortOrders(s.orders);

const sortPositions = memoByInput((positions: Record<string, Position>): Position[] =>
  Object.values(positions).sort((a, b) => a.symbol.localeCompare(b.symbol)),
);
export const selectPositions = (s: QuantState): Position[] => sortPositions(s.positions);

const sortSockets = memoByInput((sockets: Record<string, SocketStatus>): SocketStatus[] =>
  // Market first, then account sockets: the order a trader reads them in.
  Object.values(sockets).sort((a, b) => b.role.localeCompare(a.role) || a.name.localeCompare(b.name)),
);
export const selectSocketList = (s: QuantState): SocketStatus[] => sortSockets(s.sockets);

/**
 * Why the data a role feeds cannot be trusted as fresh right now, or null when every socket of
 * that role is live. No socket of the role yet counts as not live ("no market socket yet").
 */
export function feedProblem(sockets: Record<string, SocketStatus>, role: SocketRole): string | null {
  const ofRole = Object.values(sockets).filter((k) => k.role === role);
  if (ofRole.length === 0) return `no ${role} socket yet`;
  const down = ofRole.find((k) => k.state !== 'live');
  if (down === undefined) {
    // Live but delivering nothing of what it subscribed to: its data is as stale as a dropped one's.
    const silent = ofRole.find((k) => k.silent !== undefined);
    return silent === undefined ? null : `${silent.name} socket connected but silent`;
  }
  const attempt = down.state === 'reconnecting' && down.attempt !== undefined ? ` (attempt ${down.attempt})` : '';
  return `${down.name} socket ${down.state}${attempt}`;
}

export const selectMarketProblem = (s: QuantState): string | null => feedProblem(s.sockets, 'market');
export const selectAccountProblem = (s: QuantState): string | null => feedProblem(s.sockets, 'account');

/**
 * Why actions that change the account (place, cancel, cancel-all, flatten, dead-man) are
 * refused right now, in words for the message line; null when they may go ahead. A primitive,
 * so it is safe as a zustand selector. Countdowns are formatted by the caller from `budget.until`.
 */
export function selectTradingBlock(s: QuantState): string | null {
  if (s.session === null) return 'no session yet';
  const account = feedProblem(s.sockets, 'account');
  if (account !== null) return `account not live: ${account}`;
  if (s.budget?.state === 'banned') return 'rate budget: banned by the venue';
  return null;
}

const levelRank = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/** The newest log entry of level info or above: the event line. */
export const selectLastEvent = (s: QuantState): LogEntry | null => {
  for (let i = s.log.length - 1; i >= 0; i--) {
    const entry = s.log[i]!;
    if (levelRank[entry.level] >= levelRank.info) return entry;
  }
  return null;
};

const protectiveOf = memoByInput((orders: Record<string, Order>): Order[] => sortOrders(orders).filter(isProtective));
/** Open protective orders (stops, take-profits), newest first: the Protection section's rows. */
export const selectProtectiveOrders = (s: QuantState): Order[] => protectiveOf(s.orders);

/** The session symbol's position, if any. */
export const selectSymbolPosition = (s: QuantState): Position | null =>
  s.session === null ? null : (s.positions[s.session.symbol] ?? null);

/** The session symbol's open protective orders, in the Protection section's order. */
export const symbolProtective = (s: QuantState): Order[] => selectProtectiveOrders(s).filter((o) => o.symbol === s.session?.symbol);
/** How many protective orders the session symbol has open (the Protection section's rows). */
export const selectProtectiveCount = (s: QuantState): number => symbolProtective(s).length;
/** The session symbol has a position and no stop resting on the venue. */
export const selectUnprotected = (s: QuantState): boolean => {
  const p = selectSymbolPosition(s);
  return p !== null && sign(p.qty) !== 0 && !symbolProtective(s).some((o) => o.trigger?.kind === 'stop');
};
