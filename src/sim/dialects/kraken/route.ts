// The shape of one Kraken REST method: its path, whether it is private and the key right it needs,
// what it costs on the API counter (0: the trading limiter counts it instead), what kind of request it
// is for the fault plan, and its handler. Handlers return the `result` to send inside
// `{"error":[],"result":…}`, or throw a KrakenError.
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { AccountState } from '../../matching/accounts.js';
import type { SpotFunds } from '../../matching/spot.js';
import type { SimHttpRequest } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';
import { errors } from './errors.js';
import type { OrderBook } from './order-book.js';
import type { Params } from './params.js';
import type { Right } from './permissions.js';

/** What a handler may use besides the core: the dialect's own records. */
export interface KrakenServices {
  orders: OrderBook;
  nonceOf(apiKey: string): string;
  /** A new WebSocket token for the key's account (GetWebSocketsToken). */
  newWsToken(accountId: string): string;
  /** The dead-man switch: arm (seconds > 0) or disarm (0); returns the times it reports. */
  deadMan(accountId: string, seconds: number): { currentTime: string; triggerTime: string };
  /** The trading limiter: spend `cost` on the account's pair counter, or throw EOrder:Rate limit exceeded. */
  spendTrading(accountId: string, symbol: string, cost: number): void;
}

export interface Ctx {
  core: SimCore;
  services: KrakenServices;
  req: SimHttpRequest;
  params: Params;
  key: StoredKey | undefined;
  /** Orders the engine accepted in this request. */
  accepted: AcceptedOrder[];
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  private: boolean;
  /** The key right needed (private methods; absent: any key, as GetApiKeyInfo). */
  right?: Right;
  /** API counter cost (default 1; 2 for ledger and trade history; 0 for the trading limiter's methods). */
  cost?: number;
  kind?: RequestInfo['kind'];
  handle(ctx: Ctx): unknown;
}

export function accountOf(ctx: Ctx): AccountState {
  const id = ctx.key?.accountId;
  const a = id === undefined ? undefined : ctx.core.accounts.get(id);
  if (!a) throw errors.invalidKey();
  return a;
}

export function spotOf(ctx: Ctx): SpotFunds {
  const s = accountOf(ctx).spot;
  if (s === undefined) throw errors.internal();
  return s;
}
