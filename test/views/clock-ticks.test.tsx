// A clock tick re-renders only the panes whose clock text it changes: each pane reads the time
// through useNowFor with the text it draws from it (ages, countdowns, a message's fading). Counted
// with React's Profiler around each pane of a live session; the screen shows the new ages.
import { Profiler, type ReactNode } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createQuantStore } from '../../src/store/store.js';
import { CockpitProvider, manualClock } from '../../views/context.js';
import { BottomBar } from '../../views/bars/BottomBar.js';
import { initialUi } from '../../views/ui-state.js';
import { Budget } from '../../views/panes/Budget.js';
import { Clock } from '../../views/panes/Clock.js';
import { Connection } from '../../views/panes/Connection.js';
import { Header } from '../../views/panes/Header.js';
import { Orders } from '../../views/panes/Orders.js';
import { Ticker } from '../../views/panes/Ticker.js';
import { liveSession, order, T0 } from '../store/fixtures.js';
import { until } from '../support/until.js';
import { RecordingActions } from './recording-actions.js';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

function mountPanes(now: number, extra: Parameters<typeof createQuantStore>[0] = {}) {
  const store = createQuantStore({ initialEvents: [...liveSession(), { type: 'order', at: T0, order: order() }], ...extra });
  const clock = manualClock(now);
  const renders = new Map<string, number>();
  const counted = (name: string, pane: ReactNode) => (
    <Profiler id={name} onRender={() => renders.set(name, (renders.get(name) ?? 0) + 1)}>
      {pane}
    </Profiler>
  );
  const env = { store, actions: new RecordingActions(true), clock, options: { size: { columns: 120, rows: 40 } } };
  const r = render(
    <CockpitProvider env={env}>
      {counted('header', <Header width={120} />)}
      {counted('connection', <Connection width={60} rows={4} />)}
      {counted('clock', <Clock width={60} />)}
      {counted('ticker', <Ticker width={60} rows={2} />)}
      {counted('budget', <Budget width={60} rows={3} perLine={2} />)}
      {counted('orders', <Orders width={120} rows={4} selected={null} focused={false} />)}
      {counted('bottom', <BottomBar ui={initialUi} width={120} isSim />)}
    </CockpitProvider>,
  );
  unmount = r.unmount;
  return { clock, renders: () => new Map(renders), screen: () => r.lastFrame() ?? '' };
}

describe('a clock tick', () => {
  it('re-renders the panes whose ages change and leaves the others alone', async () => {
    const m = mountPanes(T0 + 20_500);
    await until(() => m.screen().includes('Open orders'), 'the first frame');
    const before = m.renders();
    m.clock.set(T0 + 21_500);
    await until(() => m.screen().includes('live 21s'), 'the sockets aged by a second');
    const after = m.renders();
    const grew = [...after].filter(([name, n]) => n > before.get(name)!).map(([name]) => name);
    // Sockets, the clock's sync and the order's age read one second older; the header (dead-man
    // off), the ticker (fresh), the budget (normal) and the bar (no message) say the same.
    expect(grew.sort()).toEqual(['clock', 'connection', 'orders']);
    expect(m.screen()).toContain('sync 21s');
  });

  it('within the same shown second re-renders nothing', async () => {
    const m = mountPanes(T0 + 20_100);
    await until(() => m.screen().includes('live 20s'), 'the first frame');
    const before = m.renders();
    m.clock.set(T0 + 20_600);
    // React renders a clock update in a microtask: once a macrotask has run, any render is done.
    await new Promise((resolve) => setImmediate(resolve));
    expect(m.renders()).toEqual(before);
    // The next second is heard: the clock is still subscribed.
    m.clock.set(T0 + 21_100);
    await until(() => m.screen().includes('live 21s'), 'the next second');
    expect(m.renders().get('connection')).toBe(before.get('connection')! + 1);
    expect(m.renders().get('header')).toBe(before.get('header'));
  });
});
