/**
 * One leg of `npm run chaos -- --crash-every N`: the engine's process, started by the chaos run
 * (src/chaos/crash-legs.ts) against the local venue that runs in the parent and outlives it. It
 * restarts as a cockpit would — the journal read from the run's folder, every intent an earlier
 * leg left in flight resolved and adopted (docs/journal.md, "Recovery") — then trades as the chaos
 * trader does until its journal sink kills it with SIGKILL at the step `QUANTDECK_CHAOS_CRASH_AT`
 * names (src/chaos/crash-hook.ts). Only this file reads that variable.
 *
 * The parent sends one message (where the venue is, the key, the journal folder); the child answers
 * `ready` once it trades, and its crash counts as they change. Nothing secret is printed.
 */
import { Secret } from '../core/secret.js';
import type { Instrument } from '../core/types.js';
import type { EventSink } from '../engine/events.js';
import { JournalFile, readJournal } from '../engine/journal-file.js';
import { openLogger, safeMessage } from '../log/index.js';
import type { Credentials } from '../venues/venue.js';
import { join } from 'node:path';
import { fileNonceFloor } from './nonce-floor-file.js';
import { CRASH_ENV, crashingSink, parseCrashSpec } from './crash-hook.js';
import { ProcessGuard } from './guard.js';
import { profileOf } from './profiles.js';
import { engineFor, type SimUrls } from './engine-for.js';
import { logLine } from './log-line.js';
import { type Quote, Trader } from './workload.js';

/** The credentials as plain text across the IPC channel (it serialises as JSON). */
export interface PlainCredentials {
  venue: string;
  apiKey: string;
  apiSecret?: string;
  passphrase?: string;
  privateKey?: string;
  walletAddress?: string;
}

export interface LegStart {
  venue: string;
  seed: string;
  leg: number;
  sim: SimUrls;
  account: { id: string; name: string };
  credentials: PlainCredentials;
  journalDir: string;
  logFile: string;
  rate: number;
}

export type LegMessage =
  | { type: 'ready'; recovering: number }
  | { type: 'counts'; crashes: number; unhandledRejections: number; samples: string[] };

function credentialsOf(p: PlainCredentials): Credentials {
  const secret = (v: string | undefined, label: string) => (v === undefined ? {} : { [label]: new Secret(v, label) });
  return {
    venue: p.venue,
    env: 'sim',
    apiKey: new Secret(p.apiKey, 'sim api key'),
    ...secret(p.apiSecret, 'apiSecret'),
    ...secret(p.passphrase, 'passphrase'),
    ...secret(p.privateKey, 'privateKey'),
    ...(p.walletAddress === undefined ? {} : { walletAddress: p.walletAddress }),
  } as Credentials;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function leg(m: LegStart): Promise<void> {
  const spec = parseCrashSpec(process.env[CRASH_ENV]);
  if (spec === undefined) throw new Error(`${CRASH_ENV} is not a crash point (point:n)`);
  const guard = new ProcessGuard().install();
  const send = (msg: LegMessage) => process.send?.(msg);
  let last = '';
  setInterval(() => {
    const now = JSON.stringify(guard.counts);
    if (now !== last) send({ type: 'counts', ...guard.counts });
    last = now;
  }, 200).unref();

  const profile = profileOf(m.venue);
  const logger = openLogger({ file: m.logFile, level: 'info' });
  let quote: Quote | undefined;
  const sink: EventSink = {
    push(event) {
      if (event.type === 'ticker' && event.symbol === profile.symbol && event.bid !== '' && event.ask !== '') quote = { bid: event.bid, ask: event.ask };
      logLine(logger, event);
    },
  };
  const journal = crashingSink(new JournalFile(m.journalDir), spec);
  const make = () =>
    engineFor(profile, m.sim, { id: m.account.id, name: m.account.name, keys: [] }, credentialsOf(m.credentials), sink, `${m.seed}/leg${m.leg}`, {
      journal,
      journalReader: () => readJournal(m.journalDir).records,
      nonceFloor: () => fileNonceFloor(join(m.journalDir, 'nonce-floor')),
    });
  logger.logger.info({ leg: m.leg, crashAt: `${spec.point}:${spec.nth}` }, 'chaos crash leg starting');
  // The faults run while a leg starts: a 429 storm can fail its clock sync, and a supervisor would
  // start it again (recovery runs after the clock sync, so a failed start resolved nothing).
  let e = make();
  for (let attempt = 1; ; attempt++) {
    try {
      await e.start();
      break;
    } catch (err) {
      if (attempt >= 10) throw err;
      logger.logger.warn({ attempt, err: safeMessage(err) }, 'chaos crash leg: start failed, starting again');
      await e.stop().catch(() => undefined);
      await sleep(500);
      e = make();
    }
  }
  const end = performance.now() + 60_000;
  // Sockets come and go under the faults (all live at one instant may take long): a quote and the
  // instrument are what the trader needs.
  while (!(quote !== undefined && e.instrument !== undefined)) {
    if (performance.now() > end) throw new Error('no quote or no instrument within 60 s');
    await sleep(20);
  }
  send({ type: 'ready', recovering: e.recovery?.inFlight ?? 0 });
  const trader = new Trader(e, e.instrument as Instrument, { seed: `${m.seed}/leg${m.leg}`, rate: m.rate, quote: () => quote });
  trader.start();
  // Until the journal sink's crash (or the parent's SIGKILL when the point never comes).
}

process.on('disconnect', () => process.exit(3));
process.once('message', (m: LegStart) => {
  leg(m).catch((err: unknown) => {
    process.stderr.write(`chaos leg ${m.leg}: ${safeMessage(err)}\n`);
    process.exit(1);
  });
});
