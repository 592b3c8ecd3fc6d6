/**
 * A desk: several engine sessions in one process, one cockpit (docs/desk.md).
 *
 *   flags → plan (profile accounts resolved and guarded, or the demo desk)
 *     profile: every account's key loaded before the first frame (a key file asks its passphrase
 *              on the terminal), each in its own try
 *     sim:     the local venues start in their workers after the first frame
 *   cockpit (the first account's store and actions, the Desk beside them)
 *   every account's start at once, alone: engine → preflight → engine.start
 *   quit → every engine stopped with the quit's dead-man plan → local venues closed → journal
 *
 * One journal file, one registry of per-IP pools and one of market feeds (accounts on the same
 * venue watching the same symbols share their market sockets) serve every engine of the process; everything
 * else (store, batcher, log tee, late actions, engine) is the account's own, so what fails on one
 * account is shown on that account and the others go on (src/cli/desk-account.ts).
 */
import type { SharedPools } from '../core/shared-pools.js';
import { createDeskActions } from '../engine/desk-actions.js';
import { SharedMarkets } from '../engine/shared-markets.js';
import type { QuitPlan } from '../store/actions.js';
import type { Desk } from '../store/desk.js';
import { equityIn } from '../core/fan-out.js';
import type { GroupPlan } from '../core/signals/gatekeeper.js';
import { createDeskMember, type DeskAccountWiring, type DeskLead, type DeskMember, type DeskShared, type DeskStackFactory } from './desk-account.js';
import type { LocalDesk } from './desk-local.js';
import { type DeskPlan, demoDesk, profileDesk } from './desk-plan.js';
import type { CockpitFlags } from './flags.js';
import type { SessionIo } from './session.js';
import { journalReaderOf, openJournal } from './journal-open.js';
import { loadTargetCredentials } from './target.js';
import { alertOptions } from './alert-options.js';

/** A desk's parts once composed: what the entry draws and a test drives. */
export interface RunningDesk {
  desk: Desk;
  members: DeskMember[];
  /** Every account's start, settled (true: it trades). */
  started: Promise<boolean[]>;
  local?: LocalDesk;
  /** Every engine stopped with the plan's dead-man, the local venues closed. */
  stop(plan?: QuitPlan): Promise<void>;
}

export interface ComposeOptions {
  shared: DeskShared;
  /** Each account's wiring (its key, its local venue); a rejection is that account's failure. */
  wiring: (name: string) => Promise<DeskAccountWiring>;
  local?: LocalDesk;
  /** Starts the accounts now (default); false leaves `start` to the caller (after the first frame). */
  startNow?: boolean;
}

/** One member per account, and every start at once; none waits for another. */
export function composeDesk(
  plan: DeskPlan,
  options: ComposeOptions,
): RunningDesk & { start(): Promise<boolean[]> } {
  // The desk's accounts share their market feeds unless the caller brought its own registry.
  const shared: DeskShared = { ...options.shared, sharedMarkets: options.shared.sharedMarkets ?? new SharedMarkets() };
  // A group is led by the account on screen when it is one of the group's, else by its first
  // account: the lead's stack proposes fan-outs to the group (docs/signals.md §Desk). Read at each
  // proposal, so a switch of account moves the lead at the next one.
  let actions: ReturnType<typeof createDeskActions> | undefined;
  const byName = new Map<string, DeskMember>();
  let shown = plan.accounts[0]?.name;
  const leadOf = (name: string): DeskLead | undefined => {
    const groups = Object.entries(plan.groups).filter(([, names]) => names.length > 1 && names.includes(name));
    if (groups.length === 0) return undefined;
    return {
      group: () => {
        for (const [group, names] of groups) {
          const lead = shown !== undefined && names.includes(shown) ? shown : names[0];
          if (lead === name) return groupPlan(group, names, lead, byName);
        }
        return undefined;
      },
      fanOut: (accounts, ticket, lead, how) =>
        actions === undefined ? Promise.resolve(accounts.map((account) => ({ account, status: 'skipped' as const, message: 'the desk is not composed yet' }))) : actions.fanOut(accounts, ticket, lead, how),
    };
  };
  const members = plan.accounts.map((spec) =>
    createDeskMember(spec, shared, leadOf(spec.name), () => {
      shown = spec.name;
    }),
  );
  for (const m of members) byName.set(m.account.name, m);
  let starting: Promise<boolean[]> | undefined;
  const start = (): Promise<boolean[]> => {
    starting ??= Promise.all(members.map((m) => m.start(() => options.wiring(m.account.name))));
    return starting;
  };
  let resolveStarted: (value: Promise<boolean[]>) => void = () => undefined;
  const started = new Promise<boolean[]>((resolve) => {
    resolveStarted = resolve;
  });
  // The group actions over the accounts' engines: an account whose engine is not running is skipped, and says so.
  actions = createDeskActions(
    members.map((m) => ({ name: m.account.name, engine: () => m.engine, sizing: m.account.sizing, auto: () => m.signals?.runner.autoState })),
  );
  const desk: Desk = { accounts: members.map((m) => m.account), groups: plan.groups, actions };
  const running = {
    desk,
    members,
    started,
    ...(options.local === undefined ? {} : { local: options.local }),
    start() {
      const s = start();
      resolveStarted(s);
      return s;
    },
    async stop(quit?: QuitPlan) {
      // Every engine at once: a slow disarm on one venue does not hold the others' sockets open.
      await Promise.all(members.map((m) => m.stop(quit?.deadman ?? 'disarm')));
      await options.local?.close();
    },
  };
  if (options.startNow !== false) running.start();
  return running;
}

