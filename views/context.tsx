/**
 * What every pane reaches through React context: the store (read only, through selectors), the
 * engine's actions, a shared 1 Hz clock for ages and countdowns, and the terminal size.
 */
import { useStdout } from 'ink';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { CockpitActions } from '../src/store/actions.js';
import type { QuantState } from '../src/store/state.js';
import type { Desk, DeskAccount } from '../src/store/desk.js';
import type { QuantStore } from '../src/store/store.js';

/** Time for ages and countdowns. Subscribers are told once per tick, all at the same moment. */
export interface NowSource {
  now(): number;
  subscribe(listener: () => void): () => void;
  /** The store whose changes draw the frames a tick may ride on (a desk's shown account's). */
  ride?(store: Pick<QuantStore, 'subscribe'>): void;
}

/**
 * A wall clock whose tick rides on the next frame the shown store's data causes. An idle cockpit
 * draws a frame for every market tick (four a second) and, apart from them, one a second for the
 * ages and countdowns this clock moves: a tick that waits for the next change of the store on
 * screen, up to `rideMs`, is drawn in that change's frame (both reach React in one turn, and React
 * renders them once). A tick with no such change within `rideMs` goes on its own, so an age or a
 * countdown is never more than `rideMs` late, and what it shows is the time of the frame it is
 * drawn in. A desk's hidden accounts are not ridden on: their changes rarely draw a frame.
 */
export function ridingClock(options: { periodMs?: number; rideMs?: number; store: Pick<QuantStore, 'subscribe'> }): NowSource {
  const periodMs = options.periodMs ?? 1000;
  const rideMs = options.rideMs ?? 250;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = false;
  let current = Date.now();
  let ridden = options.store;
  let unsubscribeStore: (() => void) | undefined;
  const arm = (ms: number, fn: () => void) => {
    timer = setTimeout(fn, ms);
    timer.unref?.();
  };
  const tick = () => {
    if (timer !== undefined) clearTimeout(timer);
    due = false;
    current = Date.now();
    arm(periodMs, period);
    for (const l of listeners) l();
  };
  // The period is up: tick with the next store change, or alone once rideMs has passed.
  const period = () => {
    due = true;
    arm(rideMs, tick);
  };
  const onData = () => {
    if (due) tick();
  };
  return {
    now: () => current,
    subscribe(listener) {
      listeners.add(listener);
      if (timer === undefined) {
        current = Date.now();
        unsubscribeStore = ridden.subscribe(onData);
        arm(periodMs, period);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
          due = false;
          unsubscribeStore?.();
          unsubscribeStore = undefined;
        }
      };
    },
    ride(store) {
      if (store === ridden) return;
      ridden = store;
      if (unsubscribeStore === undefined) return;
      unsubscribeStore();
      unsubscribeStore = store.subscribe(onData);
    },
  };
}

/** A clock that moves only when told to: for tests and fixtures. */
export function manualClock(start: number): NowSource & { set(at: number): void } {
  const listeners = new Set<() => void>();
  let current = start;
  return {
    now: () => current,
    set(at) {
      current = at;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface CockpitOptions {
  /** Size presets 1-5 (decimal strings); default: 1, 2, 5, 10, 20 × the minimum quantity. */
  sizePresets?: string[];
  /** Leverage for the ticket's margin check when the position does not say; default '1'. */
  defaultLeverage?: string;
  /** Fixed terminal size (tests); by default the real one, following resizes. */
  size?: { columns: number; rows: number };
  /** The profile's `signals.alerts.bell` and `.flash` (both off by default). */
  alerts?: { bell?: boolean; flash?: boolean };
  /** Where the bell's BEL goes; by default the terminal's stdout, written straight (it moves no cursor). */
  bell?: (text: string) => void;
}

export interface CockpitEnv {
  /** The selected account's store (a single session's: its only one). */
  store: QuantStore;
  /** The selected account's actions. */
  actions: CockpitActions;
  clock: NowSource;
  options: CockpitOptions;
  /** Several accounts in one cockpit (src/store/desk.ts); absent for a single session. */
  desk?: Desk;
  /** The desk's selected account, whose store and actions `store` and `actions` are (set by the App). */
  account?: DeskAccount;
}

const CockpitContext = createContext<CockpitEnv | null>(null);

export function CockpitProvider({ env, children }: { env: CockpitEnv; children: ReactNode }) {
  return <CockpitContext.Provider value={env}>{children}</CockpitContext.Provider>;
}

export function useCockpit(): CockpitEnv {
  const env = useContext(CockpitContext);
  if (env === null) throw new Error('cockpit views need a <CockpitProvider>');
  return env;
}

/**
 * What a pane's title adds to say whose data it shows: ' · NAME' on a desk (the selected
 * account's), nothing for a single session, whose titles stay as they were.
 */
export function useAccountTag(): string {
  const { account } = useCockpit();
  return account === undefined ? '' : ` · ${account.name}`;
}

/** Reads a slice of the store; re-renders only when the selector's result changes (Object.is). */
export function useQuant<T>(selector: (s: QuantState) => T): T {
  return useStore(useCockpit().store, selector);
}

/**
 * The shared clock's current time, re-rendering only on a tick that changes `shown(now)`: the
 * text a pane draws from the clock (its ages, countdowns, an expiry). A pane whose ages read the
 * same this second — '2h05m', no countdown running, no message to expire — is not drawn again.
 * `shown` must cover everything the pane draws from the time; it may change with every render.
 */
export function useNowFor(shown: (now: number) => string): number {
  const { clock } = useCockpit();
  const text = () => shown(clock.now());
  useSyncExternalStore(clock.subscribe, text, text);
  return clock.now();
}

const readSize = (stdout: NodeJS.WriteStream) => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });

/** Terminal columns and rows, following resizes (or the fixed size from the options). */
export function useTerminalSize(): { columns: number; rows: number } {
  const { options } = useCockpit();
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout));
  useEffect(() => {
    if (options.size !== undefined) return;
    const onResize = () => setSize(readSize(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, options.size]);
  return options.size ?? size;
}
