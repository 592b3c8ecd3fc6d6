// A tiny loopback WebSocket peer and a recorder for stream status events, shared by the stream tests.
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Fill, Order } from '../../src/core/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimFill, SimHandle } from '../../src/sim/index.js';
import type { ConnectionEvent } from '../../src/engine/events.js';
import {
  type ParseResult,
  type StreamEvent,
  StreamParseError,
  type StreamSpec,
} from '../../src/venues/stream-types.js';
import { type EventLog, until } from './rest-helpers.js';
import { CEILING_MS } from '../support/until.js';

export interface Peer {
  url: string;
  /** Paths of every connection, in order. */
  paths: string[];
  sockets: WebSocket[];
  /** Called for each new connection (after it is recorded). */
  onConnect: (ws: WebSocket, path: string) => void;
  /** Called for each text frame the client sends. */
  onText: (ws: WebSocket, text: string) => void;
  close(): Promise<void>;
}

export async function startPeer(options: { autoPong?: boolean } = {}): Promise<Peer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: options.autoPong ?? true });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const peer: Peer = {
    url: `ws://127.0.0.1:${port}`,
    paths: [],
    sockets: [],
    onConnect: () => {},
    onText: () => {},
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws, req) => {
    const path = req.url ?? '';
    peer.paths.push(path);
    peer.sockets.push(ws);
    ws.on('message', (data) => peer.onText(ws, data.toString()));
    peer.onConnect(ws, path);
  });
  return peer;
}

/** Collects status events and lets a test wait for a condition on them. */
export class Recorder {
  statuses: ConnectionEvent[] = [];
  events: StreamEvent[] = [];
  private waiters: Array<() => void> = [];

  status = (ev: ConnectionEvent): void => {
    this.statuses.push(ev);
    this.poke();
  };

  event = (ev: StreamEvent): void => {
    this.events.push(ev);
    this.poke();
  };

