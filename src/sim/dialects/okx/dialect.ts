// The OKX v5 dialect: every REST request goes through the same pipeline, in this order —
//   route lookup → [delay] → [html-502] → [429 storm] → [5xx-before] → params → auth (headers, key,
//   environment, 30 s timestamp, passphrase, signature, permission) → endpoint rate limit → handler
//   → [drop-response | unknown-status (50004) | 5xx-after] → [delay-after] → envelope reply.
// Brackets are fault-plan hooks, the same plan the Binance dialect reads. The cancel-all-after
// dead-man's switch lives here too.
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import { beforeRoute, LOOPBACK_IP, replyFate } from '../shared/request-faults.js';
import { authenticate } from './auth.js';
import { errors, html502, OkxError } from './errors.js';
import type { Swap } from './format.js';
import { OkxLimiter, type OkxLimits } from './limits.js';
import { jsonBody, Params } from './params.js';
import { type Ctx, type OkxServices, type Route, swapTable } from './route.js';
import { accountRoutes } from './routes-account.js';
import { publicRoutes } from './routes-public.js';
import { candleRoutes } from './klines.js';
import { tradeRoutes } from './routes-trade.js';
import { algoRoutes } from './routes-algo.js';
import { amendRoutes } from './routes-amend.js';
import { OkxStreams } from './streams.js';
import { countRequest } from '../shared/count-request.js';


/** A batch's envelope: "0" when every item passed, "2" when some did, "1" when none did (OKX-ERR). */
function batchOutcome(route: Route, data: unknown[]): { code: string; msg: string } {
  if (route.batch !== true) return { code: '0', msg: '' };
  const failed = data.filter((d) => (d as { sCode?: string }).sCode !== '0').length;
  if (failed === 0) return { code: '0', msg: '' };
  return failed === data.length
    ? { code: '1', msg: 'All operations failed' }
    : { code: '2', msg: 'Bulk operation partially succeeded' };
}

export interface OkxDialectOptions {
  /** A WebSocket with nothing pushed for this long is closed. Venue: 30 s. */
  idleTimeoutMs?: number;
  /** Between the 64008 upgrade notice and the close. Venue: 60 s. */
  upgradeNoticeMs?: number;
}

export class OkxDialect implements Dialect {
  readonly #routes = new Map<string, Route>();
  readonly limiter: OkxLimiter;
  readonly streams: OkxStreams;
  readonly #swaps: Map<string, Swap>;
  readonly #deadmen = new Map<string, NodeJS.Timeout>();
  readonly #clientIds = new Map<string, Set<string>>();
  readonly #services: OkxServices;

