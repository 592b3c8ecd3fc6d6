// Coinbase Advanced Trade's WebSocket (the venue's WebSocket channel pages; docs/venues.md §4.4). The venue
// has two hosts (market data, and user order data); the sim has one, so its root path `/` serves every
// channel. A client sends `{"type":"subscribe"|"unsubscribe","product_ids":[…],"channel":NAME,"jwt":…}`,
// one channel a message; the `jwt` is a CDP token as for REST but without a `uri` claim, minted fresh
// for each message (verify.ts; a bad one gets `{"type":"error","message":"authentication failure"}`).
// `heartbeats` and the market channels need no token here (the venue asks for one on every subscribe;
// the sim requires it only for `user`, where it names the account). Channels served:
//   heartbeats   each second, `heartbeat_counter` counting up per socket;
//   ticker       a snapshot then an update each market tick;
//   level2       answered on channel `l2_data`: a snapshot of the book, then the changed levels
//                (`new_quantity` "0" for a level gone) each tick;
//   user         a snapshot of the account's open orders, then each order change as it happens;
//   candles      five-minute candles: a snapshot of the open one, then an update each second (candles.ts).
// Every message is `{"channel","client_id":"","timestamp","sequence_num","events":[…]}`, sequence_num
// counting every message of the socket; each (un)subscribe is answered on `subscriptions` with what the
// socket holds. Not served: `market_trades`, `status`, `ticker_batch`, `level2` batching,
// `futures_balance_summary`; the venue's close of a socket idle for 60–90 s is not simulated.
import type { WebSocket } from 'ws';
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { Order } from '../../matching/orders.js';
import { isOpen } from '../../matching/orders.js';
import type { SimSocket } from '../../server/ws-hub.js';
import { orderStatus, rfc3339, timeInForceWord } from './format.js';
import { orderUuid } from './ids.js';
import type { OrderBook } from './order-book.js';
import { productNamed } from './products.js';
import { CandlePushes } from './candles.js';
import { jwtKid, verifyCoinbaseJwt } from './verify.js';

const LEVELS = 50;
type Sent = Map<string, string>;

interface Conn {
  sock: SimSocket;
  seq: number;
  heartbeats: boolean;
  beats: number;
  ticker: Set<string>;
  /** level2: product → the levels last sent, by `side price`. */
  level2: Map<string, Sent>;
  candles: Set<string>;
  /** user: the account and the products asked for (empty: all). */
  user: { accountId: string; products: Set<string> } | undefined;
}

type Msg = { type?: unknown; product_ids?: unknown; channel?: unknown; jwt?: unknown };

const CHANNELS = new Set(['heartbeats', 'ticker', 'level2', 'user', 'candles']);

export class CoinbaseStreams {
  readonly #conns = new Map<SimSocket, Conn>();
  readonly #beat: NodeJS.Timeout;
  readonly #candles = new CandlePushes();

  constructor(
    readonly core: SimCore,
    readonly orders: OrderBook,
  ) {
    this.#beat = setInterval(() => this.#heartbeats(), 1000);
    this.#beat.unref();
  }

  wsRoute(path: string): ((ws: WebSocket) => void) | undefined {
    if (path !== '/' && path !== '') return undefined;
    return (ws) => this.#open(ws);
  }

  close(): void {
    clearInterval(this.#beat);
  }

  #open(ws: WebSocket): void {
    const sock = this.core.hub.add(ws, 'market');
    const conn: Conn = {
      sock,
      seq: 0,
      heartbeats: false,
      beats: 0,
      ticker: new Set(),
      level2: new Map(),
      candles: new Set(),
      user: undefined,
    };
    this.#conns.set(sock, conn);
    ws.on('close', () => this.#conns.delete(sock));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
  }

  #send(conn: Conn, channel: string, events: unknown[]): void {
    const msg = {
      channel,
      client_id: '',
      timestamp: rfc3339(this.core.clock.now()),
      sequence_num: conn.seq++,
      events,
    };
    this.core.hub.send(conn.sock, JSON.stringify(msg));
  }

