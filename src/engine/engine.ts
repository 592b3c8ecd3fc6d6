/**
 * The engine facade: everything for one venue + environment + credentials, wired once against
 * the adapter interface, and the cockpit's actions (EngineActions, actions.ts). No venue names here: the
 * adapter comes from the registry (src/venues/index.ts) and brings URLs, pools, builders,
 * parsers, error table, stream formats and dead-man's switch.
 *
 *   http (undici pool) ← rest executor ← lanes (core budget) ← time sync (core clock)
 *   order manager, dead-man, resyncer, streams → account mirror → event sink (store batcher)
 */
import { findOrder } from './query-order.js';
import { errorMessage } from '../core/error-message.js';
import { randomBytes } from 'node:crypto';
import { cmp } from '../core/decimal.js';
import { RateBudget } from '../core/budget.js';
import type { SharedPools } from '../core/shared-pools.js';
import { ClientOrderIdGenerator } from '../core/client-order-id.js';
import type { Instrument, MarginMode, Order, SymbolLeverage, Trigger } from '../core/types.js';
import type { GuardLimits } from '../core/order-guard.js';
import type { ActionResult, CancelAllOptions, EngineActions, FlattenOptions, OrderTicket, PlaceOptions, ProtectOptions } from './actions.js';
import type { SpotLedger } from '../core/spot-ledger.js';
import { flattenSpot } from './spot-flatten.js';
import type { EngineEvent, EventSink, LogLevel } from './events.js';
import { venueAdapter } from '../venues/index.js';
import type { Credentials, Env, RatePool, SignContext, VenueAdapter, VenueId, VenueUrls } from '../venues/venue.js';
import { AccountState } from './account.js';
import { Deadman } from './deadman.js';
import { FillsCatchUp } from './fills-catch-up.js';
import { closePart, type ExitDeps, reverse } from './exits.js';
import { Amender } from './amend.js';
import { replaceProtective } from './amend-replace.js';
import { withSlippageCap } from './market-cap.js';
import type { AmendChange } from '../core/amend-target.js';
import { ProtectionDesk } from './protection.js';
import { StreamFeed } from './feed.js';
import { unheardTrades } from './silence.js';
import { HttpClient, type HttpOptions } from './http.js';
import { Lanes } from './lanes.js';
import { type NonceFloor, NonceFloorError } from './nonce-floor.js';
import { Nonces } from './nonces.js';
import { OrderGate } from './order-gate.js';
import { OrderManager, refOf, type ResolveOptions } from './orders.js';
import { ReferencePrices } from './reference-price.js';
import { RestExecutor } from './rest.js';
import { Resyncer } from './resync.js';
import { RiskReader } from './risk.js';
import type { StreamOptions } from './stream-options.js';
import { StreamSocket } from './stream.js';
import { MarketWatch } from './market-watch.js';
import { type MarketOpener, type MarketSubscriber, SharedMarkets } from './shared-markets.js';
import { KlineFeed, type KlineFeedOptions } from './klines.js';
import { SessionSymbols } from './session-symbol.js';
import { ticketProblem } from './ticket-check.js';
import { TimeSync, type TimeSyncOptions } from './time-sync.js';
import { trustWithCaFile } from './trust.js';
import type { JournalEntry, JournalRecord } from '../core/journal.js';
import { type InFlightIntent, type JournalStanding, journalStanding } from '../core/journal-recovery.js';
import type { JournalSink } from './journal-file.js';

/** The longest an urgent action holds the cockpit's refreshes (a screen paused, never frozen). */
const URGENT_HOLD_MS = 200;

