/**
 * One cockpit session: custody → engine → store → views.
 *
 *   flags → target (venue, env, key) → environment guard (mainnet: --live + typed name)
 *     non-sim: load the key (passphrase prompt) → engine → key preflight      ← before any frame
 *     sim:     cockpit first, then the local venue in its worker → engine → preflight
 *   engine.start() → cockpit until quit → engine.stop() (dead-man disarmed) → venue closed
 *
 * The SIM cockpit draws before the local venue is up (it takes a moment to start its worker),
 * with the header already saying SIM; its actions answer "not ready" until the engine attaches.
 * Anything that keeps the session from starting is thrown as an error whose message is one
 * line for the user; main.ts prints it.
 */
import type { Logger } from 'pino';
import type { CustodyCredentials } from '../custody/credentials.js';
import type { Engine } from '../engine/engine.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { createBatcher } from '../store/batcher.js';
import type { EventSink } from '../engine/events.js';
import type { JournalFile } from '../engine/journal-file.js';
import type { QuitPlan } from '../store/actions.js';
import { createQuantStore } from '../store/store.js';
import { venueDescriptor } from '../venues/descriptors.js';
import { errorMessage } from '../core/error-message.js';
import { resolveName } from '../core/nearest.js';
import { type CockpitFlags, DEMO_TREND_BP } from './flags.js';
import { createLateActions } from './late-actions.js';
import { type AccountEngineParts, createAccountEngine } from './account-engine.js';
import { journalReaderOf, openJournal } from './journal-open.js';
import type { LocalVenue } from './local-venue.js';
import { teeToLog } from './log-sink.js';
import type { SimHooksHandle } from './sim-hooks.js';
import type { SignalStack } from './signals-stack.js';
import { alertOptions } from './alert-options.js';
import {
  guardEnvironment,
  loadTargetCredentials,
  resolveTarget,
  StartupError,
  type Target,
} from './target.js';

export interface SessionIo {
  env: ProcessEnv;
  logger: Logger;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Receives the cockpit's stop function once it is drawn (signals, lost terminal, crash handler). */
  onCockpit?: (stop: (plan?: QuitPlan) => void) => void;
}

function symbolFor(target: Target, flags: CockpitFlags): string {
  return flags.symbol ?? venueDescriptor(target.venue).defaultSymbol;
}

/** A single session's engine: its target's account, and what the session adds. */
interface EngineParts
  extends Pick<AccountEngineParts, 'credentials' | 'symbol' | 'sink' | 'simUrls' | 'deadmanSeconds' | 'trustEnv' | 'journal' | 'journalReader' | 'klines'> {
  target: Target;
}

function createEngine(parts: EngineParts): Promise<Engine> {
  const { target, ...rest } = parts;
  return createAccountEngine({
    ...rest,
    venue: target.venue,
    env: target.env,
    label: target.label,
    guard: target.guard,
    slippagePct: target.slippagePct,
    rateTier: target.rateTier,
  });
}

/**
 * --symbol as the venue spells it ('ethusdt' → 'ETHUSDT'), checked against the venue's
 * instrument list before anything is drawn or traded: an unknown symbol ends the start with one
 * line naming it and the closest the venue lists.
 */
async function venueSymbol(probe: Engine, wanted: string, venue: string): Promise<string> {
  let symbols: string[];
  try {
    symbols = (await probe.rest.run(probe.adapter.instruments())).map((i) => i.symbol);
  } catch (err) {
    throw new StartupError(`could not check --symbol ${wanted}: ${venue}'s instrument list did not load (${errorMessage(err)})`);
  }
  const found = resolveName(wanted, symbols);
  if ('name' in found) return found.name;
  const closest = found.closest.length === 0 ? '' : `; closest: ${found.closest.join(', ')}`;
  throw new StartupError(`unknown symbol '${wanted}' on ${venue}${closest}`);
}


async function preflight(engine: Engine, credentials: CustodyCredentials, sink: EventSink) {
  const { preflightKey } = await import('./preflight.js');
  const outcome = await preflightKey(engine, credentials);
  sink.push(outcome.auth);
  for (const note of outcome.notes)
    sink.push({ type: 'log', at: Date.now(), level: note.level, text: note.text, source: 'auth' });
}

