// The Kraken spot dialect: every REST request goes through the same pipeline, in this order —
//   method lookup → [hold] → [delay] → [html-502] → [refuse-text] → [ban: EService: Throttled]
//   → [rate-limit storm: EAPI:Rate limit exceeded] → [5xx-before] → params
//   → auth (key, nonce form, API-Sign, nonce rule, right) → API counter → handler (AddOrder and
//   CancelOrder spend on the trading limiter inside) → [drop-response | unknown-status (EService:Deadline
//   elapsed) | 5xx-after | unavailable-after (503 EService:Unavailable, as 5xx-before)] → [hold-after]
//   → [delay-after] → `{"error":[],"result":…}`.
// Brackets are fault-plan hooks (the plan every dialect reads). Accounts are spot (matching/spot.ts).
import { randomBytes } from 'node:crypto';
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { MatchEvent } from '../../matching/engine.js';
import { SpotFunds } from '../../matching/spot.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import { beforeRoute, replyFate } from '../shared/request-faults.js';
import { authenticate } from './auth.js';
import { envelope, errors, html502, KrakenError } from './errors.js';
import { KrakenLimiter, type KrakenLimits } from './limits.js';
import { NonceBook } from './nonces.js';
import { OrderBook } from './order-book.js';
import { Params } from './params.js';
import type { Ctx, KrakenServices, Route } from './route.js';
import { accountRoutes } from './routes-account.js';
import { publicRoutes } from './routes-public.js';
import { ohlcRoutes } from './ohlc.js';
import { tradeRoutes } from './routes-trade.js';
import { KrakenStreams } from './streams.js';
import { countRequest } from '../shared/count-request.js';

