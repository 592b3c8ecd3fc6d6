// Binance USD-M WebSockets: market streams on the /public and /market routes (ws mode
// `/<route>/ws/<stream>/…`, stream mode `/<route>/stream?streams=a/b`, and SUBSCRIBE / UNSUBSCRIBE /
// LIST_SUBSCRIPTIONS messages) and the user data stream on /private by listen key and events
// (ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, ALGO_UPDATE, listenKeyExpired). Which route serves what, and how the
// retired unrouted paths behave, is in stream-routes.ts.
import type { WebSocket } from 'ws';
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import { KlinePushes } from '../../market/klines.js';
import type { SymbolMarket } from '../../market/market.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimSocket } from '../../server/ws-hub.js';
import { accountUpdate, orderTradeUpdate, px, qty, topOfBook } from './format.js';
import { algoUpdate } from './format-algo.js';
import { intervalMs, klineEvent } from './klines.js';
import type { ListenKeys } from './listen-keys.js';
import { type RoutedConnection, routeConnection, type StreamRoute, servesStream } from './stream-routes.js';

interface Conn {
  sock: SimSocket;
  route: StreamRoute;
  combined: boolean;
  /** Listen key → the events it was subscribed for (null = all). Private route only. */
  keys: Map<string, ReadonlySet<string> | null>;
}

const STREAM_RE =
  /^([a-z0-9]+)@(bookTicker|aggTrade|markPrice(?:@1s)?|depth(?:5|10|20)(?:@(?:100|250|500)ms)?|kline_[0-9a-zA-Z]+)$/;

export class BinanceStreams {
  readonly #conns = new Map<SimSocket, Conn>();
  /** Which bar each kline stream pushed last: a bar that closed since goes out once more, closed. */
  readonly #klines = new KlinePushes();

  constructor(
    readonly core: SimCore,
    readonly listenKeys: ListenKeys,
  ) {}

  wsRoute(rawPath: string, query: URLSearchParams): ((ws: WebSocket) => void) | undefined {
    const routed = routeConnection(rawPath, query);
    if (routed === undefined) return undefined;
    return (ws) => this.#open(ws, routed);
  }

  #open(ws: WebSocket, r: RoutedConnection): void {
    for (const { key } of r.keys) {
      if (this.listenKeys.accountOf(key) === undefined) {
        ws.close(1008, 'Invalid listenKey');
        return;
      }
    }
    const user = r.route === 'private' || r.strayKeys.length > 0;
    const sock = this.core.hub.add(ws, user ? 'user' : 'market', r.keys[0]?.key ?? r.strayKeys[0] ?? '');
    for (const s of r.streams) sock.streams.add(s);
    const conn: Conn = { sock, route: r.route, combined: r.combined, keys: new Map(r.keys.map((k) => [k.key, k.events])) };
    this.#conns.set(sock, conn);
    ws.on('close', () => this.#conns.delete(sock));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
  }

