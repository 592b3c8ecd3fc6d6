/**
 * A restart's recovery of one intent an earlier process journaled and never saw end
 * (src/core/journal-recovery.ts): the order it was, put back as the journal last knew it, and its
 * resolution by client id with queries only, never a send. Apart from the order manager
 * (orders.ts), whose steps it uses, because it is the one path that never sends: found means
 * placed (its state is the venue's); not found once the last send can no longer arrive means
 * never placed.
 */
import { Backoff } from '../core/backoff.js';
import { describeIntent } from '../core/journal.js';
import type { InFlightIntent } from '../core/journal-recovery.js';
import type { Order, OrderIntent, OrderState } from '../core/types.js';
import { orderOfIntent } from '../venues/shared/intent-order.js';
import type { Placement, ResolverSteps } from './placement.js';

/** A journaled intent with its intent line (one whose line rotated away cannot be asked for). */
export type AskableIntent = InFlightIntent & { intent: NonNullable<InFlightIntent['intent']> };

/** The order as the journal last knew it: answered, its state; sent, unknown; unsent, pending. */
export function recoveredOrder(r: AskableIntent, at: number): { intent: OrderIntent; order: Order } {
  const intent: OrderIntent = { ...r.intent, clientOrderId: r.clientOrderId };
  const state: OrderState = r.step === 'answered' && r.state !== undefined ? r.state : r.step === 'sent' ? 'unknown' : 'pending_new';
  const order = orderOfIntent(intent, state, at);
  if (intent.timeInForce !== undefined) order.timeInForce = intent.timeInForce;
  if (r.venueOrderId !== undefined) order.venueOrderId = r.venueOrderId;
  if (r.filledQty !== undefined) order.filledQty = r.filledQty;
  return { intent, order };
}

/**
 * A recovered intent's resolution: queries by client id with backoff, never a send. Not found
 * while the last send (or, unsent, the intent) could still reach the venue: asked again once it
 * cannot; not found then: never placed, and the story ends.
 */
export async function resolveRecovered(s: ResolverSteps, p: Placement, r: InFlightIntent): Promise<void> {
  const id = p.intent.clientOrderId;
  const what = `${id} (${describeIntent(r.intent)})`;
  const backoff = new Backoff(s.random ?? Math.random, s.opts.backoff);
  // Unsent: the send line comes before the request, so it never left; but a session whose journal
  // writes failed went on trading: it could have left up to a validity window after the intent.
  const lastChance = r.validUntil ?? r.since + s.opts.settleMs;
  let failures = 0;
  while (!s.closed()) {
    const q = await s.query(p, 'recovered');
    if (q === 'found' || p.known) {
      const o = p.order;
      s.log('info', `recovered ${what}: placed, ${o.state}${o.venueOrderId === undefined ? '' : ` (venue ${o.venueOrderId})`}; adopted as this session's`);
      return;
    }
    if (q === 'never-seen') {
      if (r.step === 'answered') {
        // The venue spoke of it before and no longer finds it: reconciliation settles it.
        s.counters.unresolved++;
        s.journal({ event: 'unresolved', clientOrderId: id, reason: 'after a restart the venue no longer finds an order it had acknowledged' });
        s.log('warn', `recovered ${what}: the venue acknowledged it before the restart and no longer finds it; reconciliation will settle it`);
        return;
      }
      const wait = lastChance - s.wall();
      if (wait > 0) {
        // The request may still be on its way: not judged before the venue would refuse it.
        await s.sleep(wait + 50);
        continue;
      }
      // The step says "never placed"; its reason says how that is known.
      const reason =
        r.step === 'unsent'
          ? 'the process stopped after journaling it and before sending it'
          : `the venue does not have it after send #${r.sends} could no longer arrive`;
      s.journal({ event: 'never-placed', clientOrderId: id, reason });
      p.ended = true;
      s.move(p, 'rejected', `never placed: ${reason}`);
      s.log('info', `recovered ${what}: never placed (${reason}); not sent again`);
      return;
    }
    if (++failures >= s.opts.maxQueries) break;
    await s.sleep(backoff.nextDelay(s.mono()));
  }
  if (!s.closed() && !p.known) {
    s.counters.unresolved++;
    s.journal({ event: 'unresolved', clientOrderId: id, reason: `after a restart: status unknown after ${failures} queries` });
    s.log('error', `recovered ${what}: status still unknown after ${failures} queries; reconciliation will settle it`);
  }
}
