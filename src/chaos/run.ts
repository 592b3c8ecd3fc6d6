/**
 * One chaos run: a local venue with a seeded fault schedule, the engine headless against it, a
 * trader and a background poller, then a quiet end (faults off, in-flight orders settled) and
 * a final reconcile, then the verdict — orders and fills counted from the venue's own ledger and
 * compared with what the engine believes.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { add, div, eq, neg, sub } from '../core/decimal.js';
import { sameAsset } from '../core/holdings.js';
import { planSpotFlatten } from '../core/spot-flatten.js';
import type { Instrument } from '../core/types.js';
import { type FileLogger, openLogger, registerSecret } from '../log/index.js';
import { Rng } from '../sim/market/random.js';
import { dialectSpec, type SimAccount, type SimAccountSpec, type SimDialect, type SimHandle, type SimOptions, startSim, startSimWorker } from '../sim/index.js';
import type { EngineEvent, EventSink } from '../engine/events.js';
import { venueAdapter } from '../venues/index.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { Credentials } from '../venues/venue.js';
import { memoryNonceFloor } from '../engine/nonce-floor.js';
import { ProcessGuard } from './guard.js';
import { profileOf, simCredentials, type VenueProfile } from './profiles.js';
import type { ChaosReport, SpotEndFigures } from './report.js';
import { CLOCK_JUMP_MS, FaultSchedule } from './schedule.js';
import { RssSampler } from './soak.js';
import { percentile, tidy } from './stats.js';
import { Witness } from './witness.js';
import { mkdtempSync } from 'node:fs';
import { JournalFile, readJournal } from '../engine/journal-file.js';
import { fileNonceFloor } from './nonce-floor-file.js';
import { type LegsOutcome, lostIntents, planCrashes, runCrashLegs } from './crash-legs.js';
import { BackgroundPoller, type Quote, Trader } from './workload.js';

export interface ChaosOptions {
  venue: string;
  seed: string;
  /** Stop after this many intents. */
  orders?: number;
  /** Stop after this many minutes. */
  minutes?: number;
  /** Trader actions per second. */
  rate: number;
  /** Test cadence: episodes every 0.4 s, sockets dropped every 4 s. */
  fast: boolean;
  /** Soak: sample RSS each minute (the sim then runs in a worker thread, off the main heap). */
  rss?: boolean;
  rssEveryMs?: number;
  accounts?: SimAccountSpec[];
  logFile?: string;
  /** Progress lines for a person (stderr); never secrets. */
  progress?(line: string): void;
  /**
   * Kill (SIGKILL) and restart the engine's process this many times before the run's own engine,
   * the last restart, takes over (src/chaos/crash-legs.ts); 0 or absent: no crashes.
   */
  crashEvery?: number;
}