  #onMessage(conn: Conn, text: string): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      conn.sock.ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
      return;
    }
    const id = msg.id ?? null;
    const params = Array.isArray(msg.params)
      ? msg.params.filter((p): p is string => typeof p === 'string')
      : [];
    switch (msg.method) {
      case 'SUBSCRIBE':
        for (const p of params) conn.sock.streams.add(p);
        conn.sock.ws.send(JSON.stringify({ result: null, id }));
        return;
      case 'UNSUBSCRIBE':
        for (const p of params) conn.sock.streams.delete(p);
        conn.sock.ws.send(JSON.stringify({ result: null, id }));
        return;
      case 'LIST_SUBSCRIPTIONS':
        conn.sock.ws.send(JSON.stringify({ result: [...conn.sock.streams], id }));
        return;
      default:
        conn.sock.ws.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: unknown method` }, id }));
    }
  }

  #push(conn: Conn, stream: string, payload: string): void {
    this.core.hub.send(
      conn.sock,
      conn.combined ? `{"stream":${JSON.stringify(stream)},"data":${payload}}` : payload,
    );
  }

  #marketPayload(stream: string, now: number): string[] | string | undefined {
    const m = STREAM_RE.exec(stream);
    if (!m) return undefined;
    const market = this.core.market.get(m[1]!.toUpperCase());
    if (!market) return undefined;
    const kind = m[2]!;
    if (kind.startsWith('kline_')) {
      const name = kind.slice('kline_'.length);
      const interval = intervalMs(name);
      if (interval === undefined) return undefined;
      return this.#klines.due(stream, market.klines, interval, now).map((p) => klineEvent(market, name, p.bar, p.closed, now));
    }
    if (kind === 'bookTicker') return bookTickerEvent(market, now);
    if (kind === 'aggTrade') return aggTradeEvent(market, now);
    if (kind.startsWith('markPrice')) return markPriceEvent(market, now);
    return depthEvent(market, Number(/^depth(\d+)/.exec(kind)![1]), now);
  }

  onTick(): void {
    if (this.#conns.size === 0) return;
    const now = this.core.clock.now();
    const cache = new Map<string, string[] | string | undefined>();
    for (const conn of this.#conns.values()) {
      for (const stream of conn.sock.streams) {
        if (!servesStream(conn.route, stream)) continue;
        if (!cache.has(stream)) cache.set(stream, this.#marketPayload(stream, now));
        const payload = cache.get(stream);
        if (Array.isArray(payload)) for (const p of payload) this.#push(conn, stream, p);
        else if (payload !== undefined) this.#push(conn, stream, payload);
      }
    }
  }

  /** Private connections holding a key of this account that asked for this event. */
  #userConns(accountId: string, event: string): Array<[Conn, string]> {
    const out: Array<[Conn, string]> = [];
    for (const conn of this.#conns.values()) {
      for (const [key, events] of conn.keys) {
        if (this.listenKeys.accountOf(key) !== accountId) continue;
        if (events === null || events.has(event)) out.push([conn, key]);
      }
    }
    return out;
  }

  onMatchEvent(e: MatchEvent): void {
    const event = e.kind === 'order' ? 'ORDER_TRADE_UPDATE' : e.kind === 'trigger' ? 'ALGO_UPDATE' : 'ACCOUNT_UPDATE';
    const targets = this.#userConns(e.accountId, event);
    if (targets.length === 0) return;
    const now = this.core.clock.now();
    let payload: string;
    if (e.kind === 'trigger') {
      payload = algoUpdate(e.trigger, this.core.market.get(e.trigger.symbol)!.spec, now);
    } else if (e.kind === 'order') {
      payload = orderTradeUpdate(e.order, e.exec === 'AMENDED' ? 'AMENDMENT' : e.exec, this.core.market.get(e.order.symbol)!.spec, e.fill, now);
    } else {
      const a = this.core.accounts.get(e.accountId)!;
      const m = this.core.market.get(e.symbol)!;
      payload = accountUpdate(a, e.symbol, m.mark, a.realized.get(e.symbol) ?? '0', now);
    }
    for (const [conn, key] of targets) this.#push(conn, key, payload);
  }

  /**
   * Tells the connections of an expired key, whatever events they asked for (it is about the
   * key itself), then stops feeding them.
   */
  onListenKeyExpired(listenKey: string): void {
    const payload = JSON.stringify({ e: 'listenKeyExpired', E: this.core.clock.now(), listenKey });
    for (const conn of this.#conns.values()) {
      if (conn.keys.has(listenKey)) {
        this.#push(conn, listenKey, payload);
        conn.keys.delete(listenKey);
      }
    }
  }
}

function bookTickerEvent(m: SymbolMarket, now: number): string {
  const top = topOfBook(m);
  return JSON.stringify({
    e: 'bookTicker',
    u: m.updateId,
    s: m.spec.symbol,
    b: top.bidPrice,
    B: top.bidQty,
    a: top.askPrice,
    A: top.askQty,
    T: now,
    E: now,
  });
}

function aggTradeEvent(m: SymbolMarket, now: number): string | undefined {
  const t = m.lastTrade;
  if (!t) return undefined;
  return JSON.stringify({
    e: 'aggTrade',
    E: now,
    a: t.id,
    s: m.spec.symbol,
    p: px(t.price, m.spec),
    q: qty(t.qty, m.spec),
    nq: qty(t.qty, m.spec),
    f: t.id,
    l: t.id,
    T: now,
    m: t.buyerMaker,
  });
}

function markPriceEvent(m: SymbolMarket, now: number): string {
  const mark = D.toFixed(m.mark, 8, 'half_up');
  return JSON.stringify({
    e: 'markPriceUpdate',
    E: now,
    s: m.spec.symbol,
    p: mark,
    ap: mark,
    P: mark,
    i: D.toFixed(m.mid, 8, 'half_up'),
    r: '0.00010000',
    T: Math.ceil(now / 28_800_000) * 28_800_000,
  });
}

function depthEvent(m: SymbolMarket, levels: number, now: number): string {
  const side = (list: { price: string; qty: string }[]) =>
    list
      .filter((l) => !D.isZero(l.qty))
      .slice(0, levels)
      .map((l) => [px(l.price, m.spec), qty(l.qty, m.spec)]);
  return JSON.stringify({
    e: 'depthUpdate',
    E: now,
    T: now,
    s: m.spec.symbol,
    U: m.updateId,
    u: m.updateId,
    pu: m.updateId - 1,
    b: side(m.book.bids),
    a: side(m.book.asks),
  });
}
