/**
 * A chaos run's verdict: orders and fills counted from the venue's own ledger and compared with
 * what the engine believes (duplicates, missing fills, a position mismatch), the spot end's
 * figures, and a crash run's lost intents; the evidence behind a non-zero figure goes to the log.
 */
import { add, div, eq, neg, sub } from '../core/decimal.js';
import type { Instrument } from '../core/types.js';
import type { FileLogger } from '../log/index.js';
import { dialectSpec, type SimDialect, type SimHandle } from '../sim/index.js';
import type { Engine } from '../engine/engine.js';
import { type JournalFile, readJournal } from '../engine/journal-file.js';
import type { VenueProfile } from './profiles.js';
import type { ChaosReport } from './report.js';
import { percentile, tidy } from './stats.js';
import type { Witness } from './witness.js';
import { type LegsOutcome, lostIntents } from './crash-legs.js';
import type { Trader } from './workload.js';
import type { ChaosOptions } from './run.js';
import { sleep } from './settle.js';
import { baseWallet, type EndFlatten, judgeSpotEnd } from './spot-end.js';

/** A crash run's state between its legs and its verdict. */
export interface CrashRun {
  journalDir: string;
  journal: JournalFile;
  outcome: LegsOutcome;
  /** The venue's clock when the run's own engine started: fills before it were the legs'. */
  finalStartVenueMs: number;
}

export async function verdict(
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