/** A crash run's state between its legs and its verdict. */
interface CrashRun {
  journalDir: string;
  journal: JournalFile;
  outcome: LegsOutcome;
  /** The venue's clock when the run's own engine started: fills before it were the legs'. */
  finalStartVenueMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `p` at most `ms`; the timer never outlives the wait (it would hold the process open). */
async function atMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Events worth a log line (tickers, activity and budget ticks would drown the file). */
export function logLine(logger: FileLogger, event: EngineEvent): void {
  switch (event.type) {
    case 'ticker':
    case 'socket-activity':
    case 'positions':
    case 'balances':
    case 'orders-snapshot':
      return;
    case 'budget':
      if (event.state === 'normal') return;
      break;
    default:
      break;
  }
  const level = event.type === 'log' && (event.level === 'warn' || event.level === 'error') ? 'warn' : 'info';
  logger.logger[level]({ event }, event.type);
}

/** Where the engine finds the local venue: its URLs (the sim may run in this process or the parent's). */
export interface SimUrls {
  restUrl: string;
  wsUrl: string;
}

export function engineFor(
  profile: VenueProfile,
  sim: SimUrls,
  account: SimAccount,
  credentials: Credentials,
  sink: EventSink,
  seed: string,
  extra: Partial<EngineOptions> = {},
): Engine {
  const adapter = venueAdapter(profile.venue);
  for (const s of [credentials.apiKey, credentials.apiSecret, credentials.passphrase, credentials.privateKey]) registerSecret(s);
  const rng = new Rng(`${seed}/chaos-engine`);
  return new Engine({
    venue: adapter,
    env: 'sim',
    credentials,
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: profile.symbol,
    sink,
    accountLabel: `chaos ${account.name}`,
    // The sim's keys are new at every run and no other process signs with them: their nonce floor
    // (Kraken) lives and dies with the run, in memory.
    nonceFloor: memoryNonceFloor,
    // A short validity window: +3 s clock jumps bite too, and ambiguous orders settle sooner.
    ...(adapter.recvWindowMs > 0 ? { recvWindowMs: Math.min(adapter.recvWindowMs, 2_000) } : {}),
    http: { headersTimeoutMs: 4_000, bodyTimeoutMs: 4_000 },
    timeSync: { burst: 3, resyncBurst: 2, intervalMs: 30_000 },
    ...(profile.pools === undefined ? {} : { pools: profile.pools(adapter.pools) }),
    resolve: { maxQueries: 30, maxSends: 4, backoff: { firstMs: 50, baseMs: 200, capMs: 1_500 } },
    deadman: { enabled: true },
    stream: {
      heartbeat: { intervalMs: 1_000, pongTimeoutMs: 1_500, silenceMs: 5_000 },
      backoff: { firstMs: 50, baseMs: 250, capMs: 2_000 },
      stepTimeoutMs: 5_000,
    },
    reconcileEveryMs: 5_000,
    random: () => rng.next(),
    ...extra,
  });
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const profile = profileOf(o.venue);
  const guard = new ProcessGuard().install();
  const t0 = performance.now();
  const simOptions: SimOptions = {
    dialect: profile.dialect as SimDialect,
    seed: o.seed,
    tickMs: 100,
    pingIntervalMs: 1_000,
    ...(profile.simLimits === undefined ? {} : { limits: profile.simLimits }),
    ...(o.accounts === undefined ? {} : { accounts: o.accounts }),
  };
  const sim = o.rss === true ? await startSimWorker(simOptions) : await startSim(simOptions);
  const logFile = o.logFile ?? join(tmpdir(), `quantdeck-chaos-${profile.venue}-${o.seed}-${process.pid}.log`);
  const logger = openLogger({ file: logFile, level: 'info' });
  const witness = new Witness();
  let quote: Quote | undefined;
  const sink: EventSink = {
    push(event) {
      witness.observe(event);
      if (event.type === 'ticker' && event.symbol === profile.symbol && event.bid !== '' && event.ask !== '') {
        quote = { bid: event.bid, ask: event.ask };
      }
      logLine(logger, event);
    },
  };
  const sampler = o.rss === true ? new RssSampler(o.rssEveryMs) : undefined;
  if (sampler !== undefined) {
    sampler.onSample = (s) => o.progress?.(`soak minute ${s.minute}: RSS ${s.rssMb} MB, heap ${s.heapMb} MB`);
  }
  let engine: Engine | undefined;
  let crash: CrashRun | undefined;
  try {
    const account = sim.accounts[0];
    if (account === undefined) throw new Error('chaos: the sim has no account');
    const credentials = simCredentials(profile, account);
    let perLeg: number | undefined;
    if (o.crashEvery !== undefined && o.crashEvery > 0) {
      perLeg = Math.max(5, Math.floor((o.orders ?? 300) / (o.crashEvery + 1)));
      const journalDir = mkdtempSync(join(tmpdir(), `quantdeck-chaos-journal-${profile.venue}-`));
      // The legs trade under the same kind of fault plan as the rest of the run (its own seed).
      const legFaults = new FaultSchedule(
        sim.control,
        { seed: `${o.seed}/legs`, everyMs: o.fast ? 400 : 2_000, wsDropEveryMs: o.fast ? 4_000 : 20_000 },
        { starting: () => witness.jumpStarting(), done: () => witness.jumpDone() },
      );
      let outcome: LegsOutcome;
      try {
        outcome = await runCrashLegs({
          venue: profile.venue,
          seed: o.seed,
          sim,
          account,
          credentials,
          journalDir,
          logFile,
          rate: o.rate,
          specs: planCrashes(o.seed, o.crashEvery, perLeg),
          faults: { pause: () => legFaults.stop(), resume: () => legFaults.start() },
          ...(o.progress === undefined ? {} : { progress: o.progress }),
        });
      } finally {
        await legFaults.stop();
      }
      // The legs' clock steps end with them: the run's own engine starts on the venue's true clock,
      // as it does without crashes (its spot ledger and fills are judged from its start).
      await sim.control.skewClock(0);
      const journal = new JournalFile(journalDir);
      crash = { journalDir, journal, outcome, finalStartVenueMs: await sim.control.serverTime() };
      o.progress?.(`chaos: the run's own engine restarts from the journal in ${journalDir}`);
    }
    engine = engineFor(
      profile,
      sim,
      account,
      credentials,
      sink,
      o.seed,
      crash === undefined
        ? {}
        : {
            journal: crash.journal,
            journalReader: () => readJournal(crash?.journalDir as string).records,
            nonceFloor: () => fileNonceFloor(join(crash?.journalDir as string, 'nonce-floor')),
          },
    );
    const e = engine;
    const poller = new BackgroundPoller(e, o.fast ? { onMs: 3_000, offMs: 2_000 } : { onMs: 10_000, offMs: 10_000 });
    witness.attach(e, () => poller.saturating);
    sampler?.start();
    await e.start();
    await until(() => e.streams.every((s) => s.state === 'live') && quote !== undefined, 30_000, 'sockets live and a first quote');
    // The last restart: what the legs left in flight is resolved before it trades (bounded).
    if (e.recovery !== undefined) await atMost(e.recovery.done, 60_000);
    const instrument: Instrument | undefined = e.instrument;
    if (instrument === undefined) throw new Error(`chaos: the venue does not list ${profile.symbol}`);
    // Spot has no position: what the fills moved is the base asset's wallet, measured from here.
    const baseAtStart = instrument.kind === 'spot' ? await startingBase(e, instrument) : undefined;

    const schedule = new FaultSchedule(
      sim.control,
      { seed: o.seed, everyMs: o.fast ? 400 : 2_000, wsDropEveryMs: o.fast ? 4_000 : 20_000 },
      { starting: () => witness.jumpStarting(), done: () => witness.jumpDone() },
    );
    const trader = new Trader(e, instrument, {
      seed: o.seed,
      rate: o.rate,
      quote: () => quote,
      ...(perLeg !== undefined ? { maxIntents: perLeg } : o.orders === undefined ? {} : { maxIntents: o.orders }),
    });
    await schedule.start();
    poller.start();
    trader.start();
    const deadline = o.minutes === undefined ? Number.POSITIVE_INFINITY : t0 + o.minutes * 60_000;
    let lastProgress = performance.now();
    while (!trader.done && performance.now() < deadline) {
      await sleep(100);
      if (performance.now() - lastProgress >= 10_000) {
        lastProgress = performance.now();
        const w = witness.figures();
        o.progress?.(
          `chaos ${profile.venue}: ${Math.round((lastProgress - t0) / 1000)} s, ${trader.counts.intents} intents, ` +
            `${w.reconnects} reconnects, ${w.status429} 429s, ${w.bansSeen} ban replies`,
        );
      }
    }

    // The quiet end: no new actions, faults off, every in-flight order settled (bounded).
    await trader.stop();
    await poller.stop();
    await schedule.stop();
    await atMost(Promise.allSettled(e.orders.all().map((t) => t.settled)), 60_000);
    // After a backward step the venue stamps times it already used; merges keyed by venue time
    // (positions, balances) trust it again once the venue clock has passed the old stamps.
    // Two seconds of margin, not half of one: on a busy machine the old stamps were still ahead of the
    // venue clock when the final snapshot came, and a stale position stood (a position mismatch).
    const afterStep = schedule.lastJumpAt + CLOCK_JUMP_MS + 2_000 - performance.now();
    if (afterStep > 0) await sleep(afterStep);
    // A spot session ends as the cockpit's `:flatten session` would end it: what it bought, sold back.
    const endFlatten = instrument.kind === 'spot' ? await flattenAtEnd(e, o.progress) : undefined;
    const reconciled = await reconcile(e);
    if (!reconciled) o.progress?.('chaos: the final reconcile never succeeded; figures are as the engine last knew them');

    const report = await verdict(o, profile, sim, e, instrument, witness, trader, schedule.performed, logger, baseAtStart, endFlatten, crash);
    report.crashes = guard.counts.crashes + (crash?.outcome.crashes ?? 0);
    report.unhandledRejections = guard.counts.unhandledRejections + (crash?.outcome.unhandledRejections ?? 0);
    for (const line of crash?.outcome.samples ?? []) logger.logger.error({ crash: line }, 'crash in a crash leg');
    for (const line of guard.counts.samples) logger.logger.error({ crash: line }, 'crash during the chaos run');
    report.run.durationMs = Math.round(performance.now() - t0);
    report.run.logFile = logFile;
    if (sampler !== undefined) {
      sampler.stop();
      const minutes = (performance.now() - t0) / 60_000;
      report.soak = sampler.figures(Math.max(1, Math.round(minutes * 0.2)));
    }
    return report;
  } finally {
    sampler?.stop();
    await engine?.stop().catch(() => undefined);
    crash?.journal.close();
    await sim.close();
    logger.close();
    guard.uninstall();
  }
}

function baseWallet(e: Engine, instrument: Instrument): string | undefined {
  return e.account.allBalances().find((b) => b.asset === instrument.base)?.wallet;
}

/** The base wallet before the first order (the startup reconcile reads balances; waited for, bounded). */
async function startingBase(e: Engine, instrument: Instrument): Promise<string> {
  await until(() => baseWallet(e, instrument) !== undefined, 30_000, `the ${instrument.base} balance`);
  return baseWallet(e, instrument) as string;
}

/** One reconcile pass, retried (a pass can meet the end of a fault); false when none succeeded. */
async function reconcile(e: Engine): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    try {
      await e.resyncer.pass('manual');
      return true;
    } catch {
      await sleep(500);
    }
  }
  return false;
}

