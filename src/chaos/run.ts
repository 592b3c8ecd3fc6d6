/**
 * One chaos run: a local venue with a seeded fault schedule, the engine headless against it, a
 * trader and a background poller, then a quiet end (faults off, in-flight orders settled) and
 * a final reconcile, then the verdict — orders and fills counted from the venue's own ledger and
 * compared with what the engine believes (verdict.ts). The engine is engine-for.ts's, the spot
 * end spot-end.ts's, the bounded waits settle.ts's.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instrument } from '../core/types.js';
import { openLogger } from '../log/index.js';
import { type SimAccountSpec, type SimDialect, type SimOptions, startSim, startSimWorker } from '../sim/index.js';
import type { EventSink } from '../engine/events.js';
import type { Engine } from '../engine/engine.js';
import { ProcessGuard } from './guard.js';
import { profileOf, simCredentials } from './profiles.js';
import type { ChaosReport } from './report.js';
import { CLOCK_JUMP_MS, FaultSchedule } from './schedule.js';
import { RssSampler } from './soak.js';
import { Witness } from './witness.js';
import { mkdtempSync } from 'node:fs';
import { JournalFile, readJournal } from '../engine/journal-file.js';
import { fileNonceFloor } from './nonce-floor-file.js';
import { type LegsOutcome, planCrashes, runCrashLegs } from './crash-legs.js';
import { BackgroundPoller, type Quote, Trader } from './workload.js';
import { engineFor } from './engine-for.js';
import { logLine } from './log-line.js';
import { atMost, reconcile, sleep, until } from './settle.js';
import { flattenAtEnd, startingBase } from './spot-end.js';
import { type CrashRun, verdict } from './verdict.js';

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
