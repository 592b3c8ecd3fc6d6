/**
 * One account of a desk (docs/desk.md): its own store, batcher, log tee and late actions, and its
 * own engine once started. The account is a failure domain: its start (key, engine, preflight,
 * engine.start) runs in its own try, and whatever stops it — a refused key, an unreachable venue,
 * a 418 ban, a crash in the engine — is written on THIS account's store (a `log` event at level
 * `error`, where the overview reads it) and never thrown at the desk. The other accounts neither
 * wait for it nor see it.
 */
import type { Logger } from 'pino';
import type { GuardLimits } from '../core/order-guard.js';
import { neutralise } from '../core/untrusted.js';
import type { SharedPools } from '../core/shared-pools.js';
import type { CustodyCredentials } from '../custody/credentials.js';
import type { Engine } from '../engine/engine.js';
import type { SharedMarkets } from '../engine/shared-markets.js';
import type { Env, EventSink } from '../engine/events.js';
import type { JournalSink } from '../engine/journal-file.js';
import type { JournalRecord } from '../core/journal.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { safeMessage } from '../log/secret-registry.js';
import { createBatcher } from '../store/batcher.js';
import type { DeskAccount, FanOutSizing } from '../store/desk.js';
import type { SimActions } from '../store/sim-actions.js';
import { createQuantStore } from '../store/store.js';
import type { VenueUrls } from '../venues/venue.js';
import { createLateActions } from './late-actions.js';
import { teeToLog } from './log-sink.js';
import { createAccountEngine } from './account-engine.js';
import type { GroupPlan } from '../core/signals/gatekeeper.js';
import type { FanOutFn } from '../engine/signals/runner.js';
import type { SignalStack } from './signals-stack.js';

/** What the desk knows of an account before anything is loaded: no secret, no I/O. */
export interface DeskAccountSpec {
  name: string;
  /** A registered adapter id. */
  venue: string;
  env: Env;
  symbol: string;
  sizing?: FanOutSizing;
  guard: GuardLimits;
  slippagePct: string;
  rateTier?: string;
  deadmanSeconds?: number;
}

/** What one account's start needs; produced by the account's own loader, inside its own try. */
export interface DeskAccountWiring {
  credentials: CustodyCredentials;
  /** The local venue's URLs (env sim). */
  simUrls?: VenueUrls;
  /** The environment whose QUANTDECK_CA_FILE names a CA, and where nonce floors live. */
  trustEnv?: ProcessEnv;
  /** The local venue's steering of this account's venue (env sim). */
  sim?: SimActions;
  /**
   * The journal as it stands, for the restart's recovery (docs/journal.md): only where the venue
   * outlived the last process — a profile account, never a local venue started with this one.
   */
  journalReader?: () => readonly JournalRecord[];
}

/** What every account of the process shares: one journal, one registry of per-IP pools, one of market feeds. */
export interface DeskShared {
  logger: Logger;
  journal?: JournalSink;
  sharedPools?: SharedPools;
  /** Accounts on the same venue watching the same symbols share one set of market sockets (engine/shared-markets.ts). */
  sharedMarkets?: SharedMarkets;
  /**
   * Each account's signal stack (docs/signals.md §Desk): undefined where it is off for that
   * account. A factory that throws is that account's log line; the account trades without one.
   */
  signals?: DeskStackFactory;
}

/** What an account's signal stack is built from; `group` and `fanOut` only for an account of a group (`group()` says whether it leads now). */
export interface DeskStackParts {
  account: string;
  venue: string;
  env: Env;
  /** The account's own sink (its batcher): its Signals pane shows this account's proposals. */
  sink: EventSink;
  guard: GuardLimits;
  group?: () => GroupPlan | undefined;
  fanOut?: FanOutFn;
}

export type DeskStackFactory = (parts: DeskStackParts) => Promise<SignalStack | undefined>;

/** The group an account leads: its plan (read at each proposal; undefined while another account leads) and the desk's fan-out. */
export interface DeskLead {
  group: () => GroupPlan | undefined;
  fanOut: FanOutFn;
}

export interface DeskMember {
  readonly account: DeskAccount;
  /** This account's event sink (its batcher, teed to the log): the local venue's steering writes here too. */
  readonly sink: EventSink;
  /** The engine once created (absent before, and after a start that failed before it). */
  readonly engine: Engine | undefined;
  /** Why the start failed, when it did (the same line the account's store shows). */
  readonly failure: string | undefined;
  /** The account's signal stack once started (absent when off, or when it could not be built). */
  readonly signals: SignalStack | undefined;
  /** Wiring → engine → preflight → engine.start. Never rejects: true when the account trades. */
  start(wire: () => Promise<DeskAccountWiring>): Promise<boolean>;
  /** Stops the engine with the quit's dead-man plan, then its batcher. Never rejects. */
  stop(deadman?: 'disarm' | 'leave-armed'): Promise<void>;
}