/** What the end-of-run spot flatten did: its line, and the base it sold (the venue's fills of its order). */
interface EndFlatten {
  message: string;
  clientOrderId?: string;
}

/**
 * Spot only, faults off: cancel what rests (a resting sell locks base the session bought, a resting
 * buy would buy more after the flatten), reconcile (a fill the faults kept from the stream would
 * otherwise be missing from what the session holds: seen, a buy recovered only by the final
 * reconcile and left unsold), then the engine's flatten of what this session bought, the cockpit's
 * plan (engine/spot-flatten.ts), and wait for its order to settle.
 */
async function flattenAtEnd(e: Engine, progress: ChaosOptions['progress']): Promise<EndFlatten> {
  await e.cancelAll({ protective: 'include' });
  await atMost(Promise.allSettled(e.orders.all().map((t) => t.settled)), 30_000);
  await reconcile(e);
  const r = await e.flatten({ amount: 'session' });
  const message = r.ok ? (r.message ?? '') : `failed: ${r.error}`;
  progress?.(`chaos: end-of-run flatten: ${message}`);
  if (r.ok && r.clientOrderId !== undefined) {
    const tracked = e.orders.get(r.clientOrderId);
    if (tracked !== undefined) await atMost(tracked.settled, 30_000);
    return { message, clientOrderId: r.clientOrderId };
  }
  return { message };
}

