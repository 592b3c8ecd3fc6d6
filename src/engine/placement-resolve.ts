/**
 * A new intent's placement and, when a send's answer is lost, its resolution (invariant 4: an
 * order is placed at most once): send; on an ambiguous failure, query by client id with bounded,
 * jittered backoff; re-send, with the SAME id, only when the venue says it has never seen it and
 * the last send can no longer arrive (`settleMs` after it). Apart from the order manager
 * (orders.ts), which lends it its steps (ResolverSteps, placement.ts), because it is the one loop
 * that may send more than once and deserves to be read alone.
 */
import { Backoff } from '../core/backoff.js';
import { errorMessage } from '../core/error-message.js';
import type { Order } from '../core/types.js';
import type { RequestPlan } from '../venues/venue.js';
import { readSendFailure } from './order-resolve.js';
import type { Placement, ResolverSteps } from './placement.js';

export async function resolvePlacement(s: ResolverSteps, p: Placement): Promise<void> {
  const backoff = new Backoff(s.random ?? Math.random, s.opts.backoff);
  let needSend = true;
  let queries = 0;
  while (!s.closed()) {
    if (needSend) {
      needSend = false;
      const outcome = await send(s, p);
      if (outcome === 'done') return;
    }
    if (p.known) return;
    if (queries >= s.opts.maxQueries) break;
    await s.sleep(backoff.nextDelay(s.mono()));
    if (p.known || s.closed()) return;
    queries++;
    const q = await s.query(p, 'resolved');
    if (q === 'found') return;
    if (q === 'never-seen') {
      s.journal({ event: 'never-seen', clientOrderId: p.intent.clientOrderId });
      // Believed only once the original can no longer arrive: wait out the rest of the
      // validity window (spending no queries meanwhile), then ask once more before re-sending.
      const wait = s.opts.settleMs - (s.mono() - p.lastSendAt);
      if (wait > 0) {
        await s.sleep(wait);
        continue;
      }
      if (p.sends >= s.opts.maxSends) {
        s.reject(p, `not placed after ${p.sends} sends`);
        return;
      }
      s.counters.resent++;
      needSend = true;
      queries = 0;
      backoff.reset();
    }
  }
  if (!s.closed() && !p.known) {
    s.counters.unresolved++;
    s.journal({ event: 'unresolved', clientOrderId: p.intent.clientOrderId, reason: `status unknown after ${queries} queries` });
    s.log('error', `order ${p.intent.clientOrderId}: status still unknown after ${queries} queries; reconciliation will settle it`);
  }
}

/** One send. 'done' = the venue answered definitely; 'resolve' = the answer must be found by query. */
async function send(s: ResolverSteps, p: Placement): Promise<'done' | 'resolve'> {
  let plan: RequestPlan<Order>;
  try {
    plan = s.adapter.placeOrder(p.intent);
  } catch (err) {
    s.reject(p, errorMessage(err));
    return 'done';
  }
  p.sends++;
  s.counters.sends++;
  p.lastSendAt = s.mono();
  // Before the request leaves: a restart that finds this line knows the id may be at the venue,
  // and that after validUntil a query finding nothing means it was never placed.
  s.journal({
    event: 'sent',
    clientOrderId: p.intent.clientOrderId,
    send: p.sends,
    validUntil: new Date(s.wall() + s.opts.settleMs).toISOString(),
  });
  try {
    const ack = await s.run(plan);
    s.adopt(p, ack, 'acked');
    return 'done';
  } catch (err) {
    if (p.known) return 'done';
    const read = readSendFailure(err);
    if (read.move === 'none') {
      s.ambiguous(p, `the venue already has this id: ${errorMessage(err)}`);
      return 'resolve';
    }
    if (read.move === 'rejected') {
      s.reject(p, read.reason);
      return 'done';
    }
    s.ambiguous(p, read.reason);
    s.move(p, read.move === 'keep' ? p.order.state : read.move, read.reason);
    return 'resolve';
  }
}