/** `lead`: the group(s) the account may lead; `onShown`: the cockpit put this account on screen. */
export function createDeskMember(spec: DeskAccountSpec, shared: DeskShared, lead?: DeskLead, onShown?: () => void): DeskMember {
  const logger = shared.logger.child({ account: spec.name });
  const store = createQuantStore();
  const batcher = createBatcher(store);
  const sink = teeToLog(batcher, logger);
  const late = createLateActions(spec.env === 'sim', spec.env === 'sim' ? 'the local venue is starting' : 'connecting', shared.signals !== undefined);
  let engine: Engine | undefined;
  let stack: SignalStack | undefined;
  let failure: string | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  // The header names the account from the first frame, before any engine exists.
  sink.push({ type: 'session', at: Date.now(), venue: spec.venue, env: spec.env, account: spec.name, symbol: spec.symbol });

  const fail = (err: unknown): void => {
    // A venue's message reaches the screen and the log: no control character survives.
    failure = neutralise(safeMessage(err).replace(/\s*\n\s*/g, ' ').trim());
    sink.push({ type: 'log', at: Date.now(), level: 'error', text: `${spec.name} did not start: ${failure}`, source: 'desk' });
  };

  /** The stack's failure is this account's log line: the account trades on without it. */
  const isolated = (what: string, run: () => void): boolean => {
    try {
      run();
      return true;
    } catch (err) {
      logger.warn({ err }, `signal stack ${what}`);
      const why = neutralise(safeMessage(err).replace(/\s*\n\s*/g, ' ').trim());
      sink.push({ type: 'log', at: Date.now(), level: 'warn', text: `${spec.name}: the signal stack did not ${what}: ${why}`, source: 'signals' });
      return false;
    }
  };
  const stackOf = async (): Promise<SignalStack | undefined> => {
    if (shared.signals === undefined) return undefined;
    try {
      return await shared.signals({
        account: spec.name,
        venue: spec.venue,
        env: spec.env,
        sink,
        guard: spec.guard,
        ...(lead === undefined ? {} : { group: lead.group, fanOut: lead.fanOut }),
      });
    } catch (err) {
      isolated('start', () => {
        throw err;
      });
      return undefined;
    }
  };
  const stopStack = (): void => {
    const s = stack;
    stack = undefined;
    if (s !== undefined) isolated('stop', () => s.stop());
  };

  const member: DeskMember = {
    account: {
      name: spec.name,
      venue: spec.venue,
      env: spec.env,
      store,
      actions: late.actions,
      ...(spec.sizing === undefined ? {} : { sizing: spec.sizing }),
      flush: () => batcher.flush(),
      show: (shown) => {
        batcher.show(shown);
        if (shown) onShown?.();
      },
    },
    sink,
    get engine() {
      return engine;
    },
    get failure() {
      return failure;
    },
    get signals() {
      return stack;
    },
    async start(wire) {
      try {
        const wiring = await wire();
        if (stopping) return false;
        if (wiring.sim !== undefined) late.attachSim(wiring.sim);
        late.setPending('checking the key with the venue');
        stack = await stackOf();
        engine = await createAccountEngine({
          venue: spec.venue,
          env: spec.env,
          credentials: wiring.credentials,
          symbol: spec.symbol,
          sink: stack?.sink ?? sink,
          label: spec.name,
          guard: spec.guard,
          slippagePct: spec.slippagePct,
          rateTier: spec.rateTier,
          deadmanSeconds: spec.deadmanSeconds,
          simUrls: wiring.simUrls,
          trustEnv: wiring.trustEnv,
          journalReader: wiring.journalReader,
          journal: shared.journal,
          sharedPools: shared.sharedPools,
          sharedMarkets: shared.sharedMarkets,
          ...(stack === undefined ? {} : { klines: {} }),
        });
        const { preflightKey } = await import('./preflight.js');
        const outcome = await preflightKey(engine, wiring.credentials);
        sink.push(outcome.auth);
        for (const note of outcome.notes)
          sink.push({ type: 'log', at: Date.now(), level: note.level, text: note.text, source: 'auth' });
        if (stopping) return false;
        late.attach(engine);
        if (stack !== undefined) late.attachSignals(stack.runner);
        late.setPending('the engine is starting');
        await engine.start();
        if (stack !== undefined) {
          const s = stack;
          const e = engine;
          isolated('attach', () => s.attach(e));
        }
        logger.info('desk account started');
        return true;
      } catch (err) {
        logger.warn({ err }, 'desk account did not start');
        // What it opened is closed: a half-started engine holds sockets and timers for nothing.
        const half = engine;
        engine = undefined;
        stopStack();
        fail(err);
        late.attach(createLateActions(false, `${spec.name} did not start: ${failure}`).actions);
        await half?.stop('disarm').catch(() => undefined);
        return false;
      }
    },
    stop(deadman = 'disarm') {
      // Once: the first stop's plan is the one the venue is told.
      stopped ??= (async () => {
        stopping = true;
        stopStack();
        if (engine !== undefined) await engine.stop(deadman).catch((err) => logger.warn({ err }, 'engine stop'));
        batcher.close();
      })();
      return stopped;
    },
  };
  return member;
}
