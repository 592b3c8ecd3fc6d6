/**
 * Market sockets shared by the engines of one process. A desk runs several accounts on the same
 * venue, and every one of them watches the same public ticks: four Binance accounts each opening
 * their own market socket parse every tick four times. So a market feed — one venue, environment,
 * set of stream URLs and set of symbols — is opened once: the first engine that wants it opens its
 * sockets, the others subscribe, and the sockets stop when the last subscriber leaves (an engine
 * that stops leaves; the feed goes on for the others, whoever opened it).
 *
 * Each socket's callbacks fan out to every subscriber's own handlers, so each account's store sees
 * the socket's states, its issues and silence, and its ticks as if the socket were its own. One who
 * joins a feed already open is told where it stands at once: the sockets' last states, their
 * silence, and the last ticker, mark and trade of each symbol while the socket is live (never what
 * a socket heard before it last dropped: that is stale). One who leaves a feed that stays open is
 * told its sockets are closed, for it.
 *
 * Only market sockets are shared: a private socket is an account's own, and nothing an account's
 * private socket does (a drop, a refused login, a lost token) reaches the feed. Engines built
 * without a registry each make their own, so a single session runs the same code alone.
 * No runtime import of the socket: the desk makes its registry before the engines load.
 */
import type { SignContext, VenueUrls } from '../venues/venue.js';
import type { StreamEvent, StreamSpec } from '../venues/stream-types.js';
import type { ConnectionEvent } from './events.js';
import type { StreamSocket } from './stream.js';
import type { RestRunner, StreamOptions } from './stream-options.js';

/** What a market socket reports; each subscriber gives its own for each socket name. */
export type MarketHandlers = Pick<StreamOptions, 'onEvent' | 'onStatus' | 'onIssue' | 'onActivity' | 'onSilence'>;

/** One engine's side of a feed. */
export interface MarketSubscriber {
  handlers(socket: string): MarketHandlers;
  /** The feed's sockets sign with the first subscriber's context, where a venue signs a public subscription (Coinbase). */
  signContext(): SignContext;
  rest: RestRunner;
}

/**
 * Which feed: the venue, its environment, where its streams are served, and the symbols (in any
 * order). It names everything the opener's specs are built from: a subscription added to the
 * market sockets (klines, say) must join the key, or two engines asking for different streams
 * would share one socket.
 */
export interface MarketFeedKey {
  venue: string;
  env: string;
  urls: VenueUrls;
  symbols: readonly string[];
}

/** How the first subscriber opens the feed's sockets (not started): its adapter's specs and its stream options. */
export interface MarketOpener {
  specs(symbols: readonly string[]): readonly StreamSpec[];
  open(spec: StreamSpec, handlers: MarketHandlers, via: Pick<StreamOptions, 'signContext' | 'rest'>): StreamSocket;
}

/** A subscriber's hold on a feed. */
export interface MarketLease {
  readonly sockets: readonly StreamSocket[];
  /** Connects the feed's sockets, unless another subscriber already did. */
  start(): void;
  /** Leaves the feed: its sockets read closed for this subscriber; they stop when it was the last. */
  release(reason: string): Promise<void>;
}

/** One process's registry: the entry makes one and hands it to every engine it starts. */
export class SharedMarkets {
  readonly #feeds = new Map<string, MarketFeed>();

  /** Subscribes `subscriber` to the feed of `key`, opening it with `opener` when no one has. */
  subscribe(key: MarketFeedKey, opener: MarketOpener, subscriber: MarketSubscriber): MarketLease {
    const id = JSON.stringify([key.venue, key.env, key.urls, [...key.symbols].sort()]);
    let feed = this.#feeds.get(id);
    if (feed === undefined) {
      feed = new MarketFeed(opener, key.symbols, () => {
        if (this.#feeds.get(id) === feed) this.#feeds.delete(id);
      });
      this.#feeds.set(id, feed);
    }
    return feed.join(subscriber);
  }

  /** How many feeds are open (tests, and the bench's notes). */
  get size(): number {
    return this.#feeds.size;
  }
}

/** What a late subscriber is told of one socket. */
interface SocketPicture {
  status: ConnectionEvent | undefined;
  silent: string | undefined;
  lastActivity: number | undefined;
  /** The last ticker, mark and trade of each symbol heard on the current live connection. */
  latest: Map<string, StreamEvent>;
}

/** Market events a late subscriber needs to see the market at once; replaying them moves nothing twice. */
const LATEST_KINDS: ReadonlySet<StreamEvent['type']> = new Set(['ticker', 'mark', 'trade']);

class MarketFeed {
  readonly sockets: readonly StreamSocket[];
  readonly #subs = new Map<MarketSubscriber, Map<string, MarketHandlers>>();
  readonly #pictures = new Map<string, SocketPicture>();
  readonly #closed: () => void;
  #started = false;