  poke(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  states(): string[] {
    return this.statuses.map((s) => s.state);
  }

  /** Resolves once `check()` is true; rejects after `ms` (a ceiling for a busy machine) with what was seen. */
  async until(check: () => boolean, ms = CEILING_MS): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out; states so far: ${this.states().join(' → ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  /** Count of `state` events so far. */
  count(state: string): number {
    return this.statuses.filter((s) => s.state === state).length;
  }
}

/**
 * An OKX-like test dialect, to show the machine runs a venue with a WS login, acknowledged
 * subscriptions and a text ping: `ping`→`pong`, `{"event":"login","code":"0"}`,
 * `{"event":"subscribe"}`, `{"event":"error","msg":…}`, `{"px":"…"}` → trade.
 */
export function parseTestFrame(text: string): ParseResult {
  if (text === 'pong') return { ok: true, events: [{ type: 'pong' }] };
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, error: new StreamParseError('not-json', 'frame is not JSON', text) };
  }
  if (v['event'] === 'login') return { ok: true, events: [{ type: 'login', ok: v['code'] === '0', message: String(v['msg'] ?? '') }] };
  if (v['event'] === 'subscribe') return { ok: true, events: [{ type: 'subscribed', ok: true, message: '' }] };
  if (v['event'] === 'error') return { ok: true, events: [{ type: 'error', code: String(v['code']), message: String(v['msg']) }] };
  if (typeof v['px'] === 'string') {
    return { ok: true, events: [{ type: 'trade', symbol: 'BTC-USDT', price: v['px'], qty: '1', side: 'buy', time: 1 }] };
  }
  return { ok: true, events: [{ type: 'unknown', name: String(v['event'] ?? '?'), excerpt: text }] };
}

export function testSpec(url: string, over: Partial<StreamSpec> = {}): StreamSpec {
  return {
    name: 'market',
    role: 'market',
    url: () => url,
    heartbeat: { kind: 'app', ping: 'ping', intervalMs: 5_000, pongTimeoutMs: 5_000, silenceMs: 10_000 },
    maxFrameBytes: 64 * 1024,
    parse: parseTestFrame,
    ...over,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An order / a fill with test defaults. */
export function order(over: Partial<Order> = {}): Order {
  return {
    venueOrderId: '1',
    clientOrderId: 'qd-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'limit',
    price: '100',
    qty: '2',
    filledQty: '0',
    avgPrice: '0',
    state: 'new',
    reduceOnly: false,
    postOnly: false,
    updatedAt: 10,
    ...over,
  };
}

export function fill(over: Partial<Fill> = {}): Fill {
  return {
    tradeId: '1',
    venueOrderId: '1',
    clientOrderId: 'qd-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    price: '100',
    qty: '1',
    fee: '0.04',
    feeAsset: 'USDT',
    time: 10,
    maker: true,
    ...over,
  };
}

/** Reconnect backoff for engine-against-sim stream tests: quick, and long-stable so attempts count up. */
export const SIM_STREAM_BACKOFF = { firstMs: 300, baseMs: 300, capMs: 1_000, stableMs: 60_000 };
/**
 * Heartbeat for those tests: a dead socket is noticed within two seconds — not sooner, so that a pong
 * late behind a busy machine's event loop is not taken for a dead line.
 */
export const SIM_STREAM_HEARTBEAT = { intervalMs: 100, pongTimeoutMs: 2_000, silenceMs: 5_000 };
/** Engine options that turn streams on with the above and no jitter. */
export const SIM_STREAM_OPTIONS = {
  streams: true,
  stream: { backoff: SIM_STREAM_BACKOFF, heartbeat: SIM_STREAM_HEARTBEAT },
  random: () => 1,
};

/** The connection events `log` holds for one socket (`user` or `market`), in order. */
export function connectionsOf(log: EventLog, socket: string): ConnectionEvent[] {
  return log.of('connection').filter((e) => e.socket === socket);
}

/** The states one socket went through, in order. */
export function statesOf(log: EventLog, socket: string): string[] {
  return connectionsOf(log, socket).map((e) => e.state);
}

/** Whether both the user and the market socket are live now. */
/** The user socket and every market socket (Binance has two: 'public' and 'market') are live. */
export function bothLive(log: EventLog): boolean {
  const market = [...new Set(log.of('connection').filter((c) => c.role === 'market').map((c) => c.socket))];
  return statesOf(log, 'user').at(-1) === 'live' && market.length > 0 && market.every((m) => statesOf(log, m).at(-1) === 'live');
}

/**
 * The first half of the stream-drop test, the same on every venue: three resting buys at
 * `prices`, then the user socket drops and the price falls through them, so they fill while the
 * engine cannot hear it. Returns the orders' ids, the venue trade ids from before, and the fills
 * the venue made while away (at least three; none reached the engine yet).
 */
export async function fillWhileUserStreamDown(
  sim: SimHandle,
  e: Engine,
  log: EventLog,
  order: { symbol: string; qty: string; prices: string[] },
  /** The venue's private sockets the engine holds (OKX: the private one and the algo one). */
  privateSockets = 1,
  /** The local venue's name of the market (Kraken's dialect names it `BTC/USD`). */
  simSymbol = 'BTCUSDT',
): Promise<{ ids: string[]; before: Set<number>; venueFills: SimFill[] }> {
  await sim.control.setPrice(simSymbol, '50000');
  const before = new Set((await sim.control.fills()).map((f) => f.tradeId));
  const ids: string[] = [];
  for (const price of order.prices) {
    const r = await e.place({ symbol: order.symbol, side: 'buy', type: 'limit', qty: order.qty, price, reduceOnly: false, postOnly: false });
    ids.push(r.ok ? (r.clientOrderId ?? '') : '');
  }
  await until(() => ids.every((id) => e.account.order(id)?.state === 'new'), 5_000, 'orders open');
  const fillsBefore = log.of('fill').length;

  // The socket goes down; the orders fill before the first retry (300 ms) brings it back.
  expect(await sim.control.dropSockets('user')).toBe(privateSockets);
  await sim.control.setPrice(simSymbol, '49900');
  const venueFills = (await sim.control.fills()).filter((f) => !before.has(f.tradeId));
  expect(venueFills.length).toBeGreaterThanOrEqual(3);
  expect(log.of('fill').length).toBe(fillsBefore);
  return { ids, before, venueFills };
}

/**
 * One malformed and one oversized frame on the user socket, then a resting order: both bad frames
 * are counted, the order still arrives through the stream, and the socket never reconnected.
 */
export async function expectBadFramesCounted(
  sim: SimHandle,
  e: Engine,
  log: EventLog,
  order: { symbol: string; qty: string; price: string },
): Promise<void> {
  await sim.control.patchFaults({ wsMalformed: { times: 1, scope: 'user' }, wsOversized: { times: 1, scope: 'user' } });
  await sim.control.setPrice('BTCUSDT', '50000');
  const placed = await e.place({ ...order, side: 'buy', type: 'limit', reduceOnly: false, postOnly: false });
  if (!placed.ok) throw new Error(placed.error);
  const user = e.streams.find((s) => s.name === 'user')!;
  await until(() => user.counters.malformed === 1 && user.counters.oversized === 1, 5_000, 'bad frames');
  await until(() => e.account.openOrders().some((o) => o.clientOrderId === placed.clientOrderId && o.state === 'new'), 5_000, 'order seen');
  expect(user.state).toBe('live');
  expect(statesOf(log, 'user').filter((s) => s === 'reconnecting')).toHaveLength(0);
}
