/**
 * The desk end to end in a real terminal (issue #20, docs/desk.md): `npm start -- --demo-desk` (three
 * local-venue accounts on two dialects, group `desk`) in a detached 160x50 tmux window, driven with
 * keys like a trader and read back from the screen: every overview row live; the selected account
 * switched with `a`/`A` and `:acct NAME`, the header and the panes' titles following; the selected
 * account's symbol switched with `:sym ETHUSDT` (header, Market pane and its quote, the ticket) and
 * back, the other accounts keeping theirs; a fan-out
 * limit buy to the group (`:fan desk`), one confirmation listing each account's own size, resting
 * on ALL THREE accounts (each row of the overview counts 1 open order, each account's Open orders
 * shows its own order in its own size and units); then `:group desk cancelall`, one confirmation,
 * and every account back to 0.
 *
 * The accounts' names, venues and sizing come from the demo desk's own plan (src/cli/desk-plan.ts),
 * so the test reads what the program starts. Every wait is a screen condition, never a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDesk } from '../../src/cli/desk-plan.js';
import * as D from '../../src/core/decimal.js';
import { needs } from '../support/system-program.js';
import { bestBid, bidIn, type CockpitRun, count, escaped, isLive, startCockpitRun, TMUX, typePriceAndSendIn } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

const plan = demoDesk({});
const GROUP = 'desk';
const accounts = plan.accounts.map((a) => ({ name: a.name, venue: a.venue, symbol: a.symbol, sizing: a.sizing }));
const [main, half, share] = accounts as [(typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0]];

/** One account's overview row: its connection word and its open-order count, or undefined when not on screen. */
function overviewRow(screen: string, name: string): { selected: boolean; connection: string; orders: number } | undefined {
  // "> bin-main  binance-usdm SIM     ● live   …   100000.00   0.0%      1        0.00 45s"
  const m = new RegExp(`^([> ]) ${escaped(name)}\\s+.*?[●◌○×] (\\S+).*?\\s(?:-?[\\d.]+%|—)\\s+(\\d+)\\s`, 'm').exec(screen);
  return m === null ? undefined : { selected: m[1] === '>', connection: m[2]!, orders: Number(m[3]) };
}

const allRows = (screen: string, check: (row: { connection: string; orders: number }) => boolean) =>
  accounts.every(({ name }) => {
    const row = overviewRow(screen, name);
    return row !== undefined && check(row);
  });

/**
 * The selected account shown everywhere: the header names it with its place on the desk, its venue
 * and symbol ("bin-half 2/3  binance-usdm · BTCUSDT"), its overview row alone marked, the panes' titles.
 */
function showsAccount(screen: string, i: number, symbol = accounts[i]!.symbol): boolean {
  const { name, venue } = accounts[i]!;
  const header = screen.split('\n')[0] ?? '';
  return (
    header.includes(`${name} ${i + 1}/${accounts.length}`) &&
    new RegExp(`\\b${escaped(venue)} · ${escaped(symbol)}\\b`).test(header) &&
    overviewRow(screen, name)?.selected === true &&
    accounts.every((a) => a.name === name || overviewRow(screen, a.name)?.selected === false) &&
    screen.includes(`Connection · ${name} `) &&
    new RegExp(`Open orders · ${escaped(name)} \\(\\d+\\)`).test(screen) &&
    new RegExp(`Fills · ${escaped(name)} \\(\\d+\\)`).test(screen) &&
    new RegExp(`Positions · ${escaped(name)} \\(\\d+\\)`).test(screen) &&
    screen.includes(`Market ${symbol} `)
  );
}

/** The bottom lines joined: a question ink wrapped over two rows reads as one. */
const joined = (screen: string) => screen.replace(/\s*\n\s*/g, ' ');

