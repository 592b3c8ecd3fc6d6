/**
 * Whether a WebSocket is still alive, by the venue's heartbeat rule (HeartbeatSpec): a ping every
 * `intervalMs` (a WebSocket ping frame, or the venue's own text ping), a ping left unanswered for
 * `pongTimeoutMs` or a line without any inbound frame for `silenceMs` means the socket is dead.
 * The stream feeds it what it hears and drops the socket when it is told the line is dead.
 */
import type { HeartbeatSpec } from '../venues/stream-types.js';

export interface HeartbeatLine {
  /** Sends the venue's text ping. */
  send(text: string): void;
  /** Sends a WebSocket ping frame. */
  ping(): void;
  /** The line is dead: `reason` says which rule said so. */
  dead(reason: string): void;
}

const mono = (): number => performance.now();

export class Heartbeat {
  readonly #spec: HeartbeatSpec;
  readonly #line: HeartbeatLine;
  #timer: NodeJS.Timeout | undefined;
  #lastInbound = 0;
  #lastPing = 0;
  /** When the oldest unanswered ping went out. */
  #pingSince: number | undefined;

  constructor(spec: HeartbeatSpec, line: HeartbeatLine) {
    this.#spec = spec;
    this.#line = line;
  }

  /** The socket opened: the clocks start now. Checks run at a quarter of the shortest timing. */
  start(): void {
    const hb = this.#spec;
    this.#lastInbound = this.#lastPing = mono();
    this.#pingSince = undefined;
    const tick = Math.max(5, Math.min(hb.intervalMs, hb.pongTimeoutMs, hb.silenceMs) / 4);
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#check(), tick);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Anything came in (a frame, a ping from the venue): the line is not silent. */
  heard(): void {
    this.#lastInbound = mono();
  }

  /** The venue answered our ping (a pong frame, or its text pong). */
  answered(): void {
    this.#pingSince = undefined;
  }

  #check(): void {
    const hb = this.#spec;
    const t = mono();
    if (this.#pingSince !== undefined && t - this.#pingSince >= hb.pongTimeoutMs) {
      this.#line.dead(`no pong within ${hb.pongTimeoutMs} ms`);
    } else if (t - this.#lastInbound >= hb.silenceMs) {
      this.#line.dead(`silent for ${hb.silenceMs} ms`);
    } else if (t - this.#lastPing >= hb.intervalMs) {
      this.#lastPing = t;
      this.#pingSince ??= t;
      if (hb.kind === 'app') this.#line.send(hb.ping);
      else this.#line.ping();
    }
  }
}
