/**
 * The engine's kline feed (docs/signals.md §Klines): a `KlineSource` over the venue. For every
 * (symbol, timeframe) watched, a REST snapshot through the adapter's `klines` plan (background lane,
 * through the engine's budget like every other request), then the venue's kline stream merged in:
 * the open bar updated in place, a newer bar appended (the one before it closed, whether or not the
 * venue said so), at most `maxBars` kept per series. The kline sockets are the feed's own (one
 * `adapter.stream.market(urls, [], subscriptions)` set, apart from the tickers' sockets, which move
 * with the symbol on screen); on every connect, the first and each reconnect, they resync: the
 * snapshots are read again before the socket is live, and the bars the stream sent meanwhile are
 * held and applied after, so a bar missed while the socket was down is never missing for good.
 * Timeframes a venue does not stream (`StreamAdapter.klinePolled`), and every timeframe when the
 * engine runs without streams, are polled over REST instead.
 */
import { errorMessage } from '../core/error-message.js';
import { type Kline, type KlineSource, TIMEFRAMES, type Timeframe } from '../core/signals/types.js';
import type { KlineSubscription, KlineUpdate, StreamSpec } from '../venues/stream-types.js';
import type { VenueAdapter, VenueUrls } from '../venues/venue.js';
import type { ConnectionEvent, LogLevel } from './events.js';
import type { StreamSocket } from './stream.js';
import type { RestRunner, StreamOptions } from './stream-options.js';

export interface KlineFeedOptions {
  /** Bars asked for per snapshot (the adapter clamps to the venue's maximum). Default 300. */
  snapshotBars?: number;
  /** Bars kept per series, oldest dropped first. Default 1000. */
  maxBars?: number;
  /** How often polled timeframes are read when the adapter does not say. Default 15 s. */
  pollEveryMs?: number;
}

export interface KlineFeedDeps extends KlineFeedOptions {
  adapter: VenueAdapter;
  urls: VenueUrls;
  /** The engine's REST runner: lanes, budget, retries. */
  rest: RestRunner;
  /** A socket for one spec with these handlers (the engine's common options), not started; absent: no streams. */
  open?: (spec: StreamSpec, handlers: Pick<StreamOptions, 'onEvent' | 'onStatus' | 'onIssue' | 'resync'>) => StreamSocket;
  log(level: LogLevel, text: string): void;
}

type Listener = (symbol: string, timeframe: Timeframe, bar: Kline) => void;

const keyOf = (symbol: string, timeframe: Timeframe): string => `${symbol}\u0000${timeframe}`;

export class KlineFeed implements KlineSource {
  readonly #d: KlineFeedDeps;
  readonly #series = new Map<string, Kline[]>();
  /** Watched, in the order asked. */
  #watched: KlineSubscription[] = [];
  readonly #listeners = new Set<Listener>();
  #sockets: StreamSocket[] = [];
  #timers: NodeJS.Timeout[] = [];
  #started = false;
  #stopped = false;
  #rebuild: Promise<void> | undefined;
  /** Counts, for tests and the log: snapshots read, resyncs after a reconnect. */
  readonly counters = { snapshots: 0, resyncs: 0, connects: 0 };

  constructor(deps: KlineFeedDeps) {
    this.#d = deps;
  }

  /** The kline sockets now (for tests: a drop of one must resync). */
  get sockets(): readonly StreamSocket[] {
    return this.#sockets;
  }

