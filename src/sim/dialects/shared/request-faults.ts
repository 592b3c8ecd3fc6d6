// The fault hooks that sit at the same places in every dialect's REST pipeline: before the route
// runs ([hold] → [delay] → [html-502]) and after the handler ([drop-response | unknown-status | 5xx-after
// | unavailable-after] → [hold-after] → [delay-after]; the reply of unavailable-after waits for hold-after too). One implementation keeps the order of the hooks, and what the ledger records
// for each, identical across venues; each dialect still words its own errors.
import { HOSTILE_TEXT } from '../../faults/plan.js';
import type { FaultRuntime, RequestInfo } from '../../faults/runtime.js';
import type { SimHttpReply } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';

export const LOOPBACK_IP = '127.0.0.1';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * [hold] then [delay] then [html-502] then [refuse-text]: the gateway page or the venue's refusal
 * (worded by `refuse`) to send, or undefined to go on.
 */
export async function beforeRoute(
  faults: FaultRuntime,
  info: RequestInfo,
  html502: string,
  refuse: (text: string) => SimHttpReply,
): Promise<SimHttpReply | undefined> {
  if (faults.fires('hold', info)) await faults.held();
  const delay = faults.delayMs('delay', info);
  if (delay > 0) await sleep(delay);
  if (faults.fires('html502', info)) return { status: 502, body: html502, contentType: 'text/html' };
  const refusal = faults.refusal(info, HOSTILE_TEXT);
  return refusal === undefined ? undefined : refuse(refusal);
}

/** What becomes of a handled request's reply: the dialect sends the matching error or the body. */
export type ReplyFate = 'dropped' | 'unknown-status' | '5xx' | 'unavailable' | 'sent';

/** Decides the after-handler faults, records the fate on the accepted order (if any), waits [hold-after] and [delay-after]. */
export async function replyFate(
  faults: FaultRuntime,
  info: RequestInfo,
  accepted: AcceptedOrder | readonly AcceptedOrder[] | undefined,
): Promise<ReplyFate> {
  let fate: ReplyFate = 'sent';
  if (faults.fires('dropResponse', info)) fate = 'dropped';
  else if (faults.fires('unknownStatus', info)) fate = 'unknown-status';
  else if (faults.fires('error5xxAfter', info)) fate = '5xx';
  else if (faults.fires('unavailableAfter', info)) fate = 'unavailable';
  if (fate === 'sent' || fate === 'unavailable') {
    if (faults.fires('holdAfter', info)) await faults.held();
    const after = faults.delayMs('delayAfter', info);
    if (after > 0) await sleep(after);
  }
  // The ledger knows one kind of error after handling: a 5xx.
  const recorded = fate === 'unavailable' ? '5xx' : fate;
  for (const a of accepted === undefined ? [] : Array.isArray(accepted) ? accepted : [accepted]) a.reply = recorded;
  return fate;
}
