/**
 * What a stream session (stream.ts) is given and what it reports: its options, the issues it
 * counts and logs while the session goes on, and the reconnect back-off every stream uses.
 */
import type { SecureContext } from 'node:tls';
import type { BackoffOptions } from '../core/backoff.js';
import type { HeartbeatSpec, StreamEvent, StreamSpec } from '../venues/stream-types.js';
import type { RequestPlan, SignContext } from '../venues/venue.js';
import type { ConnectionEvent } from './events.js';

/** Sends an adapter request through the engine's HTTP layer and lanes; resolves its parsed result. */
export type RestRunner = <T>(plan: RequestPlan<T>) => Promise<T>;

export type StreamIssueKind = 'malformed' | 'oversized' | 'unknown' | 'venue-error' | 'token' | 'resync' | 'silent';

/** Something worth a log line and a counter; the session goes on. */
export interface StreamIssue {
  socket: string;
  kind: StreamIssueKind;
  at: number;
  message: string;
  excerpt?: string;
  /** How many issues of this kind this socket has had so far, this one included. */
  count: number;
}

export interface StreamOptions {
  spec: StreamSpec;
  /** Needed when the spec has a token (listen key). */
  rest?: RestRunner;
  /** Needed when the spec has a login frame. */
  signContext?: () => SignContext;
  /**
   * Frames the engine adds to the subscription on every connect, with their acks (the dead-man's
   * topic of a disconnect switch while it is armed).
   */
  extraSubscribe?: () => { frames: string[]; acks: number };
  /** Snapshot + reconcile before an account socket is shown live; a rejection retries the connect. */
  resync?: (reason: string) => Promise<void>;
  onEvent(event: StreamEvent, socket: string): void;
  onStatus(event: ConnectionEvent): void;
  onIssue?(issue: StreamIssue): void;
  /** Called for every inbound frame (feeds "last message age"). */
  onActivity?(at: number): void;
  /** The socket turned silent (`reason` says what is missing) or delivers again. */
  onSilence?(silent: boolean, reason: string): void;
  /** Overrides how soon a market socket must deliver what its spec expects (tests shorten it). */
  expectWithinMs?: number;
  /** Overrides of the adapter's heartbeat timings (tests shorten them). */
  heartbeat?: Partial<Pick<HeartbeatSpec, 'intervalMs' | 'pongTimeoutMs' | 'silenceMs'>>;
  backoff?: BackoffOptions;
  /** Open, login and subscribe must each complete within this (default 10 s). */
  stepTimeoutMs?: number;
  /** Wall clock for event times (default Date.now). */
  now?: () => number;
  /** Random source for jitter (default Math.random). */
  random?: () => number;
  /** Held account events beyond this drop the connection and start over (default 100 000). */
  maxHeld?: number;
  /** TLS trust beyond Node's roots for wss (trust.ts). */
  secureContext?: SecureContext;
}

/** Frames seen, connects, reconnects, and issues by kind. */
export type StreamCounters = Record<'frames' | 'connects' | 'reconnects' | StreamIssueKind, number>;

/** Fast first retry, then full jitter up to 30 s; a minute live counts as recovered. */
export const STREAM_BACKOFF: BackoffOptions = { firstMs: 100, baseMs: 1000, capMs: 30_000, stableMs: 60_000 };
