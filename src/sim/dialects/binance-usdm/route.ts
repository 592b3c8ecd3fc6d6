// The shape of one Binance USD-M endpoint: method, path, security, weight, what kind of request it is for
// the fault plan, and its handler. Handlers return the JSON value to send or throw a BinanceError.
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { SymbolMarket } from '../../market/market.js';
import type { AccountState } from '../../matching/accounts.js';
import type { SimLimits } from '../../types.js';
import type { SimHttpRequest } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';
import type { Permission, Security } from './auth.js';
import { errors } from './errors.js';
import type { ListenKeys } from './listen-keys.js';
import type { Params } from './params.js';

/** Per-dialect services a handler may use besides the core. */
export interface BinanceServices {
  /** The rate limits in force (exchangeInfo reports them). */
  limits: SimLimits;
  listenKeys: ListenKeys;
  /** Arms (ms > 0) or disarms (0) the dead-man's switch of an account's symbol. */
  countdown(accountId: string, symbol: string, ms: number): void;
}

export interface Ctx {
  core: SimCore;
  services: BinanceServices;
  req: SimHttpRequest;
  params: Params;
  key: StoredKey | undefined;
  /** Set by the new-order handler when the engine accepted the order. */
  accepted?: AcceptedOrder;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  security: Security;
  permission?: Permission;
  weight: number | ((p: Params) => number);
  kind?: RequestInfo['kind'];
  /** Counts toward the account's order-rate windows. */
  countsOrder?: boolean;
  handle(ctx: Ctx): unknown;
}

export function accountOf(ctx: Ctx): AccountState {
  const id = ctx.key?.accountId;
  const a = id === undefined ? undefined : ctx.core.accounts.get(id);
  if (!a) throw errors.rejectedKey();
  return a;
}

export function symbolParam(ctx: Ctx): SymbolMarket {
  const m = ctx.core.market.get(ctx.params.require('symbol'));
  if (!m) throw errors.badSymbol();
  return m;
}

export function optionalSymbol(ctx: Ctx): SymbolMarket | undefined {
  const name = ctx.params.get('symbol');
  if (name === undefined) return undefined;
  const m = ctx.core.market.get(name);
  if (!m) throw errors.badSymbol();
  return m;
}
