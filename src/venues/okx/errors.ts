/**
 * OKX error replies → what they mean to the engine (docs/venues.md §2.3; OKX-ERR). OKX answers most
 * errors with HTTP 200 and an envelope whose `code` is not "0"; for order requests the envelope
 * says "1" (failed) or "2" (partly) and the item's own `sCode`/`sMsg` say why, so the item's code
 * is the one that counts. Auth errors come with 401, rate limits with 429. As for every venue,
 * an `ambiguous` failure on an order is resolved by querying its `clOrdId` (invariant 4).
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';
import { codeText, isObj } from '../shared/fields.js';

interface Entry {
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const e = (meaning: ErrorMeaning, failure: FailureClass): Entry => ({ meaning, failure });

const CODES: Readonly<Record<string, Entry>> = {
  // Outcome unknown: "API endpoint request timeout (does not mean that the request was successful
  // or failed)", and the generic system error.
  '50004': e('unknown_status', 'ambiguous'),
  '50026': e('unknown_status', 'ambiguous'),
  // Not processed: service unavailable, system busy, "too frequent operations".
  '50001': e('unavailable', 'backoff'),
  '50013': e('unavailable', 'backoff'),
  '50040': e('rate_limited', 'backoff'),
  '50011': e('rate_limited', 'backoff'),
  '50061': e('rate_limited', 'backoff'),
  // Timestamp expired (outside 30 s): resync the clock, then one retry.
  '50102': e('timestamp', 'clock'),
  // Malformed timestamp header: a bug, not a clock problem.
  '50112': e('bad_request', 'rejected'),
  // expTime already passed when the order arrived: the venue discarded it, so like 50102 it is
  // safe to resync and send once more with a fresh timestamp and expTime.
  '50036': e('timestamp', 'clock'),
  '50037': e('timestamp', 'clock'),
  // Key, passphrase, signature, environment, IP.
  '50100': e('auth', 'auth'),
  '50101': e('auth', 'auth'),
  '50103': e('auth', 'auth'),
  '50104': e('auth', 'auth'),
  '50105': e('auth', 'auth'),
  '50106': e('signature', 'auth'),
  '50107': e('auth', 'auth'),
  '50111': e('auth', 'auth'),
  '50113': e('signature', 'auth'),
  '50114': e('auth', 'auth'),
  '50119': e('auth', 'auth'),
  '50110': e('permission', 'auth'),
  '50120': e('permission', 'auth'),
  '50035': e('permission', 'auth'),
  // The clOrdId is taken: the order exists, so its outcome is to be found, not refused.
  '51016': e('duplicate_client_id', 'ambiguous'),
  '51603': e('order_not_found', 'rejected'),
  // "Cancellation failed as the order has been filled, canceled or does not exist."
  '51400': e('order_not_found', 'rejected'),
  '51401': e('other', 'rejected'),
  // Amend refusals: "Your order has already been filled or canceled.", a post-only price that would take.
  '51503': e('other', 'rejected'),
  '51511': e('would_take', 'rejected'),
  '51402': e('other', 'rejected'),
  '51410': e('other', 'rejected'),
  '51008': e('insufficient_balance', 'rejected'),
  '51169': e('reduce_only_rejected', 'rejected'),
  '51170': e('reduce_only_rejected', 'rejected'),
};

/** Parameter and instrument errors: the request was wrong, nothing happened. */
const BAD_REQUEST = new Set(['50000', '50002', '50014', '50015', '51000', '51001', '51006', '51020', '51121']);

function entryFor(status: number, code: string | undefined, message: string): Entry {
  if (code !== undefined) {
    const known = CODES[code];
    if (known !== undefined) return known;
    if (code === '50071' && /clOrdId/i.test(message)) return e('duplicate_client_id', 'ambiguous');
    if (BAD_REQUEST.has(code)) return e('bad_request', 'rejected');
  }
  if (status === 429) return e('rate_limited', 'backoff');
  if (status === 401) return e('auth', 'auth');
  if (status === 503) return e('unavailable', 'backoff');
  if (status === 408 || status >= 500) return e('unknown_status', 'ambiguous');
  if (status === 403) return e('permission', 'auth');
  if (code?.startsWith('51')) return e('other', 'rejected');
  if (status >= 400) return e(code === undefined ? 'bad_request' : 'other', 'rejected');
  return e('other', 'rejected');
}


/** The code and message that explain a failed envelope: the first failed item's, else the envelope's. */
export function failureOf(body: unknown): { code?: string; msg?: string } {
  if (!isObj(body)) return {};
  let code = codeText(body['code']);
  let msg = typeof body['msg'] === 'string' ? body['msg'] : undefined;
  const data = body['data'];
  if (Array.isArray(data)) {
    for (const item of data) {
      if (!isObj(item) || item['sCode'] === undefined || codeText(item['sCode']) === '0') continue;
      code = codeText(item['sCode']);
      msg = typeof item['sMsg'] === 'string' && item['sMsg'] !== '' ? item['sMsg'] : msg;
      break;
    }
  }
  return { ...(code === undefined ? {} : { code }), ...(msg === undefined || msg === '' ? {} : { msg }) };
}

/**
 * Undefined for a success: HTTP 2xx and envelope code "0", or "2" (a batch that partly
 * succeeded: the parser reads each item). A 2xx body that is no envelope is left to the parser,
 * which names it.
 */
export function checkOkxReply(reply: HttpReply): VenueErrorInfo | undefined {
  const ok = reply.status >= 200 && reply.status < 300;
  const envelope = isObj(reply.body) && reply.body['code'] !== undefined;
  const envelopeCode = envelope ? codeText((reply.body as Record<string, unknown>)['code']) : undefined;
  if (ok && (!envelope || envelopeCode === '0')) return undefined;
  if (ok && envelopeCode === '2') return undefined;
  const { code, msg } = failureOf(reply.body);
  const message = msg ?? `HTTP ${reply.status}`;
  const entry = entryFor(reply.status, code, message);
  return {
    status: reply.status,
    ...(code === undefined ? {} : { code }),
    message,
    meaning: entry.meaning,
    failure: entry.failure,
  };
}
