/**
 * OKX rate pools (OKX-DOC §Rate Limits and each endpoint's "Rate Limit" line). OKX limits every
 * endpoint on its own, over 2-second windows, per IP (public) or per user id (private); order
 * place/cancel/query limits are per instrument, shared by REST and WebSocket. The budget here keeps
 * one pool per endpoint family and treats the per-instrument limits as one pool for the account:
 * conservative with several instruments, exact with one. OKX publishes no usage headers, so the
 * only feedback is the refusal itself (50011 with HTTP 429, or 50061 for the sub-account cap).
 * Windows are sliding: the docs do not say the windows are aligned. Each debit runs its window from
 * the request's reply, not its grant (`countFromReply`, docs/rate-limits.md): OKX counts a request
 * when it arrives, and with no usage header a late arrival is otherwise found only by its 50011.
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';
import { codeText, isObj } from '../shared/fields.js';

const twoSeconds = (id: string, kind: 'ip' | 'account', limit: number, reserveShare: number): RatePool => ({
  id,
  kind,
  limit,
  windowMs: 2_000,
  window: 'sliding',
  reserveShare,
  countFromReply: true,
});

export const POOL = {
  time: 'time-2s',
  instruments: 'instruments-2s',
  tickers: 'tickers-2s',
  /** GET /api/v5/market/candles: 40 requests / 2 s per IP. */
  candles: 'candles-2s',
  /** GET /api/v5/market/history-candles: 20 requests / 2 s per IP. */
  historyCandles: 'history-candles-2s',
  balance: 'balance-2s',
  positions: 'positions-2s',
  config: 'config-2s',
  leverage: 'leverage-info-2s',
  setLeverage: 'set-leverage-2s',
  funding: 'funding-rate-2s',
  /** GET /api/v5/public/open-interest: 20 requests / 2 s per IP (docs/venues.md §2.10). */
  openInterest: 'open-interest-2s',
  place: 'place-2s',
  cancel: 'cancel-2s',
  amend: 'amend-2s',
  cancelBatch: 'cancel-batch-2s',
  query: 'query-2s',
  pending: 'pending-2s',
  fills: 'fills-2s',
  /** Sub-account cap on new + amended orders, all instruments (50061). */
  subOrders: 'sub-orders-2s',
  deadman: 'deadman-1s',
  /** Algo (TP/SL) orders: place, cancel, query and list, 20 requests / 2 s each; one pool, the safe side. */
  algo: 'algo-2s',
} as const;

/**
 * Background-only pools (snapshots, polling) keep no reserve; pools the critical lane shares with
 * background requests (server time: the clock resync a rejected order waits for) keep one.
 */
export const OKX_POOLS: readonly RatePool[] = [
  twoSeconds(POOL.time, 'ip', 10, 0.3),
  twoSeconds(POOL.instruments, 'ip', 20, 0),
  twoSeconds(POOL.tickers, 'ip', 20, 0),
  twoSeconds(POOL.candles, 'ip', 40, 0),
  twoSeconds(POOL.historyCandles, 'ip', 20, 0),
  twoSeconds(POOL.balance, 'account', 10, 0),
  twoSeconds(POOL.positions, 'account', 10, 0.3),
  twoSeconds(POOL.config, 'account', 5, 0),
  twoSeconds(POOL.leverage, 'account', 20, 0),
  twoSeconds(POOL.setLeverage, 'account', 20, 0),
  twoSeconds(POOL.funding, 'ip', 20, 0),
  twoSeconds(POOL.openInterest, 'ip', 20, 0),
  twoSeconds(POOL.place, 'account', 60, 0),
  twoSeconds(POOL.cancel, 'account', 60, 0),
  twoSeconds(POOL.amend, 'account', 60, 0),
  twoSeconds(POOL.cancelBatch, 'account', 300, 0),
  twoSeconds(POOL.query, 'account', 60, 0.2),
  twoSeconds(POOL.pending, 'account', 60, 0),
  twoSeconds(POOL.fills, 'account', 60, 0),
  twoSeconds(POOL.subOrders, 'account', 1000, 0),
  twoSeconds(POOL.algo, 'account', 20, 0.3),
  { id: POOL.deadman, kind: 'account', limit: 1, windowMs: 1_000, window: 'sliding', reserveShare: 0, countFromReply: true },
];

export const one = (pool: string): Costs => ({ [pool]: 1 });

export const PLACE_COSTS: Costs = { [POOL.place]: 1, [POOL.subOrders]: 1 };

/** An amend counts toward the sub-account's new + amended orders too. */
export const AMEND_COSTS: Costs = { [POOL.amend]: 1, [POOL.subOrders]: 1 };

/** A batch cancel spends one unit per order in it (the limit counts orders, not requests). */
export const cancelBatchCosts = (orders: number): Costs => ({ [POOL.cancelBatch]: Math.max(1, orders) });

/** The codes OKX answers when a limit is hit. */
export const RATE_LIMIT_CODES: ReadonlySet<string> = new Set(['50011', '50061']);

function replyCodes(body: unknown): string[] {
  if (!isObj(body)) return [];
  const codes = [codeText(body['code']) ?? ''];
  const data = body['data'];
  if (Array.isArray(data)) for (const item of data) if (isObj(item) && item['sCode'] !== undefined) codes.push(codeText(item['sCode']) ?? '');
  return codes;
}

/** OKX has no usage headers and no bans: only "you were refused for rate" (and Retry-After if a gateway adds one). */
export function okxRateFeedback(reply: HttpReply): RateFeedback {
  const limited = reply.status === 429 || replyCodes(reply.body).some((c) => RATE_LIMIT_CODES.has(c));
  const feedback: RateFeedback = { used: {}, rateLimited: limited };
  const retry = reply.headers['retry-after'];
  if (retry !== undefined && /^\d{1,6}$/.test(retry.trim())) feedback.retryAfterMs = Number(retry.trim()) * 1000;
  return feedback;
}
