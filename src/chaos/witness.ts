/**
 * Watches one engine from the outside during a chaos run, at the two doors every request goes
 * through (its lanes and its HTTP client) and in the events it emits. It judges only what the
 * engine could have known: a request is "sent while banned" when the engine's own lanes had
 * already taken in a ban running past the request's send time (by its venue clock), and the venue
 * refused it as banned; a time rejection counts against the engine only when the request left after a
 * successful clock sync that followed the venue's last clock step. Every buffer is bounded.
 */
import type { Engine } from '../engine/engine.js';
import { NonJsonReplyError } from '../engine/http.js';
import type { EngineEvent } from '../engine/events.js';
import type { HttpReply, WireRequest } from '../venues/venue.js';
import { percentile, SampleRing } from './stats.js';

/** A reply this late means the request was held on its way (the schedule's delays start at 100 ms). */
const HELD_MS = 100;

export interface WitnessFigures {
  requests: number;
  timeRejections: number;
  postResyncTimeRejections: number;
  requestsWhileBanned: number;
  /** Refused with 429 although sent after an earlier 429's Retry-After was known to be running. */
  sentWhileLimited: number;
  bansSeen: number;
  status429: number;
  reconnects: number;
  timeToLive: number[];
  criticalWaits: number[];
  backgroundWaitP99Ms: number;
  /** Critical-lane waits while background polling was idle: the baseline the saturated p99 is read against. */
  criticalWaitsIdle: number[];
  /** The first few post-resync time rejections, for the log: which request, how long after the sync. */
  timeRejectionSamples: string[];
}

export class Witness {
  #requests = 0;
  #timeRejections = 0;
  #postResyncTimeRejections = 0;
  #whileBanned = 0;
  #whileLimited = 0;
  #knownLimitedUntil = Number.NEGATIVE_INFINITY;
  #bansSeen = 0;
  #status429 = 0;
  #knownBanUntil = Number.NEGATIVE_INFINITY;
  #lastSyncAt = Number.NEGATIVE_INFINITY;
  #lastJumpDoneAt = Number.NEGATIVE_INFINITY;
  #lastJumpDoneWall = Number.NEGATIVE_INFINITY;
  #lastJumpStartAt = Number.NEGATIVE_INFINITY;
  #jumping = 0;
  #holdEpoch = 0;
  #reconnects = 0;
  readonly #outages = new Map<string, number | undefined>();
  readonly #live = new Set<string>();
  readonly #ttl = new SampleRing(10_000);
  readonly #critical = new SampleRing();
  readonly #criticalIdle = new SampleRing();
  readonly #background = new SampleRing();
  #engine: Engine | undefined;
  readonly #rejectionSamples: string[] = [];

