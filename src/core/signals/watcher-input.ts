/**
 * What the L2 watcher reads: the engine's events it has rules for, written here by shape (core
 * imports nothing of ours above it; src/engine/events.ts's events are assignable to these), plus
 * the signal stack's own brief, whose ATR the atr-move rule measures with.
 */
import type { Fill, Funding, Order, Position } from '../types.js';
import type { Brief } from './types.js';

export interface WatchedTicker {
  type: 'ticker';
  at: number;
  symbol: string;
  bid: string;
  ask: string;
  last: string;
  /** Sizes at the best bid and ask, where the venue's ticker gives them (the depth rule needs them). */
  bidQty?: string;
  askQty?: string;
}

export type WatchedEvent =
  | WatchedTicker
  | { type: 'funding'; at: number; funding: Funding }
  | { type: 'positions'; at: number; snapshot: boolean; positions: readonly Position[] }
  | { type: 'order'; at: number; order: Order }
  | { type: 'orders-snapshot'; at: number; orders: readonly Order[] }
  | { type: 'fill'; at: number; fill: Fill }
  | { type: 'connection'; at: number; socket: string; role: string; state: string; reason?: string; attempt?: number }
  | { type: 'socket-silence'; at: number; socket: string; silent: boolean; reason?: string }
  | { type: 'clock'; at: number; offsetMs: number; uncertaintyMs: number }
  | {
      type: 'budget';
      at: number;
      pools: readonly { name: string; used: number; limit: number }[];
      state: string;
      until?: number;
      reason?: string;
    }
  | { type: 'signals'; at: number; part: 'brief'; brief: Brief };

export const WATCHED_TYPES: ReadonlySet<string> = new Set<WatchedEvent['type']>([
  'ticker',
  'funding',
  'positions',
  'order',
  'orders-snapshot',
  'fill',
  'connection',
  'socket-silence',
  'clock',
  'budget',
  'signals',
]);
