// Every WebSocket the sim holds, whatever the dialect: server pings, dropping clients that stop ponging,
// answering (or, under a fault, ignoring) client pings, abrupt drops on command, and the malformed /
// oversized frame faults applied to every pushed message.
import { WebSocket, WebSocketServer } from 'ws';
import { monotonicMs } from '../clock.js';
import type { FaultRuntime } from '../faults/runtime.js';
import type { SimStats } from '../types.js';

export type SocketKind = 'user' | 'market';

export interface SimSocket {
  readonly id: number;
  readonly ws: WebSocket;
  /**
   * A dialect whose one path serves both kinds (a venue with two hosts on one path, seen from the single
   * local host) turns a `market` socket into a `user` one when it subscribes a private channel.
   */
  kind: SocketKind;
  /** Dialect data: the listen key of a user socket, the subscriptions of a market socket. */
  tag: string;
  readonly streams: Set<string>;
  lastPong: number;
  lastPing: number;
}

export interface HubOptions {
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export class WsHub {
  readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 1 << 20 });
  readonly sockets = new Set<SimSocket>();
  #nextId = 1;
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly faults: FaultRuntime,
    readonly stats: SimStats,
    readonly options: HubOptions,
  ) {
    const period = Math.max(5, Math.min(options.pingIntervalMs, options.pongTimeoutMs) / 2);
    this.#timer = setInterval(() => this.#heartbeat(), period);
    this.#timer.unref();
  }

  add(ws: WebSocket, kind: SocketKind, tag = ''): SimSocket {
    const now = monotonicMs();
    const sock: SimSocket = {
      id: this.#nextId++,
      ws,
      kind,
      tag,
      streams: new Set(),
      lastPong: now,
      lastPing: now,
    };
    this.sockets.add(sock);
    this.stats.wsConnections++;
    ws.on('ping', (data) => {
      if (!this.faults.ignorePings && ws.readyState === WebSocket.OPEN) ws.pong(data);
    });
    ws.on('pong', () => {
      sock.lastPong = monotonicMs();
    });
    ws.on('close', () => this.sockets.delete(sock));
    ws.on('error', () => this.sockets.delete(sock));
    return sock;
  }

  #heartbeat(): void {
    const now = monotonicMs();
    for (const s of this.sockets) {
      if (now - s.lastPong > this.options.pongTimeoutMs) {
        this.#drop(s);
        continue;
      }
      if (
        !this.faults.noServerPings &&
        now - s.lastPing >= this.options.pingIntervalMs &&
        s.ws.readyState === WebSocket.OPEN
      ) {
        s.lastPing = now;
        s.ws.ping();
      }
    }
  }

  #drop(s: SimSocket): void {
    this.sockets.delete(s);
    this.stats.wsDropped++;
    s.ws.terminate();
  }

  /** Pushes a text message, preceded by a malformed or oversized frame when those faults fire. */
  send(s: SimSocket, text: string): void {
    if (s.ws.readyState !== WebSocket.OPEN) return;
    if (this.faults.firesWs('wsMalformed', s.kind))
      s.ws.send(`{"e":"${s.kind === 'user' ? 'ORDER_TRADE_UPDATE' : 'bookTicker'}","E":`);
    const bytes = this.faults.oversizeBytes;
    if (this.faults.firesWs('wsOversized', s.kind))
      s.ws.send(`{"e":"oversized","pad":"${'x'.repeat(Math.max(0, bytes - 24))}"}`);
    s.ws.send(text);
  }

  /** Abruptly drops sockets (TCP reset, no close frame). Returns how many. */
  dropAll(kind: 'all' | SocketKind = 'all'): number {
    let n = 0;
    for (const s of [...this.sockets]) {
      if (kind === 'all' || s.kind === kind) {
        this.#drop(s);
        n++;
      }
    }
    return n;
  }

  close(): void {
    clearInterval(this.#timer);
    for (const s of this.sockets) s.ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }
}
