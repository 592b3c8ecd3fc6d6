// Kraken's WebSocket v2 (docs.kraken.com api-reference websocket-v2, read 2026-12-07). The venue has
// two hosts with the same path (wss://ws.kraken.com/v2 public, wss://ws-auth.kraken.com/v2 private);
// the sim has one host, so `/v2` serves both (a client given the sim's one socket URL for both hosts
// finds each channel where it looks; the socket counts as `user` for the fault plan once it subscribes a
// private channel), and each host's first label as a path prefix serves one side only, strictly:
// `/ws/v2` public, `/ws-auth/v2` private. On connect the socket gets a `status` message. Requests are
// `{"method":…,"params":{…},"req_id":n}`:
//   ping → `{"method":"pong","req_id":n,"time_in","time_out"}` (silent under the ignore-pings fault);
//   subscribe / unsubscribe: `ticker` and `book` (depth 10, 25, 100, 500, 1000) by `symbol` list on
//   either socket; `executions` (snap_orders, snap_trades) and `balances` on the private one with the
//   `token` from GetWebSocketsToken (unused 15 minutes after issue: ESession:Invalid session; once a
//   subscription used it, it stays good). One ack per channel and symbol, then a snapshot, then updates.
// Heartbeats: `{"channel":"heartbeat"}` each second to a socket with a subscription and nothing else
// pushed that second (none under the no-server-pings fault). `ohlc` by `symbol` list and `interval`
// (ohlc.ts). Not served: add_order, cancel_order and the other trading methods, `trade`, `instrument`,
// `level3` (`EGeneral:Invalid arguments`). The subscriptions' bookkeeping and refusals: stream-subs.ts.
import type { WebSocket } from 'ws';
import { monotonicMs } from '../../clock.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimSocket } from '../../server/ws-hub.js';
import type { KrakenDialect } from './dialect.js';
import { OhlcSubs } from './ohlc.js';
import { type Auth, type Conn, intervalOf, type Params, type Req, subscribe, symbolsOf, unsubscribe, WsError } from './stream-subs.js';
import { type KrakenPair, pairOf } from './pairs.js';
import {
  balanceV2,
  checksum,
  executionV2,
  ledgerV2,
  levelList,
  levels,
  rfc3339,
  tickerV2,
} from './stream-format.js';

export class KrakenStreams {
  readonly #conns = new Map<SimSocket, Conn>();
  readonly #beat: NodeJS.Timeout;
  readonly #closing = new Set<NodeJS.Timeout>();
  #connectionId = 1;
  readonly #auth: Auth;

  constructor(
    readonly core: SimCore,
    readonly dialect: KrakenDialect,
    /** Between the maintenance status and the close (the upgrade-notice fault). */
    readonly noticeMs = 60_000,
  ) {
    this.#auth = { tokens: dialect.tokens, now: () => core.clock.now() };
    this.#beat = setInterval(() => this.#heartbeats(), 250);
    this.#beat.unref();
  }

  wsRoute(path: string, _query: URLSearchParams): ((ws: WebSocket) => void) | undefined {
    if (path === '/v2') return (ws) => this.#open(ws, true, true);
    if (path === '/ws/v2') return (ws) => this.#open(ws, false, true);
    if (path === '/ws-auth/v2') return (ws) => this.#open(ws, true, false);
    return undefined;
  }

