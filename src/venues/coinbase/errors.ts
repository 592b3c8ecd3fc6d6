/**
 * Coinbase Advanced Trade error replies → what they mean to the engine (docs/venues.md §4.3, §4.8).
 * Three shapes, in Coinbase's own words:
 * - an HTTP error with JSON `{"error": <WORD>, "error_details": <text>, "message": <text>}`
 *   (INVALID_ARGUMENT 400, PERMISSION_DENIED 403, NOT_FOUND 404, RATE_LIMIT_EXCEEDED 429,
 *   INTERNAL 500, UNAVAILABLE 503, UNKNOWN 504);
 * - a token the gateway cannot authenticate: 401 with the bare text `Unauthorized` (the HTTP layer
 *   names a non-JSON reply before this table sees it);
 * - an order the venue will not take: HTTP 200 `{"success": false, "error_response": {"error",
 *   "message", "new_order_failure_reason", "preview_failure_reason"}}` — a definite no, nothing
 *   was placed.
 * Only a 429 says the request was not processed (wait and send again). A 500, 503 or 504 promises
 * nothing about an order: the venue may have placed it (the local venue's `unavailable-after` fault
 * answers 503 after placing), so it is ambiguous and resolved by querying the `client_order_id` —
 * which Coinbase also keeps idempotent: a create with an id it has seen answers with that order and
 * places nothing.
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';
import { isObj, type Obj } from '../shared/fields.js';

interface Entry {
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const e = (meaning: ErrorMeaning, failure: FailureClass): Entry => ({ meaning, failure });

/** HTTP errors by the venue's word. */
const WORDS: Readonly<Record<string, Entry>> = {
  INVALID_ARGUMENT: e('bad_request', 'rejected'),
  UNAUTHENTICATED: e('auth', 'auth'),
  PERMISSION_DENIED: e('permission', 'auth'),
  NOT_FOUND: e('bad_request', 'rejected'),
  // "Too many requests": refused before any work, so safe to send again after the wait.
  RATE_LIMIT_EXCEEDED: e('rate_limited', 'backoff'),
  // The venue does not say these were not processed: for an order they are "maybe".
  INTERNAL: e('unknown_status', 'ambiguous'),
  UNAVAILABLE: e('unknown_status', 'ambiguous'),
  UNKNOWN: e('unknown_status', 'ambiguous'),
  DEADLINE_EXCEEDED: e('unknown_status', 'ambiguous'),
};

/** Create-order refusals (`error_response.error` / `new_order_failure_reason`): none placed anything. */
const ORDER_WORDS: Readonly<Record<string, ErrorMeaning>> = {
  INSUFFICIENT_FUND: 'insufficient_balance',
  INSUFFICIENT_FUNDS: 'insufficient_balance',
  INVALID_LIMIT_PRICE_POST_ONLY: 'would_take',
  UNSUPPORTED_ORDER_CONFIGURATION: 'bad_request',
  INVALID_PRODUCT_ID: 'bad_request',
  INVALID_SIDE: 'bad_request',
  INVALID_SIZE_PRECISION: 'bad_request',
  INVALID_PRICE_PRECISION: 'bad_request',
  INVALID_BASE_SIZE_TOO_SMALL: 'bad_request',
  INVALID_BASE_SIZE_TOO_LARGE: 'bad_request',
  INVALID_QUOTE_SIZE_TOO_SMALL: 'bad_request',
  INVALID_QUOTE_SIZE_TOO_LARGE: 'bad_request',
  INVALID_QUOTE_SIZE_PRECISION: 'bad_request',
  INVALID_LIMIT_PRICE: 'bad_request',
  INVALID_NO_LIQUIDITY: 'other',
  ORDER_ENTRY_DISABLED: 'permission',
  INELIGIBLE_PAIR: 'bad_request',
  UNKNOWN_FAILURE_REASON: 'other',
};

/** What to do about it, where the word needs a person. */
const RECOVERY: Readonly<Record<string, string>> = {
  PERMISSION_DENIED: "the key lacks this endpoint's right (view or trade) in its CDP settings",
  RATE_LIMIT_EXCEEDED: 'not processed: sent again after the wait',
};

function byStatus(status: number): Entry {
  if (status === 429) return e('rate_limited', 'backoff');
  if (status === 401) return e('auth', 'auth');
  if (status === 403) return e('permission', 'auth');
  if (status === 404) return e('bad_request', 'rejected');
  if (status === 408 || status >= 500) return e('unknown_status', 'ambiguous');
  if (status >= 400) return e('bad_request', 'rejected');
  return e('other', 'rejected');
}

function text(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A create-order reply that says no: `success: false` with its `error_response`. */
export function orderRefusal(status: number, body: Obj): VenueErrorInfo {
  const r = isObj(body['error_response']) ? body['error_response'] : {};
  const word =
    text(r, 'new_order_failure_reason') ?? text(r, 'error') ?? text(body, 'failure_reason') ?? 'UNKNOWN_FAILURE_REASON';
  const known = Object.hasOwn(ORDER_WORDS, word) ? ORDER_WORDS[word] : undefined;
  const message = [text(r, 'message'), text(r, 'error_details'), text(r, 'preview_failure_reason')]
    .filter((x) => x !== undefined)
    .join('; ');
  return {
    status,
    code: word,
    message: `${word}${message === '' ? '' : `: ${message}`} (not placed)`,
    meaning: known ?? 'other',
    failure: 'rejected',
  };
}

/** Undefined for a success. A 2xx body of another shape is left to the parser. */
export function checkCoinbaseReply(reply: HttpReply): VenueErrorInfo | undefined {
  const { status, body } = reply;
  const ok = status >= 200 && status < 300;
  if (ok) {
    if (isObj(body) && body['success'] === false && isObj(body['error_response']))
      return orderRefusal(status, body);
    return undefined;
  }
  const o = isObj(body) ? body : {};
  const word = text(o, 'error');
  const details = text(o, 'message') ?? text(o, 'error_details');
  let entry = word !== undefined && Object.hasOwn(WORDS, word) ? (WORDS[word] as Entry) : byStatus(status);
  // `orders/historical/{id}` answers NOT_FOUND for an order the account does not have.
  if (word === 'NOT_FOUND' && details !== undefined && /order/i.test(details))
    entry = e('order_not_found', 'rejected');
  const recovery = word !== undefined && Object.hasOwn(RECOVERY, word) ? ` (${RECOVERY[word]})` : '';
  return {
    status,
    ...(word === undefined ? {} : { code: word }),
    message: `${details ?? word ?? `HTTP ${status}`}${recovery}`,
    meaning: entry.meaning,
    failure: entry.failure,
  };
}

/**
 * The gateway's 401 `Unauthorized` (text, not JSON): the token was not taken, so nothing was
 * processed. It names no reason; the one a client can cure is time — a token minted on a clock
 * estimate the venue's clock has moved away from (`nbf` ahead of it, or `exp` behind) — so it is a
 * clock failure: the engine resyncs on `GET /time` and sends once more with a new token. A wrong
 * key or signature fails the second time too, and the request ends refused with these words.
 */
export function coinbaseTextReply(status: number, excerpt: string): VenueErrorInfo | undefined {
  if (status !== 401 || !/^\s*Unauthorized\b/i.test(excerpt)) return undefined;
  return {
    status,
    code: 'Unauthorized',
    message:
      "401 Unauthorized: the venue did not take the request's token (its times against the venue's clock, the key name or the signature); not processed",
    meaning: 'auth',
    failure: 'clock',
  };
}
