/**
 * Kraken error replies → what they mean to the engine (docs/venues.md §5.3). Kraken answers most
 * errors with HTTP 200 and an envelope whose `error` array holds words of the form
 * `<severity><category>:<message>[:<detail>]` (`EOrder:Insufficient funds`,
 * `EGeneral:Invalid arguments:volume`). The first word decides; details after the second colon
 * are kept in the message, not matched. As for every venue, an `ambiguous` failure on an order is
 * resolved by querying its `cl_ord_id` (invariant 4).
 *
 * `EAPI:Invalid nonce` is a clock-class failure with a named recovery, never a retry storm: the
 * venue refused the request outright (nothing executed), so the engine resyncs its clock and
 * rebuilds it ONCE with a fresh nonce above every nonce the key sent (engine/nonce-file.ts); a
 * second refusal ends the request with the message below. It means another program signs with
 * this key, the nonce file was lost, or requests overtook each other in flight (a nonce window on
 * the key absorbs that).
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';
import { isObj } from '../shared/fields.js';

interface Entry {
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const e = (meaning: ErrorMeaning, failure: FailureClass): Entry => ({ meaning, failure });

/** By the error's first two parts (`EOrder:Unknown order`). */
const WORDS: Readonly<Record<string, Entry>> = {
  'EAPI:Invalid nonce': e('timestamp', 'clock'),
  'EAPI:Invalid key': e('auth', 'auth'),
  'EAPI:Bad request': e('bad_request', 'rejected'),
  'EAPI:Invalid signature': e('signature', 'auth'),
  'EGeneral:Permission denied': e('permission', 'auth'),
  'EAPI:Feature disabled': e('permission', 'rejected'),
  // Too many failed sign-ins on the key: a wait, then a person should look.
  'EGeneral:Temporary lockout': e('banned', 'backoff'),
  // The API counter (per key) and the per-pair trading limiter: not processed.
  'EAPI:Rate limit exceeded': e('rate_limited', 'backoff'),
  'EOrder:Rate limit exceeded': e('rate_limited', 'backoff'),
  'EService:Throttled': e('rate_limited', 'backoff'),
  // Public calls past their per-IP (OHLC: per IP and pair) rate: not processed (docs/venues.md §5.2).
  'EGeneral:Too many requests': e('rate_limited', 'backoff'),
  // "The matching engine or API is offline" / "Request can't be made at this time": not processed.
  'EService:Unavailable': e('unavailable', 'backoff'),
  'EService:Busy': e('unavailable', 'backoff'),
  'EService:Market in cancel_only mode': e('other', 'rejected'),
  'EService:Market in post_only mode': e('other', 'rejected'),
  'EService:Market in limit_only mode': e('other', 'rejected'),
  // "The request timed out according to the default or specified deadline" and internal errors:
  // the request may have been carried out.
  'EService:Deadline elapsed': e('unknown_status', 'ambiguous'),
  'EGeneral:Internal error': e('unknown_status', 'ambiguous'),
  'EGeneral:Invalid arguments': e('bad_request', 'rejected'),
  'EGeneral:Unknown method': e('bad_request', 'rejected'),
  'EQuery:Unknown asset pair': e('bad_request', 'rejected'),
  'EQuery:Invalid asset pair': e('bad_request', 'rejected'),
  'EOrder:Unknown order': e('order_not_found', 'rejected'),
  'EOrder:Insufficient funds': e('insufficient_balance', 'rejected'),
  'EOrder:Insufficient margin': e('insufficient_balance', 'rejected'),
  'EFunding:Insufficient funds': e('insufficient_balance', 'rejected'),
  'EOrder:Order minimum not met': e('bad_request', 'rejected'),
  'EOrder:Cost minimum not met': e('bad_request', 'rejected'),
  'EOrder:Tick size check failed': e('bad_request', 'rejected'),
  'EOrder:Invalid price': e('bad_request', 'rejected'),
  'EOrder:Orders limit exceeded': e('other', 'rejected'),
  'EOrder:Positions limit exceeded': e('other', 'rejected'),
  'EOrder:Trading agreement required': e('permission', 'rejected'),
  'EOrder:Post only order': e('would_take', 'rejected'),
  'EOrder:Reduce only:Non-PC': e('reduce_only_rejected', 'rejected'),
};

/** What to do about it, said with the refusal where the word needs a person or a rule. */
const RECOVERY: Readonly<Record<string, string>> = {
  'EAPI:Invalid nonce':
    'nonce-behind: the key has sent a higher nonce (another program on this key, a lost nonce file, or requests that overtook each other); quantdeck retried once above its persisted floor — give each program its own key, or set a nonce window on the key',
  'EAPI:Invalid key': 'the key is unknown to Kraken or was deleted',
  'EGeneral:Permission denied': 'the key lacks a permission this request needs',
};

/** The two leading parts of an error word: `EGeneral:Invalid arguments:volume` → `EGeneral:Invalid arguments`. */
export function errorWord(text: string): string {
  const parts = text.split(':');
  return parts.length < 2 ? text.trim() : `${(parts[0] as string).trim()}:${(parts[1] as string).trim()}`;
}

function entryFor(status: number, word: string | undefined, text: string | undefined): Entry {
  if (word !== undefined) {
    const known = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
    if (known !== undefined) return known;
    // A reused client order id among open orders: the order exists, so its outcome is to be found.
    if (text !== undefined && /cl_ord_id/i.test(text) && /duplicate|already|exists|unique/i.test(text))
      return e('duplicate_client_id', 'ambiguous');
    if (word.startsWith('EOrder:') || word.startsWith('EQuery:') || word.startsWith('EGeneral:'))
      return e('other', 'rejected');
    if (word.startsWith('EService:')) return e('unavailable', 'backoff');
  }
  if (status === 429) return e('rate_limited', 'backoff');
  if (status === 401 || status === 403) return e('auth', 'auth');
  if (status === 404) return e('bad_request', 'rejected');
  if (status === 503) return e('unavailable', 'backoff');
  if (status === 408 || status >= 500) return e('unknown_status', 'ambiguous');
  if (status >= 400) return e('bad_request', 'rejected');
  return e('other', 'rejected');
}

/** The `error` words of a reply, or undefined when the body has no such array. */
export function errorWords(body: unknown): string[] | undefined {
  if (!isObj(body)) return undefined;
  const errors = body['error'];
  if (!Array.isArray(errors)) return undefined;
  return errors.map((x) => (typeof x === 'string' ? x : 'unreadable'));
}

/** Undefined for a success: HTTP 2xx and an empty `error`. A 2xx body that is no envelope is left to the parser. */
export function checkKrakenReply(reply: HttpReply): VenueErrorInfo | undefined {
  const ok = reply.status >= 200 && reply.status < 300;
  const words = errorWords(reply.body);
  if (ok && (words === undefined || words.length === 0)) return undefined;
  // Several words: the first that the table knows decides (a nonce word beside a generic one).
  const first = words?.find((w) => Object.hasOwn(WORDS, errorWord(w))) ?? words?.[0];
  const word = first === undefined ? undefined : errorWord(first);
  const entry = entryFor(reply.status, word, first);
  const text = words !== undefined && words.length > 0 ? words.join('; ') : `HTTP ${reply.status}`;
  const recovery = word !== undefined && Object.hasOwn(RECOVERY, word) ? ` (${RECOVERY[word]})` : '';
  return {
    status: reply.status,
    ...(word === undefined ? {} : { code: word }),
    message: text + recovery,
    meaning: entry.meaning,
    failure: entry.failure,
  };
}