  close(): void {
    clearInterval(this.#beat);
    for (const t of this.#closing) clearTimeout(t);
    this.#closing.clear();
  }

  /**
   * The upgrade-notice fault: the venue's `status` channel says `maintenance` on every socket, which are
   * closed (1012) after the notice period. Returns how many sockets were told.
   */
  announceUpgrade(): number {
    const conns = [...this.#conns.values()];
    for (const c of conns)
      this.#reply(c, {
        channel: 'status',
        type: 'update',
        data: [{ version: '2.0.10', system: 'maintenance', api_version: 'v2', connection_id: 0 }],
      });
    const t = setTimeout(() => {
      this.#closing.delete(t);
      for (const c of conns) c.sock.ws.close(1012, 'maintenance');
    }, this.noticeMs);
    t.unref();
    this.#closing.add(t);
    return conns.length;
  }

  #open(ws: WebSocket, isPrivate: boolean, isPublic: boolean): void {
    const sock = this.core.hub.add(ws, isPublic ? 'market' : 'user');
    const conn: Conn = {
      sock,
      private: isPrivate,
      public: isPublic,
      accountId: undefined,
      ticker: new Set(),
      book: new Map(),
      ohlc: new OhlcSubs(),
      executions: false,
      balances: false,
      lastPush: monotonicMs(),
      sequence: 0,
    };
    this.#conns.set(sock, conn);
    ws.on('close', () => this.#conns.delete(sock));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
    this.#reply(conn, {
      channel: 'status',
      type: 'update',
      data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: this.#connectionId++ }],
    });
  }

  /** Acks and pongs: straight out, past the fault hooks that garble pushes. */
  #reply(conn: Conn, value: unknown): void {
    if (conn.sock.ws.readyState === 1) conn.sock.ws.send(JSON.stringify(value));
  }

  #push(conn: Conn, value: Record<string, unknown>): void {
    conn.lastPush = monotonicMs();
    if (value['channel'] === 'executions' || value['channel'] === 'balances')
      value['sequence'] = ++conn.sequence;
    this.core.hub.send(conn.sock, JSON.stringify(value));
  }

  #heartbeats(): void {
    if (this.core.faults.noServerPings) return;
    const now = monotonicMs();
    for (const c of this.#conns.values()) {
      const subscribed = c.ticker.size + c.book.size + c.ohlc.size > 0 || c.executions || c.balances;
      if (subscribed && now - c.lastPush >= 1000) this.#push(c, { channel: 'heartbeat' });
    }
  }

  #onMessage(conn: Conn, text: string): void {
    const timeIn = rfc3339(this.core.clock.now());
    let req: Req;
    try {
      req = JSON.parse(text) as Req;
    } catch {
      this.#reply(conn, {
        error: 'EGeneral:Invalid arguments',
        success: false,
        time_in: timeIn,
        time_out: timeIn,
      });
      return;
    }
    const reqId = typeof req.req_id === 'number' ? { req_id: req.req_id } : {};
    const done = () => ({ time_in: timeIn, time_out: rfc3339(this.core.clock.now()) });
    const method = req.method;
    if (method === 'ping') {
      if (!this.core.faults.ignorePings) this.#reply(conn, { method: 'pong', ...reqId, ...done() });
      return;
    }
    if (method !== 'subscribe' && method !== 'unsubscribe') {
      this.#reply(conn, { error: 'EGeneral:Invalid arguments', method, success: false, ...reqId, ...done() });
      return;
    }
    const params = (typeof req.params === 'object' && req.params !== null ? req.params : {}) as Params;
    try {
      const acks = method === 'subscribe' ? subscribe(conn, params, this.#auth) : unsubscribe(conn, params);
      for (const result of acks) this.#reply(conn, { method, result, success: true, ...reqId, ...done() });
      if (method === 'subscribe') this.#snapshots(conn, params);
    } catch (e) {
      if (!(e instanceof WsError)) throw e;
      this.#reply(conn, { error: e.message, method, success: false, ...reqId, ...done() });
    }
  }

  #snapshots(conn: Conn, params: Params): void {
    const channel = params['channel'];
    const orders = this.dialect.orders;
    if (channel === 'ticker' && params['snapshot'] !== false)
      for (const p of symbolsOf(params))
        this.#push(conn, { channel, type: 'snapshot', data: [tickerV2(this.core.market.get(p.symbol)!, p)] });
    if (channel === 'book' && params['snapshot'] !== false)
      for (const p of symbolsOf(params)) this.#pushBook(conn, p, true);
    if (channel === 'ohlc' && params['snapshot'] !== false) {
      const intervalMs = intervalOf(params);
      const now = this.core.clock.now();
      const data = symbolsOf(params).flatMap((p) => conn.ohlc.snapshot(this.core.market.get(p.symbol)!, p, intervalMs, now));
      this.#push(conn, { channel, type: 'snapshot', data });
    }
    if (channel === 'executions' && conn.accountId !== undefined) {
      const data: Record<string, unknown>[] = [];
      if (params['snap_orders'] !== false)
        for (const o of this.core.engine.openOrders(conn.accountId))
          data.push(executionV2(o, orders.extras(o.orderId), 'new', pairOf(o.symbol)));
      if (params['snap_trades'] === true) {
        const fills = this.core.engine.fills.filter((f) => f.accountId === conn.accountId).slice(-50);
        for (const f of fills) {
          const o = this.core.engine.orders.get(f.orderId);
          if (o !== undefined)
            data.push(executionV2(o, orders.extras(o.orderId), 'trade', pairOf(o.symbol), f));
        }
      }
      this.#push(conn, { channel, type: 'snapshot', data });
    }
    if (channel === 'balances' && conn.accountId !== undefined && params['snapshot'] !== false) {
      const spot = this.core.accounts.get(conn.accountId)?.spot;
      const data = spot === undefined ? [] : [...spot.balances].map(([asset, v]) => balanceV2(asset, v));
      this.#push(conn, { channel, type: 'snapshot', data });
    }
  }

  /** A book snapshot, or an update with the levels that changed since the last push (qty 0: gone). */
  #pushBook(conn: Conn, p: KrakenPair, snapshot: boolean): void {
    const sub = conn.book.get(p.symbol);
    if (sub === undefined) return;
    const now = levels(this.core.market.get(p.symbol)!, p, sub.depth);
    const diff = (before: Map<string, string>, after: Map<string, string>) => {
      const out = new Map<string, string>();
      for (const [price, qty] of after) if (before.get(price) !== qty) out.set(price, qty);
      for (const price of before.keys()) if (!after.has(price)) out.set(price, '0');
      return out;
    };
    const bids = snapshot ? now.bids : diff(sub.sent.bids, now.bids);
    const asks = snapshot ? now.asks : diff(sub.sent.asks, now.asks);
    sub.sent = now;
    if (!snapshot && bids.size === 0 && asks.size === 0) return;
    this.#push(conn, {
      channel: 'book',
      type: snapshot ? 'snapshot' : 'update',
      data: [
        {
          symbol: p.symbol,
          bids: levelList(bids, false),
          asks: levelList(asks, true),
          checksum: checksum(now),
          ...(snapshot ? {} : { timestamp: rfc3339(this.core.clock.now()) }),
        },
      ],
    });
  }

  onTick(): void {
    for (const c of this.#conns.values()) {
      for (const symbol of c.ticker) {
        const p = pairOf(symbol);
        this.#push(c, {
          channel: 'ticker',
          type: 'update',
          data: [tickerV2(this.core.market.get(symbol)!, p)],
        });
      }
      for (const symbol of c.book.keys()) this.#pushBook(c, pairOf(symbol), false);
      const now = this.core.clock.now();
      for (const [intervalMs, symbols] of c.ohlc.byInterval)
        for (const symbol of symbols) {
          const data = c.ohlc.due(this.core.market.get(symbol)!, pairOf(symbol), intervalMs, now);
          if (data.length > 0) this.#push(c, { channel: 'ohlc', type: 'update', data });
        }
    }
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind !== 'order') return;
    const o = e.order;
    const pair = pairOf(o.symbol);
    const x = this.dialect.orders.extras(o.orderId);
    const type =
      e.exec === 'TRADE'
        ? 'trade'
        : e.exec === 'NEW'
          ? 'new'
          : e.exec === 'CANCELED'
            ? 'canceled'
            : e.exec === 'EXPIRED'
              ? 'expired'
              : undefined;
    if (type === undefined) return;
    const spot = this.core.accounts.get(e.accountId)?.spot;
    for (const c of this.#conns.values()) {
      if (c.accountId !== e.accountId) continue;
      if (c.executions) {
        // A new order is announced twice, as the venue does: pending_new, then new once it is in the book.
        if (type === 'new') {
          const pending = {
            ...executionV2(o, x, 'new', pair),
            exec_type: 'pending_new',
            order_status: 'pending_new',
          };
          this.#push(c, { channel: 'executions', type: 'update', data: [pending] });
        }
        const data = [executionV2(o, x, type, pair, e.fill)];
        if (type === 'trade' && o.status === 'FILLED') data.push(executionV2(o, x, 'filled', pair));
        this.#push(c, { channel: 'executions', type: 'update', data });
      }
      if (c.balances && e.fill !== undefined && spot !== undefined) {
        const f = e.fill;
        const buy = f.side === 'BUY';
        const data = [
          ledgerV2(pair.base, buy ? f.qty : `-${f.qty}`, '0', spot.total(pair.base), f),
          ledgerV2(pair.quote, buy ? `-${f.quoteQty}` : f.quoteQty, f.commission, spot.total(pair.quote), f),
        ];
        this.#push(c, { channel: 'balances', type: 'update', data });
      }
    }
  }
}
