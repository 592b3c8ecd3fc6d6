/**
 * What `y` on a proposal sends (docs/signals.md §Runner): exactly the orders Enter showed, through
 * the engine's own actions — `place` for an entry or a retire's close (the guard judges it as it
 * judges a typed ticket, and may ask first), `cancel` for a retire's open orders; a fan-out goes
 * through the desk's fan-out (each account's own engine and guard). An apply's stop and target
 * are not sent here: they wait for the entry to fill (runner.ts), then go through `protect`.
 */
import { errorMessage } from '../../core/error-message.js';
import { describeProposedOrder } from '../../core/signals/gatekeeper.js';
import type { Proposal, ProposedOrder } from '../../core/signals/types.js';
import type { Instrument, Trigger } from '../../core/types.js';
import type { ActionResult, OrderTicket, PlaceOptions, ProtectOptions } from '../actions.js';

/** The engine as the runner uses it: its session symbol and instrument, and three of its actions. */
export interface RunnerEngine {
  readonly symbol: string;
  readonly instrument: Instrument | undefined;
  place(ticket: OrderTicket, options?: PlaceOptions): Promise<ActionResult>;
  protect(kind: Trigger['kind'], price: string, options?: ProtectOptions): Promise<ActionResult>;
  cancel(clientOrderId: string): Promise<ActionResult>;
}

/** One account's line of a fan-out (the desk's GroupOutcome, which the engine cannot import). */
export interface FanOutLine {
  account: string;
  status: 'sent' | 'skipped' | 'failed';
  message: string;
  clientOrderId?: string;
}

export interface SendDeps {
  engine: RunnerEngine;
  options: PlaceOptions;
  /** This account's name: a fan-out's lead. */
  lead: string;
  fanOut?: (accounts: readonly string[], ticket: OrderTicket, lead?: string, options?: { auto?: boolean }) => Promise<FanOutLine[]>;
  /** Sent by automatic mode: a fan-out then reaches only the members whose own automatic mode is on. */
  auto?: boolean;
}

export interface Sent {
  result: ActionResult;
  /** Every client order id it made, in the order sent. */
  clientOrderIds: string[];
  /** What the decision's audit line adds: the accounts a fan-out skipped, and why. */
  note?: string;
}

const ticketOf = (o: ProposedOrder): OrderTicket => ({
  symbol: o.symbol,
  side: o.side,
  type: o.type === 'market' ? 'market' : 'limit',
  qty: o.qty,
  ...(o.type === 'limit' && o.price !== undefined ? { price: o.price } : {}),
  reduceOnly: o.reduceOnly,
  postOnly: false,
});

export async function sendProposal(p: Proposal, d: SendDeps): Promise<Sent> {
  const ids: string[] = [];
  try {
    switch (p.action) {
      case 'revive':
      case 'promote':
        return { result: { ok: true, message: `${p.id} ${p.action}: ${p.strategy} ${p.action === 'revive' ? 'is active again at tier 1' : 'moves up a size tier'}; nothing sent` }, clientOrderIds: ids };
      case 'apply': {
        const entry = p.orders[0];
        if (entry === undefined || entry.type !== 'limit') return { result: { ok: false, error: `${p.id}: no entry to send` }, clientOrderIds: ids };
        const r = await d.engine.place(ticketOf(entry), d.options);
        if (!r.ok) return { result: r, clientOrderIds: ids };
        if (r.clientOrderId !== undefined) ids.push(r.clientOrderId);
        const rest = p.orders.slice(1).map((o) => describeProposedOrder(o)).join(', ');
        return { result: { ok: true, ...(r.clientOrderId === undefined ? {} : { clientOrderId: r.clientOrderId }), message: `${p.id}: ${describeProposedOrder(entry)} sent (${r.clientOrderId ?? '?'}); once filled: ${rest}` }, clientOrderIds: ids };
      }
      case 'fan-out': {
        const entries = p.orders.filter((o) => o.type === 'limit');
        const lead = entries.find((o) => o.account === d.lead);
        if (d.fanOut === undefined || lead === undefined) return { result: { ok: false, error: `${p.id}: this cockpit cannot fan out` }, clientOrderIds: ids };
        const lines = await d.fanOut(entries.map((o) => o.account), ticketOf(lead), d.lead, d.auto === true ? { auto: true } : undefined);
        const mine = lines.find((l) => l.account === d.lead);
        // The lead's id first: its stop and target follow its entry.
        if (mine?.clientOrderId !== undefined) ids.push(mine.clientOrderId);
        for (const l of lines) if (l.clientOrderId !== undefined && l !== mine) ids.push(l.clientOrderId);
        const text = lines.map((l) => `${l.account} ${l.status}${l.clientOrderId === undefined ? '' : ` ${l.clientOrderId}`}${l.status === 'sent' ? '' : `: ${l.message}`}`).join('; ');
        const ok = mine?.status === 'sent';
        const skippedLines = lines.filter((l) => l.status === 'skipped').map((l) => `${l.account} skipped: ${l.message}`);
        return {
          result: ok ? { ok: true, message: `${p.id} fan-out: ${text}` } : { ok: false, error: `${p.id} fan-out: ${text}` },
          clientOrderIds: ids,
          ...(skippedLines.length === 0 ? {} : { note: skippedLines.join('; ') }),
        };
      }
      case 'retire': {
        const words: string[] = [];
        for (const id of p.cancels ?? []) {
          const r = await d.engine.cancel(id);
          words.push(r.ok ? `cancelled ${id}` : `${id}: ${r.error}`);
        }
        for (const o of p.orders) {
          const r = await d.engine.place(ticketOf(o), d.options);
          if (!r.ok) return { result: { ...r, error: [...words, `close refused: ${r.error}`].join('; ') }, clientOrderIds: ids };
          if (r.clientOrderId !== undefined) ids.push(r.clientOrderId);
          words.push(`${describeProposedOrder(o)} sent (${r.clientOrderId ?? '?'})`);
        }
        return { result: { ok: true, message: `${p.id} retire ${p.strategy}${words.length === 0 ? ': nothing to cancel or close' : `: ${words.join('; ')}`}` }, clientOrderIds: ids };
      }
    }
  } catch (err) {
    return { result: { ok: false, error: `${p.id}: ${errorMessage(err)}` }, clientOrderIds: ids };
  }
}
