// Hyperliquid's WebSocket on `/ws` (HL-WS): the text greeting, then `{"method":"subscribe",
// "subscription":{…}}` acknowledged on channel `subscriptionResponse`; `{"method":"ping"}` answered
// with `{"channel":"pong"}`; nothing needs a login (account data is public by address). A socket
// the venue has heard nothing from for `idleMs` is closed (venue: 60 s). Feeds: `orderUpdates`,
// `userFills` (a snapshot first, `isSnapshot: true`), `userEvents` (channel `user`, fills) for an
// address, and `bbo` / `allMids` for the market. A socket joins the hub (faults, drops) as `user`
// or `market` by the kind of its first subscription.
import type { WebSocket } from 'ws';
import * as D from '../../../core/decimal.js';
import { monotonicMs } from '../../clock.js';
import type { SimSocket } from '../../server/ws-hub.js';
import { levels } from './format.js';
import { KlinePushes } from '../../market/klines.js';
import { candleJson, intervalMs } from './klines.js';
import type { VenueState } from './state.js';

const USER_FEEDS = new Set(['orderUpdates', 'userFills', 'userEvents']);
const MARKET_FEEDS = new Set(['bbo', 'allMids', 'l2Book']);
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

interface Conn {
  ws: WebSocket;
  sock: SimSocket | undefined;
  /** `feed|user-or-coin` keys. */
  subs: Set<string>;
  lastHeard: number;
}

export interface StreamOptions {
  idleMs: number;
  /** Fills sent in the `userFills` snapshot. */
  snapshotFills: number;
}

