/**
 * Bybit v5 WebSocket formats, as pure parsers into venue-neutral stream events (docs/venues.md §3.4).
 * - Private `/v5/private`: `auth` first (`{"op":"auth","args":[key, expires, signature]}`, expires
 *   in venue ms, in the future), then the `order`, `execution`, `position` and `wallet` topics.
 *   `dcp.future` (the disconnect-cancel topic) is subscribed by the engine once the dead-man is
 *   armed: DCP fires only when every private socket that subscribed it has been gone for the window.
 * - Public `/v5/public/linear`: `orderbook.1.<symbol>` (best bid/ask; linear level 1 is snapshots
 *   only, re-sent every 3 s when unchanged), `tickers.<symbol>` (mark and index price, funding) and,
 *   where the signal stack asks, `kline.<interval>.<symbol>` (klines.ts).
 * Keep-alive: `{"op":"ping"}` every 20 s as the venue recommends; the private pong is
 * `{"op":"pong",…}`, the public one `{"op":"ping","ret_msg":"pong",…}`. An idle socket is cut after
 * 10 minutes. A bad frame becomes a StreamParseError result; nothing here throws past `parseBybitFrame`.
 */
import { revealSecret } from '../../core/secret.js';
import {
  type AccountUpdate,
  type BalanceChange,
  excerptOf,
  type HeartbeatSpec,
  type ParseResult,
  type PositionChange,
  type StreamAdapter,
  type StreamEvent,
  StreamParseError,
  type StreamLoginSpec,
  type StreamSpec,
  type KlineSubscription,
} from '../stream-types.js';
import type { SignContext, VenueUrls } from '../venue.js';
import { asArray, asObj, dec, FieldError, int, isObj, nonEmpty, type Obj, str } from '../shared/fields.js';
import { neg } from '../../core/decimal.js';
import { optAmount } from './fields.js';
import { fillFrom, orderFrom } from './parse.js';
import { signingKey } from './requests.js';
import { signBybitWsAuthWith } from './sign.js';
import { klinePush, klineTopic } from './klines.js';

/** How far ahead of venue time the `auth` frame's `expires` lies: a login is single use, soon. */
export const AUTH_EXPIRES_MS = 10_000;

/** The `auth` frame for the venue time `ctx.venueNow()`; `expires` is a JSON number, as documented. */
export function bybitAuthFrame(ctx: SignContext): string {
  const expires = Math.floor(ctx.venueNow()) + AUTH_EXPIRES_MS;
  const signature = signBybitWsAuthWith(signingKey(ctx.credentials), expires);
  return JSON.stringify({ req_id: 'qd-auth', op: 'auth', args: [revealSecret(ctx.credentials.apiKey), expires, signature] });
}

export const bybitLogin: StreamLoginSpec = { frame: bybitAuthFrame, timeoutMs: 10_000 };

export const PRIVATE_TOPICS = ['order', 'execution', 'position', 'wallet'] as const;

/** The disconnect-cancel topic of perpetuals and futures. */
export const DCP_TOPIC = 'dcp.future';

export function subscribeFrame(args: readonly string[], reqId: string): string {
  return JSON.stringify({ req_id: reqId, op: 'subscribe', args });
}

export const DCP_FRAMES = { subscribe: subscribeFrame([DCP_TOPIC], 'qd-dcp') } as const;

function ordersPush(data: unknown, out: StreamEvent[]): void {
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const o = asObj(raw, `data[${i}]`);
    if (o['category'] !== undefined && o['category'] !== 'linear') continue;
    out.push({ type: 'order', order: orderFrom(o) });
  }
}

function executionsPush(data: unknown, out: StreamEvent[]): void {
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const t = asObj(raw, `data[${i}]`);
    if (t['category'] !== undefined && t['category'] !== 'linear') continue;
    const fill = fillFrom(t);
    if (fill !== undefined) out.push({ type: 'fill', fill });
  }
}

