/**
 * Hyperliquid WebSocket formats (docs/venues.md §6.5, HL-WS), as pure parsers into venue-neutral
 * stream events. One endpoint (`/ws`) serves everything and nothing needs a login: account data
 * is public by address, so the user socket subscribes `orderUpdates`, `userFills` and
 * `userEvents` (pushed on channel `user`) for the MASTER address, and the market socket `bbo` per
 * coin. Each subscription is acknowledged on channel `subscriptionResponse`. Keep-alive is the
 * application ping `{"method":"ping"}` answered by `{"channel":"pong"}`: the venue closes a socket
 * it has heard nothing from for 60 s. `userFills` opens with a snapshot (`isSnapshot: true`) of
 * recent fills, which the account mirror dedupes by trade id like any replay.
 * A bad frame becomes a StreamParseError result; nothing here throws past `parseHyperliquidFrame`.
 */
import { add, isZero, neg, sign } from '../../core/decimal.js';
import type { Fill } from '../../core/types.js';
import {
  type AccountUpdate,
  excerptOf,
  type HeartbeatSpec,
  type ParseResult,
  type PositionChange,
  type StreamAdapter,
  type StreamEvent,
  StreamParseError,
  type KlineSubscription,
  type StreamSpec,
} from '../stream-types.js';
import type { SignContext, VenueUrls } from '../venue.js';
import { asArray, asObj, dec, FieldError, int, isObj, type Obj, optDec, str } from '../shared/fields.js';
import { fillFrom, orderFrom } from './parse.js';
import { masterAddress } from './requests.js';
import { candlePush, candleSubscriptions } from './klines.js';

/** The venue's greeting, sent as plain text right after the upgrade. */
export const GREETING = 'Websocket connection established.';

function orderUpdates(data: unknown, out: StreamEvent[]): void {
  for (const [i, raw] of asArray(data, 'data').entries()) {
    const w = asObj(raw, `data[${i}]`);
    out.push({ type: 'order', order: orderFrom(asObj(w['order'], `data[${i}].order`), str(w, 'status'), int(w, 'statusTimestamp')) });
  }
}

/**
 * The position a fill leaves: `startPosition` ± size, exact. The entry price is exact when the fill
 * opens from flat or flips the side (it is the fill's price) and when it closes (none); after an
 * add or a partial close it is left to the mirror and the next snapshot. Hyperliquid pushes no
 * position stream to the user feeds; sizes would otherwise wait for a reconcile.
 */
function positionAfter(f: Obj, fill: Fill): AccountUpdate | undefined {
  const start = optDec(f, 'startPosition');
  if (start === undefined) return undefined;
  const qty = add(start, fill.side === 'buy' ? fill.qty : neg(fill.qty));
  const opened = isZero(start) || (!isZero(qty) && sign(qty) !== sign(start));
  const change: PositionChange = { symbol: fill.symbol, qty };
  if (isZero(qty)) Object.assign(change, { entryPrice: '0', unrealizedPnl: '0' });
  else if (opened) change.entryPrice = fill.price;
  return { type: 'account', time: fill.time, reason: 'fill', balances: [], positions: [change] };
}

/** Fills, each followed by the position it leaves — except in a snapshot, which replays the past. */
function fills(list: unknown, out: StreamEvent[], snapshot = false): void {
  for (const [i, raw] of asArray(list, 'fills').entries()) {
    const f = asObj(raw, `fills[${i}]`);
    const fill = fillFrom(f);
    out.push({ type: 'fill', fill });
    const after = snapshot ? undefined : positionAfter(f, fill);
    if (after !== undefined) out.push(after);
  }
}

function userEvent(data: unknown, out: StreamEvent[], text: string): void {
  const d = asObj(data, 'data');
  if (d['fills'] !== undefined) fills(d['fills'], out);
  else if (d['nonUserCancel'] !== undefined) {
    // Only coin and oid: the orderUpdates push of the same cancel carries the full order.
    out.push({ type: 'notice', text: `venue canceled orders: ${excerptOf(JSON.stringify(d['nonUserCancel']), 100)}` });
  } else if (d['funding'] !== undefined || d['liquidation'] !== undefined) {
    out.push({ type: 'notice', text: `user event ${Object.keys(d).join(',')}` });
  } else out.push({ type: 'unknown', name: `user event ${Object.keys(d).join(',')}`, excerpt: excerptOf(text) });
}

function bbo(data: unknown, out: StreamEvent[]): void {
  const d = asObj(data, 'data');
  const [bid, ask] = asArray(d['bbo'], 'bbo');
  // One side empty (a thin book): nothing to quote.
  if (!isObj(bid) || !isObj(ask)) return;
  out.push({
    type: 'ticker',
    symbol: str(d, 'coin'),
    bid: dec(bid, 'px'),
    bidQty: dec(bid, 'sz'),
    ask: dec(ask, 'px'),
    askQty: dec(ask, 'sz'),
    time: int(d, 'time'),
  });
}

