// Bybit v5 WebSockets (BYD `ws/connect.mdx`, `websocket/wss-authentication.mdx`, `websocket/public/*`,
// `websocket/private/*`). Public `/v5/public/linear` serves `tickers.{symbol}` and
// `orderbook.1.{symbol}` (best bid and ask, each push a snapshot). Private `/v5/private` takes
// `{"op":"auth","args":[apiKey, expires, signature]}` with signature = hex HMAC-SHA256 of
// 'GET/realtime' + expires and `expires` (ms) still ahead of the venue's clock, verified here
// independently of any client code, before `order`, `execution`, `position`, `wallet` or `dcp` can be
// subscribed. `{"op":"ping"}` is answered `pong` (public: `ret_msg:"pong"`, private: `op:"pong"`);
// under the ignore-pings fault nothing answers. The private connections that subscribed `dcp` are
// the ones DCP watches (dcp.ts). A socket whose client has not pinged for its active time is closed
// (10 minutes; the private URL's `max_active_time=30s…600s` sets its own). The public socket also
// serves `kline.{interval}.{symbol}` (klines.ts).
import type { WebSocket } from 'ws';
import { monotonicMs } from '../../clock.js';
import type { StoredKey } from '../../accounts.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimSocket } from '../../server/ws-hub.js';
import { type Dcp, DERIVATIVES_DCP_TOPICS } from './dcp.js';
import { conditionalJson } from './conditional.js';
import { executionJson, orderJson, positionJson, type OrderExtras, tickerJson, topOfBook, walletJson } from './format.js';
import { verifySigned } from './auth.js';
import { wsAuthPrehash } from './verify.js';
import { KlineTopics } from './klines.js';

/** Private topics, each also accepted with its category suffix (`order.linear`). */
const PRIVATE_TOPICS = new Set(['order', 'execution', 'position', 'wallet', 'dcp', 'dcp.future', 'dcp.spot', 'dcp.option']);
const CATEGORY_TOPICS = new Set(['order', 'execution', 'position']);
const PUBLIC_TOPIC = /^(tickers|orderbook\.1)\.([A-Z0-9]+)$/;

interface Conn {
  sock: SimSocket;
  connId: string;
  private: boolean;
  key: StoredKey | undefined;
  topics: Set<string>;
  /** Monotonic ms of the client's last ping (or of the connect). */
  lastPing: number;
  activeMs: number;
}

/** `max_active_time` as the venue takes it: 30s to 600s, in seconds or minutes (`30s`, `1m`). */
export function maxActiveMs(text: string | null): number | undefined {
  const m = text === null ? null : /^(\d{1,3})(s|m)$/.exec(text);
  if (m === null) return undefined;
  const ms = Number(m[1]) * (m[2] === 'm' ? 60_000 : 1_000);
  return ms >= 30_000 && ms <= 600_000 ? ms : undefined;
}

type Msg = { op?: unknown; args?: unknown; req_id?: unknown };

export class BybitStreams {
  readonly #conns = new Map<SimSocket, Conn>();
  readonly #klines = new KlineTopics();
  readonly #reaper: NodeJS.Timeout;
  #nextConn = 1;
  #nextPush = 1;

  constructor(
    readonly core: SimCore,
    readonly dcp: Dcp,
    readonly extras: (orderId: number) => OrderExtras,
    /** Without a ping for this long a socket is closed. Venue: 10 minutes. */
    readonly activeMs = 600_000,
  ) {
    this.#reaper = setInterval(() => this.#reap(), Math.max(5, Math.min(activeMs, 30_000) / 5));
    this.#reaper.unref();
  }

  wsRoute(path: string, query: URLSearchParams): ((ws: WebSocket) => void) | undefined {
    if (path === '/v5/public/linear') return (ws) => this.#open(ws, false, this.activeMs);
    if (path === '/v5/private') {
      const raw = query.get('max_active_time');
      const ms = raw === null ? this.activeMs : maxActiveMs(raw);
      // An active time outside 30s-600s: the venue refuses the connection.
      if (ms === undefined) return (ws) => ws.close(1008, 'max_active_time must be 30s to 600s');
      return (ws) => this.#open(ws, true, ms);
    }
    return undefined;
  }

  #reap(): void {
    const now = monotonicMs();
    for (const c of this.#conns.values()) if (now - c.lastPing > c.activeMs) c.sock.ws.close(1000, 'no ping within the active time');
  }