/**
 * After the end-of-run flatten and the final reconcile: whether the session still holds base a
 * `:flatten session` would sell (it should have been sold), and whether the venue's own balance of
 * the base (asked now, over REST) moved by what the engine's session ledger says it bought and sold.
 */
async function judgeSpotEnd(
  e: Engine,
  instrument: Instrument,
  baseAtStart: string,
  endFlatten: EndFlatten | undefined,
  logger: FileLogger,
): Promise<{ left: number; mismatch: number; sold: string; figures: SpotEndFigures }> {
  const ledger = e.spotLedger();
  const balances = await e.rest.run({ ...e.adapter.balances(), lane: 'critical' });
  const venueBase = balances.find((b) => sameAsset(b.asset, instrument.base));
  const venueMoved = sub(venueBase?.wallet ?? '0', baseAtStart);
  const ledgerMoved = ledger === undefined ? '0' : sub(ledger.qty, ledger.priorSold);
  // The engine's reference price (the streamed mid): the minimum order value is judged at it, as the flatten judged.
  const mark = e.signContext().referencePrice?.(instrument.symbol);
  const plan = planSpotFlatten({
    sessionQty: ledger?.qty ?? '0',
    freeQty: venueBase?.available ?? '0',
    lockedQty: venueBase === undefined ? '0' : sub(venueBase.wallet, venueBase.available),
    instrument,
    amount: 'session',
    ...(mark === undefined ? {} : { mark }),
  });
  const sold = endFlatten?.clientOrderId === undefined ? '0' : (e.orders.get(endFlatten.clientOrderId)?.order.filledQty ?? '0');
  const figures: SpotEndFigures = {
    flatten: endFlatten?.message ?? 'not run',
    sold,
    sessionLeft: ledger?.qty ?? '0',
    venueBaseMoved: venueMoved,
    ledgerBaseMoved: ledgerMoved,
  };
  const left = plan.kind === 'sell' ? 1 : 0;
  const mismatch = eq(venueMoved, ledgerMoved) ? 0 : 1;
  if (left > 0 || mismatch > 0) logger.logger.error({ ...figures, plan, venueBase, ledger }, 'spot end-of-run flatten');
  return { left, mismatch, sold, figures };
}