function positionsPush(data: unknown, out: StreamEvent[], time: number): void {
  const positions: PositionChange[] = [];
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const p = asObj(raw, `data[${i}]`);
    if (p['category'] !== undefined && p['category'] !== 'linear') continue;
    const idx = p['positionIdx'];
    if (idx !== undefined && idx !== 0 && idx !== '0') {
      out.push({ type: 'unknown', name: `position hedge-mode positionIdx ${String(idx)}`, excerpt: '' });
      continue;
    }
    const size = optAmount(p, 'size') ?? '0';
    const side = nonEmpty(p, 'side');
    const change: PositionChange = { symbol: str(p, 'symbol'), qty: side === 'Sell' ? neg(size) : size };
    // The topic says `entryPrice` where REST says `avgPrice`.
    const entry = optAmount(p, 'entryPrice') ?? optAmount(p, 'avgPrice');
    if (entry !== undefined) change.entryPrice = entry;
    const upl = optAmount(p, 'unrealisedPnl');
    if (upl !== undefined) change.unrealizedPnl = upl;
    positions.push(change);
  }
  if (positions.length > 0) out.push({ type: 'account', time, reason: 'position', balances: [], positions });
}

function walletPush(data: unknown, out: StreamEvent[], time: number): void {
  const balances: BalanceChange[] = [];
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const account = asObj(raw, `data[${i}]`);
    for (const [j, c] of asArray(account['coin'] ?? [], 'coin').entries()) {
      const coin = asObj(c, `coin[${j}]`);
      balances.push({ asset: str(coin, 'coin'), wallet: dec(coin, 'walletBalance') });
    }
  }
  const update: AccountUpdate = { type: 'account', time, reason: 'wallet', balances, positions: [] };
  out.push(update);
}

/** Level-1 book: the best bid and ask (a side may be empty in a thin book: then no quote). */
function orderbookPush(f: Obj, out: StreamEvent[]): void {
  const data = asObj(f['data'], 'data');
  const bids = asArray(data['b'] ?? [], 'b');
  const asks = asArray(data['a'] ?? [], 'a');
  const bid = bids[0];
  const ask = asks[0];
  if (!Array.isArray(bid) || !Array.isArray(ask)) return;
  const level = ([price, qty]: unknown[]) => ({ price: dec({ price }, 'price'), qty: dec({ qty }, 'qty') });
  const b = level(bid);
  const a = level(ask);
  out.push({ type: 'ticker', symbol: str(data, 's'), bid: b.price, bidQty: b.qty, ask: a.price, askQty: a.qty, time: int(f, 'ts') });
}

/** Tickers: linear pushes a snapshot then deltas of the changed fields; a mark needs all four. */
function tickersPush(f: Obj, out: StreamEvent[]): void {
  const t = asObj(f['data'], 'data');
  const mark = optAmount(t, 'markPrice');
  const index = optAmount(t, 'indexPrice');
  const funding = optAmount(t, 'fundingRate');
  const next = nonEmpty(t, 'nextFundingTime');
  if (mark === undefined || index === undefined || funding === undefined || next === undefined) return;
  out.push({
    type: 'mark',
    symbol: str(t, 'symbol'),
    markPrice: mark,
    indexPrice: index,
    fundingRate: funding,
    nextFundingTime: int(t, 'nextFundingTime'),
    time: int(f, 'ts'),
  });
}

/** Operation replies: auth, subscribe, ping/pong. */
function opFrame(f: Obj, text: string): StreamEvent[] {
  const op = str(f, 'op');
  const ok = f['success'] !== false;
  const msg = typeof f['ret_msg'] === 'string' ? f['ret_msg'] : '';
  switch (op) {
    case 'auth':
      return [{ type: 'login', ok: f['success'] === true, message: msg === '' ? 'authenticated' : msg }];
    case 'subscribe':
      // A refused disconnect-cancel topic must not stop the trading topics: it is said, not fatal.
      if (!ok && f['req_id'] === 'qd-dcp') return [{ type: 'subscribed', ok: true, message: `${DCP_TOPIC} refused: ${msg}` }];
      return [{ type: 'subscribed', ok, message: ok ? 'subscribed' : msg }];
    case 'unsubscribe':
      return [{ type: 'notice', text: `unsubscribe ${ok ? 'done' : `refused: ${msg}`}` }];
    case 'pong':
      return [{ type: 'pong' }];
    case 'ping':
      // The public socket answers a ping with op "ping" and ret_msg "pong".
      return msg === 'pong' || f['success'] === true ? [{ type: 'pong' }] : [{ type: 'notice', text: 'ping' }];
    default:
      return [{ type: 'unknown', name: `op ${op}`, excerpt: excerptOf(text) }];
  }
}