  close(): void {
    clearInterval(this.#reaper);
  }

  #open(ws: WebSocket, isPrivate: boolean, activeMs: number): void {
    const sock = this.core.hub.add(ws, isPrivate ? 'user' : 'market');
    const conn: Conn = {
      sock,
      connId: `sim${(this.#nextConn++).toString(36).padStart(6, '0')}-${isPrivate ? 'priv' : 'pub'}`,
      private: isPrivate,
      key: undefined,
      topics: new Set(),
      lastPing: monotonicMs(),
      activeMs,
    };
    this.#conns.set(sock, conn);
    ws.on('close', () => this.#closed(conn));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
  }

  /** Whether an account still has a connection DCP watches. */
  #watched(accountId: string, except?: Conn): boolean {
    for (const c of this.#conns.values()) {
      if (c !== except && c.key?.accountId === accountId && [...c.topics].some((t) => DERIVATIVES_DCP_TOPICS.has(t))) return true;
    }
    return false;
  }

  #closed(conn: Conn): void {
    this.#conns.delete(conn.sock);
    const accountId = conn.key?.accountId;
    const wasWatched = [...conn.topics].some((t) => DERIVATIVES_DCP_TOPICS.has(t));
    if (accountId !== undefined && wasWatched && !this.#watched(accountId)) this.dcp.lost(accountId);
  }