  constructor(
    readonly core: SimCore,
    limits: OkxLimits,
    options: OkxDialectOptions = {},
  ) {
    this.limiter = new OkxLimiter(limits);
    for (const r of [...publicRoutes, ...candleRoutes, ...tradeRoutes, ...amendRoutes, ...algoRoutes, ...accountRoutes]) this.#routes.set(`${r.method} ${r.path}`, r);
    this.#swaps = swapTable(core);
    this.streams = new OkxStreams(core, () => this.#swaps, {
      idleMs: options.idleTimeoutMs ?? 30_000,
      noticeMs: options.upgradeNoticeMs ?? 60_000,
    });
    this.#services = {
      swap: (instId) => {
        const s = this.#swaps.get(instId);
        if (s === undefined) throw errors.badInst(instId);
        return s;
      },
      swaps: () => [...this.#swaps.values()],
      cancelAllAfter: (accountId, seconds) => this.#cancelAllAfter(accountId, seconds),
      usedClientIds: (accountId) => {
        let set = this.#clientIds.get(accountId);
        if (set === undefined) {
          set = new Set();
          this.#clientIds.set(accountId, set);
        }
        return set;
      },
    };
  }

  /** One timer per account: when it fires, every pending order of the account is canceled. */
  #cancelAllAfter(accountId: string, seconds: number): number {
    clearTimeout(this.#deadmen.get(accountId));
    this.#deadmen.delete(accountId);
    if (seconds <= 0) return 0;
    const t = setTimeout(() => {
      this.#deadmen.delete(accountId);
      for (const s of this.#swaps.values()) this.core.engine.cancelAll(accountId, s.spec.symbol);
    }, seconds * 1000);
    t.unref();
    this.#deadmen.set(accountId, t);
    return this.core.clock.now() + seconds * 1000;
  }

  #reply(status: number, body: string): SimHttpReply {
    return { status, body };
  }

  #error(e: OkxError): SimHttpReply {
    this.core.stats.errors[e.code] = (this.core.stats.errors[e.code] ?? 0) + 1;
    if (e.status === 429) this.core.stats.status429++;
    return this.#reply(e.status, e.body());
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    const route = this.#routes.get(`${req.method} ${req.path}`);
    if (!route) return this.#error(errors.notFound(req.method, req.path));
    const faults = this.core.faults;
    const info: RequestInfo = { kind: route.kind ?? 'other', method: req.method, path: req.path };
    // 51000-range: how the venue refuses an order, its `msg` free text.
    const gateway = await beforeRoute(faults, info, html502, (text) => this.#error(new OkxError(200, '51000', text)));
    if (gateway) return gateway;
    if (faults.fires('rateLimitStorm', info)) return this.#error(errors.rateLimit());
    if (faults.fires('error5xxBefore', info)) return this.#error(errors.unavailable());
    const ctx: Ctx = { core: this.core, services: this.#services, req, params: new Params({}), key: undefined, accepted: [] };
    let data: unknown[];
    try {
      if (req.method === 'GET') ctx.params = Params.query(req.rawQuery);
      else {
        const body = jsonBody(req.rawBody);
        if (Array.isArray(body) !== (route.batch === true)) throw errors.param('body');
        if (Array.isArray(body)) ctx.items = body;
        else ctx.params = new Params(body);
      }
      if (route.signed) ctx.key = authenticate(req, route.permission ?? 'read', this.core.keys, this.core.clock.now());
      const n = ctx.items?.length ?? 1;
      const instId = ctx.params.get('instId') ?? (ctx.items?.[0]?.['instId'] as string | undefined);
      const over = this.limiter.spend(`${req.method} ${req.path}`, { ip: LOOPBACK_IP, accountId: ctx.key?.accountId, instId }, n);
      if (over) return this.#error(over);
      data = route.handle(ctx);
    } catch (e) {
      if (e instanceof OkxError) return this.#error(e);
      throw e;
    }
    const fate = await replyFate(faults, info, ctx.accepted);
    if (fate === 'dropped') return { drop: true };
    if (fate === 'unknown-status') return this.#error(errors.timeout());
    if (fate === '5xx') return this.#error(errors.systemError());
    if (fate === 'unavailable') return this.#error(errors.unavailable());
    return this.#reply(200, JSON.stringify({ ...batchOutcome(route, data), data }));
  }

  wsRoute(path: string) {
    return this.streams.wsRoute(path);
  }

  onMatchEvent(e: MatchEvent): void {
    this.streams.onMatchEvent(e);
  }

  onTick(): void {
    this.streams.onTick();
  }

  /** OKX has no listen keys. */
  expireListenKeys(): number {
    return 0;
  }

  /** OKX does not ban: the nearest thing is refusing everything with 50011 for a while. */
  banNow(ms: number): void {
    this.limiter.refuseFor(ms);
  }

  /** The 64008 notice on every socket, then the close. */
  announceUpgrade(): number {
    return this.streams.announceUpgrade();
  }

  resetLimits(): void {
    this.limiter.reset();
  }

  close(): void {
    this.streams.close();
    for (const t of this.#deadmen.values()) clearTimeout(t);
    this.#deadmen.clear();
  }
}
