// The Hyperliquid dialect: `POST /info` and `POST /exchange` on one origin, `/ws` for streams.
// Every REST request goes through the same pipeline, in this order —
//   route → JSON body → [delay] → [html502] → [refuse-text] → [429 storm] → [5xx-before] → IP weight (429) →
//   info: the query | exchange: action deserialised → signer RECOVERED from the EIP-712 signature
//   (verify.ts, independent of any client code) → agent → master → expiresAfter → nonce rule →
//   address allowance → the action → [drop-response | 504 (status unknown) | 5xx-after] →
//   [delay-after] → reply.
// Brackets are the fault-plan hooks the other dialects read too. scheduleCancel (the dead-man's
// switch) lives here: one time per account; when it passes every open order is canceled with status
// `scheduledCancel`.
import { HOSTILE_TEXT } from '../../faults/plan.js';
import { errorMessage } from '../../../core/error-message.js';
import * as D from '../../../core/decimal.js';
import type { Dialect, SimCore } from '../../core.js';
import type { RequestInfo } from '../../faults/runtime.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimHttpReply, SimHttpRequest } from '../../server/http.js';
import { BadBody, exchangeBody } from './actions.js';
import { type ActionResult, batchSize, err, runAction } from './exchange.js';
import { basicOrder, fillJson, statusWord } from './format.js';
import { triggerBasic, triggerStatusWord } from './triggers.js';
import type { Order } from '../../matching/orders.js';
import { infoReply } from './info.js';
import { exchangeWeight, HyperliquidLimiter, infoWeight } from './limits.js';
import { NonceBook } from './nonces.js';
import { VenueState } from './state.js';
import { HyperliquidStreams } from './streams.js';
import { actionHash, agentDigest, recoverSigner, userDigest } from './verify.js';
import { say } from './wording.js';
import { countRequest } from '../shared/count-request.js';

const LOOPBACK_IP = '127.0.0.1';
const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const HTML_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

export interface HyperliquidDialectOptions {
  /** Heard nothing from a client for this long: its socket is closed. Venue: 60 s. */
  idleTimeoutMs?: number;
  /** IP weight per window (venue: 1200 per minute). */
  weightPerWindow?: number;
  weightWindowMs?: number;
  /** Address allowance before volume (venue: 10 000). */
  addressBuffer?: number;
  /** Nonces kept per signer (venue: 20, up to 100 with volume). */
  noncesKept?: number;
  /** Volume (USDC) an account needs before scheduleCancel is allowed (venue: 1 000 000; default 0). */
  scheduleCancelMinVolume?: string;
}

interface Deadman {
  timer: NodeJS.Timeout;
  time: number;
}

export class HyperliquidDialect implements Dialect {
  readonly state: VenueState;
  readonly streams: HyperliquidStreams;
  readonly nonces: NonceBook;
  readonly limiter: HyperliquidLimiter;
  readonly #deadmen = new Map<string, Deadman>();
  readonly #triggered = new Map<string, { day: number; count: number }>();
  readonly #minVolume: string;
  /** Engine events of the action being run, held until its reply is known. */
  #held: MatchEvent[] | undefined;

  constructor(
    readonly core: SimCore,
    options: HyperliquidDialectOptions = {},
  ) {
    this.state = new VenueState(core, options.addressBuffer ?? 10_000);
    this.nonces = new NonceBook(options.noncesKept ?? 20);
    this.limiter = new HyperliquidLimiter(options.weightPerWindow ?? 1200, options.weightWindowMs ?? 60_000);
    this.#minVolume = options.scheduleCancelMinVolume ?? '0';
    this.streams = new HyperliquidStreams(this.state, { idleMs: options.idleTimeoutMs ?? 60_000, snapshotFills: 100 }, (master, n) =>
      this.#recentFills(master, n),
    );
  }

