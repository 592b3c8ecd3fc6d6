/**
 * Amend in the real program (tmux, SIM): a resting buy is moved by `:amend PRICE` and then one tick
 * up by `+`; Open orders shows the new price on the same client order id, and nothing else rests.
 */
import { describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { count, liveCockpit, placeRestingBuyIn, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

/** The Open orders row of a BUY at `price` (shown on the 0.1 tick), with its client id. */
const restingAt = (price: string) => new RegExp(`BUY\\s+LMT\\s+[\\d.]+\\s+${price.replace('.', '\\.')}\\s+[\\d.]+\\s+new\\b.*?(qd[\\w-]+)`);

describe.runIf(hasTmux)('amend end to end in tmux (SIM, binance-usdm)', () => {
  const run = liveCockpit('amend', ['--venue', 'binance-usdm'], { columns: 160 });

  it(':amend moves the resting order, then + moves it one tick up, keeping its client order id', async () => {
    const { price } = await placeRestingBuyIn(run.tty, 'BTCUSDT');
    const placed = await run.tty.waitFor('the order resting', (s) => restingAt(`${price}.0`).test(s), 20_000);
    const id = restingAt(`${price}.0`).exec(placed)![1]!;
    const lower = String(Number(price) - 50);
    run.tty.type(`:amend ${lower}`);
    await run.tty.waitFor('the command typed', (s) => s.includes(`:amend ${lower}`));
    run.tty.press('Enter');
    const moved = await run.tty.waitFor('the order at the new price', (s) => restingAt(`${lower}.0`).test(s), 20_000);
    expect(moved).toContain(`${id} amended: `);
    expect(restingAt(`${lower}.0`).exec(moved)![1]).toBe(id);
    expect(count(moved, 'Open orders')).toBe(1);
    run.tty.type('+');
    const ticked = await run.tty.waitFor('one tick up', (s) => restingAt(`${lower}.1`).test(s), 20_000);
    expect(restingAt(`${lower}.1`).exec(ticked)![1]).toBe(id);
    expect(count(ticked, 'Open orders')).toBe(1);
  }, 90_000);
});