describe.runIf(hasTmux)('desk end to end in tmux: --demo-desk (SIM)', () => {
  let run: CockpitRun;
  /** Each account's order of the fan-out, as the confirmation sized it: qty, unit, price. */
  const sized = new Map<string, { qty: string; unit: string; price: string }>();

  beforeAll(() => {
    run = startCockpitRun('e2e-desk', ['--demo-desk'], { columns: 160, rows: 50 });
  });
  afterAll(() => run?.close());

  /** Types `:LINE`, waits until the screen shows it, presses Enter. */
  async function command(line: string): Promise<void> {
    run.tty.type(`:${line}`);
    await run.tty.waitFor(`:${line} typed`, (s) => s.includes(`:${line}`));
    run.tty.press('Enter');
  }

  it('starts the three accounts of the demo desk and shows every overview row live', async () => {
    const { tty } = run;
    expect(accounts).toHaveLength(3);
    expect(plan.groups[GROUP]).toEqual(accounts.map((a) => a.name));
    // Two dialects: the first two accounts share one venue, the third is on another.
    expect(half.venue).toBe(main.venue);
    expect(share.venue).not.toBe(main.venue);
    await tty.waitFor('the first frame, marked SIM', (s) => s.includes('QUANTDECK') && s.includes(' SIM '), 60_000);
    const live = await tty.waitFor(
      'all three overview rows live and the selected account trading',
      (s) => s.includes(`Accounts (${accounts.length})`) && allRows(s, (r) => r.connection === 'live' && r.orders === 0) && isLive(s),
      90_000,
    );
    expect(showsAccount(live, 0)).toBe(true);
    expect(live).not.toMatch(/did not start|Error|TypeError|at .*\.tsx?:\d+/);
  }, 180_000);

  it('switches the account with a / A and :acct NAME: the header, the overview mark and every pane title follow', async () => {
    const { tty } = run;
    tty.type('a');
    await tty.waitFor(`${half.name} selected by a`, (s) => showsAccount(s, 1));
    // OKX's own market: the Market pane names the account's symbol.
    await command(`acct ${share.name}`);
    const okx = await tty.waitFor(`${share.name} selected by :acct`, (s) => showsAccount(s, 2) && isLive(s));
    expect(okx).toContain(`Market ${share.symbol}`);
    tty.type('A');
    await tty.waitFor(`${half.name} selected by A`, (s) => showsAccount(s, 1));
    // a wraps round from the last account to the first.
    await command(`acct ${share.name}`);
    await tty.waitFor(`${share.name} selected again`, (s) => showsAccount(s, 2));
    tty.type('a');
    await tty.waitFor(`${main.name} selected by a (wrapped round)`, (s) => showsAccount(s, 0) && isLive(s));
  });

  it(':sym ETHUSDT moves the selected account\'s ticket and Market pane to ETH, and no other account\'s; :sym back', async () => {
    const { tty } = run;
    const other = 'ETHUSDT';
    expect(other).not.toBe(main.symbol);
    const btcBid = await bidIn(tty);
    await command(`sym ${other}`);
    // ETH's own quote in the Market pane, not BTC's kept under a new title.
    const eth = await tty.waitFor(
      `${main.name} on ${other}, its quote in the Market pane`,
      (s) => showsAccount(s, 0, other) && isLive(s) && Math.abs(bestBid(s)! - btcBid) > btcBid * 0.1,
      30_000,
    );
    expect(eth).not.toContain(`Market ${main.symbol}`);
    tty.type('b');
    await tty.waitFor(`the ticket on ${other}`, (s) => new RegExp(`BUY\\s+${other} limit`).test(s));
    tty.press('Escape');
    await tty.waitFor('the ticket closed', (s) => !/BUY\s+\S+ limit/.test(s));
    // The symbol is the account's own: the half account still trades its venue's default.
    tty.type('a');
    await tty.waitFor(`${half.name} still on ${half.symbol}`, (s) => showsAccount(s, 1, half.symbol) && isLive(s));
    tty.type('A');
    await tty.waitFor(`${main.name} still on ${other}`, (s) => showsAccount(s, 0, other));
    await command(`sym ${main.symbol}`);
    await tty.waitFor(
      `${main.name} back on ${main.symbol}`,
      (s) => showsAccount(s, 0) && isLive(s) && Math.abs(bestBid(s)! - btcBid) < btcBid * 0.1,
      30_000,
    );
    tty.type('b');
    await tty.waitFor(`the ticket on ${main.symbol} again`, (s) => new RegExp(`BUY\\s+${main.symbol} limit`).test(s));
    tty.press('Escape');
    await tty.waitFor('the ticket closed', (s) => !/BUY\s+\S+ limit/.test(s));
  });

  it(':fan desk, then one limit buy: one question listing each account with its own size', async () => {
    const { tty } = run;
    await command(`fan ${GROUP}`);
    await tty.waitFor('the fan on', (s) => s.includes(`tickets go to group ${GROUP} (`));
    const names = accounts.map((a) => a.name).join(', ');
    tty.type('b');
    await tty.waitFor('the buy ticket sent to the group', (s) =>
      new RegExp(`BUY\\s+${escaped(main.symbol)} limit.*→ group ${GROUP} \\(3\\): ${escaped(names)}`).test(s),
    );
    tty.type('2'); // size preset 2
    await tty.waitFor('preset 2', (s) => /\(preset 2\)/.test(s));
    // 2 % under the bid: rests on both venues, inside their price bands.
    const price = String(Math.floor((await bidIn(tty)) * 0.98));
    await typePriceAndSendIn(tty, price);
    const asked = joined(
      await tty.waitFor('the one fan-out question', (s) => /Fan-out BUY .* send to 3 accounts\?/.test(joined(s)), 30_000),
    );
    // "bin-main 0.004 BTC · bin-half 0.002 BTC · okx-share 7.8 contracts": an account's price is
    // said only where its tick moved the group's ("… @ 63700.1").
    const list = /Fan-out BUY \S+ \S+ \S+ @ \S+ to desk: (.*?) — send to 3 accounts\?/.exec(asked)?.[1];
    expect(list, asked).toBeDefined();
    for (const part of list!.split(' · ')) {
      const m = /^(\S+) (\d+(?:\.\d+)?) (\S+)(?: @ (\d+(?:\.\d+)?))?$/.exec(part);
      expect(m, `a sized account in: ${part}`).not.toBeNull();
      sized.set(m![1]!, { qty: m![2]!, unit: m![3]!, price: m![4] ?? price });
    }
    expect([...sized.keys()]).toEqual(accounts.map((a) => a.name));
    for (const { price: p } of sized.values()) expect(D.cmp(p, price)).toBe(0);
    // Each its own size: the half account half the main one's, the OKX one in its contracts.
    const [m0, m1, m2] = accounts.map((a) => sized.get(a.name)!);
    expect(half.sizing).toEqual({ multiplier: '0.5' });
    expect(D.cmp(m1!.qty, D.mul(m0!.qty, '0.5'))).toBe(0);
    expect(m1!.unit).toBe(m0!.unit);
    expect(m2!.unit).toBe('contracts');
    expect(D.sign(m2!.qty)).toBe(1);
  });

  it('y sends it: each account\'s overview row counts 1 open order and each shows its own order', async () => {
    const { tty } = run;
    tty.type('y');
    const said = await tty.waitFor(
      'the fan-out sent to all three and every row at 1 open order',
      (s) => /fan-out BUY to desk: 3\/3 sent/.test(s) && allRows(s, (r) => r.orders === 1),
      30_000,
    );
    for (const { name } of accounts) expect(joined(said)).toMatch(new RegExp(`${escaped(name)} ✓ ${escaped(sized.get(name)!.qty)}`));
    // Off again, so that the later tickets (none here) are the selected account's alone.
    await command('fan off');
    await tty.waitFor('the fan off', (s) => s.includes('tickets go to the selected account only'));
    for (const [i, { name }] of accounts.entries()) {
      await command(`acct ${name}`);
      const { qty, price } = sized.get(name)!;
      // "> BUY  LMT      0.002     63700.0     0.000 new" — its own size, the group's price, acknowledged.
      const row = new RegExp(`BUY\\s+LMT\\s+${escaped(qty)}\\s+${escaped(price.replace(/\.?0+$/, ''))}\\.?0*\\s+\\S+\\s+new\\b`);
      const shown = await tty.waitFor(`${name}'s own order in Open orders`, (s) => showsAccount(s, i) && count(s, `Open orders · ${name}`) === 1 && row.test(s));
      expect(count(shown, `Open orders · ${name}`)).toBe(1);
    }
  });

  it(':group desk cancelall asks once listing the accounts, and y leaves every account with 0 open orders', async () => {
    const { tty } = run;
    await command(`group ${GROUP} cancelall`);
    const asked = joined(await tty.waitFor('the group cancel-all question', (s) => /Cancel ALL open orders on desk .*\?\s+y = yes/.test(joined(s))));
    expect(asked).toContain(`Cancel ALL open orders on ${GROUP} (3 accounts): ${accounts.map((a) => `${a.name} 1 open`).join(' · ')}`);
    tty.type('y');
    const done = await tty.waitFor(
      'every account back to 0 open orders',
      (s) => /cancel all on desk: 3\/3 sent/.test(s) && allRows(s, (r) => r.orders === 0),
      30_000,
    );
    expect(allRows(done, (r) => r.connection === 'live')).toBe(true);
    // The selected account's own pane agrees with its row.
    const last = accounts.at(-1)!.name;
    await tty.waitFor(`${last}'s Open orders empty`, (s) => count(s, `Open orders · ${last}`) === 0);
  });
});
