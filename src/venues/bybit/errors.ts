/**
 * Bybit v5 error replies → what they mean to the engine (docs/venues.md §3.3; BYD `error.mdx`).
 * Bybit answers most errors with HTTP 200 and an envelope `{"retCode":N,"retMsg":"…"}` whose code
 * is not 0; the HTTP status speaks only for the gateway: 401 (no or wrong key headers), 403 (the IP
 * is over its limit, or a US IP), 404 (no such path), 429 (system protection), 5xx. As for every
 * venue, an `ambiguous` failure on an order is resolved by querying its `orderLinkId` (invariant 4).
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';
import { codeText, isObj } from '../shared/fields.js';

interface Entry {
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const e = (meaning: ErrorMeaning, failure: FailureClass): Entry => ({ meaning, failure });

const CODES: Readonly<Record<string, Entry>> = {
  // "Server Timeout", "Server error": the request may or may not have been carried out.
  '10000': e('unknown_status', 'ambiguous'),
  '10016': e('unknown_status', 'ambiguous'),
  // "Request parameter error", "Route not found".
  '10001': e('bad_request', 'rejected'),
  '10017': e('bad_request', 'rejected'),
  // "The request time exceeds the time window range": resync the clock, then one retry.
  '10002': e('timestamp', 'clock'),
  // "request expired": the same rule, said by the order service.
  '-1': e('timestamp', 'clock'),
  // Key invalid or of another environment (mainnet, testnet, demo), signature, authentication.
  '10003': e('auth', 'auth'),
  '10004': e('signature', 'auth'),
  '10007': e('auth', 'auth'),
  '33004': e('auth', 'auth'),
  // Permission denied, account banned, region, IP not bound, compliance, trading banned.
  '10005': e('permission', 'auth'),
  '10008': e('permission', 'auth'),
  '10009': e('permission', 'auth'),
  '10010': e('permission', 'auth'),
  '10024': e('permission', 'rejected'),
  '10027': e('permission', 'rejected'),
  '10028': e('permission', 'rejected'),
  // "Too many visits": this endpoint's per-UID limit; the request was not processed.
  '10006': e('rate_limited', 'backoff'),
  '10018': e('rate_limited', 'backoff'),
  // "The trading service is experiencing a high server load. Please retry."
  '429': e('unavailable', 'backoff'),
  // "Invalid duplicate request."
  '10014': e('other', 'rejected'),
  '10029': e('bad_request', 'rejected'),
  // The orderLinkId is taken: the order exists, so its outcome is to be found, not refused.
  '110072': e('duplicate_client_id', 'ambiguous'),
  // Order does not exist / already completed or cancelled / cancelled.
  '110001': e('order_not_found', 'rejected'),
  '110008': e('order_not_found', 'rejected'),
  '110010': e('order_not_found', 'rejected'),
  // "The order is processing and can not be operated, please try again later."
  '110079': e('unavailable', 'backoff'),
  // Balance and margin.
  '110004': e('insufficient_balance', 'rejected'),
  '110006': e('insufficient_balance', 'rejected'),
  '110007': e('insufficient_balance', 'rejected'),
  '110012': e('insufficient_balance', 'rejected'),
  '110044': e('insufficient_balance', 'rejected'),
  '110045': e('insufficient_balance', 'rejected'),
  '110051': e('insufficient_balance', 'rejected'),
  '110052': e('insufficient_balance', 'rejected'),
  '110053': e('insufficient_balance', 'rejected'),
  // "orderQty will be truncated to zero": a reduce-only order with nothing left to reduce.
  '110017': e('reduce_only_rejected', 'rejected'),
  // Price outside the allowed band, notional below the minimum, illegal order.
  '110003': e('bad_request', 'rejected'),
  '110094': e('bad_request', 'rejected'),
  '110032': e('bad_request', 'rejected'),
};

function entryFor(status: number, code: string | undefined): Entry {
  if (code !== undefined) {
    const known = Object.hasOwn(CODES, code) ? CODES[code] : undefined;
    if (known !== undefined) return known;
    if (code.startsWith('110') || code.startsWith('170') || code.startsWith('30')) return e('other', 'rejected');
  }
  if (status === 403) return e('banned', 'backoff');
  if (status === 429) return e('rate_limited', 'backoff');
  if (status === 401) return e('auth', 'auth');
  if (status === 404) return e('bad_request', 'rejected');
  if (status === 503) return e('unavailable', 'backoff');
  if (status === 408 || status >= 500) return e('unknown_status', 'ambiguous');
  if (status >= 400) return e(code === undefined ? 'bad_request' : 'other', 'rejected');
  return e('other', 'rejected');
}


const GATEWAY_WORDS: Readonly<Record<number, string>> = {
  401: 'invalid request: wrong key or missing authentication headers',
  403: 'forbidden: IP rate limit breached (access too frequent), or a region the venue refuses',
  404: 'no such path',
  429: 'system level frequency protection',
};

/**
 * Undefined for a success: HTTP 2xx and retCode 0. A 2xx body that is no envelope is left to the
 * parser, which names it.
 */
export function checkBybitReply(reply: HttpReply): VenueErrorInfo | undefined {
  const ok = reply.status >= 200 && reply.status < 300;
  const body = isObj(reply.body) ? reply.body : undefined;
  const code = codeText(body?.['retCode']);
  if (ok && (code === undefined || code === '0')) return undefined;
  const msg = typeof body?.['retMsg'] === 'string' && body['retMsg'] !== '' ? body['retMsg'] : undefined;
  const entry = entryFor(reply.status, code === '0' ? undefined : code);
  const message = msg ?? GATEWAY_WORDS[reply.status] ?? `HTTP ${reply.status}`;
  return {
    status: reply.status,
    ...(code === undefined || code === '0' ? {} : { code }),
    message,
    meaning: entry.meaning,
    failure: entry.failure,
  };
}
