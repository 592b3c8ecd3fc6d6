// The Binance USD-M dialect: every REST request goes through the same pipeline, in this order —
//   route lookup → [delay] → [html-502] → ban / Retry-After gate → [429 storm] → weight → [5xx-before]
//   → auth (key, timestamp, signature, permission) → order count → handler
//   → [drop-response | unknown-status (-1007) | 5xx-after] → [delay-after] → reply with weight headers.
// Brackets are fault-plan hooks. The countdown dead-man's switch lives here too.
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimLimits } from '../../types.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import { beforeRoute, LOOPBACK_IP, replyFate } from '../shared/request-faults.js';
import { authenticate } from './auth.js';
import { BinanceError, errors, html502 } from './errors.js';
import { RateLimiter } from './limits.js';
import { ListenKeys } from './listen-keys.js';
import { Params } from './params.js';
import type { Ctx, Route } from './route.js';
import { accountRoutes } from './routes-account.js';
import { algoRoutes } from './routes-algo.js';
import { publicRoutes } from './routes-public.js';
import { klineRoutes } from './klines.js';
import { tradeRoutes } from './routes-trade.js';
import { amendRoutes } from './routes-amend.js';
import { BinanceStreams } from './streams.js';
import { countRequest } from '../shared/count-request.js';


export class BinanceUsdmDialect implements Dialect {
  readonly #routes = new Map<string, Route>();
  readonly limiter: RateLimiter;
  readonly listenKeys: ListenKeys;
  readonly streams: BinanceStreams;
  readonly #countdowns = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly core: SimCore,
    readonly limits: SimLimits,
    listenKeyTtlMs: number,
  ) {
    for (const r of [...publicRoutes, ...klineRoutes, ...tradeRoutes, ...amendRoutes, ...algoRoutes, ...accountRoutes])
      this.#routes.set(`${r.method} ${r.path}`, r);
    this.limiter = new RateLimiter(limits, core.clock);
    this.listenKeys = new ListenKeys(listenKeyTtlMs, (key) => {
      core.stats.listenKeysExpired++;
      this.streams.onListenKeyExpired(key);
    });
    this.streams = new BinanceStreams(core, this.listenKeys);
  }

  #countdown(accountId: string, symbol: string, ms: number): void {
    const id = `${accountId}|${symbol}`;
    clearTimeout(this.#countdowns.get(id));
    this.#countdowns.delete(id);
    if (ms <= 0) return;
    // The switch cancels the symbol's open orders; conditional orders live in the Algo Service, have
    // their own cancel-all (DELETE /fapi/v1/algoOpenOrders) and stay (docs/venues.md).
    const t = setTimeout(() => {
      this.#countdowns.delete(id);
      this.core.engine.cancelAll(accountId, symbol);
    }, ms);
    t.unref();
    this.#countdowns.set(id, t);
  }

  #reply(status: number, body: unknown, headers: Record<string, string>): SimHttpReply {
    return { status, body: typeof body === 'string' ? body : JSON.stringify(body), headers };
  }

  #error(e: BinanceError, headers: Record<string, string>): SimHttpReply {
    const code = String(e.code);
    this.core.stats.errors[code] = (this.core.stats.errors[code] ?? 0) + 1;
    if (e.status === 429) this.core.stats.status429++;
    if (e.status === 418) this.core.stats.status418++;
    return this.#reply(e.status, e.body(), { ...headers, ...e.headers });
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    const route = this.#routes.get(`${req.method} ${req.path}`);
    if (!route) return this.#error(errors.notFound(req.method, req.path), {});
    const faults = this.core.faults;
    const info: RequestInfo = { kind: route.kind ?? 'other', method: req.method, path: req.path };
    // -2010: how the venue refuses a new order, its `msg` free text.
    const gateway = await beforeRoute(faults, info, html502, (text) => this.#error(new BinanceError(-2010, text), {}));
    if (gateway) return gateway;
    const ip = LOOPBACK_IP;
    const gate = this.limiter.gate(ip);
    if (gate) return this.#error(gate, {});
    if (faults.fires('rateLimitStorm', info)) return this.#error(this.limiter.storm(ip), {});
    let params: Params;
    try {
      params = new Params(req.rawQuery, req.rawBody, req.method);
    } catch {
      params = new Params('', '', 'GET');
    }
    const weight = typeof route.weight === 'function' ? route.weight(params) : route.weight;
    const over = this.limiter.spend(ip, weight);
    if (over) return this.#error(over, {});
    let headers = this.limiter.weightHeaders(ip);
    if (faults.fires('error5xxBefore', info)) return this.#error(errors.serviceUnavailable(), headers);
    const ctx: Ctx = {
      core: this.core,
      services: {
        limits: this.limits,
        listenKeys: this.listenKeys,
        countdown: (a, s, ms) => this.#countdown(a, s, ms),
      },
      req,
      params,
      key: undefined,
    };
    let body: unknown;
    try {
      ctx.key = authenticate(
        req,
        params,
        route.security,
        route.permission ?? 'read',
        this.core.keys,
        this.core.clock,
      );
      if (route.countsOrder && ctx.key) {
        const tooMany = this.limiter.countOrder(ctx.key.accountId, ip);
        headers = { ...headers, ...this.limiter.orderHeaders(ctx.key.accountId) };
        if (tooMany) return this.#error(tooMany, headers);
      }
      body = route.handle(ctx);
    } catch (e) {
      if (e instanceof BinanceError) return this.#error(e, headers);
      throw e;
    }
    const fate = await replyFate(faults, info, ctx.accepted);
    if (fate === 'dropped') return { drop: true };
    if (fate === 'unknown-status') return this.#error(errors.timeout(), headers);
    if (fate === '5xx') return this.#error(errors.unknownAfter(), headers);
    if (fate === 'unavailable') return this.#error(errors.serviceUnavailable(), headers);
    return this.#reply(200, body, headers);
  }

  wsRoute(path: string, query: URLSearchParams) {
    return this.streams.wsRoute(path, query);
  }

  onMatchEvent(e: MatchEvent): void {
    this.streams.onMatchEvent(e);
  }

  onTick(): void {
    this.streams.onTick();
  }

  expireListenKeys(): number {
    return this.listenKeys.expireAll();
  }

  banNow(ms: number): void {
    this.limiter.banNow(LOOPBACK_IP, ms);
  }

  resetLimits(): void {
    this.limiter.reset();
  }

  close(): void {
    this.listenKeys.stop();
    for (const t of this.#countdowns.values()) clearTimeout(t);
    this.#countdowns.clear();
  }
}
