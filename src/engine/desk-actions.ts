/**
 * A desk's group actions over its accounts' engines (docs/desk.md "Fan-out"): the store's
 * `DeskActions` (src/store/desk.ts), which the entry sets as `Desk.actions`. The engine layer does
 * not import the store; the types here are the same shapes, and the entry's assignment checks it.
 *
 * Each account is its own failure domain here too: every account's order is sized and built
 * first, then all are handed to their own engines at once (one `place` each, each engine fixing
 * its own client id), and each answer becomes that account's line. Nothing is retried: an
 * ambiguous send is resolved by the account's own engine by client id, as a single order's is, and
 * an account the engine or its guard refused is reported as such while the others go on.
 */
import { errorMessage } from '../core/error-message.js';
import { equityIn, type FanOutSizingRule, fanOutSize } from '../core/fan-out.js';
import { type AutoState, autoFanOutReach } from '../core/signals/auto-mode.js';
import type { Balance, DecimalString, Instrument } from '../core/types.js';
import type { ActionResult, CancelAllOptions, EngineActions, FlattenOptions, OrderTicket } from './actions.js';

/** What a fan-out needs of an account's engine: its actions, its instrument, balances and price. */
export interface FanOutEngine extends EngineActions {
  readonly instrument: Instrument | undefined;
  readonly account: { allBalances(): Balance[] };
  /** The price a market ticket is sized and judged at (engine.ts: mid, mark, else a REST quote). */
  referencePrice(): Promise<string | undefined>;
}

export interface DeskMember {
  /** The account's name on the desk. */
  readonly name: string;
  /** Its engine once it runs; undefined while it starts, or after it failed (then it is skipped). */
  engine(): FanOutEngine | undefined;
  readonly sizing?: FanOutSizingRule | undefined;
  /** Its own automatic mode (its signal stack's), read by an automatic fan-out; absent: it has none. */
  auto?(): AutoState | undefined;
}

/** How a fan-out was asked: `auto` when a signal stack's automatic mode sent it, not the trader. */
export interface FanOutOptions {
  auto?: boolean;
}

/** One account's line of a group action (the store's GroupOutcome). */
export interface MemberOutcome {
  account: string;
  status: 'sent' | 'skipped' | 'failed';
  message: string;
  clientOrderId?: string;
  qty?: DecimalString;
}

export interface GroupActions {
  fanOut(accounts: readonly string[], ticket: OrderTicket, lead?: string, options?: FanOutOptions): Promise<MemberOutcome[]>;
  cancelAll(accounts: readonly string[], options?: CancelAllOptions): Promise<MemberOutcome[]>;
  flatten(accounts: readonly string[], options?: FlattenOptions): Promise<MemberOutcome[]>;
  closePart(accounts: readonly string[], percent: string): Promise<MemberOutcome[]>;
}

const NOT_RUNNING = 'its session is not running';

