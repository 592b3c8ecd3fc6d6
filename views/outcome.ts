/**
 * The message line's account of an order the trader just sent or cancelled, followed to its
 * real outcome: sent → accepted (resting, filled) / refused by the venue with its reason (kept
 * on screen until dismissed) / held by a rate limit with the wait / unknown while queried.
 * Pure: the message and the store in, the line out.
 */
import type { Order } from '../src/core/types.js';
import type { QuantState } from '../src/store/state.js';
import { countdown } from './format.js';
import { formatPrice, formatQty } from './quantity.js';
import type { Message, MessageLevel } from './ui-state.js';

export interface Line {
  text: string;
  level: MessageLevel;
  /** Stays until dismissed (a refusal). */
  sticky: boolean;
  /** When the line last changed, for fading. */
  at: number;
  /** Droppable parts when the line is narrow: what was sent, and how to dismiss it. */
  detail?: string;
  hint?: string;
}

/** An order as the store knows it now: open, or among the last that ended. */
export function findOrder(s: QuantState, id: string): Order | undefined {
  const open = s.orders[id];
  if (open !== undefined) return open;
  for (let i = s.closedOrders.length - 1; i >= 0; i--) if (s.closedOrders[i]!.clientOrderId === id) return s.closedOrders[i];
  return undefined;
}

/** What the message line says now. */
export function messageLine(m: Message, s: QuantState, now: number): Line {
  const plain: Line = { text: m.text, level: m.level, sticky: m.sticky === true, at: m.at };
  if (m.orderId === undefined) return plain;
  const o = findOrder(s, m.orderId);
  if (o === undefined) return { ...plain, text: `${m.text}: sent (${m.orderId})` };
  const ins = s.session?.instrument?.symbol === o.symbol ? s.session.instrument : undefined;
  const what = `${m.text} (${o.clientOrderId})`;
  const at = Math.max(m.at, o.updatedAt);
  switch (o.state) {
    case 'pending_new': {
      const b = s.budget;
      if (b !== null && b.state !== 'normal') {
        const wait = b.until === undefined ? '' : `, sending in ${countdown(now, b.until)}`;
        const why = b.state === 'banned' ? 'the venue banned us' : 'rate limit reached';
        return { text: `${what}: held — ${why}${wait}`, level: 'warn', sticky: false, at: now };
      }
      return { text: `${what}: sent, waiting for the venue`, level: 'info', sticky: false, at };
    }
    case 'new':
      if (o.trigger !== undefined) return { text: `${what}: accepted, resting on the venue until ${o.trigger.by} price crosses ${formatPrice(o.trigger.price, ins)}`, level: 'info', sticky: false, at };
      return { text: `${what}: accepted, resting on the book`, level: 'info', sticky: false, at };
    case 'triggered':
      return { text: `${what}: triggered — the venue sent its market order`, level: 'warn', sticky: false, at };
    case 'partially_filled':
      return {
        text: `${what}: accepted, ${formatQty(o.filledQty, ins)} of ${formatQty(o.qty, ins)} filled`,
        level: 'info',
        sticky: false,
        at,
      };
    case 'filled':
      return { text: `${what}: filled at ${formatPrice(o.avgPrice, ins)}`, level: 'info', sticky: false, at };
    case 'rejected':
      return {
        text: `✗ REFUSED by the venue: ${o.reason ?? 'no reason given'}`,
        detail: `(${m.text})`,
        hint: '· Esc dismisses',
        level: 'error',
        sticky: true,
        at,
      };
    case 'canceled':
    case 'expired':
      return { text: `${what}: ${o.state === 'canceled' ? 'cancelled' : 'expired'}${o.reason ? ` — ${o.reason}` : ''}`, level: 'info', sticky: false, at };
    case 'pending_cancel':
      return { text: `${what}: cancel sent, waiting for the venue`, level: 'info', sticky: false, at };
    case 'unknown':
      return { text: `${what}: no answer — asking the venue whether it has the order`, level: 'warn', sticky: false, at };
    default:
      return plain;
  }
}