export interface EngineOptions {
  venue: VenueId | VenueAdapter;
  env: Env;
  credentials: Credentials;
  /** The local venue's URLs (env 'sim'). */
  simUrls?: VenueUrls;
  /**
   * A CA file (PEM) to trust beside Node's roots, for https/wss: the local venue's under `--tls`, or
   * a private CA in front of a venue. Read once at construction; a bad file is a CaFileError.
   */
  caFile?: string;
  /**
   * The session's first symbol: the ticket, cancel-all, flatten and the market stream use it until
   * `setSymbol` moves them (`:sym`, the `/` picker).
   */
  symbol: string;
  sink: EventSink;
  /** A label for the account/key, never a secret. */
  accountLabel?: string;
  recvWindowMs?: number;
  http?: Partial<HttpOptions>;
  timeSync?: Partial<TimeSyncOptions>;
  /** Replaces the adapter's pools (the sim can run shortened windows). */
  pools?: readonly RatePool[];
  /** The account's rate-limit tier, one of `adapter.rateTiers.names` (the CLI checks it): its pools. */
  rateTier?: string;
  /**
   * The process's per-IP pools (core/shared-pools.ts), one registry for every engine the entry
   * starts: this session's `kind: 'ip'` pools are then the ones every session on the same venue,
   * env and REST host spends, and the IP's ban or 429 holds them all. Absent: its own pools.
   */
  sharedPools?: SharedPools;
  /**
   * The process's market feeds (engine/shared-markets.ts): engines on the same venue, env and
   * stream URLs that watch the same symbols share one set of market sockets. Absent: its own.
   */
  sharedMarkets?: SharedMarkets;
  resolve?: Partial<ResolveOptions>;
  /** Dead-man's switch: armed at start unless `enabled` is false. */
  deadman?: { enabled?: boolean; timeoutMs?: number };
  /** WebSocket streams and their resync (default on). REST-only sessions turn them off. */
  streams?: boolean;
  stream?: Pick<StreamOptions, 'heartbeat' | 'backoff' | 'stepTimeoutMs' | 'expectWithinMs'>;
  /** Background reconcile period, ms (default 30 s; 0 = off). */
  reconcileEveryMs?: number;
  /** Risk reads (positions' risk fields, account margin, funding) period, ms (default 5 s; 0 = only after a change). */
  riskEveryMs?: number;
  random?: () => number;
  /** How long `stop()` waits for the dead-man's disarm before leaving it armed (default 3 s). */
  stopTimeoutMs?: number;
  /** The account's fat-finger limits (src/core/order-guard.ts); none when absent. */
  guard?: GuardLimits;
  /**
   * Market orders leave as IOC limits this % through the reference price (src/engine/market-cap.ts);
   * absent: the venue's own market type. The cockpit always sets it (the profile's, else 2).
   */
  slippagePct?: string;
  /**
   * Opens the key's persisted nonce floor (engine/nonce-floor.ts; the entry's is the key's file,
   * custody/nonce-file.ts): called, and required, only where the adapter says the venue keeps every
   * key's highest nonce (`persistentNonces`), so no other venue's key touches the disk for it.
   */
  nonceFloor?: () => NonceFloor;
  /**
   * Where every intent and each step of its outcome goes (docs/journal.md), stamped with the time,
   * `accountLabel`, the venue and the env. A failing write is logged, once per message, and trading
   * goes on.
   */
  journal?: JournalSink;
  /**
   * The journal as it stands at construction (the entry reads it from the same state folder), for
   * a restart: the intents of this account, venue and env without an outcome are resolved by their
   * client ids at start and adopted (docs/journal.md, "Recovery"), and no id it holds is made again.
   * Only where the venue outlived the last process: not for a local venue started with this one.
   */
  journalReader?: () => readonly JournalRecord[];
  /** The client-id generator's seed (tests, reproducible runs); default: 8 random bytes and the start time. */
  clientIdSeed?: { randomBytes: Uint8Array; startedAt: number };
  /** A kline feed for the signal stack (`engine.klines`, src/engine/klines.ts); absent: none. */
  klines?: KlineFeedOptions;
}

/** What a restart's recovery found and did; `done` settles once every recovered intent is resolved. */
export interface RecoveryReport {
  /** Intents without an outcome found in the journal (this account, venue and env). */
  inFlight: number;
  /** Of them, those whose intent line is gone (rotated away): their symbol is unknown, they cannot be asked for. */
  unaskable: number;
  /** The client ids a new order of this session may not take. */
  journaledIds: number;
  done: Promise<void>;
}

export class Engine implements EngineActions {
  readonly adapter: VenueAdapter;
  readonly urls: VenueUrls;
  readonly http: HttpClient;
  readonly timeSync: TimeSync;
  readonly lanes: Lanes;
  readonly rest: RestExecutor;
  readonly account: AccountState;
  readonly orders: OrderManager;
  readonly amender: Amender;
  readonly deadman: Deadman | undefined;
  readonly gate: OrderGate | undefined;
  readonly protection: ProtectionDesk;
  readonly resyncer: Resyncer;
  readonly risk: RiskReader;
  readonly streams: StreamSocket[] = [];
  /** Bars for the signal stack, when the options asked for them (engine/klines.ts). */
  readonly klines: KlineFeed | undefined;
  /** Private sockets that carry no trades of ours (see `StreamAdapter.userExtra`). */
  readonly #noTrades = new Set<StreamSocket>();
  /** The ticket's symbol, the symbols on screen and their market sockets (engine/session-symbol.ts). */
  readonly #sym: SessionSymbols;
  instrument: Instrument | undefined;
  readonly #o: EngineOptions;
  readonly #sink: EventSink;
  readonly #nonces: Nonces;
  readonly #prices: ReferencePrices;
  #feed: StreamFeed | undefined;
  #started = false;
  /** The ticket's symbol now. */
  get symbol(): string {
    return this.#sym.symbol;
  }

  /** The last journal failure logged (the same one again is not). */
  #journalFailure: string | undefined;
  /** The symbol's leverage and mode as the venue last said them. */
  #leverage: SymbolLeverage | undefined;
  /** The journal's standing for this account, venue and env: read once, at start or at the first new id. */
  #standingRead: JournalStanding | undefined;
  /** Set by start() when a journal reader was given. */
  recovery: RecoveryReport | undefined;

