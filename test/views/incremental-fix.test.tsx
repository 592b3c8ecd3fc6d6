// ink 6.8.0's incremental renderer lands each update one row too low (see
// views/incremental-fix.ts). This replays ink's real output through a terminal model: with the
// fix the screen shows exactly the current frame; without it the picture drifts. If ink ever
// fixes this itself, the second test fails: then remove the wrapper.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { correctLeadingCursorUp } from '../../views/incremental-fix.js';
import { TerminalModel } from './terminal-model.js';
import { until } from '../support/until.js';

// ink decides at import time whether it runs under CI (and then draws no frames at all).
// Set CI=false for that import only (the worker process is shared with other test files).
const ci = process.env.CI;
process.env.CI = 'false';
const { Box, Text, render } = await import('ink');
const { withIncrementalFix } = await import('../../views/incremental-fix.js');
if (ci === undefined) delete process.env.CI;
else process.env.CI = ci;

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
    private readonly onWrite: (s: string) => void,
  ) {
    super();
  }
  write(chunk: string | Uint8Array): boolean {
    this.onWrite(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = false;
  setEncoding() {}
  setRawMode() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const frameLines = (n: number) => [
  `head ${n}`,
  'fixed line',
  `middle ${n % 3}`,
  'another fixed line',
  `tail ${n * 7}`,
];

function Frame({ n }: { n: number }) {
  return (
    <Box flexDirection="column">
      {frameLines(n).map((l) => (
        <Text key={l.split(' ')[0]}>{l}</Text>
      ))}
    </Box>
  );
}

async function replay(fixed: boolean): Promise<{ term: TerminalModel; ok: boolean[]; chunks: string[][] }> {
  const term = new TerminalModel(40, 12);
  let writes = 0;
  const chunks: string[][] = [];
  const tty = new FakeTty(40, 12, (s) => {
    writes++;
    chunks.at(-1)?.push(s);
    term.write(s);
  });
  const stdout = (fixed ? withIncrementalFix(tty as unknown as NodeJS.WriteStream) : tty) as unknown as NodeJS.WriteStream;
  const app = render(<Frame n={0} />, {
    stdout,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    incrementalRendering: true,
    patchConsole: false,
    exitOnCtrlC: false,
    maxFps: 1000,
  });
  const ok: boolean[] = [];
  for (let n = 1; n <= 6; n++) {
    const before = writes;
    chunks.push([]);
    app.rerender(<Frame n={n} />);
    // Every frame differs from the last, so each update writes once.
    await until(() => writes > before, `frame ${n} written`);
    ok.push(JSON.stringify(term.lines().slice(0, 5)) === JSON.stringify(frameLines(n)));
  }
  // What the last update wrote has all arrived by the time the next one is asked for.
  await new Promise((r) => setImmediate(r));
  chunks.push([]);
  app.unmount();
  // The last entry holds what the unmount wrote (the cursor shown again), not an update.
  return { term, ok, chunks: chunks.slice(0, -1) };
}

describe('incremental rendering through a terminal', () => {
  it('with the fix, every update shows exactly the current frame', async () => {
    const { term, ok } = await replay(true);
    expect(ok).toEqual([true, true, true, true, true, true]);
    expect(term.scrolledOff).toBe(0);
  });

  it('with the fix, each update reaches the terminal in one write, its synchronized-update markers around it', async () => {
    const { chunks } = await replay(true);
    expect(chunks).toHaveLength(6);
    for (const update of chunks) {
      expect(update, JSON.stringify(chunks)).toHaveLength(1);
      expect(update[0]!.startsWith('\u001B[?2026h')).toBe(true);
      expect(update[0]!.endsWith('\u001B[?2026l')).toBe(true);
    }
  });

  it('without it, ink 6.8.0 smears the frame downwards (remove the fix once this fails)', async () => {
    const { ok } = await replay(false);
    expect(ok.every(Boolean)).toBe(false);
  });

  it('corrects only a leading cursor-up', () => {
    expect(correctLeadingCursorUp('\u001B[22Aabc')).toBe('\u001B[23Aabc');
    expect(correctLeadingCursorUp('\u001B[0A')).toBe('\u001B[2A');
    expect(correctLeadingCursorUp('\u001B[Ax')).toBe('\u001B[2Ax');
    expect(correctLeadingCursorUp('x\u001B[3A')).toBe('x\u001B[3A');
    expect(correctLeadingCursorUp('\u001B[2K\u001B[1A')).toBe('\u001B[2K\u001B[1A');
  });
});
