/**
 * A desk: several accounts in one cockpit (docs/desk.md). Each account is its own failure domain
 * down to what the cockpit shows: its own engine, its own store fed by its own batcher, its own
 * actions. A ban, a refused key or a crash on one account is shown on that account's store and
 * never reaches another's. The views show the selected account's store exactly as they show a
 * single session's, plus an overview of all of them; the desk's actions act on a group.
 *
 * A single-account session is not a desk: the cockpit gets no `Desk` and looks as it always did.
 */
import type { DecimalString } from '../core/types.js';
import type { Env } from '../engine/events.js';
import type { CancelAllOptions, CockpitActions, FlattenOptions, OrderTicket } from './actions.js';
import type { QuantStore } from './store.js';

/**
 * How a fan-out sizes this account's order from the ticket: `multiplier` × the ticket's size
 * (in the base asset), or `equityShare` (0..1] of the account's equity, at the ticket's price.
 * Absent: multiplier 1.
 */
export type FanOutSizing = { multiplier: DecimalString } | { equityShare: DecimalString };

export interface DeskAccount {
  /** The profile account's name (the demo desk's own names in sim): unique on the desk. */
  readonly name: string;
  readonly venue: string;
  readonly env: Env;
  /**
   * Its own store; the batcher that feeds it is the account's engine's sink. An engine that fails
   * says so here, where the overview's row reads it (views/panes/Overview.tsx): its sockets'
   * `connection` events (closed or reconnecting, with the reason), a ban in its `budget` event, and
   * — when its start fails — a `log` event at level `error`, source `desk`, saying why (the row
   * shows that before anything its half-started engine closed on the way out).
   */
  readonly store: QuantStore;
  /** Its own engine's actions (answering "not ready" until the engine attaches). */
  readonly actions: CockpitActions;
  readonly sizing?: FanOutSizing;
  /**
   * Folds what the account's engine has sent so far into its store now. The store is fed by a
   * batcher, and a hidden account's market chatter waits up to a second: a question about a group
   * (a fan-out's sizes, a group action's confirmation) flushes every account before it reads.
   */
  readonly flush?: () => void;
  /**
   * The cockpit says whether the account is on screen. A hidden account's tickers and socket
   * activity wait up to a second before they reach its store (its overview row is all that shows
   * them); anything else goes at once. Shown again, it is flushed at once.
   */
  readonly show?: (shown: boolean) => void;
}

/** One account's part of a group action, as the cockpit lists it. */
export interface GroupOutcome {
  account: string;
  /** `sent`: the venue took it (or it was resolved as taken); `skipped`: never sent, and why. */
  status: 'sent' | 'skipped' | 'failed';
  message: string;
  /** The order's client id on that account, where one was made. */
  clientOrderId?: string;
  /** The size sent on that account, in its instrument's units. */
  qty?: DecimalString;
}

/** What the cockpit may ask of a group of accounts: every account acts at once, alone. */
export interface DeskActions {
  /**
   * The ticket on every account of the group, each sized by its `sizing` and rounded to its own
   * instrument, each with its own client id, sent concurrently. Nothing is retried blindly: an
   * ambiguous send is resolved per account as a single order's is. `lead`: the account whose
   * instrument the ticket's size is counted in (the selected one); absent, the first account of
   * the group trading the ticket's symbol. `options.auto`: a signal stack's automatic mode sent it,
   * so only the accounts whose own automatic mode is on are reached (docs/signals.md §Automatic mode).
   */
  fanOut(accounts: readonly string[], ticket: OrderTicket, lead?: string, options?: { auto?: boolean }): Promise<GroupOutcome[]>;
  cancelAll(accounts: readonly string[], options?: CancelAllOptions): Promise<GroupOutcome[]>;
  flatten(accounts: readonly string[], options?: FlattenOptions): Promise<GroupOutcome[]>;
  closePart(accounts: readonly string[], percent: string): Promise<GroupOutcome[]>;
}

export interface Desk {
  /** In the profile's (or the command line's) order: the overview lists them so. */
  readonly accounts: readonly DeskAccount[];
  /** Group name → account names (the profile's groups; `--accounts` makes one named `desk`). */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** Absent until the entry composes it (a desk that cannot fan out says so). */
  readonly actions?: DeskActions;
}
