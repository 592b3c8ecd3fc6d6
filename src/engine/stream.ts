/**
 * One WebSocket session per `StreamSpec`, venue-agnostic: a state machine
 *   connecting → authenticating (login frame, if any) → subscribing (frames, if any)
 *   → resyncing (account sockets: REST snapshot + reconcile) → live
 *   → reconnecting(attempt n, next at t) → connecting → …
 * It never gives up: every failure becomes `reconnecting` with full-jitter backoff, and every
 * state change goes out with its time and reason. A ping left unanswered or a silent line means
 * the socket is dead (heartbeat.ts). Bad frames are counted and reported, and the session goes on (invariant 8).
 * Account events that arrive before the snapshot is applied are held and replayed after it.
 *
 * Silence is named too (silence.ts): a live socket that never delivers what it subscribed to is
 * reported "connected but silent — the venue may have moved this stream", and stays up.
 */
import { errorMessage } from '../core/error-message.js';
import WebSocket from 'ws';
import { Backoff } from '../core/backoff.js';
import { neutralise, neutraliseParsed } from '../core/untrusted.js';
import type { ConnectionState } from './events.js';
import type { HeartbeatSpec, StreamEvent, StreamSpec } from '../venues/stream-types.js';
import { excerptOf } from '../venues/stream-types.js';
import { Heartbeat } from './heartbeat.js';
import { DEFAULT_EXPECT_WITHIN_MS, SilenceWatch } from './silence.js';
import { STREAM_BACKOFF, type StreamCounters, type StreamIssue, type StreamIssueKind, type StreamOptions } from './stream-options.js';
import { StreamToken } from './stream-token.js';

const mono = (): number => performance.now();

export class StreamSocket {
  readonly name: string;
  readonly counters: StreamCounters = {
    ...{ frames: 0, connects: 0, reconnects: 0, malformed: 0, oversized: 0 },
    ...{ unknown: 0, 'venue-error': 0, token: 0, resync: 0, silent: 0 },
  };
  readonly #spec: StreamSpec;
  readonly #opts: StreamOptions;
  readonly #heartbeat: Heartbeat;
  readonly #backoff: Backoff;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #token: StreamToken | undefined;
  #stateNow: ConnectionState | 'idle' = 'idle';
  #ws: WebSocket | undefined;
  /** Bumped per connection attempt; callbacks of older attempts see a stale number and stop. */
  #gen = 0;
  #held: StreamEvent[] = [];
  /**
   * Check the token before the next connect: the last attempt ended before going live (a venue
   * may close the socket of a token it dropped without saying why). A socket dropped while live
   * had a good token a moment ago, and the keeper watches it: no extra round trip then.
   */
  #verifyToken = false;
  #timers = new Set<NodeJS.Timeout>();
  #waiter: { kind: 'login' | 'subscribed'; left: number; done(err?: Error): void } | undefined;
  readonly #quiet: SilenceWatch;