function channelFrame(f: Obj, text: string): StreamEvent[] {
  const channel = str(f, 'channel');
  const out: StreamEvent[] = [];
  switch (channel) {
    case 'pong':
      return [{ type: 'pong' }];
    case 'subscriptionResponse':
      return [{ type: 'subscribed', ok: true, message: excerptOf(JSON.stringify(f['data'] ?? {}), 100) }];
    case 'error':
      return [{ type: 'error', code: 'error', message: typeof f['data'] === 'string' ? f['data'] : excerptOf(JSON.stringify(f['data'])) }];
    case 'orderUpdates':
      orderUpdates(f['data'], out);
      return out;
    case 'userFills': {
      const d = asObj(f['data'], 'data');
      fills(d['fills'], out, d['isSnapshot'] === true);
      return out;
    }
    case 'user':
      userEvent(f['data'], out, text);
      return out;
    case 'bbo':
      bbo(f['data'], out);
      return out;
    case 'candle':
      candlePush(f['data'], out);
      return out;
    case 'post':
      return [{ type: 'notice', text: `post reply ${excerptOf(text, 80)}` }];
    default:
      return [{ type: 'unknown', name: `channel ${channel}`, excerpt: excerptOf(text) }];
  }
}

/** One text frame of a Hyperliquid socket → events, or a named parse error. */
export function parseHyperliquidFrame(text: string): ParseResult {
  if (text === GREETING) return { ok: true, events: [{ type: 'notice', text }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new StreamParseError('not-json', 'frame is not JSON', excerptOf(text)) };
  }
  if (!isObj(value) || typeof value['channel'] !== 'string') {
    return { ok: false, error: new StreamParseError('bad-shape', 'frame has no "channel"', excerptOf(text)) };
  }
  try {
    return { ok: true, events: channelFrame(value, text) };
  } catch (err) {
    const why = err instanceof FieldError ? err.message : String(err);
    return { ok: false, error: new StreamParseError('bad-field', why, excerptOf(text)) };
  }
}

/**
 * The venue drops a socket it has heard nothing from for 60 s (the SDK pings every 50 s): a ping
 * every 20 s, dead without a pong in 10 s or after 50 s of total silence.
 */
export const HYPERLIQUID_HEARTBEAT: HeartbeatSpec = {
  kind: 'app',
  ping: JSON.stringify({ method: 'ping' }),
  intervalMs: 20_000,
  pongTimeoutMs: 10_000,
  silenceMs: 50_000,
};

/** Pushes are small; snapshots of fills are the largest (up to a few thousand fills). */
export const HYPERLIQUID_MAX_FRAME_BYTES = 4 << 20;

export const USER_SUBSCRIPTIONS = ['orderUpdates', 'userFills', 'userEvents'] as const;

export function subscribeFrame(subscription: Record<string, unknown>): string {
  return JSON.stringify({ method: 'subscribe', subscription });
}

export function hyperliquidUserStream(urls: VenueUrls): StreamSpec {
  return {
    name: 'user',
    role: 'account',
    url: () => urls.wsPrivate,
    subscribe: {
      frames: (ctx?: SignContext) => {
        if (ctx === undefined) throw new Error('hyperliquid user stream: subscriptions need the master address');
        const user = masterAddress(ctx.credentials);
        return USER_SUBSCRIPTIONS.map((type) => subscribeFrame({ type, user }));
      },
      acks: USER_SUBSCRIPTIONS.length,
      timeoutMs: 10_000,
    },
    heartbeat: HYPERLIQUID_HEARTBEAT,
    maxFrameBytes: HYPERLIQUID_MAX_FRAME_BYTES,
    parse: parseHyperliquidFrame,
  };
}

/** `bbo` per coin, and `candle` per kline subscription (klines.ts): one socket serves both. */
export function hyperliquidMarketStream(urls: VenueUrls, symbols: readonly string[], klines: readonly KlineSubscription[] = []): StreamSpec {
  const subs = [...symbols.map((coin) => ({ type: 'bbo', coin })), ...candleSubscriptions(klines)];
  return {
    name: symbols.length === 0 && klines.length > 0 ? 'candles' : 'market',
    role: 'market',
    url: () => urls.wsPublic,
    subscribe: { frames: () => subs.map((s) => subscribeFrame(s)), acks: subs.length, timeoutMs: 10_000 },
    heartbeat: HYPERLIQUID_HEARTBEAT,
    maxFrameBytes: HYPERLIQUID_MAX_FRAME_BYTES,
    parse: parseHyperliquidFrame,
  };
}

/** `VenueAdapter.stream` of Hyperliquid. */
export const hyperliquidStreams: StreamAdapter = {
  user: hyperliquidUserStream,
  market: (urls, symbols, klines) => [hyperliquidMarketStream(urls, symbols, klines)],
};