  constructor(options: EngineOptions) {
    this.#o = options;
    this.#sink = options.sink;
    this.#sym = new SessionSymbols(options.symbol);
    this.adapter = typeof options.venue === 'string' ? venueAdapter(options.venue) : options.venue;
    const adapter = this.adapter;
    this.urls = adapter.urls(options.env, options.simUrls);
    const secureContext = options.caFile === undefined ? undefined : trustWithCaFile(options.caFile);
    // A venue that orders a key's requests by nonce refuses one overtaken in flight: one connection
    // keeps them in the order they were signed (a key with a nonce window may be given more).
    const ordered = adapter.persistentNonces === true ? { connections: 1 } : {};
    this.http = new HttpClient(this.urls.rest, { ...ordered, ...options.http, ...(secureContext === undefined ? {} : { secureContext }) });
    const emit = (event: EngineEvent) => this.#sink.push(event);

    this.timeSync = new TimeSync(
      {
        sample: async () => {
          const r = await this.rest.runTimed(adapter.serverTime());
          return { sentAt: r.sentAt, receivedAt: r.receivedAt, serverTime: r.value };
        },
        emit,
      },
      options.timeSync,
    );
    const venueNowLoose = () => this.timeSync.venueNowLoose();
    if (adapter.persistentNonces === true && options.nonceFloor === undefined) {
      throw new NonceFloorError(`${adapter.name} refuses any nonce at or below one its key ever sent: the engine needs the key's nonce floor`);
    }
    // Opened only where the venue needs it: the CLI hands a floor for every key.
    const floor = adapter.persistentNonces === true && options.nonceFloor !== undefined ? options.nonceFloor() : undefined;
    this.#nonces = new Nonces(adapter.nonces, venueNowLoose, floor);
    const tiers = adapter.rateTiers;
    if (options.rateTier !== undefined && tiers?.names.includes(options.rateTier) !== true)
      throw new Error(`${adapter.name} has no rate tier ${JSON.stringify(options.rateTier)} (tiers: ${tiers?.names.join(', ') ?? 'none'})`);
    const tierPools = options.rateTier === undefined ? undefined : tiers?.pools(options.rateTier);
    const shared = options.sharedPools?.host({ venue: adapter.id, env: options.env, host: new URL(this.urls.rest).host });
    const budget = new RateBudget(options.pools ?? tierPools ?? adapter.pools, shared === undefined ? {} : { shared });
    this.lanes = new Lanes(budget, {
      venueNow: venueNowLoose,
      emit,
      holdAllWhileLimited: adapter.capabilities.rateLimitHoldsAll === true,
    });
    this.rest = new RestExecutor({
      adapter,
      http: this.http,
      lanes: this.lanes,
      signContext: () => this.signContext(),
      venueNowLoose,
      resyncClock: (reason) => this.timeSync.resync(reason),
    });
    // The account's fills pass the spot session's ledger on their way out (a spot flatten's "what this session bought").
    this.account = new AccountState({
      sink: {
        push: (event) => {
          // Every spot symbol's fills since the session began: the ticket may move to it later (`:sym`).
          if (event.type === 'fill') this.#sym.observe(event.fill);
          options.sink.push(event);
        },
      },
    });
    this.#prices = new ReferencePrices({
      mid: (symbol) => this.#feed?.mid(symbol),
      mark: (symbol) => this.account.allPositions().find((p) => p.symbol === symbol)?.markPrice,
      quote: adapter.quote?.bind(adapter),
      rest: this.rest.run,
      warn: (text) => this.#log('warn', text),
    });

    const ids = new ClientOrderIdGenerator(adapter.clientId, {
      randomBytes: options.clientIdSeed?.randomBytes ?? randomBytes(8),
      startedAt: options.clientIdSeed?.startedAt ?? Date.now(),
      tag: adapter.clientId.tag,
    });
    // A restart never makes an id an earlier process journaled (the venue would take a new order
    // for an old intent's, or refuse it as a duplicate): unlikely with a fresh session prefix, and
    // made impossible here.
    const newId = (): string => {
      let id = ids.next();
      const journaled = this.#standing()?.journaledIds;
      while (journaled?.has(id) === true) id = ids.next();
      return id;
    };
    const instrumentOf = (symbol: string) => (this.instrument?.symbol === symbol ? this.instrument : this.#sym.instruments.get(symbol));
    this.orders = new OrderManager({
      adapter:
        options.slippagePct === undefined
          ? adapter
          : withSlippageCap(adapter, { pct: options.slippagePct, reference: (s) => this.#prices.price(s), instrument: instrumentOf }),
      run: this.rest.run,
      newClientOrderId: newId,
      // The account mirror owns the orders: one local picture for the store and reconcile.
      book: this.account,
      emit,
      resolve: { settleMs: (options.recvWindowMs ?? adapter.recvWindowMs) + 1_000, ...options.resolve },
      venueNow: venueNowLoose,
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.journal === undefined ? {} : { journal: (entry: JournalEntry) => this.#journal(entry) }),
    });

    this.amender = new Amender({
      adapter,
      run: this.rest.run,
      book: this.account,
      settleMs: (options.recvWindowMs ?? adapter.recvWindowMs) + 1_000,
      instrument: instrumentOf,
      emit,
      mark: (symbol) => this.#prices.price(symbol),
      replace: (order, target) => replaceProtective({ venue: adapter.name, orders: this.orders, cancel: (id) => this.cancel(id) }, order, target),
      ...(options.journal === undefined ? {} : { journal: (entry: JournalEntry) => this.#journal(entry) }),
    });

    // Stops and take-profits; once a fired one (or a flatten) leaves the position flat, the rest goes.
    const engine = this;
    this.protection = new ProtectionDesk(
      {
        get symbol() {
          return engine.symbol;
        },
        adapter,
        rest: this.rest,
        orders: this.orders,
        instrument: () => (this.instrument?.symbol === this.symbol ? this.instrument : undefined),
        log: (level, text) => this.#log(level, text),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
      this.account,
    );

    this.gate =
      options.guard === undefined
        ? undefined
        : new OrderGate(options.guard, {
            bestBidAsk: (symbol) => this.#feed?.bestBidAsk(symbol),
            reference: (symbol) => this.#prices.price(symbol),
            position: (symbol) => this.account.allPositions().find((p) => p.symbol === symbol)?.qty ?? '0',
            instrument: () => this.instrument,
            now: () => performance.now(),
          });

    if (adapter.deadman !== undefined && options.deadman?.enabled !== false) {
      this.deadman = new Deadman({
        spec: adapter.deadman,
        run: this.rest.run,
        symbols: () => [this.symbol, ...this.account.openOrders().map((o) => o.symbol)],
        emit,
        // The private socket (the first stream) carries a disconnect switch's topic.
        socket: { send: (frame) => this.streams[0]?.send(frame) ?? false },
        ...(options.deadman?.timeoutMs === undefined ? {} : { timeoutMs: options.deadman.timeoutMs }),
      });
    }

    this.resyncer = new Resyncer({
      adapter,
      rest: this.rest.run,
      account: this.account,
      // A periodic pass that recovers our trades is also the test of a silent user stream.
      sink: {
        push: (event) => {
          options.sink.push(event);
          if (event.type === 'reconcile') {
            const unheard = unheardTrades(event);
            // Sockets that carry no trades of ours (OKX's algo socket) are not judged by trades unheard.
            if (unheard !== null) for (const s of this.streams) if (!this.#noTrades.has(s)) s.afterPeriodicPass(unheard);
          }
        },
      },
      symbols: this.#sym.all,
      venueNow: venueNowLoose,
      periodMs: options.reconcileEveryMs ?? 30_000,
      spot: () => (this.instrument?.kind === 'spot' && this.instrument.symbol === this.symbol ? this.instrument : undefined),
    });

    this.risk = new RiskReader({
      adapter,
      run: this.rest.run,
      account: this.account,
      emit,
      get symbol() {
        return engine.symbol;
      },
      readLeverage: () => this.readLeverage(),
      leverage: () => this.#leverage,
      everyMs: options.riskEveryMs ?? 5_000,
    });

    if (options.streams !== false) {
      const feed = new StreamFeed({ sink: options.sink, account: this.account });
      this.#feed = feed;
      const user = adapter.stream.user(this.urls);
      const common = {
        rest: this.rest.run,
        signContext: () => this.signContext(),
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(secureContext === undefined ? {} : { secureContext }),
        ...options.stream,
      };
      const userHandlers = feed.handlers(user.name);
      // A venue whose user stream carries no fills or balances (Coinbase): fetch them when an order fills more.
      if (adapter.capabilities?.fillsOffStream === true) {
        const catchUp = new FillsCatchUp({
          adapter,
          rest: this.rest.run,
          account: this.account,
          fillsSince: (symbol) => this.resyncer.fillsSince(symbol),
          log: (text) => this.#log('warn', text),
        });
        const onEvent = userHandlers.onEvent;
        userHandlers.onEvent = (ev, socket) => {
          const before = ev.type === 'order' ? this.account.order(ev.order.clientOrderId) : undefined;
          onEvent(ev, socket);
          if (ev.type !== 'order') return;
          // What the report moved in the account, not what it says: the resync after a reconnect owns
          // that moment's balances, and a report held while it ran and replayed after is older than
          // its picture (stale, skipped) or the same: no second fetch.
          const after = this.account.order(ev.order.clientOrderId);
          if (after === undefined) return;
          if (cmp(after.filledQty, before?.filledQty ?? '0') > 0) catchUp.kick(after.symbol);
          else if (after.state !== before?.state) catchUp.kickBalances();
        };
      }
      this.streams.push(
        new StreamSocket({
          spec: user,
          ...common,
          resync: () => this.resyncer.onConnect(),
          ...userHandlers,
          extraSubscribe: () => this.deadman?.subscription() ?? { frames: [], acks: 0 },
          onStatus: (ev) => {
            userHandlers.onStatus(ev);
            // A disconnect switch counts from the moment the private socket is gone.
            if (ev.state === 'live') this.deadman?.socketState(true, ev.at);
            else if (ev.state === 'reconnecting' || ev.state === 'closed') this.deadman?.socketState(false, ev.at);
          },
        }),
      );
      // The market feeds are the process's where the entry shares them (a desk): an account joins
      // the sockets another account on the same venue already opened for the same symbols.
      const registry = options.sharedMarkets ?? new SharedMarkets();
      const opener: MarketOpener = {
        specs: (symbols) => adapter.stream.market(this.urls, symbols),
        open: (spec, handlers, via) => new StreamSocket({ spec, ...common, ...via, ...handlers }),
      };
      const subscriber: MarketSubscriber = { handlers: (name) => feed.handlers(name), signContext: () => this.signContext(), rest: this.rest.run };
      const markets = new MarketWatch(
        {
          lease: (symbols) => registry.subscribe({ venue: adapter.id, env: options.env, urls: this.urls, symbols }, opener, subscriber),
          swap: (old, next) => {
            const kept = this.streams.filter((s) => !old.includes(s));
            this.streams.splice(0, this.streams.length, ...kept, ...next);
          },
        },
        [this.symbol],
      );
      this.#sym.markets = markets;
      // The kline feed's sockets are its own: they resync snapshots, not the account.
      if (options.klines !== undefined) {
        this.klines = this.#klineFeed(options.klines, (spec, handlers) => new StreamSocket({ spec, ...common, ...handlers }));
      }
      // Private channels the venue serves on a socket of their own. Its first connect comes with the
      // user socket's, whose startup pass lists the same orders (a second full pass would spend the
      // venue's 10-per-2-s position budget for nothing); a later reconnect of it resyncs, since what
      // it carries may have changed while it was down.
      for (const extra of adapter.stream.userExtra?.(this.urls) ?? []) {
        let connected = false;
        const resync = async (): Promise<void> => {
          if (connected) return this.resyncer.onConnect();
          connected = true;
        };
        const socket = new StreamSocket({ spec: extra, ...common, resync, ...feed.handlers(extra.name) });
        this.#noTrades.add(socket);
        this.streams.push(socket);
      }
    }
    // Without streams, the feed polls every timeframe over REST.
    if (options.klines !== undefined && this.klines === undefined) this.klines = this.#klineFeed(options.klines);
  }

  #klineFeed(options: KlineFeedOptions, open?: ConstructorParameters<typeof KlineFeed>[0]['open']): KlineFeed {
    return new KlineFeed({ ...options, adapter: this.adapter, urls: this.urls, rest: this.rest.run, ...(open === undefined ? {} : { open }), log: (level, text) => this.#log(level, text) });
  }

  /** What a signer needs at send time: credentials, venue clock, nonces, validity window. */
  signContext(): SignContext {
    return {
      credentials: this.#o.credentials,
      venueNow: () => this.timeSync.venueNow(),
      nextNonce: () => this.#nonces.next(),
      recvWindowMs: this.#o.recvWindowMs ?? this.adapter.recvWindowMs,
      restHost: new URL(this.urls.rest).host,
      referencePrice: (symbol) => this.#prices.price(symbol),
    };
  }

  /** Clock burst, instruments, streams (each resyncs before it is live), reconcile timer, dead-man. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#session();
    await this.timeSync.start();
    // The session begins here on the venue's clock: fills older than this (the first snapshot's) are not its.
    const sessionStart = this.timeSync.venueNowLoose();
    // Signed queries need the clock; before the streams, so the first snapshot already finds them ours.
    this.#recover();
    try {
      const instruments = await this.rest.run(this.adapter.instruments());
      this.#sink.push({ type: 'instruments', at: Date.now(), instruments });
      this.instrument = this.#sym.listed(instruments, sessionStart);
      if (this.instrument === undefined) this.#log('warn', `symbol ${this.symbol} is not listed by the venue`);
      this.#session();
    } catch (err) {
      this.#log('warn', `instruments unavailable: ${errorMessage(err)}`);
    }
    // Not awaited: the first frame does not wait for it; a ticket judged before it arrives says so.
    if (this.instrument !== undefined) void this.readLeverage();
    for (const s of this.streams) s.start();
    // The market sockets join the list as the feed is joined (shared ones may be live already).
    this.#sym.markets?.start();
    this.klines?.start();
    if (this.streams.length === 0) await this.resyncer.pass('startup').catch(() => undefined);
    this.resyncer.startPeriodic();
    if (this.instrument !== undefined) this.risk.start();
    if (this.deadman !== undefined) {
      await this.deadman.arm().catch((err) => this.#log('error', `dead-man's switch not armed: ${errorMessage(err)}`));
    }
  }

  /**
   * Clean exit: sockets closed, timers stopped, and the dead-man's switch disarmed — or, with
   * 'leave-armed' (the trader quit leaving orders under its protection), no longer re-armed, so
   * the venue cancels the open orders when it expires.
   */
  async stop(deadman: 'disarm' | 'leave-armed' = 'disarm'): Promise<void> {
    this.protection.stop();
    await this.klines?.stop();
    // A cancel-on-disconnect has no off: whatever was asked, it stays armed at the venue.
    const noOff = this.adapter.deadman?.trigger === 'disconnect';
    if ((deadman === 'leave-armed' || noOff) && this.deadman?.armed) {
      const at = this.deadman.deadline;
      this.deadman.abandon();
      const when =
        at !== undefined
          ? `at ${new Date(at).toISOString()}`
          : noOff
            ? `${Math.round(this.deadman.timeoutMs / 1000)} s after this session's private socket closes`
            : 'when it expires';
      this.#log('info', `dead-man left armed: the venue cancels open orders ${when}`);
    } else if (this.deadman?.armed) {
      const limitMs = this.#o.stopTimeoutMs ?? 3_000;
      const outcome = await this.deadman.disarmWithin(limitMs);
      if (outcome === 'left-armed') {
        this.#log('warn', `dead-man not disarmed within ${limitMs} ms: the venue cancels open orders when it expires`);
      }
    }
    this.resyncer.stop();
    this.risk.stop();
    // The market feed is left, not closed: other engines of the process may still watch it.
    const markets = this.#sym.markets;
    const own = this.streams.filter((s) => !markets?.sockets.includes(s));
    await Promise.all([markets?.stop('session ended'), ...own.map((s) => s.stop('session ended'))]);
    this.timeSync.stop();
    this.orders.close();
    this.lanes.close();
    await this.http.close();
  }

  // ---- EngineActions ---------------------------------------------------------------------------

  place(ticket: OrderTicket, options: PlaceOptions = {}): Promise<ActionResult> {
    return this.#act(async () => {
      const problem = ticketProblem(ticket, this.instrument);
      if (problem !== undefined) return { ok: false, error: problem };
      // Only a market order needs a reference price (a limit is judged at its own): no REST quote in a limit's path.
      if (ticket.type === 'market') await this.#prices.ensure(ticket.symbol);
      if (this.gate !== undefined) {
        const verdict = this.gate.judge(ticket);
        if (verdict.kind === 'refuse') {
          this.#log('warn', `order refused by the guard: ${verdict.text}`);
          return { ok: false, error: `guard: ${verdict.text}` };
        }
        if (verdict.kind === 'confirm' && options.confirmed !== true) return { ok: false, error: verdict.text, confirm: true };
        this.gate.sent();
      }
      const tracked = this.orders.place({
        symbol: ticket.symbol,
        side: ticket.side,
        type: ticket.type,
        qty: ticket.qty,
        ...(ticket.price === undefined ? {} : { price: ticket.price }),
        reduceOnly: ticket.reduceOnly,
        postOnly: ticket.postOnly,
        ...(ticket.timeInForce === undefined ? {} : { timeInForce: ticket.timeInForce }),
      });
      const id = tracked.intent.clientOrderId;
      return { ok: true, clientOrderId: id, message: `${ticket.side} ${ticket.qty} ${ticket.symbol} sent (${id})` };
    });
  }

  cancel(clientOrderId: string): Promise<ActionResult> {
    return this.#act(async () => {
      if (this.orders.get(clientOrderId) !== undefined) {
        const order = await this.orders.cancel(clientOrderId);
        return { ok: true, clientOrderId, message: `${clientOrderId}: ${order.state}` };
      }
      // An order of an earlier session, known from the account snapshot.
      const known = this.account.order(clientOrderId);
      if (known === undefined) return { ok: false, error: `no order ${clientOrderId}` };
      const ref = refOf(known, known.venueOrderId);
      this.#journal({ event: 'cancel', clientOrderId, via: 'cancel' });
      let order: Order;
      try {
        const ack = await this.rest.run(this.adapter.cancelOrder(ref));
        // A venue that only acknowledges the cancel (OKX) is asked for the order's end state.
        order = ack.state === 'pending_cancel' ? await findOrder(this.adapter, this.rest.run, ref) : ack;
      } catch (err) {
        this.#journal({ event: 'cancel-failed', clientOrderId, reason: errorMessage(err) });
        throw err;
      }
      this.#journal({
        event: 'closed',
        clientOrderId,
        state: order.state,
        filledQty: order.filledQty,
        ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
      });
      this.account.upsertOrder(order);
      return { ok: true, clientOrderId, message: `${clientOrderId}: ${order.state}` };
    });
  }

  amend(clientOrderId: string, change: AmendChange): Promise<ActionResult> {
    return this.#act(() => this.amender.amend(clientOrderId, change));
  }

  cancelAll(options: CancelAllOptions = {}): Promise<ActionResult> {
    return this.#urgent(async () => {
      const protective = options.protective ?? 'keep';
      const n = await this.orders.cancelAll(this.symbol, protective);
      const kept = protective === 'keep' ? ', protective orders kept' : ', protective orders too';
      return { ok: true, message: n === 0 ? `no open ${this.symbol} orders were left to cancel${kept}` : `cancelled every open ${this.symbol} order (${n})${kept}` };
    });
  }

  /**
   * The session's spot ledger (what it bought and still holds, by average cost), as the engine
   * folded it from the fills it recorded; undefined off spot.
   */
  spotLedger(): SpotLedger | undefined {
    return this.#sym.ledger(this.symbol)?.ledger;
  }

  flatten(options: FlattenOptions = {}): Promise<ActionResult> {
    const instrument = this.instrument;
    const ledger = this.#sym.ledger(this.symbol);
    // Spot: the cockpit's plan and order (engine/spot-flatten.ts), sent as a place is, not urgent.
    if (instrument?.kind === 'spot' && instrument.symbol === this.symbol && ledger !== undefined) {
      return this.#act(() =>
        flattenSpot(
          {
            instrument,
            ledger: ledger.ledger,
            balances: () => this.rest.run({ ...this.adapter.balances(), lane: 'critical' }),
            mark: () => this.referencePrice(),
            place: (order) => this.place(order),
          },
          options.amount,
        ),
      );
    }
    return this.#urgent(async () => {
      await this.#prices.ensure(this.symbol);
      const tracked = await this.orders.flatten(this.symbol);
      if (tracked === undefined) return { ok: true, message: `${this.symbol}: already flat` };
      const { side, qty, clientOrderId } = tracked.intent;
      // Once it filled and the venue says flat, the position's stops and targets have nothing left to protect.
      this.protection.afterFlatten(tracked);
      return { ok: true, clientOrderId, message: `closing ${this.symbol}: ${side.toUpperCase()} ${qty} at market, reduce-only` };
    });
  }

  protect(kind: Trigger['kind'], price: string, options?: ProtectOptions): Promise<ActionResult> {
    return this.#act(() => this.protection.protect(kind, price, options));
  }

  bracket(stop: string, target: string): Promise<ActionResult> {
    return this.#act(() => this.protection.bracket(stop, target));
  }

  closePart(percent: string): Promise<ActionResult> {
    return this.#urgent(() => closePart(this.#exitDeps(), percent));
  }

  reverse(): Promise<ActionResult> {
    return this.#urgent(() => reverse(this.#exitDeps()));
  }

  reconnect(): Promise<ActionResult> {
    return this.#act(async () => {
      for (const s of this.streams) s.reconnect('requested by the trader');
      return { ok: true, message: `reconnecting ${this.streams.length} socket(s)` };
    });
  }

  toggleDeadman(): Promise<ActionResult> {
    return this.#act(async () => {
      const d = this.deadman;
      if (d === undefined) return { ok: false, error: `${this.adapter.name} has no dead-man's switch here` };
      if (d.armed) {
        await d.disarm();
        return { ok: true, message: "dead-man's switch off: open orders stay on the venue if this session dies" };
      }
      await d.arm();
      return { ok: true, message: `dead-man's switch armed: the venue cancels open orders if this session is silent for ${Math.round(d.timeoutMs / 1000)} s` };
    });
  }

  /**
   * The account's leverage for the session's symbol, asked of the venue (where the adapter can)
   * and pushed as a `leverage` event: the ticket judges margin at it, not at 1x.
   */
  readLeverage(): Promise<ActionResult> {
    return this.#act(async () => {
      const plan = this.adapter.leverage?.(this.symbol);
      if (plan === undefined) return { ok: false, error: `${this.adapter.name} has no way to read the account's leverage` };
      try {
        let leverage = await this.rest.run(plan);
        const accountMode = leverage.marginMode === undefined ? this.adapter.accountMarginMode?.() : undefined;
        if (accountMode !== undefined) {
          const mode = await this.rest.run(accountMode);
          if (mode !== undefined) leverage = { ...leverage, marginMode: mode };
        }
        // A read for the symbol the ticket has since left is the store's, not the symbol's now.
        if (leverage.symbol === this.symbol) this.#leverage = leverage;
        this.#sink.push({ type: 'leverage', at: Date.now(), leverage });
        const mode = leverage.marginMode === undefined ? '' : ` ${leverage.marginMode}`;
        return { ok: true, message: `${leverage.symbol} leverage ${leverage.leverage}x${mode}, as the venue holds it` };
      } catch (err) {
        const text = `${this.symbol} leverage not read (${errorMessage(err)}): margin checks assume the position's leverage, else 1x`;
        this.#log('warn', text);
        return { ok: false, error: text };
      }
    });
  }

  /** `:lev N`: the venue's leverage endpoint for the session's symbol (src/engine/risk.ts). */
  setLeverage(leverage: number): Promise<ActionResult> {
    return this.#act(() => this.risk.setLeverage(leverage));
  }

  /** `:margin cross|isolated`: the venue's margin-mode endpoint (src/engine/risk.ts). */
  setMarginMode(mode: MarginMode): Promise<ActionResult> {
    return this.#act(() => this.risk.setMarginMode(mode));
  }

  /**
   * The session symbol's price a market order is judged at (the mid, else the mark, else a REST
   * quote where the venue gives one): what a fan-out sizes an equity share at (engine/desk-actions.ts).
   */
  async referencePrice(): Promise<string | undefined> {
    await this.#prices.ensure(this.symbol);
    return this.#prices.price(this.symbol);
  }

  /**
   * `:sym`, the `/` picker: the ticket, cancel-all, flatten, close, protection and the leverage
   * read follow `symbol` from now on; a `session` event tells the store; the market sockets
   * subscribe it (engine/market-watch.ts). The private socket is untouched.
   */
  setSymbol(symbol: string): Promise<ActionResult> {
    return this.#act(async () => {
      if (this.#sym.instruments.size === 0) {
        const instruments = await this.rest.run(this.adapter.instruments());
        this.#sym.listed(instruments);
        this.#sink.push({ type: 'instruments', at: Date.now(), instruments });
      }
      const moved = this.#sym.move(symbol, this.adapter.name);
      if ('error' in moved) return { ok: false, error: moved.error };
      const { instrument } = moved;
      if (moved.same) return { ok: true, message: `the ticket already trades ${instrument.symbol}` };
      this.instrument = instrument;
      this.#leverage = undefined;
      this.#session();
      if (instrument.kind !== 'spot' && this.adapter.leverage !== undefined) void this.readLeverage();
      void this.#sym.watch();
      return { ok: true, message: `the ticket trades ${instrument.symbol} now (${instrument.kind})` };
    });
  }

  /**
   * The selected row's symbol (a position's, an order's), or undefined: its market stream is
   * subscribed beside the ticket's, so the market pane can follow the row. A symbol the venue does
   * not list is not subscribed.
   */
  showSymbol(symbol: string | undefined): Promise<ActionResult> {
    return this.#act(async () => {
      this.#sym.show(symbol);
      await this.#sym.watch();
      return { ok: true, message: `market streams: ${this.marketSymbols().join(', ') || 'none'}` };
    });
  }

  /** The symbols whose market sockets are open now (the ticket's, then the selected row's). */
  marketSymbols(): readonly string[] {
    return this.#sym.markets?.symbols ?? [];
  }

  // ---------------------------------------------------------------------------------------------

  #exitDeps(): ExitDeps {
    return {
      symbol: this.symbol,
      adapter: this.adapter,
      rest: this.rest,
      orders: this.orders,
      instrument: () => (this.instrument?.symbol === this.symbol ? this.instrument : undefined),
      ensurePrice: () => this.#prices.ensure(this.symbol),
      flatten: () => this.flatten(),
      place: (ticket, options) => this.place(ticket, options),
    };
  }

  async #act(fn: () => Promise<ActionResult>): Promise<ActionResult> {
    try {
      return await fn();
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /**
   * An action that takes risk off (flatten, close, reverse, cancel-all): the sink holds its screen
   * refreshes while it runs — a close resolves once its order is handed to the HTTP client, before
   * the ack — so no frame runs on the event loop between the position read's reply and the close's
   * send. Bounded by URGENT_HOLD_MS: a slow venue never freezes the screen longer than that.
   */
  async #urgent(fn: () => Promise<ActionResult>): Promise<ActionResult> {
    const release = this.#sink.hold?.(URGENT_HOLD_MS);
    try {
      return await this.#act(fn);
    } finally {
      release?.();
    }
  }

  /**
   * The journal's intents without an outcome, adopted and resolved by client id (never sent
   * again): a log line now, one per intent as it is resolved, and its `recovered` or
   * `never-placed` step (src/engine/orders.ts `recover`).
   */
  #recover(): void {
    if (this.#o.journalReader === undefined) return;
    const standing = this.#standing();
    if (standing === undefined) return;
    const all = standing.inFlight;
    const askable = all.filter((r): r is InFlightIntent & { intent: NonNullable<InFlightIntent['intent']> } => r.intent !== undefined);
    for (const r of all)
      if (r.intent === undefined) this.#log('warn', `recovery: ${r.clientOrderId} has no outcome in the journal and its intent line is gone (rotated away): its symbol is unknown, reconciliation settles it`);
    if (all.length > 0)
      this.#log('info', `recovery: ${all.length} intent(s) of an earlier process without an outcome in the journal; resolving each by its client id with ${this.adapter.name} (none is sent again)`);
    const tracked = askable.map((r) => this.orders.recover(r));
    this.recovery = {
      inFlight: all.length,
      unaskable: all.length - askable.length,
      journaledIds: standing.journaledIds.size,
      done: Promise.all(tracked.map((t) => t.settled)).then(() => undefined),
    };
  }

  /**
   * Read lazily, not in the constructor: a full journal (five 4 MiB files) takes a second or more
   * to read and fold on a busy machine, and the cockpit makes its engine before its first frame.
   */
  #standing(): JournalStanding | undefined {
    const reader = this.#o.journalReader;
    if (reader === undefined) return undefined;
    this.#standingRead ??= journalStanding(reader(), { account: this.#accountName(), venue: this.adapter.id, env: this.#o.env });
    return this.#standingRead;
  }

  #accountName(): string {
    return this.#o.accountLabel ?? this.#o.credentials.venue;
  }

  #session(): void {
    this.#sink.push({
      type: 'session',
      at: Date.now(),
      venue: this.adapter.id,
      env: this.#o.env,
      account: this.#o.accountLabel ?? this.#o.credentials.venue,
      symbol: this.symbol,
      ...(this.instrument === undefined ? {} : { instrument: this.instrument }),
      ...(this.adapter.deadman === undefined ? { noDeadman: true as const } : { deadmanStops: this.adapter.deadman.protective }),
      ...(this.#o.slippagePct === undefined ? {} : { slippagePct: this.#o.slippagePct }),
    });
  }

  /** One step, stamped; the sink writes synchronously (the intent is on disk before its send). */
  #journal(entry: JournalEntry): void {
    const sink = this.#o.journal;
    if (sink === undefined) return;
    try {
      sink.append({
        v: 1,
        at: new Date().toISOString(),
        account: this.#accountName(),
        venue: this.adapter.id,
        env: this.#o.env,
        ...entry,
      });
    } catch (err) {
      const text = `journal: ${errorMessage(err)}`;
      if (text !== this.#journalFailure) this.#log('error', `${text} (trading goes on; this step is not journaled)`);
      this.#journalFailure = text;
    }
  }

  #log(level: LogLevel, text: string): void {
    this.#sink.push({ type: 'log', at: Date.now(), level, text, source: 'engine' });
  }
}
