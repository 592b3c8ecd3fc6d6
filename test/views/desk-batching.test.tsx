// A desk's accounts are fed by their own batchers (src/cli/desk-account.ts): the cockpit tells
// each whether it is on screen, so a hidden account's market chatter reaches its store less often
// (src/store/batcher.ts), and a question about a group reads every account's store flushed — an
// event its engine sent a moment ago, still in the batcher, is in the question. Real batchers at a
// pace that never flushes by itself: what the question shows came from the flush before it.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import type { CockpitActions } from '../../src/store/actions.js';
import { type Batcher, createBatcher } from '../../src/store/batcher.js';
import type { Desk, DeskAccount } from '../../src/store/desk.js';
import { createQuantStore } from '../../src/store/store.js';
import { balance, liveSession, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount, RecordingActions } from './harness.js';

const NEVER = 3_600_000;

function desk(): { desk: Desk; batchers: Map<string, Batcher>; shown: Map<string, boolean[]> } {
  const batchers = new Map<string, Batcher>();
  const shown = new Map<string, boolean[]>();
  const account = (name: string, events: EngineEvent[]): DeskAccount => {
    const store = createQuantStore({ initialEvents: events });
    const batcher = createBatcher(store, { intervalMs: NEVER, hiddenMs: NEVER });
    batchers.set(name, batcher);
    shown.set(name, []);
    return {
      name,
      venue: 'sim',
      env: 'sim',
      store,
      actions: new RecordingActions(true) as CockpitActions,
      flush: () => batcher.flush(),
      show: (on) => {
        shown.get(name)!.push(on);
        batcher.show(on);
      },
    };
  };
  const withBalance = [...liveSession(), { type: 'balances', at: T0, snapshot: true, balances: [balance()] } as EngineEvent];
  const accounts = [account('alpha', withBalance), account('beta', withBalance), account('gamma', withBalance)];
  return { desk: { accounts, groups: { desk: accounts.map((a) => a.name) } }, batchers, shown };
}

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const bottom = (mm: Mounted, n = 4) => mm.lines().slice(-n).join(' ').replace(/\s+/g, ' ');
const typed = (text: string) => [':', ...text.split(''), KEY.enter];

describe("a desk's batchers", () => {
  it('are told which account is on screen, and the one shown next is brought up to date before it is read', async () => {
    const { desk: d, batchers, shown } = desk();
    m = await mount([], { store: d.accounts[0]!.store, desk: d, columns: 160, rows: 40 });
    expect(shown.get('alpha')!.at(-1)).toBe(true);
    expect(shown.get('beta')!.at(-1)).toBe(false);
    expect(shown.get('gamma')!.at(-1)).toBe(false);
    // A tick beta's engine sent while beta was hidden: still in its batcher.
    batchers.get('beta')!.push({ type: 'ticker', at: T0 + 1, symbol: 'BTCUSDT', bid: '64111.1', ask: '64111.3', last: '64111.2' });
    expect(m.screen()).not.toContain('64111.1');
    await m.press('a');
    expect(shown.get('alpha')!.at(-1)).toBe(false);
    expect(shown.get('beta')!.at(-1)).toBe(true);
    expect(m.screen()).toContain('64111.1');
  });

  it('a group close right after a fill sees the position the fill opened', async () => {
    const { desk: d, batchers } = desk();
    m = await mount([], { store: d.accounts[0]!.store, desk: d, columns: 160, rows: 40 });
    // Gamma's engine reports the fill's position; its batcher has not folded it.
    batchers.get('gamma')!.push({ type: 'positions', at: T0 + 1, snapshot: false, positions: [position({ qty: '0.020' })] });
    await m.press(...typed('group desk close 50%'));
    expect(bottom(m)).toContain('alpha flat · beta flat · gamma SELL 0.010 BTC');
  });

  it("a fan-out's sizes read each account's equity as its engine last said it", async () => {
    const { desk: d, batchers } = desk();
    (d.accounts as DeskAccount[])[2] = { ...d.accounts[2]!, sizing: { equityShare: '0.5' } };
    m = await mount([], { store: d.accounts[0]!.store, desk: d, columns: 200, rows: 40 });
    batchers.get('gamma')!.push({ type: 'balances', at: T0 + 1, snapshot: true, balances: [balance({ wallet: '128000.00', available: '128000.00', equity: '128000.00' })] });
    await m.press(...typed('fan desk'), ...typed('buy 0.05 64000'), KEY.enter);
    // Half of 128,000 at 64,000: 1 BTC (the old 10,000 would size it at 0.078).
    expect(bottom(m)).toContain('gamma 1.000 BTC');
  });
});
