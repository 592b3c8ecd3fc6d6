/**
 * Hyperliquid error replies → what they mean to the engine. The venue has no error codes: it
 * answers HTTP 200 with `{"status":"err","response":"<text>"}` for a refused action (signature,
 * agent, nonce, pre-validation), or `{"status":"ok","response":{"type":"order","data":{"statuses":
 * [{"error":"<text>"}]}}}` for an order or cancel refused inside an accepted batch; `orderStatus`
 * answers `{"status":"unknownOid"}` for an id it has never seen. So the wording is the code: the
 * table below matches the venue's sentences (HL error-responses page, SDK issue threads) and the
 * matched sentence is carried as `code` so logs and tests can name it.
 *
 * An unrecoverable signature and an unknown agent read the same ("User or API Wallet 0x… does not
 * exist."): the venue recovers some address from the signature and does not know it. A nonce
 * refusal means nothing was done: class `clock`, so the engine resyncs and rebuilds once with a
 * fresh nonce. As for every venue, `ambiguous` failures of orders are resolved by querying the
 * cloid (invariant 4).
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';
import { isObj } from '../shared/fields.js';

interface Rule {
  code: string;
  test: RegExp;
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const rule = (code: string, test: RegExp, meaning: ErrorMeaning, failure: FailureClass): Rule => ({
  code,
  test,
  meaning,
  failure,
});

/** First match wins. */
const RULES: readonly Rule[] = [
  rule('UnknownSigner', /user or api wallet .* does not exist/i, 'auth', 'auth'),
  rule('Nonce', /nonce/i, 'timestamp', 'clock'),
  rule('Expired', /expire/i, 'timestamp', 'clock'),
  rule('RateLimited', /too many|rate limit/i, 'rate_limited', 'backoff'),
  rule('DuplicateCloid', /cloid.*(duplicate|already)|(duplicate|already).*cloid/i, 'duplicate_client_id', 'ambiguous'),
  // A modify whose target is no longer resting.
  rule('ModifyMissing', /cannot modify canceled or filled order/i, 'other', 'rejected'),
  rule('CancelMissing', /never placed, already canceled, or filled/i, 'order_not_found', 'rejected'),
  rule('PerpMargin', /insufficient margin/i, 'insufficient_balance', 'rejected'),
  rule('ReduceOnly', /reduce only order would increase position/i, 'reduce_only_rejected', 'rejected'),
  rule('BadAloPx', /post only order would have immediately matched/i, 'would_take', 'rejected'),
  rule('IocCancel', /could not immediately match/i, 'other', 'rejected'),
  rule('Tick', /tick size|invalid price|invalid size|significant figures/i, 'bad_request', 'rejected'),
  rule('MinTradeNtl', /minimum value/i, 'bad_request', 'rejected'),
  rule('MarketOrderNoLiquidity', /no liquidity/i, 'other', 'rejected'),
  rule('BadTriggerPx', /invalid tp\/sl price/i, 'bad_request', 'rejected'),
  rule('OpenInterestCap', /open interest/i, 'other', 'rejected'),
  rule('PriceBand', /away from the reference price/i, 'bad_request', 'rejected'),
  rule('ScheduledCancel', /scheduled cancel/i, 'permission', 'rejected'),
  rule('BadRequest', /asset .* out of range|unknown asset|failed to deserialize|invalid/i, 'bad_request', 'rejected'),
];

/** The venue's sentence without the "L1 error: " wrapper some replies carry. */
function bare(message: string): string {
  return message.replace(/^\s*L1 error:\s*/i, '');
}

/** Classifies a venue error sentence (also used for per-item batch errors). */
export function classifyMessage(status: number, message: string): VenueErrorInfo {
  const text = bare(message);
  for (const r of RULES) {
    if (r.test.test(text)) return { status, code: r.code, message: text, meaning: r.meaning, failure: r.failure };
  }
  return { status, message: text, meaning: 'other', failure: 'rejected' };
}

function fromStatus(status: number, body: unknown): VenueErrorInfo {
  const message = typeof body === 'string' && body !== '' ? body : isObj(body) && typeof body['msg'] === 'string' ? body['msg'] : `HTTP ${status}`;
  if (status === 429) return { status, message, meaning: 'rate_limited', failure: 'backoff' };
  if (status === 503) return { status, message, meaning: 'unavailable', failure: 'backoff' };
  // The gateway may have passed the action on: it is found, not resent.
  if (status === 408 || status >= 500) return { status, message, meaning: 'unknown_status', failure: 'ambiguous' };
  if (status === 401 || status === 403) return { status, message, meaning: 'auth', failure: 'auth' };
  if (typeof body === 'string' || isObj(body)) {
    const known = classifyMessage(status, message);
    if (known.meaning !== 'other') return known;
  }
  return { status, message, meaning: 'bad_request', failure: 'rejected' };
}

/** The per-item statuses of an order or cancel reply, or undefined for any other reply. */
export function itemStatuses(body: unknown): unknown[] | undefined {
  if (!isObj(body) || body['status'] !== 'ok' || !isObj(body['response'])) return undefined;
  const data = body['response']['data'];
  return isObj(data) && Array.isArray(data['statuses']) ? data['statuses'] : undefined;
}

/** The error text of one batch item, if it is an error. */
export function itemError(item: unknown): string | undefined {
  return isObj(item) && typeof item['error'] === 'string' ? item['error'] : undefined;
}

/**
 * Undefined for a success. Errors: a non-2xx status; `status: "err"`; `status: "unknownOid"`
 * (orderStatus: never seen); an order/cancel reply whose every item is an error (the one item of
 * a single order, or a whole refused batch; a batch with some successes is read item by item).
 */
export function checkHyperliquidReply(reply: HttpReply): VenueErrorInfo | undefined {
  const { status, body } = reply;
  if (status < 200 || status >= 300) return fromStatus(status, body);
  if (!isObj(body)) return undefined;
  if (body['status'] === 'err') {
    const text = typeof body['response'] === 'string' ? body['response'] : JSON.stringify(body['response'] ?? null);
    return classifyMessage(status, text);
  }
  if (body['status'] === 'unknownOid') {
    return { status, code: 'unknownOid', message: 'the venue has no order with this id', meaning: 'order_not_found', failure: 'rejected' };
  }
  const items = itemStatuses(body);
  if (items !== undefined && items.length > 0) {
    const errors = items.map(itemError);
    if (errors.every((e) => e !== undefined)) return classifyMessage(status, errors[0]!);
  }
  return undefined;
}
