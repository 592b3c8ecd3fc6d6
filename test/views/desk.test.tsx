// A desk in the real cockpit: three accounts, each with its own store fed with events (no engine),
// one of them failed. The overview lists them all; a, A and :acct switch which one every pane
// shows; the header and the tables' titles name it; keys act on the account shown; a single
// session looks as it always did (the other view tests).
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import type { ActionResult } from '../../src/store/actions.js';
import { liveSession, order, position, T0 } from '../store/fixtures.js';
import { until } from '../support/until.js';
import { computeLayout, type Layout } from '../../views/layout.js';
import { type DeskAccountFixture, KEY, mountDesk } from './harness.js';

/** A live SIM session on `venue`, as account `label`, with its margin picture and dead-man. */
function session(venue: string, label: string, equity: string, maint: string): EngineEvent[] {
  return [
    ...liveSession().map((e) => (e.type === 'session' ? { ...e, venue, account: label } : e)),
    { type: 'account-risk', at: T0, risk: { asset: 'USDT', equity, marginUsed: '100', maintMargin: maint, updatedAt: T0 } },
  ];
}

const alpha: DeskAccountFixture = {
  name: 'alpha',
  venue: 'binance-usdm',
  env: 'sim',
  events: [
    ...session('binance-usdm', 'sim-a', '10000', '600'),
    { type: 'order', at: T0, order: order({ clientOrderId: 'qd-alpha-1', price: '64100.0' }) },
    { type: 'order', at: T0, order: order({ clientOrderId: 'qd-alpha-2', price: '64000.0', createdAt: T0 - 9000 }) },
  ],
};

const beta: DeskAccountFixture = {
  name: 'beta',
  venue: 'bybit',
  env: 'sim',
  events: [
    ...session('bybit', 'sim-b', '5000', '2750'),
    { type: 'order', at: T0, order: order({ clientOrderId: 'qd-beta-1', side: 'sell', price: '64900.0' }) },
    { type: 'positions', at: T0, snapshot: true, positions: [position()] },
    { type: 'deadman', at: T0, armed: true, deadline: T0 + 60_000, timeoutMs: 60_000 },
  ],
};

/** Its engine never got a socket: the key was refused at the start (as src/cli/desk-account.ts says it). */
const gamma: DeskAccountFixture = {
  name: 'gamma',
  venue: 'bybit',
  env: 'testnet',
  events: [
    { type: 'session', at: T0, venue: 'bybit', env: 'testnet', account: 'gamma', symbol: 'BTCUSDT' },
    { type: 'log', at: T0, level: 'error', text: 'gamma did not start: key refused by the venue', source: 'desk' },
  ],
};

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function desk() {
  const m = await mountDesk([alpha, beta, gamma]);
  unmount = m.unmount;
  return m;
}

describe('the overview', () => {
  it('lists every account in the desk order, one row each, the selected one marked', async () => {
    const m = await mountDesk([alpha, beta, gamma], { columns: 120 });
    unmount = m.unmount;
    const rows = m.lines().filter((l) => /^[> ] (alpha|beta|gamma) /.test(l));
    expect(rows.map((r) => r.slice(0, 9).trim())).toEqual(['> alpha', 'beta', 'gamma']);
    expect(m.screen()).toContain('─ Accounts (3) ─');
    const [a, b, g] = rows as [string, string, string];
    expect(a).toMatch(/^> alpha +binance-usdm +SIM +● live +10000\.00 +6\.0% +2 +0\.00 +off$/);
    // beta: half its equity held as maintenance margin, a position, the dead-man counting down.
    expect(b).toMatch(/^ {2}beta +bybit +SIM +● live +5000\.00 +55\.0% +1 +0\.00 +57s$/);
    expect(g).toMatch(/^ {2}gamma +bybit +TESTNET +× did not start: .* +— +— +0 +— +off$/);
  });

  it("shows each account's session PnL from its own equity, and its own open orders, as they move", async () => {
    const m = await desk();
    await m.feed('alpha', {
      type: 'account-risk',
      at: T0 + 1000,
      risk: { asset: 'USDT', equity: '10250.5', marginUsed: '100', maintMargin: '600', updatedAt: T0 + 1000 },
    });
    await m.feed('beta', { type: 'order', at: T0 + 1000, order: order({ clientOrderId: 'qd-beta-2', price: '64950.0' }) });
    await m.feed('beta', {
      type: 'account-risk',
      at: T0 + 1000,
      risk: { asset: 'USDT', equity: '4900', marginUsed: '100', maintMargin: '2750', updatedAt: T0 + 1000 },
    });
    const row = (name: string) => m.lines().find((l) => l.slice(2).startsWith(`${name} `)) ?? '';
    expect(row('alpha')).toMatch(/10250\.50 +5\.9% +2 +\+250\.50 +off$/);
    expect(row('beta')).toMatch(/4900\.00 +56\.1% +2 +-100\.00 +57s$/);
  });

  it("one account's engine failing shows on its row while the others go on", async () => {
    // Wide enough for the whole reason (a narrower row cuts it; the account's Connection pane has it).
    const m = await mountDesk([alpha, beta, gamma], { columns: 130 });
    unmount = m.unmount;
    await m.feed('beta', { type: 'connection', at: T0 + 1000, socket: 'user', role: 'account', state: 'closed', reason: 'key refused (-2015)' });
    const row = (name: string) => m.lines().find((l) => l.slice(2).startsWith(`${name} `)) ?? '';
    expect(row('beta')).toContain('× failed: key refused (-2015)');
    expect(row('alpha')).toContain('● live');
    expect(row('gamma')).toContain('× did not start: key refused by the venue');
    // The half-started engine closes what it opened: the reason stays the start's.
    await m.feed('gamma', { type: 'connection', at: T0 + 1000, socket: 'user', role: 'account', state: 'closed', reason: 'stopped' });
    expect(row('gamma')).toContain('× did not start: key refused by the venue');
    await m.feed('alpha', { type: 'budget', at: T0 + 1000, state: 'banned', reason: 'HTTP 418', until: T0 + 60_000, pools: [] });
    expect(row('alpha')).toContain('○ banned: HTTP 418');
    await m.feed('alpha', { type: 'connection', at: T0 + 1000, socket: 'market', role: 'market', state: 'reconnecting', attempt: 2 });
    await m.feed('alpha', { type: 'budget', at: T0 + 2000, state: 'normal', pools: [] });
    expect(row('alpha')).toContain('● market socket reconnecting (attempt 2)');
  });

  it('on a desk of one account still says which account it is', async () => {
    const m = await mountDesk([alpha]);
    unmount = m.unmount;
    expect(m.screen()).toContain('Accounts (1)');
    expect(m.lines()[0]).toContain('alpha 1/1');
  });

  it('fits 80x24 with all three rows, the tables keeping theirs', async () => {
    const m = await mountDesk([alpha, beta, gamma], { columns: 80, rows: 24 });
    unmount = m.unmount;
    const lines = m.lines();
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.filter((l) => /^[> ] (alpha|beta|gamma) /.test(l))).toHaveLength(3);
    expect(m.screen()).toContain('Open orders · alpha (2)');
    expect(m.screen()).toContain('qd-alpha-1');
  });
});

