// OKX WebSockets on `/ws/v5/public`, `/ws/v5/private` and `/ws/v5/business` (`orders-algo`). Text `ping` is answered with `pong`. On the
// private socket `{"op":"login"}` (Unix-seconds timestamp within 30 s, signature over
// timestamp + 'GET/users/self/verify', verified here independently of any client code) must succeed
// before `orders`, `positions` or `account` can be subscribed (60011 otherwise). A socket the venue has
// pushed nothing to for 30 s (no subscription, no data, no pong) is closed, like the venue's. The
// upgrade notice (64008) warns every socket, then closes them after the notice period.
import type { WebSocket } from 'ws';
import type { StoredKey } from '../../accounts.js';
import { monotonicMs } from '../../clock.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { SimSocket } from '../../server/ws-hub.js';
import { balanceDetails, fillFields, orderJson, positionJson, type Swap, tickerJson } from './format.js';
import { verifyLogin } from './verify.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import { algoIdsOf, algoJson, algosOf } from './format-algo.js';
import { KlinePushes } from '../../market/klines.js';
import { candleChannelMs, candleRow } from './klines.js';

const PRIVATE_CHANNELS = new Set(['orders', 'positions', 'account']);
const PUBLIC_CHANNELS = new Set(['tickers']);
/** `/ws/v5/business`: the algo channel moved there in 2023; login like the private socket. */
const BUSINESS_CHANNELS = new Set(['orders-algo']);

export interface OkxStreamOptions {
  /** Nothing pushed for this long closes the socket. Venue: 30 s. */
  idleMs: number;
  /** Time between the 64008 notice and the close. Venue: 60 s. */
  noticeMs: number;
}

interface Conn {
  sock: SimSocket;
  connId: string;
  private: boolean;
  /** The channels this socket's path serves. */
  channels: ReadonlySet<string>;
  key: StoredKey | undefined;
  /** Subscribed args, as JSON text of the arg (the venue echoes args back verbatim). */
  subs: Map<string, Record<string, string>>;
  lastPush: number;
}

type Arg = Record<string, string>;

export class OkxStreams {
  readonly #conns = new Map<SimSocket, Conn>();
  /** Which bar each candle subscription pushed last (a bar that closed goes out once more, confirmed). */
  readonly #candles = new KlinePushes();
  readonly #timer: NodeJS.Timeout;
  readonly #closing = new Set<NodeJS.Timeout>();
  #nextConn = 1;

  constructor(
    readonly core: SimCore,
    readonly swaps: () => Map<string, Swap>,
    readonly options: OkxStreamOptions,
  ) {
    this.#timer = setInterval(() => this.#reapIdle(), Math.max(5, Math.floor(options.idleMs / 5)));
    this.#timer.unref();
  }

  wsRoute(path: string): ((ws: WebSocket) => void) | undefined {
    if (path === '/ws/v5/public') return (ws) => this.#open(ws, false, PUBLIC_CHANNELS);
    if (path === '/ws/v5/private') return (ws) => this.#open(ws, true, PRIVATE_CHANNELS);
    if (path === '/ws/v5/business') return (ws) => this.#open(ws, true, BUSINESS_CHANNELS);
    return undefined;
  }

  #open(ws: WebSocket, isPrivate: boolean, channels: ReadonlySet<string>): void {
    const sock = this.core.hub.add(ws, isPrivate ? 'user' : 'market');
    const conn: Conn = {
      sock,
      connId: (this.#nextConn++).toString(16).padStart(8, '0'),
      private: isPrivate,
      channels,
      key: undefined,
      subs: new Map(),
      lastPush: monotonicMs(),
    };
    this.#conns.set(sock, conn);
    ws.on('close', () => this.#conns.delete(sock));
    ws.on('message', (data) => this.#onMessage(conn, data.toString()));
  }

  #send(conn: Conn, text: string): void {
    conn.lastPush = monotonicMs();
    this.core.hub.send(conn.sock, text);
  }

  /** Control frames (acks, errors, pong) skip the fault hooks that garble data pushes. */
  #reply(conn: Conn, value: unknown): void {
    conn.lastPush = monotonicMs();
    if (conn.sock.ws.readyState === 1)
      conn.sock.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  #error(conn: Conn, code: string, msg: string): void {
    this.#reply(conn, { event: 'error', code, msg, connId: conn.connId });
  }

