// The Coinbase Advanced Trade dialect (REST here; the WebSocket in streams.ts): every REST request goes through the same
// pipeline, in this order —
//   route lookup (404 NOT_FOUND) → [hold] → [delay] → [html-502] → [refuse-text] → [ban: 429]
//   → [rate-limit storm: 429] → [5xx-before] → auth (JWT: 401; right: 403) → rate limit (429)
//   → body (400) → handler → [drop-response | unknown-status (504 UNKNOWN) | 5xx-after (500)
//   | unavailable-after (503, as 5xx-before)] → [hold-after]
//   → [delay-after] → 200 with the handler's JSON.
// Brackets are fault-plan hooks (the plan every dialect reads). Accounts are spot (matching/spot.ts).
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { MatchEvent } from '../../matching/engine.js';
import { SpotFunds } from '../../matching/spot.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import { beforeRoute, replyFate } from '../shared/request-faults.js';
import { authenticate } from './auth.js';
import { CoinbaseError, errors } from './errors.js';
import { CoinbaseLimiter, type CoinbaseLimits } from './limits.js';
import { OrderBook } from './order-book.js';
import { type Ctx, PREFIX, type Route } from './route.js';
import { accountRoutes } from './routes-account.js';
import { appRoutes } from './routes-app.js';
import { orderRoutes } from './routes-orders.js';
import { publicRoutes } from './routes-public.js';
import { candleRoutes } from './candles.js';
import { CoinbaseStreams } from './streams.js';
import { countRequest } from '../shared/count-request.js';

/** Advanced Trade's lowest volume tier: 0.60 % maker, 1.20 % taker. */
export const COINBASE_FEES = { maker: '0.006', taker: '0.012' } as const;

export const html502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

export class CoinbaseDialect implements Dialect {
  readonly #exact = new Map<string, Route>();
  readonly #withId: Route[] = [];
  readonly limiter: CoinbaseLimiter;
  readonly orders: OrderBook;
  readonly streams: CoinbaseStreams;

  constructor(
    readonly core: SimCore,
    limits: CoinbaseLimits,
  ) {
    for (const a of core.accounts.values()) a.spot = new SpotFunds(a.balances, COINBASE_FEES);
    for (const r of [...publicRoutes, ...candleRoutes, ...orderRoutes, ...accountRoutes, ...appRoutes]) {
      if (r.path.includes('/:id')) this.#withId.push(r);
      else this.#exact.set(`${r.method} ${r.prefix ?? PREFIX}${r.path}`, r);
    }
    this.limiter = new CoinbaseLimiter(limits, core.clock);
    this.orders = new OrderBook(core);
    this.streams = new CoinbaseStreams(core, this.orders);
  }

  #route(method: string, path: string): { route: Route; id?: string } | undefined {
    const exact = this.#exact.get(`${method} ${path}`);
    if (exact) return { route: exact };
    for (const r of this.#withId) {
      // `:id` is one segment, last (`/products/:id`) or followed by the rest (`/products/:id/candles`).
      const [before, after = ''] = r.path.split('/:id');
      const head = `${r.prefix ?? PREFIX}${before}/`;
      if (r.method !== method || !path.startsWith(head) || !path.endsWith(after)) continue;
      const id = path.slice(head.length, path.length - after.length);
      if (/^[A-Za-z0-9-]{1,64}$/.test(id)) return { route: r, id };
    }
    return undefined;
  }

  #error(e: CoinbaseError): SimHttpReply {
    this.core.stats.errors[e.word] = (this.core.stats.errors[e.word] ?? 0) + 1;
    if (e.status === 429) this.core.stats.status429++;
    return { status: e.status, body: e.body(), contentType: e.contentType() };
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    const found = this.#route(req.method, req.path);
    if (!found) return this.#error(errors.notFound());
    const { route } = found;
    const faults = this.core.faults;
    const info: RequestInfo = { kind: route.kind ?? 'other', method: req.method, path: req.path };
    const gateway = await beforeRoute(faults, info, html502, (text) =>
      this.#error(errors.invalidArgument(text)),
    );
    if (gateway) return gateway;
    if (this.core.clock.now() < this.limiter.bannedUntil) return this.#error(errors.rateLimit());
    if (faults.fires('rateLimitStorm', info)) return this.#error(errors.rateLimit());
    if (faults.fires('error5xxBefore', info)) return this.#error(errors.unavailable());
    const ctx: Ctx = {
      core: this.core,
      orders: this.orders,
      req,
      query: new URLSearchParams(req.rawQuery),
      body: {},
      id: found.id,
      key: undefined,
      accepted: [],
    };
    let result: unknown;
    try {
      if (route.private) ctx.key = authenticate(req, route.right, this.core.keys, this.core.clock.now());
      this.limiter.spend(ctx.key?.apiKey ?? '', route.private);
      if (req.method === 'POST') ctx.body = parseBody(req.rawBody);
      result = route.handle(ctx);
    } catch (e) {
      if (e instanceof CoinbaseError) return this.#error(e);
      throw e;
    }
    const fate = await replyFate(faults, info, ctx.accepted);
    if (fate === 'dropped') return { drop: true };
    if (fate === 'unknown-status') return this.#error(errors.unknown());
    if (fate === '5xx') return this.#error(errors.internal());
    // unavailable-after: handled, then the same answer as 5xx-before gives unhandled.
    if (fate === 'unavailable') return this.#error(errors.unavailable());
    return { status: 200, body: JSON.stringify(result), contentType: 'application/json' };
  }

  wsRoute(path: string) {
    return this.streams.wsRoute(path);
  }

  onMatchEvent(e: MatchEvent): void {
    this.orders.onMatchEvent(e);
    this.streams.onMatchEvent(e);
  }

  onTick(): void {
    this.streams.onTick();
  }

  /** Coinbase has no listen keys (each subscribe carries its own JWT): nothing to expire. */
  expireListenKeys(): number {
    return 0;
  }

  banNow(ms: number): void {
    this.limiter.banFor(ms);
  }

  resetLimits(): void {
    this.limiter.reset();
  }

  close(): void {
    this.streams.close();
  }
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw errors.invalidArgument('invalid request body');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw errors.invalidArgument('invalid request body');
  return v as Record<string, unknown>;
}
