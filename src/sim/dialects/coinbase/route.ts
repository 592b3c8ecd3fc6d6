// The shape of one Coinbase REST endpoint: method and path under `/api/v3/brokerage` (a last segment
// `:id` takes any one segment: `products/:id`, `orders/historical/:id`), whether it needs a JWT and which
// key right, what kind of request it is for the fault plan, and its handler. Handlers return the JSON
// body to send with 200, or throw a CoinbaseError.
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { AccountState } from '../../matching/accounts.js';
import type { SpotFunds } from '../../matching/spot.js';
import type { SimHttpRequest } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';
import { errors } from './errors.js';
import type { OrderBook } from './order-book.js';
import type { Right } from './permissions.js';

export const PREFIX = '/api/v3/brokerage';

export interface Ctx {
  core: SimCore;
  orders: OrderBook;
  req: SimHttpRequest;
  /** The query string's parameters (GET) — repeated names are lists, as the venue's are. */
  query: URLSearchParams;
  /** The JSON body (POST), or {}. */
  body: Record<string, unknown>;
  /** The `:id` segment of the path, if the route has one. */
  id: string | undefined;
  key: StoredKey | undefined;
  /** Orders the engine accepted in this request. */
  accepted: AcceptedOrder[];
}

export interface Route {
  method: 'GET' | 'POST';
  /** What `path` is under (default PREFIX): the Coinbase App's `/v2` data shares the host. */
  prefix?: string;
  /** Under the prefix, e.g. `/orders/historical/:id`. */
  path: string;
  private: boolean;
  right?: Right;
  kind?: RequestInfo['kind'];
  handle(ctx: Ctx): unknown;
}

export function accountOf(ctx: Ctx): AccountState {
  const id = ctx.key?.accountId;
  const a = id === undefined ? undefined : ctx.core.accounts.get(id);
  if (!a) throw errors.unauthorized();
  return a;
}

export function spotOf(ctx: Ctx): SpotFunds {
  const s = accountOf(ctx).spot;
  if (s === undefined) throw errors.internal();
  return s;
}

/** The user id the venue writes on orders and fills: the account's, stable for the run. */
export function userIdOf(ctx: Ctx): string {
  return accountOf(ctx).id;
}

/** A query number in [min, max], or the default. */
export function queryInt(ctx: Ctx, name: string, dflt: number, min: number, max: number): number {
  const v = ctx.query.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max)
    throw errors.invalidArgument(`invalid ${name}`);
  return Number(v);
}
