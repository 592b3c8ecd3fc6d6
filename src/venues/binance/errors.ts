/**
 * Binance USD-M error replies → what they mean to the engine (docs/venues.md §1.3, futures error
 * codes). The table decides safety: an `ambiguous` failure on an order is never re-sent blindly,
 * it is resolved by querying the client order id (invariant 4).
 */
import type { ErrorMeaning, FailureClass, HttpReply, VenueErrorInfo } from '../venue.js';

interface Entry {
  meaning: ErrorMeaning;
  failure: FailureClass;
}

const CODES: Readonly<Record<number, Entry>> = {
  // Execution status unknown: the order may or may not exist.
  [-1000]: { meaning: 'unknown_status', failure: 'ambiguous' },
  [-1006]: { meaning: 'unknown_status', failure: 'ambiguous' },
  [-1007]: { meaning: 'unknown_status', failure: 'ambiguous' },
  // "Internal error; unable to process your request": the futures docs say it failed.
  [-1001]: { meaning: 'unavailable', failure: 'backoff' },
  [-1008]: { meaning: 'unavailable', failure: 'backoff' },
  [-1016]: { meaning: 'unavailable', failure: 'backoff' },
  [-1003]: { meaning: 'rate_limited', failure: 'backoff' },
  [-1015]: { meaning: 'rate_limited', failure: 'backoff' },
  [-1021]: { meaning: 'timestamp', failure: 'clock' },
  [-1022]: { meaning: 'signature', failure: 'auth' },
  [-1002]: { meaning: 'auth', failure: 'auth' },
  [-2014]: { meaning: 'auth', failure: 'auth' },
  [-2015]: { meaning: 'permission', failure: 'auth' },
  [-1125]: { meaning: 'listen_key_invalid', failure: 'rejected' },
  [-2011]: { meaning: 'other', failure: 'rejected' },
  [-2013]: { meaning: 'order_not_found', failure: 'rejected' },
  [-2026]: { meaning: 'order_archived', failure: 'rejected' },
  [-2018]: { meaning: 'insufficient_balance', failure: 'rejected' },
  [-2019]: { meaning: 'insufficient_balance', failure: 'rejected' },
  [-2021]: { meaning: 'would_take', failure: 'rejected' },
  [-5022]: { meaning: 'would_take', failure: 'rejected' },
  [-2022]: { meaning: 'reduce_only_rejected', failure: 'rejected' },
  // A conditional type sent to /fapi/v1/order: those belong to the Algo Order API since 2025-12-09.
  [-4120]: { meaning: 'other', failure: 'rejected' },
  // The id is in use: the order exists, so the outcome is to be found, not refused.
  [-4116]: { meaning: 'duplicate_client_id', failure: 'ambiguous' },
};

/** Statuses that say nothing was executed but a later try may work. */
const UNAVAILABLE_STATUSES = new Set([403, 503]);

function entryFor(status: number, code: number | undefined, message: string): Entry {
  if (code === -1003 && /banned until/i.test(message)) return { meaning: 'banned', failure: 'backoff' };
  if (code === -2010 && /duplicate/i.test(message)) return { meaning: 'duplicate_client_id', failure: 'ambiguous' };
  if (status === 418) return { meaning: 'banned', failure: 'backoff' };
  if (status === 429) return { meaning: 'rate_limited', failure: 'backoff' };
  if (code !== undefined) {
    const known = CODES[code];
    if (known !== undefined) return known;
    if (code <= -1100 && code >= -1199) return { meaning: 'bad_request', failure: 'rejected' };
  }
  if (status === 401) return { meaning: 'auth', failure: 'auth' };
  // 503 "Unknown error, please check your request or try again later." = sent but no answer.
  if (status === 503 && /unknown error/i.test(message)) return { meaning: 'unknown_status', failure: 'ambiguous' };
  if (status === 408 || status >= 500) {
    return UNAVAILABLE_STATUSES.has(status) && /service unavailable/i.test(message)
      ? { meaning: 'unavailable', failure: 'backoff' }
      : { meaning: 'unknown_status', failure: 'ambiguous' };
  }
  if (status === 403) return { meaning: 'unavailable', failure: 'backoff' };
  if (status >= 400) return { meaning: code === undefined ? 'bad_request' : 'other', failure: 'rejected' };
  return { meaning: 'other', failure: 'rejected' };
}

function bodyFields(body: unknown): { code?: number; msg?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const { code, msg } = body as { code?: unknown; msg?: unknown };
  return {
    ...(typeof code === 'number' ? { code } : {}),
    ...(typeof msg === 'string' ? { msg } : {}),
  };
}

/**
 * Undefined for a success. Binance signals errors with a non-2xx status and `{code<0, msg}`; a
 * 2xx reply carrying a negative code is treated as an error too. `{code: 200, msg}` (cancel-all)
 * is a success.
 */
export function checkBinanceReply(reply: HttpReply): VenueErrorInfo | undefined {
  const { code, msg } = bodyFields(reply.body);
  const ok = reply.status >= 200 && reply.status < 300;
  if (ok && (code === undefined || code >= 0)) return undefined;
  const message = msg ?? `HTTP ${reply.status}`;
  const entry = entryFor(reply.status, code, message);
  return {
    status: reply.status,
    ...(code === undefined ? {} : { code: String(code) }),
    message,
    meaning: entry.meaning,
    failure: entry.failure,
  };
}
