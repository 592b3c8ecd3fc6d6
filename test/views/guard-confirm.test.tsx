// The guard's question in the cockpit: a sweep is asked about in the bottom bar, y sends that very
// ticket confirmed, anything else sends nothing; a refusal is shown with its rule and stays.
import { afterEach, describe, expect, it } from 'vitest';
import { liveSession } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const bottom = (mm: Mounted, n = 3) => mm.lines().slice(-n).join('\n');
const QUESTION = 'buy at 64999.9 is 1.2 % through the best ask 64220.4: it would sweep the book. Send it?';

async function askedAboutSweep(): Promise<Mounted> {
  const mm = await mount(liveSession());
  mm.actions.reply = { ok: false, error: QUESTION, confirm: true };
  await mm.press('b', KEY.enter);
  expect(bottom(mm)).toContain('it would sweep the book. Send it?');
  expect(mm.actions.calls).toHaveLength(1);
  return mm;
}

describe('the guard asks before a sweep', () => {
  it('y sends the same ticket, confirmed', async () => {
    m = await askedAboutSweep();
    m.actions.reply = { ok: true, clientOrderId: 'qd-test-2' };
    await m.press('y');
    expect(m.actions.calls).toHaveLength(2);
    const [first, second] = m.actions.calls;
    expect(second!.name).toBe('place');
    expect(second!.args).toEqual([first!.args[0], { confirmed: true }]);
    expect(bottom(m, 1)).toContain('sent (qd-test-2)');
  });

  it('any other key sends nothing and says so', async () => {
    m = await askedAboutSweep();
    await m.press('n');
    expect(m.actions.calls).toHaveLength(1);
    expect(bottom(m, 1)).toContain('cancelled — nothing was sent');
  });

  it('a refusal names its rule in the message line and stays until dismissed', async () => {
    m = await mount(liveSession(), { columns: 160 });
    m.actions.reply = { ok: false, error: 'guard: order size: 1284.21 USDT is over the 1000 USDT limit per order' };
    await m.press('b', KEY.enter);
    expect(bottom(m, 1)).toContain('not done — guard: order size: 1284.21 USDT is over the 1000 USDT limit per order');
    m.clock.set(m.clock.now() + 60_000);
    await m.press(KEY.tab);
    expect(bottom(m, 1)).toContain('guard: order size');
  });
});
