import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { createQuantStore } from '../../src/store/store.js';
import { Cockpit } from '../../views/Cockpit.js';
import { manualClock } from '../../views/context.js';
import { computeLayout } from '../../views/layout.js';
import { fill, liveSession, order, position, T0 } from '../store/fixtures.js';
import { RecordingActions } from './harness.js';
import { KEY, type Mounted, mount } from './harness.js';
import { until } from '../support/until.js';

const busy = (): EngineEvent[] => {
  const events: EngineEvent[] = [...liveSession()];
  for (let n = 0; n < 40; n++) {
    events.push({ type: 'order', at: T0, order: order({ clientOrderId: `qd-${n}`, createdAt: T0 - n * 1000 }) });
    events.push({ type: 'fill', at: T0, fill: fill(n) });
    events.push({ type: 'log', at: T0, level: 'info', text: `event ${n}` });
  }
  events.push({ type: 'positions', at: T0, snapshot: true, positions: [position(), position({ symbol: 'ETHUSDT' })] });
  events.push({ type: 'reconcile', at: T0, trigger: 'periodic', corrections: [] });
  return events;
};

const width = (line: string) => [...line].length;

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

describe('layout', () => {
  for (const [columns, rows] of [
    [80, 24],
    [100, 30],
    [120, 40],
    [200, 60],
    [60, 16],
  ] as const) {
    it(`${columns}x${rows}: at most rows − 1 lines, none wider than the terminal, every pane present`, async () => {
      m = await mount(busy(), { columns, rows });
      for (const keys of [[], ['b'], [KEY.escape, '?'], ['q', 'l'], ['q', 'f'], ['q', 'C']]) {
        await m.press(...keys);
        const lines = m.lines();
        expect(lines.length).toBeLessThanOrEqual(rows - 1);
        for (const l of lines) expect(width(l), l).toBeLessThanOrEqual(columns);
      }
      await m.press(KEY.escape, KEY.escape);
      const s = m.screen();
      for (const pane of ['QUANTDECK', 'Connection', 'Market', 'clock', 'Rate budget', 'Open orders (40)', 'Fills (40)', 'Positions (2)']) {
        expect(s).toContain(pane);
      }
      if (rows >= 40) expect(s).toContain('─ Events');
    });
  }

  it('gives bigger terminals more table rows', () => {
    const small = computeLayout({ columns: 80, rows: 24, sockets: 2, pools: 2, barRows: 1 });
    const big = computeLayout({ columns: 160, rows: 50, sockets: 2, pools: 2, barRows: 1 });
    expect(small.height).toBe(23);
    expect(big.orderRows).toBeGreaterThan(small.orderRows);
    expect(big.lowerRows).toBeGreaterThan(small.lowerRows);
    expect(big.logRows).toBeGreaterThan(0);
    expect(small.logRows).toBe(0);
  });

  it('caps the Rate budget pane by the terminal height, never below what fits a few pools', () => {
    expect(computeLayout({ columns: 100, rows: 30, sockets: 3, pools: 24, barRows: 1 }).budgetRows).toBe(3);
    expect(computeLayout({ columns: 120, rows: 40, sockets: 3, pools: 24, barRows: 1 }).budgetRows).toBe(4);
    expect(computeLayout({ columns: 80, rows: 24, sockets: 3, pools: 24, barRows: 1 }).budgetRows).toBe(2);
    expect(computeLayout({ columns: 100, rows: 40, sockets: 3, pools: 5, barRows: 1 }).budgetRows).toBe(3);
    const many = computeLayout({ columns: 100, rows: 40, sockets: 3, pools: 24, barRows: 1 });
    const few = computeLayout({ columns: 100, rows: 40, sockets: 3, pools: 8, barRows: 1 });
    expect(many.orderRows).toBe(few.orderRows);
  });

  it('says so when the terminal is too small', async () => {
    m = await mount(liveSession(), { columns: 50, rows: 12 });
    expect(m.screen()).toContain('terminal 50x12 is too small');
  });
});

class ResizableTty extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.frames.push(chunk);
    return true;
  }
}

class QuietStdin extends EventEmitter {
  readonly isTTY = true;
  setEncoding() {}
  setRawMode() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

describe('resize', () => {
  it('re-lays out for the new size, keeping the root under the last row', async () => {
    const tty = new ResizableTty(120, 40);
    const store = createQuantStore({ initialEvents: busy() });
    const env = { store, actions: new RecordingActions(true), clock: manualClock(T0 + 3000), options: {} };
    const app = render(<Cockpit env={env} />, {
      stdout: tty as unknown as NodeJS.WriteStream,
      stdin: new QuietStdin() as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    const last = () => tty.frames.at(-1)!.split('\n');
    await until(() => tty.frames.length > 0 && last().join('\n').includes('─ Events'), 'the first frame');
    expect(last().length).toBeLessThanOrEqual(39);
    expect(last().join('\n')).toContain('─ Events');
    tty.columns = 80;
    tty.rows = 24;
    tty.emit('resize');
    await until(() => !last().join('\n').includes('─ Events'), 'the frame at 80x24');
    expect(last().length).toBeLessThanOrEqual(23);
    for (const l of last()) expect(width(l)).toBeLessThanOrEqual(80);
    expect(last().join('\n')).not.toContain('─ Events');
    app.unmount();
  });
});