  #recentFills(master: string, n: number): unknown[] {
    const id = this.state.masters.get(master);
    if (id === undefined) return [];
    const mine = this.core.engine.fills.filter((f) => f.accountId === id).slice(-n);
    return mine.map((f) => fillJson(f, this.state.coinOfSymbol(f.symbol).coin, this.state.startPosition.get(f.tradeId) ?? '0'));
  }

  #json(status: number, value: unknown): SimHttpReply {
    return { status, body: JSON.stringify(value) };
  }

  #text(status: number, text: string, contentType = 'text/plain; charset=utf-8'): SimHttpReply {
    return { status, body: text, contentType };
  }

  #count(code: string): void {
    this.core.stats.errors[code] = (this.core.stats.errors[code] ?? 0) + 1;
  }

  #tooMany(): SimHttpReply {
    this.core.stats.status429++;
    this.#count('429');
    return this.#json(429, say.tooManyRequests);
  }

  async http(req: SimHttpRequest): Promise<SimHttpReply> {
    countRequest(this.core.stats, req);
    if (req.method !== 'POST' || (req.path !== '/info' && req.path !== '/exchange')) return this.#text(404, 'Not Found');
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(req.rawBody);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (e) {
      this.#count('422');
      return this.#text(422, `Failed to deserialize the JSON body into the target type: ${errorMessage(e)}`);
    }
    const isExchange = req.path === '/exchange';
    const info: RequestInfo = { kind: this.#kind(isExchange, body), method: req.method, path: req.path };
    const faults = this.core.faults;
    if (faults.fires('hold', info)) await faults.held();
    const delay = faults.delayMs('delay', info);
    if (delay > 0) await sleep(delay);
    if (faults.fires('html502', info)) return this.#text(502, HTML_502, 'text/html');
    // An `err` status: how the venue refuses an action, its `response` free text.
    const refusal = faults.refusal(info, HOSTILE_TEXT);
    if (refusal !== undefined) return this.#json(200, { status: 'err', response: refusal });
    if (faults.fires('rateLimitStorm', info)) return this.#tooMany();
    if (faults.fires('error5xxBefore', info)) return this.#text(503, 'Service Unavailable');
    let result: ActionResult | undefined;
    let reply: unknown;
    try {
      if (isExchange) {
        const action = (body['action'] ?? {}) as Record<string, unknown>;
        const n = Array.isArray(action['orders']) ? action['orders'].length : Array.isArray(action['cancels']) ? action['cancels'].length : 1;
        if (this.limiter.overIp(LOOPBACK_IP, exchangeWeight(n))) return this.#tooMany();
        result = this.#exchange(body);
        reply = result.json;
      } else {
        if (this.limiter.overIp(LOOPBACK_IP, infoWeight(String(body['type'])))) return this.#tooMany();
        reply = infoReply(this.state, body);
      }
    } catch (e) {
      if (e instanceof BadBody) {
        this.#count('422');
        return this.#text(422, e.message);
      }
      throw e;
    }
    const accepted = result?.accepted ?? [];
    const fate = (f: (typeof accepted)[number]['reply']) => {
      for (const a of accepted) a.reply = f;
    };
    if (faults.fires('dropResponse', info)) {
      fate('dropped');
      return { drop: true };
    }
    if (faults.fires('unknownStatus', info)) {
      fate('unknown-status');
      return this.#text(504, 'Gateway Timeout');
    }
    if (faults.fires('error5xxAfter', info)) {
      fate('5xx');
      return this.#text(500, 'Internal Server Error');
    }
    if (faults.fires('unavailableAfter', info)) {
      if (faults.fires('holdAfter', info)) await faults.held();
      fate('5xx');
      return this.#text(503, 'Service Unavailable');
    }
    if (faults.fires('holdAfter', info)) await faults.held();
    const after = faults.delayMs('delayAfter', info);
    if (after > 0) await sleep(after);
    fate('sent');
    if (typeof reply === 'object' && reply !== null && (reply as { status?: unknown }).status === 'err') this.#count('err');
    return this.#json(200, reply);
  }

  #kind(isExchange: boolean, body: Record<string, unknown>): RequestInfo['kind'] {
    if (!isExchange) return body['type'] === 'orderStatus' ? 'query' : 'other';
    const type = (body['action'] as { type?: unknown } | undefined)?.type;
    if (type === 'order' || type === 'modify' || type === 'batchModify') return 'order';
    return type === 'cancel' || type === 'cancelByCloid' ? 'cancel' : 'other';
  }

  /** Signer → account → expiry → nonce → allowance → action. Throws BadBody for a body that does not deserialise. */
  #exchange(raw: Record<string, unknown>): ActionResult {
    const none = (json: unknown): ActionResult => ({ json, accepted: [], quiet: new Set() });
    const body = exchangeBody(raw);
    const now = this.core.clock.now();
    const action = body.action;
    // User-signed actions carry their own EIP-712 message; L1 actions are signed through a phantom
    // agent (the local venue is a testnet: source "b" only).
    const digest =
      action.type === 'approveBuilderFee'
        ? userDigest('HyperliquidTransaction:ApproveBuilderFee', action as unknown as Record<string, unknown>)
        : agentDigest(actionHash(action, body.nonce, body.vaultAddress, body.expiresAfter), 'b');
    const signer = (digest === undefined ? undefined : recoverSigner(digest, body.signature)) ?? ZERO_ADDRESS;
    const who = this.state.accountOfSigner(signer);
    if (who === undefined) return none(err(say.unknownSigner(signer)));
    if (action.type === 'approveBuilderFee') {
      if (who.master !== signer) return none(err(say.userSignedByAgent(action.type)));
      if (action.hyperliquidChain !== 'Testnet') return none(err(say.wrongChain(action.hyperliquidChain)));
    }
    if (body.vaultAddress !== null) return none(err(say.vault));
    if (body.expiresAfter !== null && now > body.expiresAfter) return none(err(say.expired(body.expiresAfter, now)));
    const bad = this.nonces.check(signer, body.nonce, now);
    if (bad !== undefined) return none(err(bad));
    this.nonces.use(signer, body.nonce);
    const volume = this.state.volumeOf(who.accountId);
    const n = batchSize(body.action);
    if (this.state.allowance.spend(who.accountId, n, volume, now) === undefined) {
      return none(err(say.cumulative(this.state.allowance.used(who.accountId) + n, this.state.allowance.cap(volume), D.normalize(volume))));
    }
    this.#held = [];
    let result: ActionResult | undefined;
    try {
      result = runAction(this.state, { ...who, nonce: body.nonce }, body.action, (time) => this.#schedule(who.accountId, time));
    } finally {
      const held = this.#held;
      this.#held = undefined;
      const quiet = result?.quiet;
      for (const e of held) if (!(e.kind === 'order' && quiet?.has(e.order.orderId) === true)) this.#publish(e);
    }
    this.core.ledger.push(...result.accepted);
    return result;
  }

  /** Arms (time) or removes (undefined) the account's scheduled cancel; returns the refusal, if any. */
  #schedule(accountId: string, time: number | undefined): string | undefined {
    const old = this.#deadmen.get(accountId);
    if (time === undefined) {
      if (old !== undefined) clearTimeout(old.timer);
      this.#deadmen.delete(accountId);
      return undefined;
    }
    const volume = this.state.volumeOf(accountId);
    if (D.lt(volume, this.#minVolume)) return say.scheduleVolume(D.normalize(volume), this.#minVolume);
    const now = this.core.clock.now();
    if (time < now + 5_000) return say.scheduleTooSoon;
    const day = Math.floor(now / 86_400_000);
    const fired = this.#triggered.get(accountId);
    if (fired !== undefined && fired.day === day && fired.count >= 10) return say.scheduleDaily(10);
    if (old !== undefined) clearTimeout(old.timer);
    const timer = setTimeout(() => this.#fire(accountId), time - now);
    timer.unref();
    this.#deadmen.set(accountId, { timer, time });
    return undefined;
  }

  #fire(accountId: string): void {
    this.#deadmen.delete(accountId);
    const day = Math.floor(this.core.clock.now() / 86_400_000);
    const fired = this.#triggered.get(accountId);
    this.#triggered.set(accountId, { day, count: fired?.day === day ? fired.count + 1 : 1 });
    for (const o of this.core.engine.openOrders(accountId)) {
      this.state.cancelReason.set(o.orderId, 'scheduledCancel');
      this.core.engine.cancel(accountId, o.symbol, { orderId: o.orderId });
    }
    // Trigger (TP/SL) orders are open orders here: the switch takes them too (docs/venues.md §8.3).
    for (const t of this.core.engine.triggers.open(accountId)) {
      this.state.cancelReason.set(t.triggerId, 'scheduledCancel');
      this.core.engine.triggers.cancel(accountId, { triggerId: t.triggerId });
    }
  }

  /** The account's scheduled cancel time, if armed (tests, diagnostics). */
  scheduledCancel(accountId: string): number | undefined {
    return this.#deadmen.get(accountId)?.time;
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind === 'trigger' && e.trigger.orderId !== undefined) this.state.triggerOf.set(e.trigger.orderId, e.trigger.triggerId);
    if (e.kind === 'order') this.#releaseChildren(e.order, e.fill !== undefined);
    if (e.kind === 'order' && e.fill !== undefined) {
      // Book-keeping at once (the position is the one right after this fill); pushes may wait.
      const f = e.fill;
      const account = this.core.accounts.get(f.accountId);
      const after = account?.position(f.symbol).amount ?? '0';
      this.state.startPosition.set(f.tradeId, D.sub(after, f.side === 'BUY' ? f.qty : D.neg(f.qty)));
      this.state.addVolume(f.accountId, f.quoteQty);
    }
    if (e.kind === 'order' && e.exec === 'EXPIRED' && e.order.reduceOnly && !this.state.cancelReason.has(e.order.orderId)) {
      this.state.cancelReason.set(e.order.orderId, 'reduceOnlyCanceled');
    }
    if (this.#held !== undefined) this.#held.push(e);
    else this.#publish(e);
  }

  /** A normalTpsl parent's children go live at its first fill, and die with it if it ends unfilled. */
  #releaseChildren(o: Order, filled: boolean): void {
    const held = this.state.waitingForFill.get(o.orderId);
    if (held === undefined) return;
    if (!filled && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')) return;
    this.state.waitingForFill.delete(o.orderId);
    if (filled) for (const place of held) place();
  }

  #publish(e: MatchEvent): void {
    if (e.kind === 'account') return;
    const master = this.state.masterOf.get(e.accountId);
    if (master === undefined) return;
    if (e.kind === 'trigger') {
      const t = e.trigger;
      // The market order it sends speaks for it from TRIGGERED on, under the same oid.
      if (t.status === 'TRIGGERING' || t.status === 'FINISHED') return;
      const basic = triggerBasic(t, this.state.coinOfSymbol(t.symbol).coin, this.state.cloidOf.get(t.triggerId));
      this.streams.order(master, { order: basic, status: triggerStatusWord(t, this.state.cancelReason.get(t.triggerId)), statusTimestamp: t.updateTime });
      return;
    }
    const oid = this.state.venueOid(e.order.orderId);
    const o = { ...e.order, orderId: oid };
    const coin = this.state.coinOfSymbol(o.symbol).coin;
    if (e.fill !== undefined) {
      this.streams.fill(master, fillJson({ ...e.fill, orderId: oid }, coin, this.state.startPosition.get(e.fill.tradeId) ?? '0'));
    }
    this.streams.order(master, {
      order: basicOrder(o, coin, this.state.cloidOf.get(oid)),
      status: statusWord(o, this.state.cancelReason.get(e.order.orderId)),
      statusTimestamp: o.updateTime,
    });
  }

  wsRoute(path: string) {
    return this.streams.wsRoute(path);
  }

  onTick(): void {
    // The schedule is in venue time: a clock jump (fault or control) can bring it due before the timer.
    const now = this.core.clock.now();
    for (const [accountId, d] of this.#deadmen) {
      if (now < d.time) continue;
      clearTimeout(d.timer);
      this.#fire(accountId);
    }
    this.streams.onTick();
  }

  /** Hyperliquid has no listen keys. */
  expireListenKeys(): number {
    return 0;
  }

  /** Hyperliquid does not ban: the nearest thing is 429 on everything for a while. */
  banNow(ms: number): void {
    this.limiter.refuseFor(ms);
  }

  resetLimits(): void {
    this.limiter.reset();
    this.state.allowance.reset();
  }

  close(): void {
    this.streams.close();
    for (const d of this.#deadmen.values()) clearTimeout(d.timer);
    this.#deadmen.clear();
  }
}
