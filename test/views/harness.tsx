// Mounts the real cockpit on a store built from fixture events, with a recording actions object
// and a clock that moves only when told to, and types keys into it the way a terminal would.
import { render } from 'ink-testing-library';
import type { QuitPlan } from '../../src/store/actions.js';
import type { EngineEvent, Env } from '../../src/engine/events.js';
import type { Desk, DeskAccount } from '../../src/store/desk.js';
import { createQuantStore, dispatchEvents, type QuantStore } from '../../src/store/store.js';
import { Cockpit } from '../../views/Cockpit.js';
import { type CockpitOptions, manualClock } from '../../views/context.js';
import { T0 } from '../store/fixtures.js';
import { RecordingActions } from './recording-actions.js';

export { type Call, RecordingActions } from './recording-actions.js';

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the frame to catch up: for a new frame (at most 300 ms: a key that changes nothing
 * draws none — about one key in seven here), then until no frame has come for 25 ms. React may
 * commit well after the key on a loaded machine (CI's two busy cores); the controller itself never
 * lags (it reads a ref).
 */
async function settle(frames: readonly unknown[]): Promise<void> {
  const before = frames.length;
  const start = Date.now();
  while (frames.length === before && Date.now() - start < 300) await sleep(3);
  let seen = frames.length;
  let quietSince = Date.now();
  while (Date.now() - quietSince < 25 && Date.now() - start < 5000) {
    await sleep(5);
    if (frames.length !== seen) {
      seen = frames.length;
      quietSince = Date.now();
    }
  }
}

export interface MountOptions {
  columns?: number;
  rows?: number;
  /** Clock time the cockpit sees; default T0 + 3 s. */
  now?: number;
  sim?: boolean;
  sizePresets?: string[];
  /** The store shown (a desk's selected account's); default: one built from `events`. */
  store?: QuantStore;
  /** A desk around it (src/store/desk.ts); absent: a single session. */
  desk?: Desk;
  /** The alerts' bell and flash, and where the bell writes (views/panes/Alerts.tsx). */
  alerts?: CockpitOptions['alerts'];
  bell?: CockpitOptions['bell'];
}

export async function mount(events: EngineEvent[], options: MountOptions = {}) {
  const store: QuantStore = options.store ?? createQuantStore({ initialEvents: events });
  const actions = new RecordingActions(
    options.sim ?? events.some((e) => e.type === 'session' && e.env === 'sim'),
  );
  const clock = manualClock(options.now ?? T0 + 3000);
  const size = { columns: options.columns ?? 100, rows: options.rows ?? 30 };
  let quits = 0;
  const plans: QuitPlan[] = [];
  const env = {
    store,
    actions,
    clock,
    options: {
      size,
      ...(options.sizePresets ? { sizePresets: options.sizePresets } : {}),
      ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
      ...(options.bell === undefined ? {} : { bell: options.bell }),
    },
    ...(options.desk === undefined ? {} : { desk: options.desk }),
  };
  const r = render(
    <Cockpit
      env={env}
      onQuit={(plan) => {
        quits++;
        plans.push(plan);
      }}
    />,
  );
  await settle(r.frames);
  return {
    store,
    actions,
    clock,
    screen: () => r.lastFrame() ?? '',
    lines: () => (r.lastFrame() ?? '').split('\n'),
    quits: () => quits,
    /** What each quit promised to do with the dead-man's switch. */
    plans: () => plans,
    /** Types keys one by one, letting ink handle each before the next. */
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        await settle(r.frames);
      }
    },
    /** Feeds events as the batcher would (one setState) and lets the frame update. */
    async feed(...more: EngineEvent[]) {
      dispatchEvents(store, more);
      await settle(r.frames);
    },
    async tickTo(at: number) {
      clock.set(at);
      await settle(r.frames);
    },
    unmount: () => r.unmount(),
  };
}

export type Mounted = Awaited<ReturnType<typeof mount>>;

export interface DeskAccountFixture {
  name: string;
  venue: string;
  env: Env;
  events: EngineEvent[];
}

/**
 * The real cockpit on a desk: one store (fed from its own events) and one recording actions
 * object per account, as the desk's entry hands them over (src/store/desk.ts), no engine.
 */
export async function mountDesk(accounts: DeskAccountFixture[], options: MountOptions = {}) {
  const members: DeskAccount[] = accounts.map((a) => ({
    name: a.name,
    venue: a.venue,
    env: a.env,
    store: createQuantStore({ initialEvents: a.events }),
    actions: new RecordingActions(a.env === 'sim'),
  }));
  const desk: Desk = { accounts: members, groups: { desk: members.map((a) => a.name) } };
  const clock = manualClock(options.now ?? T0 + 3000);
  const size = { columns: options.columns ?? 100, rows: options.rows ?? 30 };
  const env = { store: members[0]!.store, actions: members[0]!.actions, clock, options: { size }, desk };
  const r = render(<Cockpit env={env} />);
  await settle(r.frames);
  const byName = (name: string) => {
    const found = members.find((a) => a.name === name);
    if (found === undefined) throw new Error(`no account ${name} in the fixture`);
    return found;
  };
  return {
    desk,
    clock,
    screen: () => r.lastFrame() ?? '',
    lines: () => (r.lastFrame() ?? '').split('\n'),
    /** What the cockpit asked of that account's engine. */
    calls: (name: string) => (byName(name).actions as RecordingActions).calls,
    /** That account's recorder, to shape its answers. */
    actions: (name: string) => byName(name).actions as RecordingActions,
    /** How many frames ink has written so far. */
    frames: () => r.frames.length,
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        await settle(r.frames);
      }
    },
    /** Feeds events into one account's store, as its batcher would. */
    async feed(name: string, ...more: EngineEvent[]) {
      dispatchEvents(byName(name).store, more);
      await settle(r.frames);
    },
    unmount: () => r.unmount(),
  };
}
