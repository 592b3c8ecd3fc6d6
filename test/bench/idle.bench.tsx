// The cockpit with the market idle: the real `startCockpit` (ink, incrementalRendering, the 1 Hz
// wall clock for ages and countdowns) on a store holding a live session (orders, fills, positions,
// sockets up), rendering to a fake 120x40 TTY, and no event at all for 20 s. What it costs is the
// clock's tick redrawing the ages once a second; the goal is ≤ 1 % of a core.
import { CountingTty, KeyStdin } from './cockpit.bench.js';
import { collectGarbage, type BenchSection } from './section.js';

const IDLE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function bench(): Promise<BenchSection> {
  // As in the cockpit section: ink must not think it is under CI, React's production build.
  const ci = process.env.CI;
  process.env.CI = 'false';
  process.env.NODE_ENV ??= 'production';
  const { startCockpit } = await import('../../src/cli/cockpit.js');
  const { createQuantStore } = await import('../../src/store/store.js');
  const { liveSession } = await import('../store/fixtures.js');
  const { RecordingActions } = await import('../views/harness.js');
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;

  const store = createQuantStore({ initialEvents: liveSession(Date.now()) });
  const tty = new CountingTty();
  let frames = 0;
  const handle = startCockpit({
    store,
    actions: new RecordingActions(true),
    stdout: tty as unknown as NodeJS.WriteStream,
    stdin: new KeyStdin() as unknown as NodeJS.ReadStream,
    onFrame: () => frames++,
  });
  try {
    // Past the first frames and the JIT's first compilations.
    await sleep(3000);
    collectGarbage();
    const frames0 = frames;
    const bytes0 = tty.bytes;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await sleep(IDLE_MS);
    const wall = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const cpuPct = (cpuMs / wall) * 100;
    const idleFrames = frames - frames0;
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      title: `cockpit with the market idle for ${IDLE_MS / 1000} s (120x40, live session, 1 Hz clock)`,
      rows: [
        {
          run: 'cockpit, no events',
          'cpu % of a core': round(cpuPct),
          frames: idleFrames,
          'CPU ms per frame': round(cpuMs / Math.max(1, idleFrames)),
          'bytes/s written': Math.round(((tty.bytes - bytes0) / wall) * 1000),
        },
      ],
      notes: [
        `idle CPU ${round(cpuPct)} % of one core (goal ≤ 1 %): ${idleFrames} frames in ${IDLE_MS / 1000} s, ` +
          `${round(cpuMs / Math.max(1, idleFrames))} ms of CPU per frame (the whole process, timers and GC included)`,
      ],
      figures: { 'cockpit.idle_cpu_pct': cpuPct },
    };
  } finally {
    handle.stop();
    await handle.done;
  }
}
