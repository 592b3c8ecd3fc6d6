// The shape of one OKX endpoint: method, path, whether it is signed and what it needs, what kind of
// request it is for the fault plan, and its handler. Handlers return the `data` array to send inside
// `{"code":"0","msg":"","data":[…]}`, or throw an OkxError.
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { AccountState } from '../../matching/accounts.js';
import type { SimHttpRequest } from '../../server/http.js';
import type { AcceptedOrder } from '../../types.js';
import type { Permission } from './auth.js';
import { errors } from './errors.js';
import { type Swap, swapOf } from './format.js';
import type { Json, Params } from './params.js';

/** Per-dialect services a handler may use besides the core. */
export interface OkxServices {
  /** The swap of an instId, or 51001. */
  swap(instId: string): Swap;
  swaps(): Swap[];
  /** Arms (seconds > 0) or disarms (0) the account's cancel-all-after timer; returns the trigger time. */
  cancelAllAfter(accountId: string, seconds: number): number;
  /** Every clOrdId an account has used (the venue refuses to reuse one: 51016). */
  usedClientIds(accountId: string): Set<string>;
}

export interface Ctx {
  core: SimCore;
  services: OkxServices;
  req: SimHttpRequest;
  /** Query parameters (GET) or the JSON object body (POST). */
  params: Params;
  /** The JSON array body of batch endpoints. */
  items?: Json[];
  key: StoredKey | undefined;
  /** Orders the engine accepted in this request (place: one; batch place: up to 20). */
  accepted: AcceptedOrder[];
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  signed: boolean;
  permission?: Permission;
  kind?: RequestInfo['kind'];
  /** The body is a JSON array (batch endpoints). */
  batch?: boolean;
  handle(ctx: Ctx): unknown[];
}

export function accountOf(ctx: Ctx): AccountState {
  const id = ctx.key?.accountId;
  const a = id === undefined ? undefined : ctx.core.accounts.get(id);
  if (!a) throw errors.badKey();
  return a;
}

/** Every swap the market lists, keyed by instId. */
export function swapTable(core: SimCore): Map<string, Swap> {
  const out = new Map<string, Swap>();
  for (const m of core.market.symbols.values()) {
    const s = swapOf(m.spec);
    out.set(s.instId, s);
  }
  return out;
}