  /** Refuses a message in the venue's words (returns undefined, so a handler may `return` it). */
  #error(conn: Conn, message: string): undefined {
    if (conn.sock.ws.readyState === 1) conn.sock.ws.send(JSON.stringify({ type: 'error', message }));
    return undefined;
  }

  #onMessage(conn: Conn, text: string): undefined {
    let m: Msg;
    try {
      m = JSON.parse(text) as Msg;
    } catch {
      this.#error(conn, 'malformed JSON');
      return;
    }
    if (m.type !== 'subscribe' && m.type !== 'unsubscribe') return this.#error(conn, 'unknown message type');
    const channel = typeof m.channel === 'string' ? m.channel : '';
    if (!CHANNELS.has(channel)) return this.#error(conn, `unsupported channel ${channel.slice(0, 40)}`);
    const ids = Array.isArray(m.product_ids) ? m.product_ids : [];
    const products: string[] = [];
    for (const id of ids) {
      const p = typeof id === 'string' ? productNamed(id) : undefined;
      if (p === undefined || this.core.market.get(p.id) === undefined)
        return this.#error(conn, 'invalid product_id');
      products.push(p.id);
    }
    let accountId: string | undefined;
    if (m.jwt !== undefined || channel === 'user') {
      accountId = this.#authorize(m.jwt);
      if (accountId === undefined) return this.#error(conn, 'authentication failure');
    }
    if ((channel === 'ticker' || channel === 'level2' || channel === 'candles') && products.length === 0)
      return this.#error(conn, 'product_ids required');
    if (m.type === 'subscribe') this.#subscribe(conn, channel, products, accountId!);
    else this.#unsubscribe(conn, channel, products);
    this.#send(conn, 'subscriptions', [{ subscriptions: this.#held(conn) }]);
  }

  /** The account of a good socket token (no `uri` claim), or undefined. */
  #authorize(jwt: unknown): string | undefined {
    if (typeof jwt !== 'string') return undefined;
    const kid = jwtKid(jwt);
    const key = kid === undefined ? undefined : this.core.keys.get(kid);
    if (key?.publicKey === undefined) return undefined;
    const fault = verifyCoinbaseJwt(jwt, {
      keyName: key.apiKey,
      publicKey: key.publicKey,
      nowS: Math.floor(this.core.clock.now() / 1000),
    });
    return fault === undefined ? key.accountId : undefined;
  }

  #subscribe(conn: Conn, channel: string, products: string[], accountId: string): void {
    if (channel === 'heartbeats') conn.heartbeats = true;
    else if (channel === 'ticker') {
      const fresh = products.filter((p) => !conn.ticker.has(p));
      for (const p of fresh) conn.ticker.add(p);
      if (fresh.length > 0)
        this.#send(conn, 'ticker', [{ type: 'snapshot', tickers: fresh.map((p) => this.#ticker(p)) }]);
    } else if (channel === 'candles') {
      const fresh = products.filter((p) => !conn.candles.has(p));
      for (const p of fresh) conn.candles.add(p);
      const now = this.core.clock.now();
      if (fresh.length > 0)
        this.#send(conn, 'candles', [{ type: 'snapshot', candles: fresh.flatMap((p) => this.#candles.snapshot(this.core.market.get(p)!, now)) }]);
    } else if (channel === 'level2') {
      for (const p of products) {
        if (conn.level2.has(p)) continue;
        const now = this.#levels(p);
        conn.level2.set(p, now);
        this.#send(conn, 'l2_data', [
          { type: 'snapshot', product_id: p, updates: this.#updates(now, new Map()) },
        ]);
      }
    } else {
      conn.user = { accountId, products: new Set(products) };
      conn.sock.kind = 'user';
      const open = this.core.engine.openOrders(accountId).filter((o) => this.#wants(conn, o));
      this.#send(conn, 'user', [{ type: 'snapshot', orders: open.map((o) => this.#order(o)) }]);
    }
  }

  #unsubscribe(conn: Conn, channel: string, products: string[]): void {
    if (channel === 'heartbeats') conn.heartbeats = false;
    else if (channel === 'ticker')
      for (const p of products.length ? products : [...conn.ticker]) conn.ticker.delete(p);
    else if (channel === 'level2')
      for (const p of products.length ? products : [...conn.level2.keys()]) conn.level2.delete(p);
    else if (channel === 'candles')
      for (const p of products.length ? products : [...conn.candles]) conn.candles.delete(p);
    else conn.user = undefined;
  }

  #held(conn: Conn): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (conn.heartbeats) out.heartbeats = [];
    if (conn.ticker.size > 0) out.ticker = [...conn.ticker];
    if (conn.level2.size > 0) out.level2 = [...conn.level2.keys()];
    if (conn.candles.size > 0) out.candles = [...conn.candles];
    if (conn.user !== undefined) out.user = [...conn.user.products];
    return out;
  }

  #wants(conn: Conn, o: Order): boolean {
    const u = conn.user;
    return (
      u !== undefined &&
      o.accountId === u.accountId &&
      this.orders.mine(u.accountId, o.orderId) !== undefined &&
      (u.products.size === 0 || u.products.has(o.symbol))
    );
  }

  #ticker(product: string): Record<string, unknown> {
    const m = this.core.market.get(product)!;
    const bid = m.book.bestBid();
    const ask = m.book.bestAsk();
    const st = m.stats;
    return {
      type: 'ticker',
      product_id: product,
      price: st.last,
      volume_24_h: st.volume,
      low_24_h: st.low,
      high_24_h: st.high,
      price_percent_chg_24_h: D.isZero(st.open)
        ? '0'
        : D.div(D.mul(D.sub(st.last, st.open), '100'), st.open, 8, 'half_up'),
      best_bid: bid?.price ?? '',
      best_bid_quantity: bid?.qty ?? '',
      best_ask: ask?.price ?? '',
      best_ask_quantity: ask?.qty ?? '',
    };
  }

  #levels(product: string): Sent {
    const m = this.core.market.get(product)!;
    const out: Sent = new Map();
    for (const [side, levels] of [
      ['bid', m.book.bids],
      ['offer', m.book.asks],
    ] as const)
      for (const l of levels.filter((x) => !D.isZero(x.qty)).slice(0, LEVELS))
        out.set(`${side} ${l.price}`, l.qty);
    return out;
  }

  /** The levels of `now` that differ from `before`, and those of `before` gone (quantity "0"). */
  #updates(now: Sent, before: Sent): Record<string, string>[] {
    const at = rfc3339(this.core.clock.now());
    const out: Record<string, string>[] = [];
    const push = (k: string, q: string) => {
      const [side, price] = k.split(' ') as [string, string];
      out.push({ side, event_time: at, price_level: price, new_quantity: q });
    };
    for (const [k, q] of now) if (before.get(k) !== q) push(k, q);
    for (const k of before.keys()) if (!now.has(k)) push(k, '0');
    return out;
  }

  #order(o: Order): Record<string, unknown> {
    const x = this.orders.extras(o.orderId);
    const filled = o.executedQty;
    const buy = o.side === 'BUY';
    return {
      order_id: orderUuid(o.orderId),
      client_order_id: o.clientOrderId,
      product_id: o.symbol,
      product_type: 'SPOT',
      order_side: o.side,
      order_type: o.type === 'MARKET' ? 'Market' : 'Limit',
      status: isOpen(o) ? 'OPEN' : orderStatus(o),
      time_in_force: timeInForceWord(o),
      post_only: String(o.timeInForce === 'GTX'),
      limit_price: o.type === 'LIMIT' ? o.price : '',
      avg_price: D.isZero(filled) ? '0' : D.div(o.cumQuote, filled, 8, 'half_up'),
      cumulative_quantity: filled,
      leaves_quantity: isOpen(o) ? D.sub(o.origQty, filled) : '0',
      filled_value: o.cumQuote,
      number_of_fills: String(x.fills),
      total_fees: x.fee,
      total_value_after_fees: buy ? D.add(o.cumQuote, x.fee) : D.sub(o.cumQuote, x.fee),
      completion_percentage: D.isZero(o.origQty) ? '0' : D.div(D.mul(filled, '100'), o.origQty, 2, 'down'),
      cancel_reason: o.status === 'CANCELED' ? 'User requested cancel' : '',
      reject_reason: '',
      creation_time: rfc3339(o.time),
      end_time: isOpen(o) ? '' : rfc3339(o.updateTime),
    };
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind !== 'order') return;
    for (const c of this.#conns.values())
      if (this.#wants(c, e.order))
        this.#send(c, 'user', [{ type: 'update', orders: [this.#order(e.order)] }]);
  }

  onTick(): void {
    for (const c of this.#conns.values()) {
      if (c.ticker.size > 0)
        this.#send(c, 'ticker', [{ type: 'update', tickers: [...c.ticker].map((p) => this.#ticker(p)) }]);
      for (const [p, before] of c.level2) {
        const now = this.#levels(p);
        const updates = this.#updates(now, before);
        c.level2.set(p, now);
        if (updates.length > 0) this.#send(c, 'l2_data', [{ type: 'update', product_id: p, updates }]);
      }
    }
  }

  /** Each second: the candles of every product some socket holds, computed once per product. */
  #pushCandles(): void {
    const now = this.core.clock.now();
    const due = new Map<string, Record<string, string>[]>();
    for (const c of this.#conns.values()) {
      if (c.candles.size === 0) continue;
      const list: Record<string, string>[] = [];
      for (const p of c.candles) {
        let items = due.get(p);
        if (items === undefined) {
          items = this.#candles.due(this.core.market.get(p)!, now);
          due.set(p, items);
        }
        list.push(...items);
      }
      if (list.length > 0) this.#send(c, 'candles', [{ type: 'update', candles: list }]);
    }
  }

  #heartbeats(): void {
    this.#pushCandles();
    if (this.core.faults.noServerPings) return;
    const now = new Date(this.core.clock.now()).toISOString().replace('T', ' ').replace('Z', ' +0000 UTC');
    for (const c of this.#conns.values())
      if (c.heartbeats)
        this.#send(c, 'heartbeats', [{ current_time: now, heartbeat_counter: String(++c.beats) }]);
  }
}