async function verdict(
  o: ChaosOptions,
  profile: VenueProfile,
  sim: SimHandle,
  e: Engine,
  instrument: Instrument,
  witness: Witness,
  trader: Trader,
  performed: Record<string, number>,
  logger: FileLogger,
  baseAtStart: string | undefined,
  endFlatten: EndFlatten | undefined,
  crash: CrashRun | undefined,
): Promise<ChaosReport> {
  const accountId = sim.accounts[0]!.id;
  const ledger = (await sim.control.acceptedOrders()).filter((x) => x.accountId === accountId);
  const perId = new Map<string, number>();
  for (const x of ledger) perId.set(x.clientOrderId, (perId.get(x.clientOrderId) ?? 0) + 1);
  let duplicates = 0;
  for (const n of perId.values()) duplicates += Math.max(0, n - 1);

  // One symbol is traded, so every fill of the account is that symbol's, whatever the sim calls it.
  const allFills = (await sim.control.fills()).filter((f) => f.accountId === accountId);
  // A crash run's legs made fills before the run's own engine started: not its to know, and not in
  // its spot ledger. A perpetual's position is the venue's whole, so every fill counts there.
  const fills = crash === undefined ? allFills : allFills.filter((f) => f.time >= crash.finalStartVenueMs);
  const onWire = dialectSpec(profile.dialect as SimDialect).wireTradeId ?? ((id: number) => String(id));
  const missing = fills.filter((f) => !e.account.hasFill({ symbol: profile.symbol, tradeId: onWire(f.tradeId) }));
  let base = '0';
  for (const f of baseAtStart === undefined ? allFills : fills) base = add(base, f.side === 'BUY' ? f.qty : neg(f.qty));
  const venueQty = instrument.contractSize === undefined ? base : div(base, instrument.contractSize, 12, 'half_even');
  const engineQty =
    baseAtStart === undefined
      ? (e.account.allPositions().find((p) => p.symbol === profile.symbol)?.qty ?? '0')
      : sub(baseWallet(e, instrument) ?? baseAtStart, baseAtStart);
  const stats = await sim.control.stats();
  const w = witness.figures();
  // The evidence behind a non-zero figure goes to the log, for whoever chases it.
  for (const f of missing.slice(0, 50)) logger.logger.error({ fill: f }, 'venue fill the engine does not know');
  if (!eq(venueQty, engineQty)) {
    const plan = e.adapter.positions?.();
    const rest = plan === undefined ? 'no positions at a spot venue' : await e.rest.run(plan).catch((err: unknown) => String(err));
    logger.logger.error(
      { venueQty, engineQty, symbol: profile.symbol, engine: e.account.allPositions(), rest, venueNow: await sim.control.serverTime(), estimate: e.timeSync.venueNowLoose() },
      'position mismatch',
    );
  }
  for (const text of w.timeRejectionSamples) logger.logger.error({ text }, 'time rejection after a successful resync');
  for (const [id, n] of perId) if (n > 1) logger.logger.error({ clientOrderId: id, accepted: n }, 'duplicate order');
  const streamIssues: Record<string, number> = {};
  for (const s of e.streams) {
    for (const k of ['malformed', 'oversized', 'unknown', 'venue-error', 'token', 'resync'] as const) {
      if (s.counters[k] > 0) streamIssues[`${s.name} ${k}`] = s.counters[k];
    }
  }
  const unresolved = e.orders.all().filter((t) => t.order.state === 'unknown' || t.order.state === 'pending_new').length;
  const spotEnd = baseAtStart === undefined ? undefined : await judgeSpotEnd(e, instrument, baseAtStart, endFlatten, logger);
  const lost = crash === undefined ? undefined : await judgeLost(e, profile, `chaos ${sim.accounts[0]!.name}`, crash, perId, logger);
  return {
    run: {
      venue: profile.venue,
      seed: o.seed,
      durationMs: 0,
      faultsFired: { ...stats.faultsFired, ...performed },
      unresolvedOrders: unresolved,
      criticalWaitSamples: w.criticalWaits.length,
      criticalWaitP99IdleMs: tidy(percentile(w.criticalWaitsIdle, 99)),
      backgroundWaitP99Ms: tidy(w.backgroundWaitP99Ms),
      sentWhileRateLimited: w.sentWhileLimited,
      streamIssues,
      ...(spotEnd === undefined ? {} : { spotEnd: spotEnd.figures }),
      ...(crash === undefined ? {} : { crashLegs: crash.outcome.legs, journalDir: crash.journalDir }),
    },
    intents: lost?.intents ?? trader.counts.intents,
    engineRestarts: crash?.outcome.legs.length ?? 0,
    lostIntents: lost?.lost ?? 0,
    acceptedOrders: ledger.length,
    duplicates,
    venueFills: allFills.length,
    engineFills: e.account.counters.fills,
    missingFills: missing.length,
    positionMismatches: eq(venueQty, engineQty) ? 0 : 1,
    spotLeftUnsold: spotEnd?.left ?? 0,
    spotBalanceMismatches: spotEnd?.mismatch ?? 0,
    postResyncTimeRejections: w.postResyncTimeRejections,
    requestsWhileBanned: w.requestsWhileBanned,
    status429: stats.status429,
    reconnects: w.reconnects,
    timeToLiveMs: { median: tidy(percentile(w.timeToLive, 50)), max: tidy(w.timeToLive.length === 0 ? Number.NaN : Math.max(...w.timeToLive)) },
    criticalWaitP99Ms: tidy(percentile(w.criticalWaits, 99)),
    crashes: 0,
    unhandledRejections: 0,
  };
}