/** Runs the cockpit until the user quits. Resolves 0; startup problems are thrown. */
export async function runSession(flags: CockpitFlags, io: SessionIo): Promise<number> {
  const t0 = performance.now();
  const { logger } = io;
  const target = await resolveTarget(flags, io.env);
  await guardEnvironment(target, flags.live);
  let symbol = symbolFor(target, flags);
  // A running local venue (--sim-url) is reached like any venue: the key first, then the engine.
  const isSim = target.env === 'sim' && target.simUrls === undefined;
  // The signal stack: on by default against the local venue, opt-in elsewhere (docs/signals.md §Runner).
  const signalsOn = flags.signals ?? target.env === 'sim';
  const venueParts = {
    ...(signalsOn ? { klines: {} } : {}),
    ...(target.simUrls === undefined ? {} : { simUrls: target.simUrls }),
    ...(flags.deadmanSeconds === undefined ? {} : { deadmanSeconds: flags.deadmanSeconds }),
  };
  logger.info({ venue: target.venue, env: target.env, account: target.label, symbol }, 'session starting');

  const store = createQuantStore();
  const batcher = createBatcher(store);
  const sink = teeToLog(batcher, logger);
  const late = createLateActions(isSim, isSim ? 'the local venue is starting' : 'connecting', signalsOn);
  let stack: SignalStack | undefined;
  let engine: Engine | undefined;
  let journal: JournalFile | undefined;
  let local: LocalVenue | undefined;
  let hooks: SimHooksHandle | undefined;

  // The local venue starts in its worker thread once the cockpit has drawn its first frame (ink
  // draws it inside startCockpit), or at once when --symbol must be checked against its
  // instrument list before drawing: on a busy machine the worker's start would otherwise compete
  // with the first frame for the CPU.
  let venueStarting: Promise<LocalVenue> | undefined;
  const startVenue = (): Promise<LocalVenue> | undefined => {
    if (!isSim) return undefined;
    if (venueStarting === undefined) {
      venueStarting = import('./local-venue.js').then((m) => m.startLocalVenue(target.venue, flags.seed, flags.simKeys, flags.signalsDemo === true ? DEMO_TREND_BP : undefined));
      venueStarting.catch(() => undefined); // awaited (and reported) in the background start below
    }
    return venueStarting;
  };

  // What the trader's quit promised; a stop from outside (signal, failure) disarms as before.
  let quitPlan: QuitPlan | undefined;
  const cleanup = async (): Promise<void> => {
    // A venue still starting (the cockpit could not draw, or the user quit at once) is closed too.
    local ??= await venueStarting?.catch(() => undefined);
    hooks?.close();
    stack?.stop();
    if (engine !== undefined)
      await engine.stop(quitPlan?.deadman ?? 'disarm').catch((err) => logger.warn({ err }, 'engine stop'));
    if (local !== undefined)
      await local.handle.close().catch((err) => logger.warn({ err }, 'local venue close'));
    batcher.close();
    journal?.close();
  };

  try {
    journal = await openJournal(io.env);
    const j = journal;
    // The account's credentials go along: the LLM's redactor learns its key id, source and wallet address.
    // The local venue's stack starts after the first frame: a file: LLM key's passphrase is then not asked on the terminal.
    const stackFor = async (account: string, credentials: CustodyCredentials, cockpitDrawn = false): Promise<SignalStack | undefined> => {
      if (!signalsOn) return undefined;
      const { signalStackFor } = await import('./signals-stack.js');
      return signalStackFor({ account, venue: target.venue, env: target.env, sink, guard: target.guard, journal: j, processEnv: io.env, credentials: [credentials], cockpitDrawn, ...(flags.signalsDemo === true ? { demo: true } : {}) });
    };
    // A venue that outlived the last process (a real one, or a running local venue): what that
    // process left in flight is resolved at start. The local venue started with this process knows
    // nothing of an earlier one's orders: nothing to ask it.
    const journalReader = isSim ? undefined : await journalReaderOf(io.env, logger);
    if (!isSim) {
      // Key, engine and preflight before the first frame: a refused key never sees the cockpit.
      const credentials = await loadTargetCredentials(target, io.env);
      stack = await stackFor(target.label, credentials);
      const engineSink = stack?.sink ?? sink;
      engine = await createEngine({ target, credentials, symbol, sink: engineSink, ...venueParts, trustEnv: io.env, journal, journalReader });
      if (flags.symbol !== undefined) {
        const spelled = await venueSymbol(engine, flags.symbol, target.venue);
        if (spelled !== symbol) {
          await engine.stop();
          symbol = spelled;
          engine = await createEngine({ target, credentials, symbol, sink: engineSink, ...venueParts, trustEnv: io.env, journal, journalReader });
        }
      }
      await preflight(engine, credentials, sink);
      late.attach(engine);
      if (stack !== undefined) late.attachSignals(stack.runner);
    }
    if (isSim && flags.symbol !== undefined) {
      // The local venue lists its instruments once it is up: wait for it before drawing.
      local = await startVenue();
      if (local !== undefined) {
        const probe = await createEngine({
          target,
          credentials: local.credentials,
          symbol,
          sink: { push: () => undefined },
          simUrls: local.urls,
        });
        try {
          symbol = await venueSymbol(probe, flags.symbol, target.venue);
        } finally {
          await probe.stop();
        }
      }
    }
    sink.push({
      type: 'session',
      at: Date.now(),
      venue: target.venue,
      env: target.env,
      account: target.label,
      symbol,
    });

    const { startCockpit } = await import('./cockpit.js');
    const cockpit = startCockpit({
      store,
      actions: late.actions,
      ...alertOptions(io.env),
      ...(io.stdout === undefined ? {} : { stdout: io.stdout }),
      ...(io.stdin === undefined ? {} : { stdin: io.stdin }),
      // performance.now() counts from process start: the whole start-up, tsx and imports included.
      onFirstFrame: () =>
        logger.info(
          {
            ms: Math.round(performance.now() - t0),
            sinceProcessStartMs: Math.round(performance.now()),
            // CPU of every thread (the venue's worker too): a figure a loaded box does not inflate.
            cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
          },
          'first frame',
        ),
    });
    io.onCockpit?.(cockpit.stop);

    let failure: unknown;
    let quitting = false;
    const background = (async () => {
      if (isSim) {
        const { createSimHooks } = await import('./sim-hooks.js');
        local ??= await startVenue();
        if (local === undefined || quitting) return;
        hooks = createSimHooks({ control: local.handle.control, sink, ...(flags.signalsDemo === true ? { trendBp: DEMO_TREND_BP } : {}) });
        stack = await stackFor(local.account.name, local.credentials, true);
        engine = await createEngine({
          target: { ...target, label: local.account.name },
          credentials: local.credentials,
          symbol,
          sink: stack?.sink ?? sink,
          simUrls: local.urls,
          ...(signalsOn ? { klines: {} } : {}),
          ...(flags.deadmanSeconds === undefined ? {} : { deadmanSeconds: flags.deadmanSeconds }),
          journal,
        });
        hooks.announce();
        await preflight(engine, local.credentials, sink);
        late.attach(engine);
        late.attachSim(hooks.actions);
        if (stack !== undefined) late.attachSignals(stack.runner);
        logger.info(
          { restUrl: local.handle.restUrl, ms: Math.round(performance.now() - t0) },
          'local venue up',
        );
      }
      if (quitting) return;
      late.setPending('the engine is starting');
      await engine?.start();
      logger.info({ ms: Math.round(performance.now() - t0) }, 'engine started');
      if (engine !== undefined) stack?.attach(engine);
    })().catch((err: unknown) => {
      failure = err;
      cockpit.stop();
    });

    quitPlan = await cockpit.done;
    // Quit while the venue was still starting: let the start finish, then close what it opened.
    quitting = true;
    await background;
    if (failure !== undefined) throw failure;
    return 0;
  } finally {
    await cleanup();
  }
}
