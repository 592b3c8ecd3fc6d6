// The cockpit under a fill storm: 1,000 fills/s for 10 s through the batcher into the store,
// rendered by the real `startCockpit` (ink, incrementalRendering) to a fake 120x40 TTY that
// counts bytes. Measures CPU share of one core, bytes written per second, frames, keypress-to-
// frame latency (a key every 250 ms during the storm), and start to first frame — in process
// and for a cold `quantdeck --demo-fixtures` process in a pseudo-terminal. The heap's slope under
// the same storm is cockpit-heap.bench.tsx (minutes long; `npm run bench -- cockpit` runs both).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../../src/engine/events.js';
import { type BenchSection, collectGarbage, percentile, asCockpitProcess } from './section.js';
import { startStorm } from './storm.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STORM_MS = 10_000;
const FILLS_PER_S = 1000;

export class CountingTty extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  bytes = 0;
  writes = 0;
  onChunk: ((chunk: string) => void) | undefined;
  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.bytes += Buffer.byteLength(text);
    this.writes += 1;
    this.onChunk?.(text);
    return true;
  }
}

export class KeyStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  press(key: string): void {
    this.data = key;
    this.emit('readable');
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding() {}
  setRawMode() {}
  ref() {}
  unref() {}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Time from spawning `quantdeck --demo-fixtures` in a pty (script(1)) to the first frame on it.
 * Resolves only once the child has exited, so nothing of it outlives the section; its stdin may
 * close before Ctrl-C reaches it (the program can quit first), which is an EPIPE to ignore, not
 * an error that ends the whole bench.
 */
async function coldStart(): Promise<number | string> {
  if (!existsSync('/usr/bin/script')) return 'no script(1)';
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '120', LINES: '40' };
  delete env.CI;
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const started = performance.now();
  const child = spawn('script', ['-qfc', `${tsx} src/cli.tsx --demo-fixtures`, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let result: number | string = 'exited before its first frame';
  const timer = setTimeout(() => {
    result = 'timeout';
    child.kill('SIGKILL');
  }, 60_000);
  let seen = '';
  child.stdout.on('data', (d: Buffer) => {
    if (typeof result === 'number') return;
    seen += d.toString('utf8');
    if (seen.includes('QUANTDECK')) {
      result = Math.round(performance.now() - started);
      clearTimeout(timer);
      if (child.stdin.writable) child.stdin.write('\u0003');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }
  });
  await exited;
  clearTimeout(timer);
  return result;
}

export default async function bench(): Promise<BenchSection> {
  const importStart = performance.now();
  const [
    { startCockpit },
    { createBatcher },
    { createQuantStore },
    { liveSession },
    { RecordingActions },
  ] = await asCockpitProcess(() =>
    Promise.all([
      import('../../src/cli/cockpit.js'),
      import('../../src/store/batcher.js'),
      import('../../src/store/store.js'),
      import('../store/fixtures.js'),
      import('../views/harness.js'),
    ]),
  );
  const importMs = performance.now() - importStart;

  // The storm's events, built the same way for the baseline (no cockpit) and the real run.
  const makeStorm = (push: (e: EngineEvent) => void) => startStorm(push, FILLS_PER_S);

  const measure = async (withCockpit: boolean) => {
    const store = createQuantStore({ initialEvents: liveSession(Date.now()) });
    let flushes = 0;
    const batcher = createBatcher(store, { onFlush: () => flushes++ });
    const tty = new CountingTty();
    const stdin = new KeyStdin();
    let frames = 0;
    let firstFrameMs = 0;
    const t0 = performance.now();
    const handle = withCockpit
      ? startCockpit({
          store,
          actions: new RecordingActions(true),
          stdout: tty as unknown as NodeJS.WriteStream,
          stdin: stdin as unknown as NodeJS.ReadStream,
          onFirstFrame: () => {
            firstFrameMs = performance.now() - t0;
          },
          onFrame: () => frames++,
        })
      : undefined;
    await sleep(300);
    const bytes0 = tty.bytes;
    collectGarbage();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const storm = makeStorm((e) => batcher.push(e));
    const latencies: number[] = [];
    if (withCockpit) {
      // '?' opens help, '?' closes it: each press must show on screen (a write naming it).
      let open = false;
      while (performance.now() - wall0 < STORM_MS - 500) {
        await sleep(250);
        const marker = open ? 'Open orders (' : '─ Keys ';
        const pressed = performance.now();
        const seen = new Promise<void>((resolve) => {
          tty.onChunk = (chunk) => {
            if (chunk.includes(marker)) {
              latencies.push(performance.now() - pressed);
              tty.onChunk = undefined;
              resolve();
            }
          };
        });
        stdin.press('?');
        open = !open;
        await Promise.race([seen, sleep(240)]);
      }
      await sleep(Math.max(0, STORM_MS - (performance.now() - wall0)));
    } else {
      await sleep(STORM_MS);
    }
    storm.stop();
    const wall = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    batcher.close();
    handle?.stop();
    await handle?.done;
    return {
      cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      bytesPerS: ((tty.bytes - bytes0) / wall) * 1000,
      frames,
      flushes,
      events: storm.count(),
      latencies,
      firstFrameMs,
      fills: store.getState().fillCount,
    };
  };

  const baseline = await measure(false);
  const cockpit = await measure(true);
  const cold = await coldStart();
  const p50 = percentile(cockpit.latencies, 50);
  const p99 = percentile(cockpit.latencies, 99);
  const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    title: `cockpit under ${FILLS_PER_S} fills/s for ${STORM_MS / 1000} s (120x40, batcher 20 Hz, incrementalRendering)`,
    rows: [
      { run: 'store + batcher only (no cockpit)', 'cpu % of a core': round(baseline.cpuPct), 'KB/s written': 0, frames: 0, 'store flushes': baseline.flushes, fills: baseline.fills },
      {
        run: 'cockpit (startCockpit → fake TTY)',
        'cpu % of a core': round(cockpit.cpuPct),
        'KB/s written': round(cockpit.bytesPerS / 1024),
        frames: cockpit.frames,
        'store flushes': cockpit.flushes,
        fills: cockpit.fills,
      },
      { run: `keypress → frame (${cockpit.latencies.length} keys)`, 'p50 ms': round(p50), 'p99 ms': round(p99), max: round(Math.max(...cockpit.latencies)) },
      { run: 'start → first frame', 'in process ms': round(cockpit.firstFrameMs), 'module import ms': round(importMs), 'cold process in a pty ms': cold },
    ],
    notes: [
      `CPU ${round(cockpit.cpuPct)} % of one core (goal ≤ 15 %; the bench's own event generation is the first row); ` +
        `${round((cockpit.cpuPct * STORM_MS) / 100 / Math.max(1, cockpit.frames))} ms of CPU per frame`,
      `${round(cockpit.flushes / (STORM_MS / 1000))} store flushes/s (20 expected: fewer means the process was starved of CPU, and every wall-clock figure here with it)`,
      `bytes ${round(cockpit.bytesPerS / 1024)} KB/s (goal ≤ 100 KB/s)`,
      `keypress-to-frame p99 ${round(p99)} ms (goal ≤ 50 ms)`,
      `start to first frame: ${round(cockpit.firstFrameMs)} ms in process after imports; cold tsx src/cli.tsx --demo-fixtures ${cold} ms (the start figure is the start section's: the bundle, as a trader runs it)`,
    ],
    figures: {
      'cockpit.cpu_pct': cockpit.cpuPct,
      'cockpit.kb_per_s': cockpit.bytesPerS / 1024,
      ...(cockpit.latencies.length > 0 ? { 'cockpit.keypress_p99_ms': p99 } : {}),
    },
  };
}