  /**
   * Wraps the engine's HTTP client and lanes; call before `engine.start()`. Lane waits are
   * recorded only while `saturating()` says the background lane is being flooded.
   */
  attach(engine: Engine, saturating: () => boolean = () => true): void {
    this.#engine = engine;
    const http = engine.http;
    const send = http.send.bind(http);
    http.send = async (req: WireRequest) => {
      this.#requests++;
      const fixed = this.#clockFixed();
      const sentAt = performance.now();
      const venueAtSend = engine.timeSync.venueNowLoose();
      const knownBan = this.#knownBanUntil;
      const knownLimited = venueAtSend < this.#knownLimitedUntil;
      try {
        const res = await send(req);
        this.#reply(req, { status: res.status, headers: res.headers, body: res.body }, fixed, sentAt, venueAtSend < knownBan, knownLimited);
        return res;
      } catch (err) {
        if (err instanceof NonJsonReplyError) {
          this.#reply(req, { status: err.status, headers: err.headers, body: undefined }, fixed, sentAt, venueAtSend < knownBan, knownLimited);
        }
        throw err;
      }
    };
    const lanes = engine.lanes;
    const enter = lanes.enter.bind(lanes);
    lanes.enter = async (lane, costs, name) => {
      const t0 = performance.now();
      const epoch = this.#holdEpoch;
      const saturated = saturating();
      const normal = lanes.snapshot().state === 'normal';
      const held = await enter(lane, costs, name);
      // A wait that a 429 or a ban held is the venue's pause, not lane contention.
      if (!normal || epoch !== this.#holdEpoch) return held;
      const ring = lane === 'background' ? (saturated ? this.#background : undefined) : saturated ? this.#critical : this.#criticalIdle;
      ring?.push(performance.now() - t0);
      return held;
    };
  }

  /** The schedule is about to step the venue clock: rejections are excused until a sync follows. */
  jumpStarting(): void {
    this.#jumping++;
    this.#lastJumpStartAt = performance.now();
  }

  jumpDone(): void {
    this.#jumping--;
    this.#lastJumpDoneAt = performance.now();
    this.#lastJumpDoneWall = Date.now();
  }

  /** Every engine event passes here (before the log file). */
  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'clock':
        // A sync fixes the clock only if it began sampling after the last step: a burst that ended
        // after the step but sampled before it still holds the old offset, and the engine learns of
        // the step from the next refusal (which resyncs and retries) — the venue's doing, not a miss.
        if (event.sampledFrom === undefined || event.sampledFrom >= this.#lastJumpDoneWall) this.#lastSyncAt = performance.now();
        return;
      case 'budget': {
        if (event.state === 'normal') return;
        this.#holdEpoch++;
        // What the engine knows from here on (its lanes took the reply in): banned or paused until.
        const snap = this.#engine?.lanes.snapshot();
        if (snap?.until === undefined) return;
        if (snap.state === 'banned') this.#knownBanUntil = Math.max(this.#knownBanUntil, snap.until);
        if (snap.state === 'limited') this.#knownLimitedUntil = Math.max(this.#knownLimitedUntil, snap.until);
        return;
      }
      case 'connection': {
        const s = event.socket;
        if (event.state === 'live') {
          const start = this.#outages.get(s);
          if (start !== undefined) this.#ttl.push(performance.now() - start);
          this.#outages.set(s, undefined);
          this.#live.add(s);
        } else if (event.state === 'reconnecting' && this.#live.has(s)) {
          this.#live.delete(s);
          this.#reconnects++;
          this.#outages.set(s, performance.now());
        }
        return;
      }
      default:
        return;
    }
  }

  figures(): WitnessFigures {
    return {
      requests: this.#requests,
      timeRejections: this.#timeRejections,
      postResyncTimeRejections: this.#postResyncTimeRejections,
      requestsWhileBanned: this.#whileBanned,
      sentWhileLimited: this.#whileLimited,
      bansSeen: this.#bansSeen,
      status429: this.#status429,
      reconnects: this.#reconnects,
      timeToLive: this.#ttl.values(),
      criticalWaits: this.#critical.values(),
      criticalWaitsIdle: this.#criticalIdle.values(),
      backgroundWaitP99Ms: percentile(this.#background.values(), 99),
      timeRejectionSamples: [...this.#rejectionSamples],
    };
  }

  #clockFixed(): boolean {
    return this.#jumping === 0 && this.#lastSyncAt > this.#lastJumpDoneAt;
  }

  #reply(
    req: WireRequest,
    reply: HttpReply,
    clockFixed: boolean,
    sentAt: number,
    knownBanned: boolean,
    knownLimited: boolean,
  ): void {
    const engine = this.#engine!;
    const venueNow = engine.timeSync.venueNowLoose();
    const feedback = engine.adapter.rateFeedback(reply, venueNow);
    if (reply.status === 429) {
      this.#status429++;
      if (knownLimited) this.#whileLimited++;
    }
    if (feedback.bannedUntil !== undefined) {
      this.#bansSeen++;
      if (knownBanned) this.#whileBanned++;
    }
    if (reply.body === undefined) return;
    const info = engine.adapter.checkReply(reply);
    if (info?.meaning === 'timestamp') {
      this.#timeRejections++;
      // A step while the request was on its way is the venue's doing; so is a refusal of a request
      // the venue held (a delay fault): its timestamp aged, or newer nonces overtook it (Hyperliquid
      // keeps only the 20 highest). A clock the engine got wrong is refused at once, every time.
      const held = performance.now() - sentAt >= HELD_MS;
      if (clockFixed && this.#lastJumpStartAt < sentAt && !held) {
        this.#postResyncTimeRejections++;
        if (this.#rejectionSamples.length < 20) {
          const since = (t: number) => (Number.isFinite(t) ? `${Math.round(sentAt - t)} ms` : 'never');
          this.#rejectionSamples.push(
            `${req.name}: sent ${since(this.#lastSyncAt)} after the last sync, ${since(this.#lastJumpDoneAt)} after the last clock step, ` +
              `answered after ${Math.round(performance.now() - sentAt)} ms: ${info.code ?? ''} ${info.message.slice(0, 160)}`,
          );
        }
      }
    }
  }
}
