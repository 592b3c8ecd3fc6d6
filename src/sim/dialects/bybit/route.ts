// The shape of one Bybit v5 endpoint: method, path, whether it is signed and what it needs, what kind
// of request it is for the fault plan, and its handler. Handlers return the `result` to send inside
// `{"retCode":0,"retMsg":"OK","result":…,"retExtInfo":{},"time":…}`, or throw a BybitError.
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { AccountState } from '../../matching/accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';
import type { Permission } from './auth.js';
import type { DcpProduct, DcpSetting } from './dcp.js';
import { errors } from './errors.js';
import type { OrderExtras } from './format.js';
import type { Params } from './params.js';

/** Per-dialect services a handler may use besides the core. */
export interface BybitServices {
  /** The linear symbol of this name, or 10001. */
  symbol(name: string): SymbolSpec;
  symbols(): SymbolSpec[];
  /** Every orderLinkId an account has used (the venue refuses to reuse one: 110072). */
  usedLinkIds(accountId: string): Set<string>;
  /** What the engine does not keep of an order (cancel type, fees so far). */
  extras(orderId: number): OrderExtras;
  /** Cancels every open linear order of the account, recording why. */
  cancelAll(accountId: string, symbol: string | undefined, why: 'CancelByUser' | 'CancelByDCP'): number[];
  setDcp(accountId: string, product: DcpProduct, seconds: number): void;
  dcp(accountId: string): DcpSetting[];
}

export interface Ctx {
  core: SimCore;
  services: BybitServices;
  req: SimHttpRequest;
  /** Query parameters (GET) or the JSON body (POST). */
  params: Params;
  key: StoredKey | undefined;
  /** The order the engine accepted in this request, if any. */
  accepted: AcceptedOrder[];
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  signed: boolean;
  permission?: Permission;
  kind?: RequestInfo['kind'];
  handle(ctx: Ctx): unknown;
}

export function accountOf(ctx: Ctx): AccountState {
  const id = ctx.key?.accountId;
  const a = id === undefined ? undefined : ctx.core.accounts.get(id);
  if (!a) throw errors.badKey();
  return a;
}

/** `category=linear`, the only one this venue trades (others are 10001 where only linear makes sense). */
export function linear(ctx: Ctx): void {
  if (ctx.params.category() !== 'linear') throw errors.param('Illegal category');
}