/** The venue's Starter-tier fees: 0.25 % maker, 0.40 % taker (AssetPairs `fees_maker`, `fees`). */
export const KRAKEN_FEES = { maker: '0.0025', taker: '0.004' } as const;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class KrakenDialect implements Dialect {
  readonly #routes = new Map<string, Route>();
  readonly limiter: KrakenLimiter;
  readonly nonces = new NonceBook();
  readonly orders: OrderBook;
  readonly streams: KrakenStreams;
  readonly #deadMen = new Map<string, NodeJS.Timeout>();
  /** WebSocket tokens: token → account and the venue-clock ms it must be used by. */
  readonly tokens = new Map<string, { accountId: string; expires: number }>();
  readonly #services: KrakenServices;

  constructor(
    readonly core: SimCore,
    limits: KrakenLimits,
    /** Between the maintenance notice and the close of every socket. */
    noticeMs?: number,
  ) {
    for (const a of core.accounts.values()) a.spot = new SpotFunds(a.balances, KRAKEN_FEES);
    for (const r of [...publicRoutes, ...ohlcRoutes, ...tradeRoutes, ...accountRoutes])
      this.#routes.set(`${r.method} ${r.path}`, r);
    this.limiter = new KrakenLimiter(limits, core.clock);
    this.orders = new OrderBook(core);
    this.streams = new KrakenStreams(core, this, noticeMs);
    this.#services = {
      orders: this.orders,
      nonceOf: (apiKey) => this.nonces.highest(apiKey),
      newWsToken: (accountId) => {
        const token = randomBytes(30).toString('base64');
        this.tokens.set(token, { accountId, expires: core.clock.now() + 15 * 60_000 });
        return token;
      },
      deadMan: (accountId, seconds) => this.#deadMan(accountId, seconds),
      spendTrading: (accountId, symbol, cost) => this.limiter.spendTrading(accountId, symbol, cost),
    };
  }

  /** CancelAllOrdersAfter: a countdown per account, reset by each call, disarmed by 0. */
  #deadMan(accountId: string, seconds: number): { currentTime: string; triggerTime: string } {
    clearTimeout(this.#deadMen.get(accountId));
    this.#deadMen.delete(accountId);
    const now = this.core.clock.now();
    if (seconds === 0) return { currentTime: iso(now), triggerTime: '0' };
    const t = setTimeout(() => {
      this.#deadMen.delete(accountId);
      for (const o of this.core.engine.openOrders(accountId)) this.orders.cancel(o);
    }, seconds * 1000);
    t.unref();
    this.#deadMen.set(accountId, t);
    return { currentTime: iso(now), triggerTime: iso(now + seconds * 1000) };
  }

  #error(e: KrakenError): SimHttpReply {
    this.core.stats.errors[e.word] = (this.core.stats.errors[e.word] ?? 0) + 1;
    return { status: e.status, body: e.body() };
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    const route = this.#routes.get(`${req.method} ${req.path}`);
    if (!route) return this.#error(errors.unknownMethod());
    const faults = this.core.faults;
    const info: RequestInfo = { kind: route.kind ?? 'other', method: req.method, path: req.path };
    // An order refusal whose text is free: the venue's own words come first, the detail after.
    const gateway = await beforeRoute(faults, info, html502, (text) =>
      this.#error(new KrakenError(`EOrder:${text}`)),
    );
    if (gateway) return gateway;
    if (this.limiter.banned()) {
      const until = Math.ceil(this.limiter.bannedUntil / 1000);
      return this.#error(new KrakenError(`EService: Throttled: ${until}`));
    }
    if (faults.fires('rateLimitStorm', info)) {
      this.core.stats.status429++;
      return this.#error(errors.rateLimit());
    }
    if (faults.fires('error5xxBefore', info)) return this.#error(errors.unavailable());
    const ctx: Ctx = {
      core: this.core,
      services: this.#services,
      req,
      params: new Params({}),
      key: undefined,
      accepted: [],
    };
    let result: unknown;
    try {
      const ct = req.headers['content-type'];
      ctx.params =
        req.method === 'GET'
          ? Params.query(req.rawQuery)
          : Params.body(req.rawBody, Array.isArray(ct) ? ct[0] : ct);
      if (route.private) {
        ctx.key = authenticate(req, ctx.params, route.right, this.core.keys, this.nonces);
        this.limiter.spendApi(ctx.key.apiKey, route.cost ?? 1);
      }
      result = route.handle(ctx);
    } catch (e) {
      if (e instanceof KrakenError) return this.#error(e);
      throw e;
    }
    const fate = await replyFate(faults, info, ctx.accepted);
    if (fate === 'dropped') return { drop: true };
    if (fate === 'unknown-status') return this.#error(errors.deadline());
    if (fate === '5xx') return this.#error(errors.internal());
    // Handled, then the very answer 5xx-before gives unhandled: the client cannot tell them apart.
    if (fate === 'unavailable') return this.#error(errors.unavailable());
    return { status: 200, body: envelope(result) };
  }

  wsRoute(path: string, query: URLSearchParams) {
    return this.streams.wsRoute(path, query);
  }

  onMatchEvent(e: MatchEvent): void {
    this.orders.onMatchEvent(e);
    this.streams.onMatchEvent(e);
  }

  onTick(): void {
    this.streams.onTick();
  }

  /**
   * Kraken has no listen keys; its nearest is the socket token. The expire-listen-keys fault forgets
   * every token issued, used or not: subscriptions already made go on (the venue keeps a token good while
   * a subscription holds it), a new subscription needs a new token. Returns how many were forgotten.
   */
  expireListenKeys(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    this.core.stats.listenKeysExpired += n;
    return n;
  }

  announceUpgrade(): number {
    return this.streams.announceUpgrade();
  }

  banNow(ms: number): void {
    this.limiter.banFor(ms);
  }

  resetLimits(): void {
    this.limiter.reset();
  }

  close(): void {
    for (const t of this.#deadMen.values()) clearTimeout(t);
    this.#deadMen.clear();
    this.streams.close();
  }
}