export function createDeskActions(members: readonly DeskMember[]): GroupActions {
  const byName = new Map(members.map((m) => [m.name, m]));
  const skipped = (account: string, message: string): MemberOutcome => ({ account, status: 'skipped', message });

  /** The same call on every account of the group at once; each answer is its own line. */
  const each = (accounts: readonly string[], call: (e: FanOutEngine) => Promise<ActionResult>): Promise<MemberOutcome[]> =>
    Promise.all(
      accounts.map(async (account): Promise<MemberOutcome> => {
        const engine = byName.get(account)?.engine();
        if (engine === undefined) return skipped(account, byName.has(account) ? NOT_RUNNING : 'no such account on the desk');
        return outcomeOf(account, await settle(() => call(engine)));
      }),
    );

  return {
    async fanOut(group, ticket, lead, options) {
      // Sent automatically: only the members whose own automatic mode is on (core/signals/auto-mode.ts);
      // the others are skipped, each saying why, after the lines of those it reached.
      const { reach: accounts, skipped: notAuto } =
        options?.auto === true ? autoFanOutReach(group, (name) => byName.get(name)?.auto?.()) : { reach: group, skipped: [] };
      const notAutoLines = notAuto.map((n) => skipped(n.account, n.why));
      if (accounts.length === 0) return notAutoLines;
      const engines = accounts.map((name) => ({ name, member: byName.get(name), engine: byName.get(name)?.engine() }));
      const leadInstrument =
        (lead === undefined ? undefined : byName.get(lead)?.engine()?.instrument) ??
        engines.find((a) => a.engine?.instrument?.symbol === ticket.symbol)?.engine?.instrument;
      if (leadInstrument === undefined || leadInstrument.symbol !== ticket.symbol) {
        return [...accounts.map((a) => skipped(a, `no account of the group knows the ticket's instrument ${ticket.symbol} yet`)), ...notAutoLines];
      }
      const leadTicket = {
        side: ticket.side,
        type: ticket.type,
        qty: ticket.qty,
        ...(ticket.price === undefined ? {} : { price: ticket.price }),
      };
      // A market ticket is sized (and its minimum order value checked) at each account's own price.
      const prices = await Promise.all(
        engines.map(({ engine }) => (ticket.type === 'market' && engine !== undefined ? engine.referencePrice().catch(() => undefined) : undefined)),
      );
      // Every order is built before the first is sent, so the sends leave together.
      const planned = engines.map(({ name, member, engine }, i): MemberOutcome | { name: string; engine: FanOutEngine; order: OrderTicket } => {
        if (member === undefined) return skipped(name, 'no such account on the desk');
        if (engine === undefined) return skipped(name, NOT_RUNNING);
        const instrument = engine.instrument;
        const size = fanOutSize(leadTicket, leadInstrument, {
          instrument,
          sizing: member.sizing,
          equity: instrument === undefined ? undefined : equityIn(engine.account.allBalances(), instrument.quote),
          mid: prices[i],
        });
        if (size.kind === 'skip') return skipped(name, `skipped: ${size.reason}`);
        const order: OrderTicket = {
          symbol: size.symbol,
          side: ticket.side,
          type: ticket.type,
          qty: size.qty,
          ...(size.price === undefined ? {} : { price: size.price }),
          reduceOnly: ticket.reduceOnly,
          postOnly: ticket.postOnly,
          ...(ticket.timeInForce === undefined ? {} : { timeInForce: ticket.timeInForce }),
        };
        return { name, engine, order };
      });
      const lines = await Promise.all(
        planned.map(async (p) => {
          if (!('order' in p)) return p;
          const r = await settle(() => p.engine.place(p.order));
          return { ...outcomeOf(p.name, r), qty: p.order.qty };
        }),
      );
      return [...lines, ...notAutoLines];
    },
    cancelAll: (accounts, options) => each(accounts, (e) => e.cancelAll(options)),
    flatten: (accounts, options) => each(accounts, (e) => e.flatten(options)),
    closePart: (accounts, percent) => each(accounts, (e) => e.closePart(percent)),
  };
}

/** An action's answer, or what it threw, as an answer. */
async function settle(call: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await call();
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/**
 * One account's line: sent (the engine took it, its id named), skipped (the engine or its guard
 * refused before sending, or asked a question a group send cannot answer), or failed.
 */
function outcomeOf(account: string, r: ActionResult): MemberOutcome {
  if (r.ok) {
    return { account, status: 'sent', message: r.message ?? 'done', ...(r.clientOrderId === undefined ? {} : { clientOrderId: r.clientOrderId }) };
  }
  if (r.confirm === true) return { account, status: 'skipped', message: `not sent, it asks first: ${r.error}` };
  if (r.error.startsWith('guard:') || r.error.startsWith('not ready')) return { account, status: 'skipped', message: `not sent: ${r.error}` };
  return { account, status: 'failed', message: r.error };
}