export class HyperliquidStreams {
  readonly #conns = new Set<Conn>();
  /** Which candle each `candle` subscription pushed last (the one that closed goes out once more). */
  readonly #candles = new KlinePushes();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly v: VenueState,
    readonly options: StreamOptions,
    /** The recent fills of a master, as `userFills` JSON (newest last). */
    readonly recentFills: (master: string, n: number) => unknown[],
  ) {
    this.#timer = setInterval(() => this.#reapIdle(), Math.max(5, Math.floor(options.idleMs / 5)));
    this.#timer.unref();
  }

  wsRoute(path: string): ((ws: WebSocket) => void) | undefined {
    return path === '/ws' ? (ws) => this.#open(ws) : undefined;
  }

  #open(ws: WebSocket): void {
    const conn: Conn = { ws, sock: undefined, subs: new Set(), lastHeard: monotonicMs() };
    this.#conns.add(conn);
    ws.on('close', () => this.#conns.delete(conn));
    ws.on('error', () => this.#conns.delete(conn));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
    ws.send('Websocket connection established.');
  }

  #control(conn: Conn, value: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(value));
  }

  #push(conn: Conn, value: unknown): void {
    if (conn.sock === undefined) return;
    this.v.core.hub.send(conn.sock, JSON.stringify(value));
  }

  #onMessage(conn: Conn, text: string): void {
    conn.lastHeard = monotonicMs();
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      this.#control(conn, { channel: 'error', data: `Error parsing JSON into valid websocket request: ${text.slice(0, 80)}` });
      return;
    }
    const method = msg['method'];
    if (method === 'ping') {
      if (!this.v.core.faults.ignorePings) this.#control(conn, { channel: 'pong' });
      return;
    }
    if (method === 'subscribe' || method === 'unsubscribe') {
      this.#subscribe(conn, method, msg['subscription']);
      return;
    }
    this.#control(conn, { channel: 'error', data: `Unknown method: ${JSON.stringify(method)}` });
  }

  #subscribe(conn: Conn, method: 'subscribe' | 'unsubscribe', raw: unknown): void {
    const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const type = typeof s['type'] === 'string' ? s['type'] : '';
    const invalid = () => this.#control(conn, { channel: 'error', data: `Invalid subscription ${JSON.stringify(raw)}` });
    let key: string;
    if (USER_FEEDS.has(type)) {
      const user = s['user'];
      if (typeof user !== 'string' || !ADDRESS.test(user)) {
        invalid();
        return;
      }
      key = `${type}|${user.toLowerCase()}`;
    } else if (type === 'candle') {
      const coin = s['coin'];
      if (typeof coin !== 'string' || !this.v.universe.byCoin.has(coin) || intervalMs(s['interval']) === undefined) {
        invalid();
        return;
      }
      key = `candle|${coin}|${s['interval'] as string}`;
    } else if (MARKET_FEEDS.has(type)) {
      const coin = s['coin'];
      if (type !== 'allMids' && (typeof coin !== 'string' || !this.v.universe.byCoin.has(coin))) {
        invalid();
        return;
      }
      key = type === 'allMids' ? type : `${type}|${coin as string}`;
    } else {
      invalid();
      return;
    }
    if (method === 'unsubscribe') {
      conn.subs.delete(key);
      this.#control(conn, { channel: 'subscriptionResponse', data: { method, subscription: raw } });
      return;
    }
    if (conn.subs.has(key)) {
      this.#control(conn, { channel: 'error', data: `Already subscribed: ${JSON.stringify(raw)}` });
      return;
    }
    conn.sock ??= this.v.core.hub.add(conn.ws, USER_FEEDS.has(type) ? 'user' : 'market');
    conn.subs.add(key);
    this.#control(conn, { channel: 'subscriptionResponse', data: { method, subscription: raw } });
    if (type === 'userFills') {
      const user = key.slice('userFills|'.length);
      this.#push(conn, { channel: 'userFills', data: { isSnapshot: true, user, fills: this.recentFills(user, this.options.snapshotFills) } });
    }
  }

  /** An order of `master` changed: `orderUpdates`. */
  order(master: string, update: unknown): void {
    for (const c of this.#conns) if (c.subs.has(`orderUpdates|${master}`)) this.#push(c, { channel: 'orderUpdates', data: [update] });
  }

  /** A fill of `master`: `userFills` and the `user` channel. */
  fill(master: string, fill: unknown): void {
    for (const c of this.#conns) {
      if (c.subs.has(`userFills|${master}`)) this.#push(c, { channel: 'userFills', data: { user: master, fills: [fill] } });
      if (c.subs.has(`userEvents|${master}`)) this.#push(c, { channel: 'user', data: { fills: [fill] } });
    }
  }

  /** After a market tick: best bid/offer and mids. */
  onTick(): void {
    const core = this.v.core;
    const now = core.clock.now();
    let mids: Record<string, string> | undefined;
    const candles = new Map<string, unknown[]>();
    for (const c of this.#conns) {
      if (c.sock === undefined) continue;
      for (const key of c.subs) {
        const [feed, coin, interval] = key.split('|');
        if (feed === 'candle') {
          const u = this.v.universe.byCoin.get(coin ?? '');
          const ms = intervalMs(interval);
          if (u === undefined || ms === undefined) continue;
          if (!candles.has(key)) {
            const klines = core.market.get(u.spec.symbol)!.klines;
            candles.set(key, this.#candles.due(key, klines, ms, now).map((p) => candleJson(p.bar, u.coin, interval!)));
          }
          for (const data of candles.get(key)!) this.#push(c, { channel: 'candle', data });
          continue;
        }
        if (feed === 'allMids') {
          mids ??= Object.fromEntries(this.v.universe.list.map((u) => [u.coin, D.normalize(core.market.get(u.spec.symbol)!.mid)]));
          this.#push(c, { channel: 'allMids', data: { mids } });
          continue;
        }
        if (feed !== 'bbo' && feed !== 'l2Book') continue;
        const u = this.v.universe.byCoin.get(coin ?? '');
        if (u === undefined) continue;
        const book = core.market.get(u.spec.symbol)!.book;
        if (feed === 'bbo') {
          const bid = levels(book.bids, 1)[0] ?? null;
          const ask = levels(book.asks, 1)[0] ?? null;
          this.#push(c, { channel: 'bbo', data: { coin: u.coin, time: now, bbo: [bid, ask] } });
        } else {
          this.#push(c, { channel: 'l2Book', data: { coin: u.coin, time: now, levels: [levels(book.bids, 20), levels(book.asks, 20)] } });
        }
      }
    }
  }

  #reapIdle(): void {
    const now = monotonicMs();
    for (const c of this.#conns) {
      if (now - c.lastHeard < this.options.idleMs) continue;
      this.#conns.delete(c);
      c.ws.close(1000, 'idle');
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const c of this.#conns) c.ws.terminate();
    this.#conns.clear();
  }
}