  constructor(opts: StreamOptions) {
    this.#opts = opts;
    this.#spec = opts.spec;
    this.name = opts.spec.name;
    this.#heartbeat = new Heartbeat({ ...opts.spec.heartbeat, ...opts.heartbeat } as HeartbeatSpec, {
      send: (text) => this.#send(text),
      ping: () => {
        if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.ping();
      },
      dead: (reason) => this.#fail(reason),
    });
    this.#now = opts.now ?? Date.now;
    this.#random = opts.random ?? Math.random;
    this.#backoff = new Backoff(this.#random, { ...STREAM_BACKOFF, ...opts.backoff });
    this.#quiet = new SilenceWatch({
      role: this.#spec.role,
      ...(this.#spec.expects === undefined ? {} : { expects: this.#spec.expects.events }),
      report: (silent, reason) => {
        if (silent) this.#issue('silent', reason);
        this.#opts.onSilence?.(silent, reason);
      },
    });
    if (this.#spec.token) {
      if (!opts.rest) throw new Error(`stream ${this.name}: its token needs a REST runner`);
      this.#token = new StreamToken(this.#spec.token, opts.rest, {
        onIssue: (message) => this.#issue('token', message),
        onGone: (reason) => this.#fail(reason),
      });
    }
  }

  get state(): ConnectionState | 'idle' {
    return this.#stateNow;
  }

  /** Starts connecting; resolves at once (watch the status events). */
  start(): void {
    if (this.#stateNow !== 'idle' && this.#stateNow !== 'closed') return;
    this.#backoff.reset();
    void this.#connect('start');
  }

  /** Drops the socket and connects again now (the resync follows, as after any reconnect). */
  reconnect(reason = 'reconnect requested'): void {
    if (this.#stateNow === 'idle' || this.#stateNow === 'closed') return;
    this.#dropSocket();
    this.#backoff.reset();
    this.counters.reconnects++;
    this.#emit('reconnecting', reason, { attempt: 1, nextRetryAt: this.#now() });
    void this.#connect(reason);
  }

  /** Sends a frame on the open socket (after login); false when there is none to send on. */
  send(text: string): boolean {
    const up = this.#ws?.readyState === WebSocket.OPEN && ['subscribing', 'resyncing', 'live'].includes(this.#stateNow);
    if (up) this.#ws?.send(text);
    return up;
  }

  /** Clean, final close: timers stop, the token is released (best effort). */
  async stop(reason = 'closed'): Promise<void> {
    if (this.#stateNow === 'closed') return;
    this.#gen++;
    this.#dropSocket(1000);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#emit('closed', reason);
    await this.#token?.release();
  }

  async #connect(reason: string): Promise<void> {
    const gen = ++this.#gen;
    this.counters.connects++;
    this.#quiet.reset();
    const attempt = this.#backoff.attempt;
    this.#emit('connecting', reason, attempt > 0 ? { attempt } : {});
    try {
      const token = this.#token ? await this.#token.get(this.#verifyToken) : undefined;
      if (gen !== this.#gen) return;
      await this.#open(this.#spec.url(token), gen);
      if (gen !== this.#gen) return;
      const login = this.#spec.login;
      if (login) {
        this.#emit('authenticating', 'login sent');
        const ctx = this.#opts.signContext?.();
        if (!ctx) throw new Error('login needs a sign context');
        await this.#await('login', 1, login.timeoutMs, () => this.#send(login.frame(ctx)));
      }
      const sub = this.#spec.subscribe;
      const extra = this.#opts.extraSubscribe?.() ?? { frames: [], acks: 0 };
      if (sub || extra.frames.length > 0) {
        this.#emit('subscribing', 'subscribe sent');
        await this.#await('subscribed', (sub?.acks ?? 0) + extra.acks, sub?.timeoutMs ?? 10_000, () => {
          for (const f of sub?.frames(this.#opts.signContext?.(), token) ?? []) this.#send(f);
          for (const f of extra.frames) this.#send(f);
        });
      }
      // Account sockets resync, and a market socket given a resync (the kline feed's snapshots).
      if (this.#opts.resync) {
        this.#emit('resyncing', this.#spec.role === 'account' ? 'snapshot and reconcile' : 'snapshot');
        await this.#opts.resync(reason).catch((err: unknown) => {
          const why = `resync failed: ${errorMessage(err)}`;
          if (gen === this.#gen) this.#issue('resync', why);
          throw new Error(why);
        });
        if (gen !== this.#gen) return;
      }
      this.#goLive();
    } catch (err) {
      if (gen === this.#gen) this.#fail(errorMessage(err));
    }
  }

  #goLive(): void {
    const held = this.#held;
    this.#held = [];
    for (const ev of held) this.#opts.onEvent(ev, this.name);
    this.#backoff.succeeded(mono());
    this.#emit('live', held.length > 0 ? `${held.length} held events applied` : 'ready');
    this.#quiet.live(mono());
    if (this.#spec.role === 'market') {
      const withinMs = this.#opts.expectWithinMs ?? this.#spec.expects?.withinMs ?? DEFAULT_EXPECT_WITHIN_MS;
      const gen = this.#gen;
      this.#later(withinMs, () => {
        if (gen === this.#gen && this.#stateNow === 'live') this.#quiet.deadline(withinMs);
      });
    }
  }

  /**
   * After each periodic REST pass: `recovered` describes trades of ours it found that no socket
   * had sent. An account socket that stays without a word for a whole window after that is
   * reported silent (silence.ts).
   */
  afterPeriodicPass(recovered: string | undefined): boolean {
    return this.#stateNow === 'live' && this.#quiet.afterPeriodicPass(recovered);
  }

  /** Why this connection is reported silent, if it is. */
  get silent(): string | undefined {
    return this.#quiet.silent;
  }

  /** Any end of a connection that was not asked for: back off, then connect again. */
  #fail(reason: string): void {
    if (this.#stateNow === 'closed' || this.#stateNow === 'idle') return;
    const gen = ++this.#gen;
    this.#verifyToken = this.#stateNow !== 'live';
    this.#dropSocket();
    this.counters.reconnects++;
    const delay = this.#backoff.nextDelay(mono());
    const attempt = this.#backoff.attempt;
    this.#emit('reconnecting', reason, { attempt, nextRetryAt: this.#now() + delay });
    this.#later(delay, () => {
      if (gen === this.#gen) void this.#connect(`retry ${attempt} after: ${reason}`);
    });
  }

  #open(url: string, gen: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        handshakeTimeout: this.#opts.stepTimeoutMs ?? 10_000,
        maxPayload: Math.max(64 << 20, this.#spec.maxFrameBytes * 4),
        perMessageDeflate: false,
        // ws hands its options to tls.connect; the shared context carries the extra CA.
        ...((this.#opts.secureContext === undefined ? {} : { secureContext: this.#opts.secureContext }) as object),
      });
      this.#ws = ws;
      let opened = false;
      ws.on('open', () => {
        opened = true;
        this.#heartbeat.start();
        resolve();
      });
      ws.on('message', (data, isBinary) => {
        if (gen === this.#gen) this.#onFrame(data as Buffer, isBinary);
      });
      ws.on('pong', () => {
        if (gen !== this.#gen) return;
        this.#heartbeat.heard();
        this.#heartbeat.answered();
      });
      ws.on('ping', () => {
        if (gen === this.#gen) this.#heartbeat.heard();
      });
      ws.on('error', (err) => {
        if (!opened) reject(new Error(`connect failed: ${err.message}`));
        else if (gen === this.#gen) this.#fail(`socket error: ${err.message}`);
      });
      ws.on('close', (code, why) => {
        const text = `socket closed (${code}${why.length > 0 ? ` ${neutralise(why.toString())}` : ''})`;
        if (!opened) reject(new Error(text));
        else if (gen === this.#gen) this.#fail(text);
      });
    });
  }

  #onFrame(data: Buffer, isBinary: boolean): void {
    this.#heartbeat.heard();
    this.counters.frames++;
    this.#opts.onActivity?.(this.#now());
    if (data.length > this.#spec.maxFrameBytes) {
      const head = data.subarray(0, 80).toString('utf8');
      this.#issue('oversized', `frame of ${data.length} bytes dropped (max ${this.#spec.maxFrameBytes})`, head);
      return;
    }
    const text = data.toString('utf8');
    const result = this.#spec.parse(text);
    if (!result.ok) {
      const kind = isBinary ? 'binary frame: ' : '';
      this.#issue('malformed', `${kind}${result.error.message}`, result.error.excerpt);
      return;
    }
    // Venue text in events (messages, symbols) enters the program with its controls made visible.
    for (const ev of neutraliseParsed(text, result.events)) this.#route(ev);
  }

  #route(ev: StreamEvent): void {
    switch (ev.type) {
      case 'pong':
        this.#heartbeat.answered();
        return;
      case 'notice':
        return;
      case 'login':
        if (this.#waiter?.kind === 'login') this.#waiter.done(ev.ok ? undefined : new Error(`login refused: ${ev.message}`));
        return;
      case 'subscribed':
        if (this.#waiter?.kind === 'subscribed') {
          if (!ev.ok) this.#waiter.done(new Error(`subscribe refused: ${ev.message}`));
          else if (--this.#waiter.left <= 0) this.#waiter.done();
        }
        return;
      case 'token-expired':
        this.#token?.invalidate();
        this.#issue('token', 'the venue expired the stream token; re-creating it');
        this.#fail('stream token expired');
        return;
      case 'error':
        this.#issue('venue-error', `venue error ${ev.code}: ${ev.message}`);
        if (this.#waiter) this.#waiter.done(new Error(`venue error ${ev.code}: ${ev.message}`));
        return;
      case 'unknown':
        this.#issue('unknown', `unknown event ${ev.name}`, ev.excerpt);
        return;
      case 'reconnect':
        // A planned close announced by the venue: go now, through the usual resync.
        this.reconnect(ev.reason);
        return;
      default:
        this.#quiet.saw(ev.type);
        if ((this.#spec.role === 'account' || this.#opts.resync !== undefined) && this.#stateNow !== 'live') {
          if (this.#held.length >= (this.#opts.maxHeld ?? 100_000)) {
            this.#fail(`more than ${this.#held.length} events held while resyncing`);
            return;
          }
          this.#held.push(ev);
        } else this.#opts.onEvent(ev, this.name);
    }
  }

  /** Runs `send`, then waits for `count` replies of `kind` (login ack, subscribe acks). */
  #await(kind: 'login' | 'subscribed', count: number, timeoutMs: number, send: () => void): Promise<void> {
    if (count <= 0) {
      send();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = this.#later(timeoutMs, () => done(new Error(`no ${kind} reply within ${timeoutMs} ms`)));
      const done = (err?: Error): void => {
        this.#waiter = undefined;
        clearTimeout(timer);
        this.#timers.delete(timer);
        if (err) reject(err);
        else resolve();
      };
      this.#waiter = { kind, left: count, done };
      send();
    });
  }

  #send(text: string): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(text);
  }

  /** Forgets the current socket (its late callbacks are ignored by generation) and its helpers. */
  #dropSocket(code?: number): void {
    this.#heartbeat.stop();
    this.#held = [];
    if (this.#waiter) this.#waiter.done(new Error('socket dropped'));
    const ws = this.#ws;
    this.#ws = undefined;
    if (!ws) return;
    ws.removeAllListeners('message');
    ws.on('error', () => {});
    if (code !== undefined && ws.readyState === WebSocket.OPEN) ws.close(code);
    else ws.terminate();
  }

  #later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  #emit(state: ConnectionState, reason: string, extra: { attempt?: number; nextRetryAt?: number } = {}): void {
    this.#stateNow = state;
    this.#opts.onStatus({ type: 'connection', at: this.#now(), socket: this.name, role: this.#spec.role, state, reason, ...extra });
  }

  #issue(kind: StreamIssueKind, message: string, excerpt?: string): void {
    const count = this.counters[kind] + 1;
    this.counters[kind] = count;
    const issue: StreamIssue = { socket: this.name, kind, at: this.#now(), message: neutralise(message), count };
    if (excerpt !== undefined) issue.excerpt = excerptOf(excerpt, 80);
    this.#opts.onIssue?.(issue);
  }
}