describe('a desk with more accounts than the overview has rows', () => {
  it('shows a window that keeps the selected row, and says how many are not shown', async () => {
    const many = Array.from({ length: 10 }, (_, i): DeskAccountFixture => ({ ...alpha, name: `acct${i}` }));
    const m = await mountDesk(many, { columns: 100, rows: 30 });
    unmount = m.unmount;
    const rows = () => m.lines().filter((l) => /^[> ] acct\d /.test(l));
    const shown = rows().length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(10);
    expect(m.screen()).toContain(`+${10 - shown} more · a/A or :acct`);
    expect(rows()[0]).toMatch(/^> acct0 /);
    await m.press(':', ...'acct acct8', KEY.enter);
    expect(rows().find((l) => l.startsWith('> '))).toMatch(/^> acct8 /);
    expect(rows()).toHaveLength(shown);
    await m.press('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A');
    expect(rows().find((l) => l.startsWith('> '))).toMatch(/^> acct9 /);
  });
});

/** Every line the panes take, as App.tsx stacks them. */
const linesUsed = (l: Layout) =>
  1 + (l.overviewRows > 0 ? l.overviewRows + 2 : 0) + 1 + l.statusRows + 1 + l.budgetRows + l.orderRows + 2 + l.protectionRows + l.lowerRows + 2 + (l.logRows > 0 ? l.logRows + 1 : 0) + 1 + l.barRows;

describe("the overview's rows in the layout", () => {
  it('never push the screen past its height, at any size from 60x16, for 1 to 12 accounts', () => {
    for (let rows = 16; rows <= 60; rows++)
      for (const columns of [60, 80, 100, 160])
        for (let accounts = 1; accounts <= 12; accounts++)
          for (const barRows of [1, 3]) {
            const base = { columns, rows, sockets: 3, pools: 3, barRows, protectionLines: 3 };
            const single = computeLayout(base);
            const desk = computeLayout({ ...base, accounts });
            const used = linesUsed(desk);
            // What a single session uses at this size is the bound (its tables keep a row each).
            expect(used, `${columns}x${rows}, ${accounts} accounts`).toBeLessThanOrEqual(Math.max(single.height, linesUsed(single)));
            expect(desk.orderRows).toBeGreaterThanOrEqual(1);
            expect(desk.lowerRows).toBeGreaterThanOrEqual(1);
            expect(desk.overviewRows).toBeLessThanOrEqual(accounts);
          }
  });

  it('gives three accounts their three rows at 80x24, and none on a terminal too short for one', () => {
    expect(computeLayout({ columns: 80, rows: 24, sockets: 2, pools: 2, barRows: 1, accounts: 3 }).overviewRows).toBe(3);
    expect(computeLayout({ columns: 60, rows: 16, sockets: 2, pools: 2, barRows: 1, accounts: 3 }).overviewRows).toBe(0);
  });

  it('at 60x16 the header still names the account and the tables do not overlap', async () => {
    const m = await mountDesk([alpha, beta, gamma], { columns: 60, rows: 16 });
    unmount = m.unmount;
    expect(m.lines()[0]).toContain('alpha 1/3');
    expect(m.lines().length).toBeLessThanOrEqual(15);
    expect(m.screen()).not.toContain('Accounts (3)');
    // As a single session's at this size: the order table's one row, not two panes drawn over each other.
    const at = m.lines().findIndex((l) => l.includes('Open orders · alpha (2)'));
    // Every row leads with its symbol; at 60 columns the order type is what leaves for it.
    expect(m.lines()[at + 1]).toMatch(/^> BTCUSDT +BUY +0\.010 +64100\.0 new/);
    expect(m.lines()[at + 2]).toMatch(/^─ Fills · alpha \(0\) ─/);
  });
});