function topicFrame(f: Obj, text: string): StreamEvent[] {
  const topic = str(f, 'topic');
  const events: StreamEvent[] = [];
  const time = typeof f['creationTime'] === 'number' ? int(f, 'creationTime') : 0;
  if (topic === 'order') ordersPush(f['data'], events);
  else if (topic === 'execution') executionsPush(f['data'], events);
  else if (topic === 'position') positionsPush(f['data'], events, time);
  else if (topic === 'wallet') walletPush(f['data'], events, time);
  else if (topic.startsWith('orderbook.1.')) orderbookPush(f, events);
  else if (topic.startsWith('tickers.')) tickersPush(f, events);
  else if (topic.startsWith('kline.')) events.push(...klinePush(f, topic));
  else if (topic.startsWith('dcp')) events.push({ type: 'notice', text: `dcp ${excerptOf(text, 80)}` });
  else events.push({ type: 'unknown', name: `topic ${topic}`, excerpt: excerptOf(text) });
  return events;
}

/** One text frame of any Bybit socket → events, or a named parse error. */
export function parseBybitFrame(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new StreamParseError('not-json', 'frame is not JSON', excerptOf(text)) };
  }
  if (!isObj(value)) return { ok: false, error: new StreamParseError('bad-shape', 'frame is not a JSON object', excerptOf(text)) };
  try {
    if (typeof value['op'] === 'string') return { ok: true, events: opFrame(value, text) };
    if (typeof value['topic'] === 'string') return { ok: true, events: topicFrame(value, text) };
    return { ok: false, error: new StreamParseError('bad-shape', 'frame has neither "op" nor "topic"', excerptOf(text)) };
  } catch (err) {
    const why = err instanceof FieldError ? err.message : String(err);
    return { ok: false, error: new StreamParseError('bad-field', why, excerptOf(text)) };
  }
}

/**
 * A ping every 20 s (the venue's advice); its pong proves the line alive. No pong in 10 s, or 45 s
 * without any frame, and the socket is dead.
 */
export const BYBIT_HEARTBEAT: HeartbeatSpec = {
  kind: 'app',
  ping: JSON.stringify({ req_id: 'qd-ping', op: 'ping' }),
  intervalMs: 20_000,
  pongTimeoutMs: 10_000,
  silenceMs: 45_000,
};

export const BYBIT_MAX_FRAME_BYTES = 1 << 20;

export function bybitUserStream(urls: VenueUrls): StreamSpec {
  return {
    name: 'user',
    role: 'account',
    url: () => urls.wsPrivate,
    login: bybitLogin,
    subscribe: { frames: () => [subscribeFrame(PRIVATE_TOPICS, 'qd-private')], acks: 1, timeoutMs: 10_000 },
    heartbeat: BYBIT_HEARTBEAT,
    maxFrameBytes: BYBIT_MAX_FRAME_BYTES,
    parse: parseBybitFrame,
  };
}

export function bybitMarketStream(urls: VenueUrls, symbols: readonly string[], klines: readonly KlineSubscription[] = []): StreamSpec {
  const args = [...symbols.flatMap((s) => [`orderbook.1.${s}`, `tickers.${s}`]), ...klines.map((k) => klineTopic(k.symbol, k.timeframe))];
  return {
    name: 'market',
    role: 'market',
    url: () => urls.wsPublic,
    subscribe: { frames: () => (args.length === 0 ? [] : [subscribeFrame(args, 'qd-public')]), acks: args.length === 0 ? 0 : 1, timeoutMs: 10_000 },
    heartbeat: BYBIT_HEARTBEAT,
    // The level-1 book is re-sent at least every 3 s even when nothing changes (a kline-only socket,
    // the kline feed's own, has no book: klines need no trade to be pushed, but nothing is promised).
    ...(symbols.length === 0 ? {} : { expects: { events: ['ticker'] as const, withinMs: 15_000 } }),
    maxFrameBytes: BYBIT_MAX_FRAME_BYTES,
    parse: parseBybitFrame,
  };
}

/** `VenueAdapter.stream` of Bybit. */
export const bybitStreams: StreamAdapter = {
  user: bybitUserStream,
  market: (urls, symbols, klines) => [bybitMarketStream(urls, symbols, klines)],
};
