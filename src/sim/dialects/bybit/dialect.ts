// The Bybit v5 dialect: every REST request goes through the same pipeline, in this order —
//   route lookup → [hold] → [delay] → [html-502] → [refuse-text] → IP gate (600 / 5 s, then HTTP 403)
//   → [10006 storm] → [5xx-before] → params → auth (key, timing rule, signature, IP, permission)
//   → per-UID endpoint limit (X-Bapi-Limit* headers) → handler
//   → [drop-response | unknown-status (10000) | 5xx-after] → [delay-after] → envelope reply.
// Brackets are fault-plan hooks (the plan every dialect reads). Disconnection protection lives in dcp.ts.
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import * as D from '../../../core/decimal.js';
import { beforeRoute, LOOPBACK_IP, replyFate } from '../shared/request-faults.js';
import { authenticate } from './auth.js';
import { Dcp } from './dcp.js';
import { BybitError, envelope, errors, html502, IP_LIMIT_TEXT } from './errors.js';
import type { CancelType, OrderExtras } from './format.js';
import { BybitLimiter, type BybitLimits } from './limits.js';
import { Params } from './params.js';
import type { BybitServices, Ctx, Route } from './route.js';
import { accountRoutes } from './routes-account.js';
import { publicRoutes } from './routes-public.js';
import { klineRoutes } from './klines.js';
import { tradeRoutes } from './routes-trade.js';
import { BybitStreams } from './streams.js';
import { countRequest } from '../shared/count-request.js';

export class BybitDialect implements Dialect {
  readonly #routes = new Map<string, Route>();
  readonly limiter: BybitLimiter;
  readonly streams: BybitStreams;
  readonly dcp: Dcp;
  readonly #linkIds = new Map<string, Set<string>>();
  readonly #cancelTypes = new Map<number, CancelType>();
  readonly #fees = new Map<number, string>();
  readonly #services: BybitServices;

  constructor(
    readonly core: SimCore,
    limits: BybitLimits,
    /** A socket without a client ping for this long is closed. Venue: 10 minutes. */
    activeMs?: number,
  ) {
    for (const r of [...publicRoutes, ...klineRoutes, ...tradeRoutes, ...accountRoutes]) this.#routes.set(`${r.method} ${r.path}`, r);
    this.limiter = new BybitLimiter(limits, core.clock);
    this.dcp = new Dcp((accountId) => this.#cancelAll(accountId, undefined, 'CancelByDCP'));
    const extras = (orderId: number): OrderExtras => {
      const cancelType = this.#cancelTypes.get(orderId);
      const fee = this.#fees.get(orderId);
      return { ...(cancelType === undefined ? {} : { cancelType }), ...(fee === undefined ? {} : { fee }) };
    };
    this.streams = new BybitStreams(core, this.dcp, extras, activeMs);
    const symbols = (): SymbolSpec[] => [...core.market.symbols.values()].map((m) => m.spec);
    this.#services = {
      symbol: (name) => {
        const m = core.market.get(name);
        if (m === undefined) throw errors.invalid('symbol');
        return m.spec;
      },
      symbols,
      usedLinkIds: (accountId) => {
        let set = this.#linkIds.get(accountId);
        if (set === undefined) {
          set = new Set();
          this.#linkIds.set(accountId, set);
        }
        return set;
      },
      extras,
      cancelAll: (accountId, symbol, why) => this.#cancelAll(accountId, symbol, why),
      setDcp: (accountId, product, seconds) => this.dcp.set(accountId, product, seconds),
      dcp: (accountId) => this.dcp.settings(accountId),
    };
  }

  /** Cancels the account's open orders (of one symbol or all), recording why before the pushes go out. */
  #cancelAll(accountId: string, symbol: string | undefined, why: CancelType): number[] {
    const open = this.core.engine.openOrders(accountId, symbol);
    for (const o of open) this.#cancelTypes.set(o.orderId, why);
    for (const s of new Set(open.map((o) => o.symbol))) this.core.engine.cancelAll(accountId, s);
    return open.map((o) => o.orderId);
  }

  #reply(status: number, body: string, headers: Record<string, string>): SimHttpReply {
    return { status, body, headers };
  }

  #error(e: BybitError, headers: Record<string, string> = {}): SimHttpReply {
    const code = String(e.retCode);
    this.core.stats.errors[code] = (this.core.stats.errors[code] ?? 0) + 1;
    return this.#reply(e.status, e.body(this.core.clock.now()), headers);
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    const routeId = `${req.method} ${req.path}`;
    const route = this.#routes.get(routeId);
    if (!route) return this.#error(errors.notFound(req.method, req.path));
    const faults = this.core.faults;
    const info: RequestInfo = { kind: route.kind ?? 'other', method: req.method, path: req.path };
    // 10001 is how the venue refuses a request it will not take, its `retMsg` free text.
    const gateway = await beforeRoute(faults, info, html502, (text) => this.#error(errors.param(text)));
    if (gateway) return gateway;
    if (this.limiter.ipRefused()) {
      this.core.stats.errors['403'] = (this.core.stats.errors['403'] ?? 0) + 1;
      return { status: 403, body: IP_LIMIT_TEXT, contentType: 'text/plain' };
    }
    if (faults.fires('rateLimitStorm', info)) {
      const storm = this.limiter.storm(routeId);
      return this.#error(storm.refused!, storm.headers);
    }
    if (faults.fires('error5xxBefore', info)) return this.#error(errors.unavailable());
    const ctx: Ctx = { core: this.core, services: this.#services, req, params: new Params({}), key: undefined, accepted: [] };
    let headers: Record<string, string> = {};
    let result: unknown;
    try {
      ctx.params = req.method === 'GET' ? Params.query(req.rawQuery) : Params.body(req.rawBody);
      if (route.signed) {
        ctx.key = authenticate(req, route.permission ?? 'read', this.core.keys, this.core.clock.now(), LOOPBACK_IP);
        const spent = this.limiter.spend(routeId, ctx.key.accountId);
        headers = spent.headers;
        if (spent.refused) return this.#error(spent.refused, headers);
      }
      result = route.handle(ctx);
    } catch (e) {
      if (e instanceof BybitError) return this.#error(e, headers);
      throw e;
    }
    const fate = await replyFate(faults, info, ctx.accepted);
    if (fate === 'dropped') return { drop: true };
    if (fate === 'unknown-status') return this.#error(errors.timeout(), headers);
    if (fate === '5xx') return this.#error(errors.systemError(), headers);
    if (fate === 'unavailable') return this.#error(errors.unavailable(), headers);
    return this.#reply(200, envelope(0, 'OK', result, this.core.clock.now()), headers);
  }

  wsRoute(path: string, query: URLSearchParams) {
    return this.streams.wsRoute(path, query);
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind === 'order' && e.fill !== undefined)
      this.#fees.set(e.order.orderId, D.add(this.#fees.get(e.order.orderId) ?? '0', e.fill.commission));
    this.streams.onMatchEvent(e);
  }

  onTick(): void {
    this.streams.onTick();
  }

  /** Bybit has no listen keys. */
  expireListenKeys(): number {
    return 0;
  }

  /** The venue's IP-level refusal: HTTP 403 to everything for `ms`. */
  banNow(ms: number): void {
    this.limiter.banFor(ms);
  }

  resetLimits(): void {
    this.limiter.reset();
  }

  close(): void {
    this.dcp.close();
    this.streams.close();
  }
}
