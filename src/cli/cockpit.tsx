/**
 * `runCockpit`: draws the cockpit for a store and an actions object in the terminal and resolves
 * when the user quits. The caller owns the engine (and so the store's feed); this only renders.
 */
// Before ink: it loads chalk, which fixes its colour level once (NO_COLOR → FORCE_COLOR=0).
import './no-color.js';
import { render } from 'ink';
import type { CockpitActions, QuitPlan } from '../store/actions.js';
import { createBatcher } from '../store/batcher.js';
import { createDemoFeed } from '../demo/feed.js';
import type { Desk } from '../store/desk.js';
import { createQuantStore, type QuantStore } from '../store/store.js';
import { Cockpit } from '../../views/Cockpit.js';
import { type CockpitOptions, type NowSource, ridingClock } from '../../views/context.js';
import { withIncrementalFix } from '../../views/incremental-fix.js';

export interface RunCockpitOptions extends CockpitOptions {
  store: QuantStore;
  actions: CockpitActions;
  /** Several accounts (src/store/desk.ts): `store` and `actions` are then the first account's. */
  desk?: Desk;
  /** Time for ages and countdowns; default: the wall clock ticking once a second, on the stores' frames. */
  clock?: NowSource;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /**
   * Frame cap (default 60). It does not set the frame rate: the store changes at ~20 Hz (the
   * batcher) and a frame is drawn only when something changed. What the cap bounds is how long
   * a keypress waits behind the previous frame (1000 / maxFps ms), so a low cap costs latency
   * during a fill storm and saves nothing.
   */
  maxFps?: number;
  /** Called when the first frame has been written (start-up measurement). */
  onFirstFrame?: () => void;
  /** Called after every frame ink renders, with its render time (benchmarks). */
  onFrame?: (renderMs: number) => void;
}

export interface CockpitHandle {
  /**
   * Resolves when the user quits, with what the quit question promised (the dead-man left armed
   * or disarmed); undefined when `stop` ended it from outside (signal, engine failure).
   */
  done: Promise<QuitPlan | undefined>;
  /**
   * Unmounts the cockpit from outside (engine failure, signal, lost terminal). With a plan, `done`
   * resolves with it, as if the trader had quit that way; a later stop does not change it.
   */
  stop(plan?: QuitPlan): void;
}

/** The cockpit cannot run here (no terminal to read keys from). */
export class CockpitTerminalError extends Error {
  override readonly name = 'CockpitTerminalError';
}


/** Starts the cockpit; `await handle.done` to wait until the user quits. */
export function startCockpit(options: RunCockpitOptions): CockpitHandle {
  const { store, actions, desk, clock = ridingClock({ periodMs: 1000, rideMs: 250, store }), stdout, stdin, maxFps = 60, onFirstFrame, onFrame, ...rest } = options;
  const input = stdin ?? process.stdin;
  if (input.isTTY !== true) {
    // ink would draw one frame and then throw from deep inside React when it asks for raw mode.
    throw new CockpitTerminalError('the cockpit needs an interactive terminal: stdin is not a TTY (run it in a terminal, or use a subcommand)');
  }
  if ((stdout ?? process.stdout).isTTY !== true) {
    // Frames piped into a file or `| cat` are escape-code soup, and the keys would go unseen.
    throw new CockpitTerminalError('the cockpit needs an interactive terminal: stdout is not a TTY (do not pipe or redirect it; logs go to the log file)');
  }
  let first = onFirstFrame;
  let plan: QuitPlan | undefined;
  const instance = render(<Cockpit env={{ store, actions, clock, options: rest, ...(desk === undefined ? {} : { desk }) }} onQuit={(p) => (plan = p)} />, {
    // ink 6.8.0's incremental diff lands one row low after every frame; see incremental-fix.ts.
    stdout: withIncrementalFix(stdout ?? process.stdout),
    stdin: input,
    // The cockpit asks before quitting while orders are open, so it handles Ctrl-C itself.
    exitOnCtrlC: false,
    // Nothing may print over the frames; stray console output is drawn above them instead.
    patchConsole: true,
    incrementalRendering: true,
    maxFps,
    onRender: ({ renderTime }) => {
      onFrame?.(renderTime);
      if (first !== undefined) {
        const f = first;
        first = undefined;
        f();
      }
    },
  });
  const done = instance.waitUntilExit().then(() => plan);
  return {
    done,
    stop: (outside?: QuitPlan) => {
      plan ??= outside;
      instance.unmount();
    },
  };
}

/** Renders the cockpit and resolves when the user quits. */
export async function runCockpit(options: RunCockpitOptions): Promise<QuitPlan | undefined> {
  return startCockpit(options).done;
}

/**
 * `quantdeck --demo-fixtures`: the cockpit on a synthetic in-memory feed (no venue, no engine),
 * for looking at the screen and its keys. Returns the exit code.
 */
export async function runDemoCockpit(): Promise<number> {
  const store = createQuantStore();
  const batcher = createBatcher(store);
  const feed = createDemoFeed(batcher);
  feed.start();
  try {
    await runCockpit({ store, actions: feed.actions });
  } finally {
    feed.stop();
    batcher.close();
  }
  return 0;
}