  #onMessage(conn: Conn, text: string): void {
    if (text === 'ping') {
      this.#reply(conn, 'pong');
      return;
    }
    let msg: { op?: unknown; args?: unknown; id?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      this.#error(conn, '60012', `Invalid request: ${text.slice(0, 60)}`);
      return;
    }
    const args = Array.isArray(msg.args)
      ? msg.args.filter((a): a is Arg => typeof a === 'object' && a !== null)
      : [];
    switch (msg.op) {
      case 'login':
        this.#login(conn, args[0]);
        return;
      case 'subscribe':
        for (const arg of args) this.#subscribe(conn, arg);
        return;
      case 'unsubscribe':
        for (const arg of args) {
          conn.subs.delete(JSON.stringify(arg));
          this.#reply(conn, { event: 'unsubscribe', arg, connId: conn.connId });
        }
        return;
      default:
        this.#error(conn, '60012', `Invalid request: ${text.slice(0, 60)}`);
    }
  }

  #login(conn: Conn, arg: Arg | undefined): void {
    const failure = this.#loginFailure(arg);
    if (failure !== undefined) {
      this.#error(conn, failure[0], failure[1]);
      return;
    }
    conn.key = this.core.keys.get(arg!['apiKey']!);
    this.#reply(conn, { event: 'login', code: '0', msg: '', connId: conn.connId });
  }

  /** [code, message] of a refused login, or undefined when it is good. */
  #loginFailure(arg: Arg | undefined): [string, string] | undefined {
    if (arg === undefined || typeof arg['apiKey'] !== 'string' || typeof arg['sign'] !== 'string') return ['60009', 'Login failed.'];
    const ts = arg['timestamp'];
    if (typeof ts !== 'string' || !/^\d{1,12}$/.test(ts)) return ['60004', 'Invalid timestamp'];
    if (Math.abs(this.core.clock.now() / 1000 - Number(ts)) > 30) return ['60006', 'Timestamp request expired'];
    const key = this.core.keys.get(arg['apiKey']);
    if (key === undefined || key.hmacSecret === undefined) return ['60009', 'Login failed.'];
    if (arg['passphrase'] !== key.passphrase) return ['60024', 'Wrong passphrase'];
    if (!verifyLogin(key.hmacSecret, ts, arg['sign'])) return ['60009', 'Login failed.'];
    return undefined;
  }

  #subscribe(conn: Conn, arg: Arg): void {
    const channel = arg['channel'];
    // Candles are public channels of the business socket: no login for them.
    const candle = typeof channel === 'string' && conn.channels === BUSINESS_CHANNELS && candleChannelMs(channel) !== undefined;
    if (candle) {
      if (!this.swaps().has(arg['instId'] ?? '')) {
        this.#error(conn, '60018', `Wrong URL or channel:${channel},instId:${String(arg['instId'] ?? '')} doesn't exist.`);
        return;
      }
      conn.subs.set(JSON.stringify(arg), arg);
      this.#reply(conn, { event: 'subscribe', arg, connId: conn.connId });
      return;
    }
    if (typeof channel !== 'string' || !conn.channels.has(channel)) {
      this.#error(
        conn,
        '60018',
        `Wrong URL or channel:${String(channel)},instId:${String(arg['instId'] ?? '')} doesn't exist.`,
      );
      return;
    }
    if (conn.private && conn.key === undefined) {
      this.#error(conn, '60011', 'Please log in');
      return;
    }
    if (channel === 'tickers' && !this.swaps().has(arg['instId'] ?? '')) {
      this.#error(
        conn,
        '60018',
        `Wrong URL or channel:tickers,instId:${String(arg['instId'] ?? '')} doesn't exist.`,
      );
      return;
    }
    conn.subs.set(JSON.stringify(arg), arg);
    this.#reply(conn, { event: 'subscribe', arg, connId: conn.connId });
  }

  #subscribed(conn: Conn, channel: string): Arg | undefined {
    for (const arg of conn.subs.values()) if (arg['channel'] === channel) return arg;
    return undefined;
  }

  #push(conn: Conn, arg: Arg, data: unknown[]): void {
    this.#send(conn, JSON.stringify({ arg, data }));
  }

  onTick(): void {
    if (this.#conns.size === 0) return;
    const now = this.core.clock.now();
    const swaps = this.swaps();
    const candles = new Map<string, string[][][]>();
    for (const conn of this.#conns.values()) {
      for (const arg of conn.subs.values()) {
        const interval = candleChannelMs(arg['channel'] ?? '');
        if (interval === undefined) continue;
        const s = swaps.get(arg['instId'] ?? '');
        const m = s === undefined ? undefined : this.core.market.get(s.spec.symbol);
        if (s === undefined || m === undefined) continue;
        const key = `${arg['channel']}/${s.instId}`;
        if (!candles.has(key)) candles.set(key, this.#candles.due(key, m.klines, interval, now).map((p) => [candleRow(p.bar, s, p.closed)]));
        for (const data of candles.get(key)!) this.#push(conn, arg, data);
      }
      if (conn.private) continue;
      for (const arg of conn.subs.values()) {
        if (candleChannelMs(arg['channel'] ?? '') !== undefined) continue;
        const s = swaps.get(arg['instId'] ?? '');
        const m = s === undefined ? undefined : this.core.market.get(s.spec.symbol);
        if (s !== undefined && m !== undefined) this.#push(conn, arg, [tickerJson(m, s, now)]);
      }
    }
  }

  onMatchEvent(e: MatchEvent): void {
    const targets = [...this.#conns.values()].filter((c) => c.private && c.key?.accountId === e.accountId);
    if (targets.length === 0) return;
    if (e.kind === 'trigger') {
      this.#pushAlgo(targets, e.trigger);
      return;
    }
    const swap = [...this.swaps().values()].find(
      (s) => s.spec.symbol === (e.kind === 'order' ? e.order.symbol : e.symbol),
    );
    if (swap === undefined) return;
    const now = this.core.clock.now();
    const account = this.core.accounts.get(e.accountId)!;
    for (const conn of targets) {
      if (e.kind === 'order') {
        const arg = this.#subscribed(conn, 'orders');
        if (arg !== undefined)
          this.#push(conn, arg, [{ ...orderJson(e.order, swap, algoIdsOf(this.core, e.order)), ...fillFields(e.fill, swap) }]);
        continue;
      }
      const pos = this.#subscribed(conn, 'positions');
      const m = this.core.market.get(e.symbol)!;
      if (pos !== undefined) this.#push(conn, pos, [positionJson(account, m, swap, now, this.core.market)]);
      const acct = this.#subscribed(conn, 'account');
      if (acct !== undefined) {
        this.#push(conn, acct, [
          { uTime: String(now), details: balanceDetails(account, this.core.engine.marks(), now) },
        ]);
      }
    }
  }

  /** The algo order a leg belongs to, on `orders-algo` (arg `instType` SWAP or ANY, `instId` optional). */
  #pushAlgo(targets: Conn[], leg: TriggerOrder): void {
    const algoId = leg.meta.algoId;
    const swap = [...this.swaps().values()].find((s) => s.spec.symbol === leg.symbol);
    const a = algoId === undefined ? undefined : algosOf(this.core, leg.accountId).get(algoId);
    if (a === undefined || swap === undefined) return;
    const row = algoJson(a, swap, this.core.market.get(leg.symbol)!.stats.last);
    for (const conn of targets) {
      const arg = this.#subscribed(conn, 'orders-algo');
      if (arg === undefined || (arg['instId'] !== undefined && arg['instId'] !== swap.instId)) continue;
      this.#push(conn, arg, [row]);
    }
  }

  /** Sends the 64008 notice to every socket and closes them after the notice period. Returns how many. */
  announceUpgrade(): number {
    const conns = [...this.#conns.values()];
    for (const conn of conns) {
      this.#reply(conn, {
        event: 'notice',
        code: '64008',
        msg: 'The connection will soon be closed for a service upgrade. Please reconnect.',
        connId: conn.connId,
      });
    }
    const t = setTimeout(() => {
      this.#closing.delete(t);
      for (const conn of conns) conn.sock.ws.close(1012, 'service upgrade');
    }, this.options.noticeMs);
    t.unref();
    this.#closing.add(t);
    return conns.length;
  }

  #reapIdle(): void {
    const now = monotonicMs();
    for (const conn of this.#conns.values()) {
      if (now - conn.lastPush > this.options.idleMs) {
        this.#conns.delete(conn.sock);
        conn.sock.ws.close(4004, 'No data received in 30s.');
      }
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const t of this.#closing) clearTimeout(t);
    this.#closing.clear();
  }
}