/**
 * A crash run's lost intents (src/chaos/crash-legs.ts `lostIntents`): every intent journaled by the
 * legs and the last engine, against the venue's ledger and what it holds open now; and how many
 * intents the whole run made (the journal's count: the legs cannot report theirs once killed).
 */
async function judgeLost(
  e: Engine,
  profile: VenueProfile,
  account: string,
  crash: CrashRun,
  accepted: ReadonlyMap<string, number>,
  logger: FileLogger,
): Promise<{ lost: number; intents: number }> {
  let open: string[] | undefined;
  for (let i = 0; i < 10 && open === undefined; i++) {
    try {
      open = (await e.rest.run({ ...e.adapter.openOrders(profile.symbol), lane: 'critical' })).map((x) => x.clientOrderId);
    } catch {
      await sleep(500);
    }
  }
  if (open === undefined) throw new Error("chaos: the venue's open orders could not be read for the lost-intent count");
  const records = readJournal(crash.journalDir).records;
  const scope = { account, venue: e.adapter.id, env: 'sim' };
  const verdict = lostIntents({ records, scope, accepted, openAtVenue: new Set(open), held: (id) => e.orders.get(id) !== undefined });
  for (const line of verdict.evidence.slice(0, 50)) logger.logger.error({ line }, 'lost intent');
  const intents = records.filter((r) => r.event === 'intent' && r.account === scope.account).length;
  return { lost: verdict.lost, intents };
}
