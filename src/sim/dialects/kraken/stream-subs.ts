// The Kraken WebSocket v2 dialect's connections and their subscriptions (streams.ts serves them):
// what a connection may carry and has subscribed, and the `subscribe` / `unsubscribe` requests
// checked and recorded, with the venue's refusals (`EGeneral:Invalid arguments`, `ESession:Invalid
// session`, `Currency pair not supported …`). Apart from the pushes because it is the request side.
import type { SimSocket } from '../../server/ws-hub.js';
import { intervalMsOf, type OhlcSubs } from './ohlc.js';
import { type KrakenPair, pairNamed } from './pairs.js';
import type { Levels } from './stream-format.js';

const DEPTHS = new Set([10, 25, 100, 500, 1000]);

export interface Conn {
  sock: SimSocket;
  /** Whether private channels may be subscribed here (`/v2`, `/ws-auth/v2`). */
  private: boolean;
  /** Whether public channels may be subscribed here (`/v2`, `/ws/v2`). */
  public: boolean;
  accountId: string | undefined;
  ticker: Set<string>;
  /** Book subscriptions: symbol → depth and the levels last sent. */
  book: Map<string, { depth: number; sent: Levels }>;
  /** `ohlc` subscriptions by interval, and what each candle last sent. */
  ohlc: OhlcSubs;
  executions: boolean;
  balances: boolean;
  /** Monotonic ms of the last push (heartbeats fill the silence). */
  lastPush: number;
  sequence: number;
}

export type Req = { method?: unknown; params?: unknown; req_id?: unknown };
export type Params = Record<string, unknown>;

/** A request the venue refuses: its message is the `error` of the reply. */
export class WsError extends Error {}

/** What a private subscription's token is checked against: the dialect's tokens and the venue clock. */
export interface Auth {
  tokens: Map<string, { accountId: string; expires: number }>;
  now(): number;
}

export function symbolsOf(params: Params): KrakenPair[] {
  const list = params['symbol'];
  if (!Array.isArray(list) || list.length === 0) throw new WsError('EGeneral:Invalid arguments');
  return list.map((s) => {
    const p = typeof s === 'string' ? pairNamed(s) : undefined;
    if (p === undefined || p.symbol !== s) throw new WsError(`Currency pair not supported ${String(s)}`);
    return p;
  });
}

function authorize(conn: Conn, params: Params, auth: Auth): string {
  if (!conn.private) throw new WsError('EGeneral:Invalid arguments');
  const token = typeof params['token'] === 'string' ? params['token'] : '';
  const t = auth.tokens.get(token);
  if (t === undefined || (t.expires < auth.now() && Number.isFinite(t.expires)))
    throw new WsError('ESession:Invalid session');
  if (conn.accountId !== undefined && conn.accountId !== t.accountId)
    throw new WsError('ESession:Invalid session');
  // A token a subscription has used stays good while the venue keeps it (here: for the run).
  t.expires = Number.POSITIVE_INFINITY;
  conn.accountId = t.accountId;
  conn.sock.kind = 'user';
  return t.accountId;
}

/** A `subscribe`'s acks, one per channel and symbol; the subscription is recorded on the connection. */
export function subscribe(conn: Conn, params: Params, auth: Auth): Record<string, unknown>[] {
  const channel = params['channel'];
  if ((channel === 'ticker' || channel === 'book' || channel === 'ohlc') && !conn.public)
    throw new WsError('EGeneral:Invalid arguments');
  if (channel === 'ohlc') {
    const intervalMs = intervalOf(params);
    const pairs = symbolsOf(params);
    conn.ohlc.add(intervalMs, pairs.map((p) => p.symbol));
    return pairs.map((p) => ({ channel, symbol: p.symbol, snapshot: params['snapshot'] !== false, warnings: [] }));
  }
  if (channel === 'ticker') {
    const pairs = symbolsOf(params);
    for (const p of pairs) conn.ticker.add(p.symbol);
    return pairs.map((p) => ({
      channel,
      symbol: p.symbol,
      event_trigger: 'trades',
      snapshot: params['snapshot'] !== false,
    }));
  }
  if (channel === 'book') {
    const depth = params['depth'] ?? 10;
    if (typeof depth !== 'number' || !DEPTHS.has(depth))
      throw new WsError('EGeneral:Invalid arguments:depth');
    const pairs = symbolsOf(params);
    for (const p of pairs) conn.book.set(p.symbol, { depth, sent: { bids: new Map(), asks: new Map() } });
    return pairs.map((p) => ({ channel, symbol: p.symbol, depth, snapshot: params['snapshot'] !== false }));
  }
  if (channel === 'executions') {
    authorize(conn, params, auth);
    conn.executions = true;
    return [{ channel, maxratecount: 180, snapshot: params['snap_orders'] !== false, warnings: [] }];
  }
  if (channel === 'balances') {
    authorize(conn, params, auth);
    conn.balances = true;
    return [{ channel, snapshot: params['snapshot'] !== false }];
  }
  throw new WsError('EGeneral:Invalid arguments');
}

/** The `ohlc` interval (minutes, default 1) as ms, or the venue's refusal. */
export function intervalOf(params: Params): number {
  try {
    return intervalMsOf(params['interval'] ?? 1);
  } catch {
    throw new WsError('EGeneral:Invalid arguments:interval');
  }
}

/** An `unsubscribe`'s acks; the subscription is dropped from the connection. */
export function unsubscribe(conn: Conn, params: Params): Record<string, unknown>[] {
  const channel = params['channel'];
  if (channel === 'ohlc') {
    const pairs = symbolsOf(params);
    conn.ohlc.remove(intervalOf(params), pairs.map((p) => p.symbol));
    return pairs.map((p) => ({ channel, symbol: p.symbol }));
  }
  if (channel === 'ticker' || channel === 'book') {
    const pairs = symbolsOf(params);
    for (const p of pairs) (channel === 'ticker' ? conn.ticker : conn.book).delete(p.symbol);
    return pairs.map((p) => ({ channel, symbol: p.symbol }));
  }
  if (channel === 'executions' || channel === 'balances') {
    if (channel === 'executions') conn.executions = false;
    else conn.balances = false;
    return [{ channel }];
  }
  throw new WsError('EGeneral:Invalid arguments');
}
