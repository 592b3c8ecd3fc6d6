/**
 * The engine's sockets, opened once at construction: the private (user) socket with its resync and
 * the dead-man's topic, the market feeds (shared by the process's engines where the entry shares
 * them), the kline feed's sockets, and the private channels a venue serves on sockets of their own.
 * Apart from the facade (engine.ts) because it is the one place the engine's socket wiring lives;
 * the engine keeps the list (`streams`) and hands it in to be filled.
 */
import type { SecureContext } from 'node:tls';
import { cmp } from '../core/decimal.js';
import type { Env, RequestPlan, SignContext, VenueAdapter, VenueUrls } from '../venues/venue.js';
import type { AccountState } from './account.js';
import type { Deadman } from './deadman.js';
import type { EventSink } from './events.js';
import { StreamFeed } from './feed.js';
import { FillsCatchUp } from './fills-catch-up.js';
import type { KlineFeed } from './klines.js';
import { MarketWatch } from './market-watch.js';
import type { Resyncer } from './resync.js';
import { type MarketOpener, type MarketSubscriber, SharedMarkets } from './shared-markets.js';
import { StreamSocket } from './stream.js';
import type { StreamOptions } from './stream-options.js';

export interface EngineStreamsDeps {
  adapter: VenueAdapter;
  urls: VenueUrls;
  env: Env;
  sink: EventSink;
  account: AccountState;
  resyncer: Resyncer;
  rest<T>(plan: RequestPlan<T>): Promise<T>;
  signContext(): SignContext;
  deadman(): Deadman | undefined;
  log(text: string): void;
  /** The ticket's symbol at construction: the market feed's first. */
  symbol: string;
  /** The engine's list of sockets, filled here and swapped as the market feed moves. */
  streams: StreamSocket[];
  /** Private sockets that carry no trades of ours (see `StreamAdapter.userExtra`), filled here. */
  noTrades: Set<StreamSocket>;
  sharedMarkets: SharedMarkets | undefined;
  random: (() => number) | undefined;
  secureContext: SecureContext | undefined;
  stream: EngineStreamsOptions | undefined;
  /** Makes the kline feed on sockets of its own, when the options asked for one. */
  klines: ((open: ConstructorParameters<typeof KlineFeed>[0]['open']) => KlineFeed) | undefined;
}

type EngineStreamsOptions = Pick<StreamOptions, 'heartbeat' | 'backoff' | 'stepTimeoutMs' | 'expectWithinMs'>;

export interface EngineStreams {
  feed: StreamFeed;
  markets: MarketWatch;
  klines: KlineFeed | undefined;
}

export function openEngineStreams(d: EngineStreamsDeps): EngineStreams {
  const { adapter, account, streams } = d;
  const feed = new StreamFeed({ sink: d.sink, account });
  const user = adapter.stream.user(d.urls);
  const common = {
    rest: d.rest,
    signContext: d.signContext,
    ...(d.random === undefined ? {} : { random: d.random }),
    ...(d.secureContext === undefined ? {} : { secureContext: d.secureContext }),
    ...d.stream,
  };
  const userHandlers = feed.handlers(user.name);
  // A venue whose user stream carries no fills or balances (Coinbase): fetch them when an order fills more.
  if (adapter.capabilities?.fillsOffStream === true) {
    const catchUp = new FillsCatchUp({
      adapter,
      rest: d.rest,
      account,
      fillsSince: (symbol) => d.resyncer.fillsSince(symbol),
      log: d.log,
    });
    const onEvent = userHandlers.onEvent;
    userHandlers.onEvent = (ev, socket) => {
      const before = ev.type === 'order' ? account.order(ev.order.clientOrderId) : undefined;
      onEvent(ev, socket);
      if (ev.type !== 'order') return;
      // What the report moved in the account, not what it says: the resync after a reconnect owns
      // that moment's balances, and a report held while it ran and replayed after is older than
      // its picture (stale, skipped) or the same: no second fetch.
      const after = account.order(ev.order.clientOrderId);
      if (after === undefined) return;
      if (cmp(after.filledQty, before?.filledQty ?? '0') > 0) catchUp.kick(after.symbol);
      else if (after.state !== before?.state) catchUp.kickBalances();
    };
  }
  streams.push(
    new StreamSocket({
      spec: user,
      ...common,
      resync: () => d.resyncer.onConnect(),
      ...userHandlers,
      extraSubscribe: () => d.deadman()?.subscription() ?? { frames: [], acks: 0 },
      onStatus: (ev) => {
        userHandlers.onStatus(ev);
        // A disconnect switch counts from the moment the private socket is gone.
        if (ev.state === 'live') d.deadman()?.socketState(true, ev.at);
        else if (ev.state === 'reconnecting' || ev.state === 'closed') d.deadman()?.socketState(false, ev.at);
      },
    }),
  );
  // The market feeds are the process's where the entry shares them (a desk): an account joins
  // the sockets another account on the same venue already opened for the same symbols.
  const registry = d.sharedMarkets ?? new SharedMarkets();
  const opener: MarketOpener = {
    specs: (symbols) => adapter.stream.market(d.urls, symbols),
    open: (spec, handlers, via) => new StreamSocket({ spec, ...common, ...via, ...handlers }),
  };
  const subscriber: MarketSubscriber = { handlers: (name) => feed.handlers(name), signContext: d.signContext, rest: d.rest };
  const markets = new MarketWatch(
    {
      lease: (symbols) => registry.subscribe({ venue: adapter.id, env: d.env, urls: d.urls, symbols }, opener, subscriber),
      swap: (old, next) => {
        const kept = streams.filter((s) => !old.includes(s));
        streams.splice(0, streams.length, ...kept, ...next);
      },
    },
    [d.symbol],
  );
  // The kline feed's sockets are its own: they resync snapshots, not the account.
  const klines = d.klines?.((spec, handlers) => new StreamSocket({ spec, ...common, ...handlers }));
  // Private channels the venue serves on a socket of their own. Its first connect comes with the
  // user socket's, whose startup pass lists the same orders (a second full pass would spend the
  // venue's 10-per-2-s position budget for nothing); a later reconnect of it resyncs, since what
  // it carries may have changed while it was down.
  for (const extra of adapter.stream.userExtra?.(d.urls) ?? []) {
    let connected = false;
    const resync = async (): Promise<void> => {
      if (connected) return d.resyncer.onConnect();
      connected = true;
    };
    const socket = new StreamSocket({ spec: extra, ...common, resync, ...feed.handlers(extra.name) });
    d.noTrades.add(socket);
    streams.push(socket);
  }
  return { feed, markets, klines };
}