/** A group as its lead's gatekeeper sizes a fan-out: each member's instrument, sizing and equity, now. */
function groupPlan(name: string, names: readonly string[], lead: string, byName: ReadonlyMap<string, DeskMember>): GroupPlan {
  return {
    name,
    lead,
    members: names.map((account) => {
      const m = byName.get(account);
      const engine = m?.engine;
      const instrument = engine?.instrument;
      return {
        account,
        target: {
          instrument,
          sizing: m?.account.sizing,
          equity: engine === undefined || instrument === undefined ? undefined : equityIn(engine.account.allBalances(), instrument.quote),
        },
      };
    }),
  };
}

/** Runs a desk until the user quits. Resolves 0; a start the whole desk cannot make is thrown. */
export async function runDesk(flags: CockpitFlags, io: SessionIo): Promise<number> {
  const t0 = performance.now();
  const { logger } = io;
  const plan = flags.demoDesk ? demoDesk(flags) : await profileDesk(flags, io.env);
  logger.info({ accounts: plan.accounts.map((a) => `${a.name} ${a.venue} ${a.env}`) }, 'desk starting');
  const { SharedPools } = await import('../core/shared-pools.js');
  const sharedPools: SharedPools = new SharedPools();
  const journal = await openJournal(io.env);
  // Each account's signal stack: on in sim, opt-in elsewhere (`--signals`), as for a single session.
  const signals: DeskStackFactory = async (parts) => {
    if (!(flags.signals ?? parts.env === 'sim')) return undefined;
    const { signalStackFor } = await import('./signals-stack.js');
    return signalStackFor({ ...parts, journal, processEnv: io.env, ...(flags.signalsDemo === true ? { demo: true } : {}) });
  };
  const shared: DeskShared = { logger, journal, sharedPools, signals };

  // Keys first, before any frame: a key file's passphrase prompt owns the terminal. A key that
  // does not load is that account's failure, shown on its store once the cockpit is up.
  const keys = new Map<string, Promise<DeskAccountWiring>>();
  // Profile accounts trade venues that outlived the last process: what it left in flight is resolved.
  const journalReader = plan.targets.size === 0 ? undefined : await journalReaderOf(io.env, logger);
  for (const [name, target] of plan.targets) {
    const loaded = loadTargetCredentials(target, io.env).then(
      (credentials): DeskAccountWiring => ({
        credentials,
        trustEnv: io.env,
        ...(target.simUrls === undefined ? {} : { simUrls: target.simUrls }),
        ...(journalReader === undefined ? {} : { journalReader }),
      }),
    );
    await loaded.catch(() => undefined); // reported by the account's start
    keys.set(name, loaded);
  }

  let local: LocalDesk | undefined;
  const sims = plan.accounts.filter((a) => a.env === 'sim' && !plan.targets.has(a.name));
  let running: ReturnType<typeof composeDesk> | undefined;
  const wiring = (name: string): Promise<DeskAccountWiring> => {
    const key = keys.get(name);
    if (key !== undefined) return key;
    if (local === undefined) return Promise.reject(new Error(`no key for ${name}`));
    return local.wiring(name);
  };
  running = composeDesk(plan, { shared, wiring, startNow: false });
  const first = running.members[0];
  if (first === undefined) throw new Error('a desk without accounts');

  let stopped = false;
  let quit: QuitPlan | undefined;
  try {
    const { startCockpit } = await import('./cockpit.js');
    const cockpit = startCockpit({
      store: first.account.store,
      actions: first.account.actions,
      desk: running.desk,
      ...alertOptions(io.env),
      ...(io.stdout === undefined ? {} : { stdout: io.stdout }),
      ...(io.stdin === undefined ? {} : { stdin: io.stdin }),
      onFirstFrame: () => {
        logger.info(
          {
            ms: Math.round(performance.now() - t0),
            sinceProcessStartMs: Math.round(performance.now()),
            cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
            accounts: plan.accounts.length,
          },
          'first frame',
        );
        // The local venues' workers start once the first frame is out (they compete for the CPU).
        if (sims.length > 0 && local === undefined) {
          void import('./desk-local.js').then((m) => {
            if (stopped) return;
            local = m.startLocalDesk(sims, {
              ...(flags.seed === undefined ? {} : { seed: flags.seed }),
              logger,
              sinkOf: (name) => running?.members.find((mb) => mb.account.name === name)?.sink,
            });
            void running?.start().then((ok) =>
              logger.info({ ms: Math.round(performance.now() - t0), trading: ok.filter(Boolean).length }, 'desk started'),
            );
          });
        }
      },
    });
    io.onCockpit?.(cockpit.stop);
    if (sims.length === 0)
      void running.start().then((ok) =>
        logger.info({ ms: Math.round(performance.now() - t0), trading: ok.filter(Boolean).length }, 'desk started'),
      );
    quit = await cockpit.done;
    return 0;
  } finally {
    stopped = true;
    await running.stop(quit).catch((err) => logger.warn({ err }, 'desk stop'));
    await local?.close();
    journal.close();
  }
}