  constructor(opener: MarketOpener, symbols: readonly string[], closed: () => void) {
    this.#closed = closed;
    const rest: RestRunner = (plan) => this.#first().rest(plan);
    const via = { signContext: () => this.#first().signContext(), rest };
    this.sockets = opener.specs(symbols).map((spec) => {
      const picture: SocketPicture = { status: undefined, silent: undefined, lastActivity: undefined, latest: new Map() };
      this.#pictures.set(spec.name, picture);
      return opener.open(spec, this.#fanOut(spec.name, picture), via);
    });
  }

  join(sub: MarketSubscriber): MarketLease {
    this.#subs.set(sub, new Map());
    if (this.#started) this.#tell(sub);
    let left = false;
    return {
      sockets: this.sockets,
      start: () => {
        if (left || this.#started) return;
        this.#started = true;
        for (const s of this.sockets) s.start();
      },
      release: async (reason) => {
        if (left) return;
        left = true;
        if (this.#subs.size > 1) {
          // The feed stays open for the others: for this one, its sockets are closed.
          for (const s of this.sockets) this.#of(sub, s.name).onStatus({ type: 'connection', at: Date.now(), socket: s.name, role: 'market', state: 'closed', reason });
          this.#subs.delete(sub);
          return;
        }
        // The last one: the feed leaves the registry now (a new subscriber opens a fresh one), then closes.
        this.#closed();
        await Promise.all(this.sockets.map((s) => s.stop(reason)));
        this.#subs.delete(sub);
      },
    };
  }

  /** The subscriber's handlers for a socket, asked once. */
  #of(sub: MarketSubscriber, socket: string): MarketHandlers {
    const mine = this.#subs.get(sub);
    let h = mine?.get(socket);
    if (h === undefined) {
      h = sub.handlers(socket);
      mine?.set(socket, h);
    }
    return h;
  }

  #first(): MarketSubscriber {
    const first = this.#subs.keys().next();
    if (first.done === true) throw new Error('a market feed without subscribers');
    return first.value;
  }

  /** A late subscriber learns where each socket stands. */
  #tell(sub: MarketSubscriber): void {
    for (const [name, p] of this.#pictures) {
      const h = this.#of(sub, name);
      if (p.status !== undefined) h.onStatus(p.status);
      if (p.silent !== undefined) h.onSilence?.(true, p.silent);
      if (p.lastActivity !== undefined) h.onActivity?.(p.lastActivity);
      for (const ev of p.latest.values()) h.onEvent(ev, name);
    }
  }

  #fanOut(name: string, p: SocketPicture): MarketHandlers {
    const each = (fn: (h: MarketHandlers) => void): void => {
      for (const sub of this.#subs.keys()) fn(this.#of(sub, name));
    };
    return {
      onEvent: (ev) => {
        if (LATEST_KINDS.has(ev.type) && 'symbol' in ev) p.latest.set(`${ev.type} ${ev.symbol}`, ev);
        each((h) => h.onEvent(ev, name));
      },
      onStatus: (ev) => {
        p.status = ev;
        // What the socket heard before it left 'live' is not shown to anyone who joins later.
        if (ev.state !== 'live') {
          p.latest.clear();
          p.silent = undefined;
        }
        each((h) => h.onStatus(ev));
      },
      onIssue: (issue) => each((h) => h.onIssue?.(issue)),
      onActivity: (at) => {
        p.lastActivity = at;
        each((h) => h.onActivity?.(at));
      },
      onSilence: (silent, reason) => {
        p.silent = silent ? reason : undefined;
        each((h) => h.onSilence?.(silent, reason));
      },
    };
  }
}
