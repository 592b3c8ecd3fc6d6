/**
 * The parts an engine is made of, wired once against the adapter interface, and how they start and
 * stop: the facade's half that is not the cockpit's actions (those are engine.ts, `Engine`, which
 * extends this). No venue names here: the adapter comes from the registry (src/venues/index.ts)
 * and brings URLs, pools, builders, parsers, error table, stream formats and dead-man's switch.
 *
 *   http (undici pool) ← rest executor ← lanes (core budget) ← time sync (core clock)
 *   order manager, dead-man, resyncer, streams → account mirror → event sink (store batcher)
 *
 * What the actions need of the parts is `protected`; the two actions the wiring itself calls
 * (a protective replace cancels, a risk setting reads the leverage back) are abstract here.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage } from '../core/error-message.js';
import { ClientOrderIdGenerator } from '../core/client-order-id.js';
import type { Instrument } from '../core/types.js';
import type { JournalEntry } from '../core/journal.js';
import { venueAdapter } from '../venues/index.js';
import type { SignContext, VenueAdapter, VenueUrls } from '../venues/venue.js';
import type { ActionResult } from './actions.js';
import type { EngineEvent, EventSink, LogLevel } from './events.js';
import type { EngineOptions, RecoveryReport } from './engine-options.js';
import { EngineJournal } from './engine-journal.js';
import { openEngineStreams } from './engine-streams.js';
import { LeverageRead } from './leverage-read.js';
import { AccountState } from './account.js';
import { Deadman } from './deadman.js';
import { Amender } from './amend.js';
import { replaceProtective } from './amend-replace.js';
import { withSlippageCap } from './market-cap.js';
import { ProtectionDesk } from './protection.js';
import type { StreamFeed } from './feed.js';
import { unheardTrades } from './silence.js';
import type { HttpClient } from './http.js';
import type { Lanes } from './lanes.js';
import type { Nonces } from './nonces.js';
import { OrderGate } from './order-gate.js';
import { OrderManager } from './orders.js';
import { ReferencePrices } from './reference-price.js';
import type { RestExecutor } from './rest.js';
import { Resyncer } from './resync.js';
import { RiskReader } from './risk.js';
import { OPEN_INTEREST_EVERY_MS, OpenInterestReader } from './open-interest.js';
import type { StreamSocket } from './stream.js';
import { KlineFeed, type KlineFeedOptions } from './klines.js';
import { SessionSymbols } from './session-symbol.js';
import type { TimeSync } from './time-sync.js';
import { trustWithCaFile } from './trust.js';
import { openTransport } from './engine-transport.js';

export abstract class EngineParts {
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
  readonly openInterest: OpenInterestReader;
  readonly streams: StreamSocket[] = [];
  /** Bars for the signal stack, when the options asked for them (engine/klines.ts). */
  readonly klines: KlineFeed | undefined;
  /** Private sockets that carry no trades of ours (see `StreamAdapter.userExtra`). */
  readonly #noTrades = new Set<StreamSocket>();
  /** The ticket's symbol, the symbols on screen and their market sockets (engine/session-symbol.ts). */
  protected readonly sym: SessionSymbols;
  instrument: Instrument | undefined;
  readonly #o: EngineOptions;
  /** The REST host signers may name (`SignContext.restHost`), read from `urls.rest` on first use. */
  #restHost: string | undefined;
  protected readonly sink: EventSink;
  readonly #nonces: Nonces;
  protected readonly prices: ReferencePrices;
  #feed: StreamFeed | undefined;
  #started = false;
  /** The ticket's symbol now. */
  get symbol(): string {
    return this.sym.symbol;
  }

  /** The order journal's stamping, standing and recovery (engine/engine-journal.ts). */
  protected readonly journal: EngineJournal;
  /** The symbol's leverage and mode as the venue last said them (engine/leverage-read.ts). */
  protected readonly leverage: LeverageRead;
  /** Set by start() when a journal reader was given. */
  recovery: RecoveryReport | undefined;

  constructor(options: EngineOptions) {
    this.#o = options;
    this.sink = options.sink;
    this.sym = new SessionSymbols(options.symbol);
    this.adapter = typeof options.venue === 'string' ? venueAdapter(options.venue) : options.venue;
    const adapter = this.adapter;
    this.urls = adapter.urls(options.env, options.simUrls);
    const secureContext = options.caFile === undefined ? undefined : trustWithCaFile(options.caFile);
    const emit = (event: EngineEvent) => this.sink.push(event);
    const transport = openTransport({ adapter, urls: this.urls, options, secureContext, emit, signContext: () => this.signContext() });
    this.http = transport.http;
    this.timeSync = transport.timeSync;
    this.#nonces = transport.nonces;
    this.lanes = transport.lanes;
    this.rest = transport.rest;
    const venueNowLoose = () => this.timeSync.venueNowLoose();
    this.journal = new EngineJournal({
      sink: options.journal,
      reader: options.journalReader,
      account: this.#accountName(),
      venue: adapter.id,
      env: options.env,
      log: (level, text) => this.log(level, text),
    });
    // The account's fills pass the spot session's ledger on their way out (a spot flatten's "what this session bought").
    this.account = new AccountState({
      sink: {
        push: (event) => {
          // Every spot symbol's fills since the session began: the ticket may move to it later (`:sym`).
          if (event.type === 'fill') this.sym.observe(event.fill);
          options.sink.push(event);
        },
      },
    });
    this.prices = new ReferencePrices({
      mid: (symbol) => this.#feed?.mid(symbol),
      mark: (symbol) => this.account.allPositions().find((p) => p.symbol === symbol)?.markPrice,
      quote: adapter.quote?.bind(adapter),
      rest: this.rest.run,
      warn: (text) => this.log('warn', text),
    });

    const ids = new ClientOrderIdGenerator(adapter.clientId, {
      randomBytes: options.clientIdSeed?.randomBytes ?? randomBytes(8),
      startedAt: options.clientIdSeed?.startedAt ?? Date.now(),
      tag: adapter.clientId.tag,
    });
    const newId = (): string => this.journal.freshId(() => ids.next());
    const instrumentOf = (symbol: string) => (this.instrument?.symbol === symbol ? this.instrument : this.sym.instruments.get(symbol));
    this.orders = new OrderManager({
      adapter:
        options.slippagePct === undefined
          ? adapter
          : withSlippageCap(adapter, { pct: options.slippagePct, reference: (s) => this.prices.price(s), instrument: instrumentOf }),
      run: this.rest.run,
      newClientOrderId: newId,
      // The account mirror owns the orders: one local picture for the store and reconcile.
      book: this.account,
      emit,
      resolve: { settleMs: (options.recvWindowMs ?? adapter.recvWindowMs) + 1_000, ...options.resolve },
      venueNow: venueNowLoose,
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.journal === undefined ? {} : { journal: (entry: JournalEntry) => this.journal.append(entry) }),
    });

    this.amender = new Amender({
      adapter,
      run: this.rest.run,
      book: this.account,
      settleMs: (options.recvWindowMs ?? adapter.recvWindowMs) + 1_000,
      instrument: instrumentOf,
      emit,
      mark: (symbol) => this.prices.price(symbol),
      replace: (order, target) => replaceProtective({ venue: adapter.name, orders: this.orders, cancel: (id) => this.cancel(id) }, order, target),
      ...(options.journal === undefined ? {} : { journal: (entry: JournalEntry) => this.journal.append(entry) }),
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
        log: (level, text) => this.log(level, text),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
      this.account,
    );

    this.gate =
      options.guard === undefined
        ? undefined
        : new OrderGate(options.guard, {
            bestBidAsk: (symbol) => this.#feed?.bestBidAsk(symbol),
            reference: (symbol) => this.prices.price(symbol),
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
      symbols: this.sym.all,
      venueNow: venueNowLoose,
      periodMs: options.reconcileEveryMs ?? 30_000,
      spot: () => (this.instrument?.kind === 'spot' && this.instrument.symbol === this.symbol ? this.instrument : undefined),
    });

    this.leverage = new LeverageRead({
      adapter,
      run: this.rest.run,
      symbol: () => this.symbol,
      emit,
      warn: (text) => this.log('warn', text),
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
      leverage: () => this.leverage.last,
      everyMs: options.riskEveryMs ?? 5_000,
    });
    this.openInterest = new OpenInterestReader({
      adapter,
      run: this.rest.run,
      emit,
      get symbol() {
        return engine.symbol;
      },
      everyMs: options.openInterestEveryMs ?? (options.klines === undefined ? 0 : OPEN_INTEREST_EVERY_MS),
    });

    if (options.streams !== false) {
      const klineOptions = options.klines;
      const opened = openEngineStreams({
        adapter,
        urls: this.urls,
        env: options.env,
        sink: options.sink,
        account: this.account,
        resyncer: this.resyncer,
        rest: this.rest.run,
        signContext: () => this.signContext(),
        deadman: () => this.deadman,
        log: (text) => this.log('warn', text),
        symbol: this.symbol,
        streams: this.streams,
        noTrades: this.#noTrades,
        sharedMarkets: options.sharedMarkets,
        random: options.random,
        secureContext,
        stream: options.stream,
        klines: klineOptions === undefined ? undefined : (open) => this.#klineFeed(klineOptions, open),
      });
      this.#feed = opened.feed;
      this.sym.markets = opened.markets;
      this.klines = opened.klines;
    }
    // Without streams, the feed polls every timeframe over REST.
    if (options.klines !== undefined && this.klines === undefined) this.klines = this.#klineFeed(options.klines);
  }

  #klineFeed(options: KlineFeedOptions, open?: ConstructorParameters<typeof KlineFeed>[0]['open']): KlineFeed {
    return new KlineFeed({ ...options, adapter: this.adapter, urls: this.urls, rest: this.rest.run, ...(open === undefined ? {} : { open }), log: (level, text) => this.log(level, text) });
  }

  /** What a signer needs at send time: credentials, venue clock, nonces, validity window. */
  signContext(): SignContext {
    // Parsed once: a URL parse was a tenth of our own CPU on a place-order round trip (docs/speed.md).
    this.#restHost ??= new URL(this.urls.rest).host;
    return {
      credentials: this.#o.credentials,
      venueNow: () => this.timeSync.venueNow(),
      nextNonce: () => this.#nonces.next(),
      recvWindowMs: this.#o.recvWindowMs ?? this.adapter.recvWindowMs,
      restHost: this.#restHost,
      referencePrice: (symbol) => this.prices.price(symbol),
    };
  }

  /** Clock burst, instruments, streams (each resyncs before it is live), reconcile timer, dead-man. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.session();
    await this.timeSync.start();
    // The session begins here on the venue's clock: fills older than this (the first snapshot's) are not its.
    const sessionStart = this.timeSync.venueNowLoose();
    // Signed queries need the clock; before the streams, so the first snapshot already finds them ours.
    // A restart's in-flight intents, resolved by client id (engine/engine-journal.ts).
    this.recovery = this.journal.recover(this.orders, this.adapter.name);
    try {
      const instruments = await this.rest.run(this.adapter.instruments());
      this.sink.push({ type: 'instruments', at: Date.now(), instruments });
      this.instrument = this.sym.listed(instruments, sessionStart);
      if (this.instrument === undefined) this.log('warn', `symbol ${this.symbol} is not listed by the venue`);
      this.session();
    } catch (err) {
      this.log('warn', `instruments unavailable: ${errorMessage(err)}`);
    }
    // Not awaited: the first frame does not wait for it; a ticket judged before it arrives says so.
    if (this.instrument !== undefined) void this.readLeverage();
    for (const s of this.streams) s.start();
    // The market sockets join the list as the feed is joined (shared ones may be live already).
    this.sym.markets?.start();
    this.klines?.start();
    if (this.streams.length === 0) await this.resyncer.pass('startup').catch(() => undefined);
    this.resyncer.startPeriodic();
    if (this.instrument !== undefined) this.risk.start();
    if (this.instrument !== undefined) this.openInterest.start();
    if (this.deadman !== undefined) {
      await this.deadman.arm().catch((err) => this.log('error', `dead-man's switch not armed: ${errorMessage(err)}`));
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
      this.log('info', `dead-man left armed: the venue cancels open orders ${when}`);
    } else if (this.deadman?.armed) {
      const limitMs = this.#o.stopTimeoutMs ?? 3_000;
      const outcome = await this.deadman.disarmWithin(limitMs);
      if (outcome === 'left-armed') {
        this.log('warn', `dead-man not disarmed within ${limitMs} ms: the venue cancels open orders when it expires`);
      }
    }
    this.resyncer.stop();
    this.risk.stop();
    this.openInterest.stop();
    // The market feed is left, not closed: other engines of the process may still watch it.
    const markets = this.sym.markets;
    const own = this.streams.filter((s) => !markets?.sockets.includes(s));
    await Promise.all([markets?.stop('session ended'), ...own.map((s) => s.stop('session ended'))]);
    this.timeSync.stop();
    this.orders.close();
    this.lanes.close();
    await this.http.close();
  }

  #accountName(): string {
    return this.#o.accountLabel ?? this.#o.credentials.venue;
  }

  protected session(): void {
    this.sink.push({
      type: 'session',
      at: Date.now(),
      venue: this.adapter.id,
      env: this.#o.env,
      account: this.#accountName(),
      symbol: this.symbol,
      ...(this.instrument === undefined ? {} : { instrument: this.instrument }),
      ...(this.adapter.deadman === undefined ? { noDeadman: true as const } : { deadmanStops: this.adapter.deadman.protective }),
      ...(this.#o.slippagePct === undefined ? {} : { slippagePct: this.#o.slippagePct }),
    });
  }

  protected log(level: LogLevel, text: string): void {
    this.sink.push({ type: 'log', at: Date.now(), level, text, source: 'engine' });
  }

  /** Cancels an order by client id (the actions', engine.ts): a protective replace's first step. */
  abstract cancel(clientOrderId: string): Promise<ActionResult>;

  /** Reads the symbol's leverage (the actions', engine.ts): a risk setting's read-back. */
  abstract readLeverage(): Promise<ActionResult>;
}
