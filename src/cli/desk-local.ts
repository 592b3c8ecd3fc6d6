/**
 * The local venues of a sim desk: one worker per venue, however many accounts trade there (the
 * sim takes several accounts, SimOptions.accounts), each account's credentials its own. A venue
 * that does not start fails the accounts on it, and only them: every venue starts on its own.
 */
import type { Logger } from 'pino';
import { errorMessage } from '../core/error-message.js';
import type { EventSink } from '../engine/events.js';
import type { SimAccountSpec, SimHandle } from '../sim/index.js';
import type { DeskAccountWiring } from './desk-account.js';
import { LocalVenueError, simCredentials, simDialect } from './local-venue.js';
import type { SimHooksHandle } from './sim-hooks.js';

export interface LocalDeskAccount {
  name: string;
  venue: string;
  /** The account as the local venue opens it (balances, keys); its name is set from `name`. */
  spec?: Omit<SimAccountSpec, 'name'>;
}

export interface LocalDesk {
  /** The account's wiring once its venue is up; rejects (for that account alone) when it did not start. */
  wiring(name: string): Promise<DeskAccountWiring>;
  /** The venues started so far, by venue id (tests steer them: faults, bans). */
  handles(): Map<string, SimHandle>;
  close(): Promise<void>;
}

export interface LocalDeskOptions {
  seed?: string;
  logger?: Logger;
  /** Each account's sink: the venue's steering announces its regime and faults on every account of it. */
  sinkOf?: (name: string) => EventSink | undefined;
  /** Market ticks of the local venues, ms (default theirs). */
  tickMs?: number;
}

/** Starts every venue at once (each in its own worker); `wiring` waits for the account's own. */
export function startLocalDesk(accounts: readonly LocalDeskAccount[], options: LocalDeskOptions = {}): LocalDesk {
  const byVenue = new Map<string, LocalDeskAccount[]>();
  for (const a of accounts) byVenue.set(a.venue, [...(byVenue.get(a.venue) ?? []), a]);
  const handles = new Map<string, SimHandle>();
  const hooks: SimHooksHandle[] = [];
  let closed = false;

  const starting = new Map<string, Promise<SimHandle>>();
  for (const [venue, members] of byVenue) {
    const up = (async () => {
      const dialect = simDialect(venue);
      const { startSimWorker } = await import('../sim/worker.js');
      let handle: SimHandle;
      try {
        handle = await startSimWorker({
          dialect,
          seed: options.seed ?? 'quantdeck',
          accounts: members.map((m) => ({ ...m.spec, name: m.name })),
          ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
        });
      } catch (err) {
        throw new LocalVenueError(`the local venue for ${venue} did not start: ${errorMessage(err)}`);
      }
      if (closed) {
        await handle.close();
        throw new LocalVenueError('the desk closed while its local venue was starting');
      }
      handles.set(venue, handle);
      options.logger?.info({ venue, restUrl: handle.restUrl, accounts: members.length }, 'local venue up');
      return handle;
    })();
    up.catch(() => undefined); // each account awaits (and reports) it in its own start
    starting.set(venue, up);
  }

  // One steering per venue; its events go to every account that trades there.
  const steering = new Map<string, Promise<SimHooksHandle>>();
  const steer = (venue: string, handle: SimHandle): Promise<SimHooksHandle> => {
    let made = steering.get(venue);
    if (made === undefined) {
      made = import('./sim-hooks.js').then((m) => {
        const sinks = (byVenue.get(venue) ?? []).flatMap((a) => options.sinkOf?.(a.name) ?? []);
        const hook = m.createSimHooks({
          control: handle.control,
          sink: {
            push: (e) => {
              for (const s of sinks) s.push(e);
            },
          },
        });
        hooks.push(hook);
        hook.announce();
        return hook;
      });
      steering.set(venue, made);
    }
    return made;
  };

  return {
    async wiring(name) {
      const account = accounts.find((a) => a.name === name);
      if (account === undefined) throw new LocalVenueError(`no local account '${name}'`);
      const handle = await (starting.get(account.venue) as Promise<SimHandle>);
      const simAccount = handle.accounts.find((a) => a.name === name);
      if (simAccount === undefined) throw new LocalVenueError(`the local venue has no account '${name}'`);
      const sim = await steer(account.venue, handle);
      return {
        credentials: simCredentials(account.venue, simAccount),
        simUrls: { rest: handle.restUrl, wsPublic: handle.wsUrl, wsPrivate: handle.wsUrl },
        sim: sim.actions,
      };
    },
    handles: () => handles,
    async close() {
      closed = true;
      for (const h of hooks) h.close();
      const all = await Promise.all([...starting.values()].map((p) => p.catch(() => undefined)));
      await Promise.all(all.map((h) => h?.close().catch((err) => options.logger?.warn({ err }, 'local venue close'))));
    },
  };
}