describe('switching accounts', () => {
  it('a shows the next account in every pane; A the previous, wrapping around', async () => {
    const m = await desk();
    expect(m.lines()[0]).toMatch(/^ QUANTDECK +SIM +alpha 1\/3 +binance-usdm · sim-a · BTCUSDT/);
    await m.press('a');
    expect(m.lines()[0]).toMatch(/^ QUANTDECK +SIM +beta 2\/3 +bybit · sim-b · BTCUSDT .*dead-man 57s/);
    expect(m.screen()).toContain('Open orders · beta (1)');
    expect(m.screen()).toContain('qd-beta-1');
    expect(m.screen()).not.toContain('qd-alpha-1');
    expect(m.screen()).toContain('Positions · beta (1)');
    expect(m.screen()).toContain('Connection · beta');
    expect(m.lines().find((l) => l.startsWith('> '))).toMatch(/^> beta /);
    await m.press('A', 'A');
    // Its session's label is its name: said once, in the tag.
    expect(m.lines()[0]).toMatch(/^ QUANTDECK +TESTNET +gamma 3\/3 +bybit · BTCUSDT /);
    expect(m.screen()).toContain('Open orders · gamma (0)');
    await m.press('a');
    expect(m.lines()[0]).toMatch(/alpha 1\/3/);
  });

  it(':acct NAME selects that account; an unknown name names the closest and changes nothing', async () => {
    const m = await desk();
    await m.press(':', ...'acct gamma', KEY.enter);
    expect(m.lines()[0]).toContain('gamma 3/3');
    await m.press(':', ...'acct bta', KEY.enter);
    expect(m.screen()).toContain("no account 'bta' on this desk — did you mean beta?");
    expect(m.lines()[0]).toContain('gamma 3/3');
    await m.press(':', ...'acct b', KEY.tab, KEY.enter);
    expect(m.lines()[0]).toContain('beta 2/3');
  });

  it('keys act on the account shown, even typed in one run right after the switch', async () => {
    const m = await desk();
    await m.press('ac');
    expect(m.calls('beta')).toEqual([{ name: 'cancel', args: ['qd-beta-1'] }]);
    expect(m.calls('alpha')).toEqual([]);
    await m.press('A', 'c');
    expect(m.calls('alpha')).toEqual([{ name: 'cancel', args: ['qd-alpha-1'] }]);
  });

  it('an account not shown keeps folding its events: nothing is lost while another is on screen', async () => {
    const m = await desk();
    await m.press('a');
    await m.feed('alpha', { type: 'order', at: T0 + 1000, order: order({ clientOrderId: 'qd-alpha-3', price: '63900.0' }) });
    expect(m.screen()).not.toContain('qd-alpha-3');
    expect(m.lines().find((l) => l.slice(2).startsWith('alpha '))).toMatch(/ 3 +0\.00 +off$/);
    await m.press('A');
    expect(m.screen()).toContain('Open orders · alpha (3)');
    expect(m.screen()).toContain('qd-alpha-3');
  });

  it('a question the guard asks comes back on its own account, whatever is shown by then', async () => {
    const m = await desk();
    const beta = m.actions('beta');
    const place = beta.place.bind(beta);
    let answer: ((r: ActionResult) => void) | undefined;
    // beta's engine takes its time over the first send; the confirmed one it takes at once.
    beta.place = (ticket, options) => {
      void place(ticket, options);
      return options?.confirmed === true ? Promise.resolve({ ok: true, clientOrderId: 'qd-beta-9' }) : new Promise((r) => (answer = r));
    };
    await m.press('a', 'b', KEY.enter);
    await m.press('A');
    expect(m.lines()[0]).toContain('alpha 1/3');
    answer?.({ ok: false, confirm: true, error: 'This order is 40 % of the equity: send it?' });
    await until(() => m.screen().includes('40 % of the equity'), 'the guard question');
    await until(() => m.lines()[0]!.includes('beta 2/3'), 'beta back on screen');
    await m.press('y');
    expect(m.calls('beta').map((c) => [c.name, c.args[1]])).toEqual([
      ['place', undefined],
      ['place', { confirmed: true }],
    ]);
    expect(m.calls('alpha')).toEqual([]);
  });
});