  /** Control frames (acks, pongs) skip the fault hooks that garble data pushes. */
  #reply(conn: Conn, value: unknown): void {
    if (conn.sock.ws.readyState === 1) conn.sock.ws.send(JSON.stringify(value));
  }

  #ack(conn: Conn, op: string, reqId: unknown, success: boolean, retMsg: string): void {
    this.#reply(conn, { success, ret_msg: retMsg, conn_id: conn.connId, ...(reqId === undefined ? {} : { req_id: reqId }), op });
  }

  #onMessage(conn: Conn, text: string): void {
    let msg: Msg;
    try {
      msg = JSON.parse(text) as Msg;
    } catch {
      this.#ack(conn, '', undefined, false, 'error:invalid op');
      return;
    }
    if (typeof msg !== 'object' || msg === null) msg = {};
    const args = Array.isArray(msg.args) ? msg.args : [];
    switch (msg.op) {
      case 'ping':
        this.#ping(conn, msg.req_id);
        return;
      case 'auth':
        this.#auth(conn, msg.req_id, args);
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.#subscribe(conn, msg.op, msg.req_id, args);
        return;
      default:
        this.#ack(conn, String(msg.op ?? ''), msg.req_id, false, 'error:invalid op');
    }
  }

  #ping(conn: Conn, reqId: unknown): void {
    conn.lastPing = monotonicMs();
    if (this.core.faults.ignorePings) return;
    if (conn.key !== undefined && [...conn.topics].some((t) => DERIVATIVES_DCP_TOPICS.has(t))) this.dcp.alive(conn.key.accountId);
    if (conn.private) {
      this.#reply(conn, { ...(reqId === undefined ? {} : { req_id: reqId }), op: 'pong', args: [String(this.core.clock.now())], conn_id: conn.connId });
    } else this.#ack(conn, 'ping', reqId, true, 'pong');
  }

  #auth(conn: Conn, reqId: unknown, args: unknown[]): void {
    if (!conn.private) {
      this.#ack(conn, 'auth', reqId, false, 'error:invalid op');
      return;
    }
    const [apiKey, expires, signature] = args;
    // `expires` is an integer of ms; a string of digits is read the same.
    const exp = typeof expires === 'number' && Number.isSafeInteger(expires) ? String(expires) : typeof expires === 'string' && /^\d{1,16}$/.test(expires) ? expires : undefined;
    if (typeof apiKey !== 'string' || typeof signature !== 'string' || exp === undefined || Number(exp) <= this.core.clock.now()) {
      this.#ack(conn, 'auth', reqId, false, 'Params Error');
      return;
    }
    const key = this.core.keys.get(apiKey);
    if (key === undefined || !verifySigned(key, wsAuthPrehash(exp), signature)) {
      this.#ack(conn, 'auth', reqId, false, 'Request not authorized');
      return;
    }
    conn.key = key;
    this.#ack(conn, 'auth', reqId, true, '');
  }

  #subscribe(conn: Conn, op: 'subscribe' | 'unsubscribe', reqId: unknown, args: unknown[]): void {
    const topics = args.filter((a): a is string => typeof a === 'string');
    if (topics.length === 0 || topics.length !== args.length) {
      this.#ack(conn, op, reqId, false, 'error:args invalid');
      return;
    }
    if (op === 'unsubscribe') {
      const accountId = conn.key?.accountId;
      const watched = accountId !== undefined && this.#watched(accountId);
      for (const t of topics) conn.topics.delete(t);
      if (watched && !this.#watched(accountId)) this.dcp.lost(accountId);
      this.#ack(conn, op, reqId, true, '');
      return;
    }
    if (conn.private && conn.key === undefined) {
      this.#ack(conn, op, reqId, false, 'Request not authorized');
      return;
    }
    const bad = topics.find((t) => !this.#known(conn, t));
    if (bad !== undefined) {
      this.#ack(conn, op, reqId, false, `error:handler not found,topic:${bad.slice(0, 64)}`);
      return;
    }
    for (const t of topics) conn.topics.add(t);
    this.#ack(conn, op, reqId, true, '');
    if (!conn.private) this.#pushMarket(conn, topics);
  }

  #known(conn: Conn, topic: string): boolean {
    if (conn.private) {
      const [base, category] = topic.split(/\.(?=linear$)/);
      return PRIVATE_TOPICS.has(base!) && (category === undefined || CATEGORY_TOPICS.has(base!));
    }
    const m = PUBLIC_TOPIC.exec(topic);
    return (m !== null && this.core.market.get(m[2]!) !== undefined) || this.#klines.known(topic, (s) => this.core.market.get(s));
  }

  #push(conn: Conn, payload: Record<string, unknown>): void {
    this.core.hub.send(conn.sock, JSON.stringify(payload));
  }

  /** `klines`: this tick's kline frames by topic, computed once for every connection. */
  #pushMarket(conn: Conn, topics: Iterable<string>, klines = new Map<string, Record<string, unknown>[]>()): void {
    const now = this.core.clock.now();
    for (const topic of topics) {
      if (topic.startsWith('kline.')) {
        let frames = klines.get(topic);
        if (frames === undefined) {
          frames = this.#klines.frames(topic, (s) => this.core.market.get(s), now);
          klines.set(topic, frames);
        }
        for (const f of frames) this.#push(conn, f);
        continue;
      }
      const m = PUBLIC_TOPIC.exec(topic);
      const market = m === null ? undefined : this.core.market.get(m[2]!);
      if (market === undefined) continue;
      if (m![1] === 'tickers') {
        this.#push(conn, { topic, type: 'snapshot', data: tickerJson(market, now), cs: market.updateId, ts: now });
      } else {
        this.#push(conn, { topic, type: 'snapshot', ts: now, data: { s: market.spec.symbol, ...topOfBook(market), u: market.updateId, seq: market.updateId }, cts: now });
      }
    }
  }

  onTick(): void {
    const klines = new Map<string, Record<string, unknown>[]>();
    for (const conn of this.#conns.values()) if (!conn.private && conn.topics.size > 0) this.#pushMarket(conn, conn.topics, klines);
  }

  /** The topic a connection subscribed that carries `base` (plain or `.linear`), if any. */
  #topic(conn: Conn, base: string): string | undefined {
    if (conn.topics.has(base)) return base;
    return conn.topics.has(`${base}.linear`) ? `${base}.linear` : undefined;
  }

  #privatePush(conn: Conn, base: string, data: unknown[]): void {
    const topic = this.#topic(conn, base);
    if (topic === undefined) return;
    this.#push(conn, { id: `${conn.connId}-${this.#nextPush++}`, topic, creationTime: this.core.clock.now(), data });
  }

  onMatchEvent(e: MatchEvent): void {
    const targets = [...this.#conns.values()].filter((c) => c.private && c.key?.accountId === e.accountId);
    if (targets.length === 0) return;
    const symbol = e.kind === 'order' ? e.order.symbol : e.kind === 'trigger' ? e.trigger.symbol : e.symbol;
    const market = this.core.market.get(symbol);
    if (market === undefined) return;
    const s = market.spec;
    if (e.kind === 'trigger') {
      // Untriggered, Triggered, Deactivated, Rejected; its market order's own updates follow under its id.
      const t = e.trigger;
      if (t.status === 'TRIGGERING' || t.status === 'FINISHED') return;
      const order = { category: 'linear', ...conditionalJson(t, undefined, s, this.extras(t.triggerId)) };
      for (const conn of targets) this.#privatePush(conn, 'order', [order]);
      return;
    }
    if (e.kind === 'order') {
      const cond = e.order.trigger === undefined ? undefined : this.core.engine.triggers.all.get(e.order.trigger.triggerId);
      const order = {
        category: 'linear',
        ...(cond === undefined ? orderJson(e.order, s, this.extras(e.order.orderId)) : conditionalJson(cond, e.order, s, this.extras(e.order.orderId))),
      };
      const shown = e.fill === undefined || cond === undefined ? e.fill : { ...e.fill, orderId: cond.triggerId };
      const fill = shown === undefined ? undefined : { category: 'linear', ...executionJson(shown, e.order, s, market.mark) };
      for (const conn of targets) {
        if (fill !== undefined) this.#privatePush(conn, 'execution', [fill]);
        this.#privatePush(conn, 'order', [order]);
      }
      return;
    }
    const account = this.core.accounts.get(e.accountId)!;
    const now = this.core.clock.now();
    const position = { category: 'linear', ...positionJson(account, market, now, this.core.market) };
    const wallet = walletJson(account, this.core.engine.marks(), this.core.market);
    for (const conn of targets) {
      this.#privatePush(conn, 'position', [position]);
      this.#privatePush(conn, 'wallet', [wallet]);
    }
  }
}