  /**
   * What is watched from now on: exactly these timeframes of this symbol, replacing what was asked
   * before (the runner follows the symbol on screen). A series no longer watched is released, its
   * bars, its stream subscription and its polling with it: every symbol ever shown would otherwise
   * keep its snapshots, sockets and request budget for the session's life.
   */
  watch(symbol: string, timeframes: readonly Timeframe[]): void {
    const next: KlineSubscription[] = [];
    for (const timeframe of timeframes) {
      if (!TIMEFRAMES.includes(timeframe)) continue;
      if (next.some((w) => w.timeframe === timeframe)) continue;
      next.push({ symbol, timeframe });
    }
    const same = next.length === this.#watched.length && next.every((w) => this.#isWatched(w.symbol, w.timeframe));
    if (same) return;
    this.#watched = next;
    const kept = new Set(next.map((w) => keyOf(w.symbol, w.timeframe)));
    for (const key of [...this.#series.keys()]) if (!kept.has(key)) this.#series.delete(key);
    if (this.#started) this.#scheduleRebuild();
  }

  #isWatched(symbol: string, timeframe: Timeframe): boolean {
    return this.#watched.some((w) => w.symbol === symbol && w.timeframe === timeframe);
  }

  series(symbol: string, timeframe: Timeframe): readonly Kline[] {
    return this.#series.get(keyOf(symbol, timeframe)) ?? [];
  }

  onBar(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#d.adapter.klines === undefined) {
      this.#d.log('warn', `${this.#d.adapter.name}: no klines over REST; the kline feed stays empty`);
      return;
    }
    this.#scheduleRebuild();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    const old = this.#sockets;
    this.#sockets = [];
    await Promise.all(old.map((s) => s.stop('kline feed stopped')));
  }

  /** Polled: what the venue does not stream, and everything when there are no sockets. */
  #polled(timeframe: Timeframe): boolean {
    if (this.#d.open === undefined) return true;
    return this.#d.adapter.stream.klinePolled?.timeframes.includes(timeframe) ?? false;
  }

  #scheduleRebuild(): void {
    this.#rebuild ??= Promise.resolve().then(async () => {
      this.#rebuild = undefined;
      await this.#reopen();
    });
  }

  /** Closes the kline sockets and timers and opens them again for everything watched now. */
  async #reopen(): Promise<void> {
    if (this.#stopped) return;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    const old = this.#sockets;
    this.#sockets = [];
    await Promise.all(old.map((s) => s.stop('kline subscriptions changed')));
    if (this.#stopped) return;
    const streamed = this.#watched.filter((w) => !this.#polled(w.timeframe));
    const polled = this.#watched.filter((w) => this.#polled(w.timeframe));
    const open = this.#d.open;
    if (streamed.length > 0 && open !== undefined) {
      const specs = this.#d.adapter.stream.market(this.#d.urls, [], streamed);
      this.#sockets = specs.map((spec) => {
        const named: StreamSpec = { ...spec, name: `klines-${spec.name}` };
        let connected = false;
        return open(named, {
          onEvent: (ev) => {
            if (ev.type === 'kline') this.#merge(ev);
          },
          onStatus: (ev) => this.#status(ev),
          onIssue: (issue) => this.#d.log(issue.kind === 'unknown' ? 'info' : 'warn', `${issue.socket}: ${issue.message}`),
          // Every connect reads the snapshots again before the socket is live (held bars follow).
          resync: async () => {
            this.counters.connects++;
            if (connected) this.counters.resyncs++;
            connected = true;
            await this.#snapshots(streamed);
          },
        });
      });
      for (const s of this.#sockets) s.start();
    }
    if (polled.length > 0) {
      void this.#snapshots(polled).catch((err: unknown) => this.#d.log('warn', `klines: ${errorMessage(err)}`));
      const every = this.#d.adapter.stream.klinePolled?.everyMs ?? this.#d.pollEveryMs ?? 15_000;
      const t = setInterval(() => void this.#poll(polled), every);
      t.unref();
      this.#timers.push(t);
    }
  }

  #status(ev: ConnectionEvent): void {
    if (ev.state === 'reconnecting') this.#d.log('warn', `${ev.socket}: reconnecting (${ev.reason}); its klines resync when back`);
  }

  /** Each series' snapshot; a failure rejects (a socket's connect then retries). */
  async #snapshots(subs: readonly KlineSubscription[]): Promise<void> {
    const plan = this.#d.adapter.klines;
    if (plan === undefined) return;
    const limit = this.#d.snapshotBars ?? 300;
    await Promise.all(
      subs.map(async ({ symbol, timeframe }) => {
        const bars = await this.#d.rest(plan(symbol, timeframe, { limit }));
        // No longer watched (the symbol changed while the snapshot was read): not kept.
        if (this.#stopped || !this.#isWatched(symbol, timeframe)) return;
        this.counters.snapshots++;
        this.#replace(symbol, timeframe, bars);
      }),
    );
  }

  /** Polled series: the newest two bars (the open one and the one it closed) merged like stream bars. */
  async #poll(subs: readonly KlineSubscription[]): Promise<void> {
    const plan = this.#d.adapter.klines;
    if (plan === undefined || this.#stopped) return;
    for (const { symbol, timeframe } of subs) {
      try {
        if (!this.#isWatched(symbol, timeframe)) continue;
        const bars = await this.#d.rest(plan(symbol, timeframe, { limit: 2 }));
        if (!this.#isWatched(symbol, timeframe)) continue;
        if (this.series(symbol, timeframe).length === 0) {
          const full = await this.#d.rest(plan(symbol, timeframe, { limit: this.#d.snapshotBars ?? 300 }));
          if (this.#isWatched(symbol, timeframe)) this.#replace(symbol, timeframe, full);
        } else for (const kline of bars) this.#merge({ type: 'kline', symbol, timeframe, kline });
      } catch (err) {
        this.#d.log('warn', `klines ${symbol} ${timeframe}: ${errorMessage(err)}`);
      }
    }
  }

  #replace(symbol: string, timeframe: Timeframe, bars: readonly Kline[]): void {
    const max = this.#d.maxBars ?? 1000;
    const kept = bars.slice(-max).map((b) => ({ ...b }));
    this.#series.set(keyOf(symbol, timeframe), kept);
    const last = kept[kept.length - 1];
    if (last !== undefined) this.#emit(symbol, timeframe, last);
  }

  /** One bar from the stream (or a poll): replaces its own open time's bar, or appends a newer one. */
  #merge(ev: KlineUpdate): void {
    const series = this.#series.get(keyOf(ev.symbol, ev.timeframe));
    // Not watched, or its snapshot not in yet: the snapshot will hold it.
    if (series === undefined) return;
    const bar = { ...ev.kline };
    const last = series[series.length - 1];
    if (last === undefined || bar.openTime > last.openTime) {
      // A newer bar began: the one before it is closed, whether or not the venue said so. Listeners
      // hear that close first (a venue that never flags closes, e.g. Hyperliquid, would otherwise
      // never announce one, and the runner cycles only on a closed bar).
      if (last !== undefined && !last.closed) {
        const closed = { ...last, closed: true };
        series[series.length - 1] = closed;
        this.#emit(ev.symbol, ev.timeframe, { ...closed });
      }
      series.push(bar);
      const max = this.#d.maxBars ?? 1000;
      if (series.length > max) series.splice(0, series.length - max);
    } else {
      const i = indexOf(series, bar.openTime);
      if (i < 0) return;
      // An older bar's update: only where that bar is still open (a closed bar is final).
      if (series[i]!.closed && i < series.length - 1) return;
      series[i] = { ...bar, closed: bar.closed || series[i]!.closed };
    }
    this.#emit(ev.symbol, ev.timeframe, bar);
  }

  #emit(symbol: string, timeframe: Timeframe, bar: Kline): void {
    for (const l of this.#listeners) {
      try {
        l(symbol, timeframe, bar);
      } catch (err) {
        this.#d.log('error', `kline listener failed: ${errorMessage(err)}`);
      }
    }
  }
}

function indexOf(bars: readonly Kline[], openTime: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = bars[mid]!.openTime;
    if (t === openTime) return mid;
    if (t < openTime) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
