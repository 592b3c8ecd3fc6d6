// The cockpit with the market idle: the real `startCockpit` (ink, incrementalRendering, the 1 Hz
// wall clock for ages and countdowns) on a store holding a live session (orders, fills, positions,
// sockets up), rendering to a fake 120x40 TTY, and no event at all for 20 s. What it costs is the
// clock's tick redrawing the ages once a second; the goal is ≤ 1 % of a core.
import { CountingTty, KeyStdin } from './cockpit.bench.js';
import { collectGarbage, type BenchSection, asCockpitProcess } from './section.js';
import { threadCpu, threadCpuSince } from './thread-cpu.js';

const IDLE_MS = 20_000;
const WINDOWS = Number(process.env['QD_IDLE_WINDOWS'] ?? 3);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function bench(): Promise<BenchSection> {
  const [
    { startCockpit },
    { createQuantStore },
    { liveSession },
    { RecordingActions },
  ] = await asCockpitProcess(() =>
    Promise.all([
      import('../../src/cli/cockpit.js'),
      import('../../src/store/store.js'),
      import('../store/fixtures.js'),
      import('../views/harness.js'),
    ]),
  );

  const store = createQuantStore({ initialEvents: liveSession(Date.now()) });
  const tty = new CountingTty();
  let frames = 0;
  const started = performance.now();
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
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    const rows: BenchSection['rows'] = [];
    let last = { cpuPct: Number.NaN, cpuMs: 0, frames: 0 };
    for (let w = 0; w < WINDOWS; w++) {
      collectGarbage();
      const frames0 = frames;
      const bytes0 = tty.bytes;
      const cpu0 = process.cpuUsage();
      const threads0 = threadCpu();
      const wall0 = performance.now();
      await sleep(IDLE_MS);
      const wall = performance.now() - wall0;
      const cpu = process.cpuUsage(cpu0);
      const threads = threadCpuSince(threads0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      last = { cpuPct: (cpuMs / wall) * 100, cpuMs, frames: frames - frames0 };
      rows.push({
        run: `no events, seconds ${Math.round((wall0 - started) / 1000)}-${Math.round((wall0 + wall - started) / 1000)}`,
        'cpu % of a core': round(last.cpuPct),
        frames: last.frames,
        'CPU ms per frame': round(cpuMs / Math.max(1, last.frames)),
        'bytes/s written': Math.round(((tty.bytes - bytes0) / wall) * 1000),
        ...(threads === undefined
          ? {}
          : { 'main thread %': round((threads.mainMs / wall) * 100), 'V8 helper threads %': round((threads.otherMs / wall) * 100) }),
      });
    }
    const cpuPct = last.cpuPct;
    return {
      title: `cockpit with the market idle (120x40, live session, 1 Hz clock), ${WINDOWS} windows of ${IDLE_MS / 1000} s`,
      rows,
      notes: [
        `idle CPU ${round(cpuPct)} % of one core in the last window (goal ≤ 1 %): ${last.frames} frames, ` +
          `${round(last.cpuMs / Math.max(1, last.frames))} ms of CPU per frame (the whole process, timers and GC included)`,
      ],
      figures: { 'cockpit.idle_cpu_pct': cpuPct },
    };
  } finally {
    handle.stop();
    await handle.done;
  }
}
