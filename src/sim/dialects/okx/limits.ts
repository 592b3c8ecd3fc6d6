// OKX rate limits: each endpoint has its own, counted over 2-second windows, per IP for public
// endpoints and per account (per account and instrument for order endpoints) for private ones. Past a
// limit the request is refused with HTTP 429 and 50011 and nothing else happens; OKX has no weight
// headers and no bans. The `ban` fault becomes "everything refused with 50011 for a while".
import { errors, type OkxError } from './errors.js';

export interface EndpointLimit {
  limit: number;
  windowMs: number;
  /** ip: per client IP; account: per account; instrument: per account and instrument. */
  scope: 'ip' | 'account' | 'instrument';
}

const per2s = (limit: number, scope: EndpointLimit['scope']): EndpointLimit => ({
  limit,
  windowMs: 2_000,
  scope,
});

/** The venue's limits, by `METHOD path`. */
export const ENDPOINT_LIMITS: Readonly<Record<string, EndpointLimit>> = {
  'GET /api/v5/public/time': per2s(10, 'ip'),
  'GET /api/v5/public/instruments': per2s(20, 'ip'),
  'GET /api/v5/market/ticker': per2s(20, 'ip'),
  'GET /api/v5/market/tickers': per2s(20, 'ip'),
  'GET /api/v5/market/candles': per2s(40, 'ip'),
  'GET /api/v5/market/history-candles': per2s(20, 'ip'),
  'GET /api/v5/account/balance': per2s(10, 'account'),
  'GET /api/v5/account/positions': per2s(10, 'account'),
  'GET /api/v5/account/config': per2s(5, 'account'),
  'GET /api/v5/account/leverage-info': per2s(20, 'account'),
  'POST /api/v5/account/set-leverage': per2s(20, 'account'),
  'GET /api/v5/public/funding-rate': per2s(20, 'ip'),
  'GET /api/v5/public/open-interest': per2s(20, 'ip'),
  'GET /api/v5/asset/currencies': { limit: 6, windowMs: 1_000, scope: 'account' },
  'POST /api/v5/trade/order': per2s(60, 'instrument'),
  'POST /api/v5/trade/batch-orders': per2s(300, 'instrument'),
  'GET /api/v5/trade/order': per2s(60, 'instrument'),
  'POST /api/v5/trade/cancel-order': per2s(60, 'instrument'),
  'POST /api/v5/trade/amend-order': per2s(60, 'instrument'),
  'POST /api/v5/trade/cancel-batch-orders': per2s(300, 'instrument'),
  'GET /api/v5/trade/orders-pending': per2s(60, 'account'),
  'GET /api/v5/trade/fills': per2s(60, 'account'),
  'POST /api/v5/trade/cancel-all-after': { limit: 1, windowMs: 1_000, scope: 'account' },
  'POST /api/v5/trade/order-algo': per2s(20, 'account'),
  'POST /api/v5/trade/cancel-algos': per2s(20, 'account'),
  'POST /api/v5/trade/amend-algos': per2s(20, 'account'),
  'GET /api/v5/trade/order-algo': per2s(20, 'account'),
  'GET /api/v5/trade/orders-algo-pending': per2s(20, 'account'),
  'GET /api/v5/trade/orders-algo-history': per2s(20, 'account'),
};

/** The venue's limits as the registry declares them: one entry per `METHOD path`. */
export interface OkxLimits {
  endpoints: Readonly<Record<string, EndpointLimit>>;
}

export class OkxLimiter {
  constructor(readonly limits: OkxLimits = { endpoints: ENDPOINT_LIMITS }) {}

  readonly #counts = new Map<string, { window: number; used: number }>();
  #refuseUntil = 0;

  /** Counts one request (or `n` orders of a batch); 50011 when its window is full. */
  spend(
    route: string,
    who: { ip: string; accountId?: string; instId?: string },
    n = 1,
  ): OkxError | undefined {
    if (Date.now() < this.#refuseUntil) return errors.rateLimit();
    const spec = this.limits.endpoints[route];
    if (spec === undefined) return undefined;
    const subject =
      spec.scope === 'ip'
        ? who.ip
        : spec.scope === 'account'
          ? (who.accountId ?? who.ip)
          : `${who.accountId}|${who.instId}`;
    const id = `${route}|${subject}`;
    const window = Math.floor(Date.now() / spec.windowMs);
    let c = this.#counts.get(id);
    if (c === undefined || c.window !== window) {
      c = { window, used: 0 };
      this.#counts.set(id, c);
    }
    if (c.used + n > spec.limit) return errors.rateLimit();
    c.used += n;
    return undefined;
  }

  refuseFor(ms: number): void {
    this.#refuseUntil = Date.now() + ms;
  }

  reset(): void {
    this.#counts.clear();
    this.#refuseUntil = 0;
  }
}
