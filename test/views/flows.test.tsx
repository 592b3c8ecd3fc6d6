import { afterEach, describe, expect, it } from 'vitest';
import type { OrderTicket } from '../../src/store/actions.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { balance, fill, liveSession, order, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const bottom = (mm: Mounted, n = 3) => mm.lines().slice(-n).join('\n');
const withOrders = (): EngineEvent[] => [
  ...liveSession(),
  { type: 'order', at: T0, order: order({ clientOrderId: 'qd-old', createdAt: T0 - 5000 }) },
  {
    type: 'order',
    at: T0,
    order: order({ clientOrderId: 'qd-new', side: 'sell', price: '64300.0', createdAt: T0 }),
  },
];

describe('order ticket, key by key', () => {
  it('b opens a limit buy at the best bid; presets, ticks and Enter send exactly that', async () => {
    m = await mount(liveSession());
    await m.press('b');
    expect(bottom(m)).toMatch(/BUY\s+BTCUSDT limit size 0\.001 BTC \(preset 1\) price 64210\.1/);
    expect(bottom(m)).toContain('ok to send');
    await m.press('3', KEY.up, '+', KEY.down, KEY.right);
    expect(bottom(m)).toMatch(/size 0\.005 BTC \(preset 3\) price 64211\.2 \(price fixed\)/);
    await m.press(KEY.left, '-');
    expect(bottom(m)).toContain('price 64210.1');
    expect(m.actions.calls).toEqual([]);
    await m.press(KEY.enter);
    expect(m.actions.calls).toEqual([
      {
        name: 'place',
        args: [
          {
            symbol: 'BTCUSDT',
            side: 'buy',
            type: 'limit',
            qty: '0.005',
            price: '64210.1',
            reduceOnly: false,
            postOnly: false,
          },
        ],
      },
    ]);
    expect(bottom(m, 1)).toContain('BUY 0.005 BTC BTCUSDT @ 64210.1: sent (qd-test-1)');
  });

  it('s opens a sell at the best ask; m makes it market, r reduce-only against a long', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'positions', at: T0, snapshot: true, positions: [position()] },
    ]);
    await m.press('s', 'm', 'r');
    expect(bottom(m)).toMatch(/SELL\s+BTCUSDT market size 0\.001 BTC \(preset 1\) price MARKET\s+REDUCE-ONLY/);
    await m.press(KEY.enter);
    const ticket = m.actions.calls[0]?.args[0] as OrderTicket;
    expect(ticket).toEqual({
      symbol: 'BTCUSDT',
      side: 'sell',
      type: 'market',
      qty: '0.001',
      reduceOnly: true,
      postOnly: false,
    });
  });

  it('Esc closes the ticket and sends nothing', async () => {
    m = await mount(liveSession());
    await m.press('b', '2', KEY.escape);
    expect(bottom(m, 1)).toContain('ticket closed, nothing sent');
    await m.press('s', 'q');
    expect(m.actions.calls).toEqual([]);
  });

  it('a zero size gets a message in the ticket, never a request', async () => {
    m = await mount(liveSession());
    await m.press('b', 'z', '0', KEY.enter);
    expect(bottom(m)).toContain('limit size 0 BTC price 64210.1');
    await m.press(KEY.enter);
    expect(bottom(m)).toContain('✗ size must be more than 0');
    expect(m.actions.calls).toEqual([]);
  });

  it('a price off the tick gets a message, never a request', async () => {
    m = await mount(liveSession());
    await m.press('b', 'p', '6', '4', '2', '0', '0', '.', '0', '5', KEY.enter);
    expect(bottom(m)).toContain('price 64200.05');
    expect(bottom(m)).toContain('! price 64200.05 is off the 0.10 tick');
    await m.press(KEY.enter);
    expect(bottom(m)).toContain('✗ price 64200.05 is off the 0.10 tick');
    expect(m.actions.calls).toEqual([]);
  });

  it('more than the balance allows gets a message, never a request', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'balances', at: T0, snapshot: true, balances: [balance({ available: '100' })] },
    ]);
    await m.press('b', '5', KEY.enter);
    expect(bottom(m)).toContain('✗ needs 1284.21 USDT margin at 1x (assumed');
    expect(m.actions.calls).toEqual([]);
    // Still too big: still refused.
    await m.press('z', '0', '.', '0', '0', '2', KEY.enter, KEY.enter);
    expect(bottom(m)).toContain('✗ needs 128.43 USDT margin at 1x (assumed');
    expect(m.actions.calls).toEqual([]);
    // A smaller size that fits goes through.
    await m.press('z', '0', '.', '0', '0', '1', KEY.enter);
    expect(bottom(m)).toMatch(/size 0\.001 BTC price 64210\.1 .*\nok to send/);
    await m.press(KEY.enter);
    expect(m.actions.calls.map((c) => c.name)).toEqual(['place']);
    expect((m.actions.calls[0]!.args[0] as OrderTicket).qty).toBe('0.001');
  });

  it('typing: Backspace erases, Esc drops what was typed and keeps the old value', async () => {
    m = await mount(liveSession());
    await m.press('b', 'z', '9', '9', KEY.backspace);
    expect(bottom(m)).toMatch(/size 9▌/);
    await m.press(KEY.escape);
    // Still in the ticket, the size as it was before typing; a second Esc closes the ticket.
    expect(bottom(m)).toMatch(/BUY\s+BTCUSDT limit size 0\.001 BTC \(preset 1\)/);
    expect(bottom(m)).not.toContain('▌');
    await m.press(KEY.escape);
    expect(bottom(m)).not.toMatch(/BUY\s+BTCUSDT limit/);
    expect(m.actions.calls).toEqual([]);
  });

  it('keys that arrive in one chunk (a paste, tmux send-keys) act one by one', async () => {
    m = await mount(liveSession());
    await m.press(`b2${KEY.enter}`);
    expect(m.actions.calls.map((c) => c.name)).toEqual(['place']);
    expect((m.actions.calls[0]!.args[0] as OrderTicket).qty).toBe('0.002');
  });
});

describe('guarded keys while the account is not live', () => {
  const down: EngineEvent = {
    type: 'connection',
    at: T0 + 1000,
    socket: 'user',
    role: 'account',
    state: 'reconnecting',
    attempt: 3,
    nextRetryAt: T0 + 9000,
  };

  it('b, c, C, X and D do nothing and say why; R still works', async () => {
    m = await mount([
      ...withOrders(),
      { type: 'positions', at: T0, snapshot: true, positions: [position()] },
      down,
    ]);
    for (const k of ['b', 'c', 'C', 'X', 'D']) {
      await m.press(k);
      expect(bottom(m, 1)).toContain('refused, account not live: user socket reconnecting (attempt 3)');
      await m.press(KEY.escape);
    }
    expect(m.actions.calls).toEqual([]);
    await m.press('R');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['reconnect']);
  });

  it('an open ticket refuses to send when the account drops meanwhile', async () => {
    m = await mount(liveSession());
    await m.press('b');
    await m.feed(down);
    await m.press(KEY.enter);
    expect(bottom(m)).toContain('✗ not sent: account not live: user socket reconnecting (attempt 3)');
    expect(m.actions.calls).toEqual([]);
  });

  it('a ban refuses orders too', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'budget', at: T0, state: 'banned', until: T0 + 60_000, pools: [] },
    ]);
    await m.press('b');
    expect(bottom(m, 1)).toContain('refused, rate budget: banned by the venue');
  });
});

describe('confirmations', () => {
  it('C then y cancels all; C then anything else cancels nothing', async () => {
    m = await mount(withOrders());
    await m.press('C');
    expect(bottom(m, 1)).toContain('Cancel ALL 2 open orders?');
    expect(bottom(m, 1)).toContain('y = yes, any other key = no');
    await m.press(KEY.enter);
    expect(bottom(m, 1)).toContain('cancelled — nothing was sent');
    await m.press('C', 'n');
    await m.press('C', KEY.escape);
    expect(m.actions.calls).toEqual([]);
    await m.press('C', 'y');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['cancelAll']);
  });

  it('X then y flattens; the question names side and size', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '-0.020' })] },
    ]);
    await m.press('X');
    expect(bottom(m, 1)).toContain('Flatten BTCUSDT: BUY 0.020 BTC at market, reduce-only?');
    await m.press('Y');
    expect(m.actions.calls).toEqual([]);
    await m.press('X', 'y');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['flatten']);
  });

  it('C and X without orders or position say so instead of asking', async () => {
    m = await mount(liveSession());
    await m.press('C');
    expect(bottom(m, 1)).toContain('no open orders to cancel');
    await m.press('X');
    expect(bottom(m, 1)).toContain('no BTCUSDT position to flatten');
    expect(m.actions.calls).toEqual([]);
  });

  it('c cancels the selected order (marked >); j/k move the selection', async () => {
    m = await mount(withOrders());
    expect(m.lines().filter((l) => l.startsWith('> '))).toEqual([expect.stringContaining('qd-new')]);
    await m.press('c');
    await m.press('j', 'c', 'j', 'c', 'k', 'k', 'c');
    expect(m.actions.calls.map((c) => c.args[0])).toEqual(['qd-new', 'qd-old', 'qd-old', 'qd-new']);
  });
});

describe('quitting', () => {
  it(':q Enter quits at once with no open orders', async () => {
    m = await mount(liveSession());
    await m.press(':', 'q');
    expect(bottom(m, 1)).toContain(':q▌');
    await m.press(KEY.enter);
    expect(m.quits()).toBe(1);
  });

  it('with open orders, :q and Ctrl-C ask first; no keeps running, y or a second Ctrl-C quits', async () => {
    m = await mount(withOrders());
    await m.press(':', 'q', KEY.enter);
    expect(bottom(m, 1)).toContain("Quit? 2 orders stay resting; dead-man's switch is OFF");
    await m.press('n');
    expect(bottom(m, 1)).toContain('not quitting');
    expect(m.quits()).toBe(0);
    await m.press(KEY.ctrlC);
    expect(bottom(m, 1)).toContain('Quit? 2 orders stay resting');
    await m.press(KEY.ctrlC);
    expect(m.quits()).toBe(1);
  });

  it('an unknown command says so', async () => {
    m = await mount(liveSession());
    await m.press(':', 'w', KEY.enter);
    expect(bottom(m, 1)).toContain("no command ':w' — did you mean");
  });
});

describe('overlays and SIM keys', () => {
  it('f opens the faults menu; a number injects that fault', async () => {
    m = await mount(liveSession());
    await m.press('f');
    expect(m.screen()).toContain('Faults (SIM)');
    expect(m.screen()).toMatch(/1\s+drop-socket/);
    await m.press('3');
    expect(m.actions.calls).toEqual([{ name: 'injectFault', args: ['drop-order-response'] }]);
    await m.press('f', 'j', 'j', 'j', KEY.enter);
    expect(m.actions.calls[1]).toEqual({ name: 'injectFault', args: ['rate-limit-storm'] });
    await m.press('f', 'q');
    expect(m.screen()).toContain('Open orders');
  });

  it('v switches the regime between calm and volatile', async () => {
    m = await mount(liveSession());
    await m.press('v');
    expect(m.actions.calls).toEqual([{ name: 'setRegime', args: ['volatile'] }]);
    await m.feed({ type: 'sim', at: T0, regime: 'volatile', activeFaults: [] });
    await m.press('v');
    expect(m.actions.calls[1]).toEqual({ name: 'setRegime', args: ['calm'] });
  });

  it('f and v are refused outside SIM, saying so', async () => {
    const testnet = liveSession().map(
      (e): EngineEvent => (e.type === 'session' ? { ...e, env: 'testnet' } : e),
    );
    m = await mount(testnet, { sim: false });
    expect(m.screen()).toContain('TESTNET');
    await m.press('f');
    expect(bottom(m, 1)).toContain('f: SIM only (this session trades against testnet)');
    await m.press('v');
    expect(m.actions.calls).toEqual([]);
  });

  it('l opens the log view and k scrolls back', async () => {
    const logs: EngineEvent[] = [];
    for (let i = 0; i < 60; i++) logs.push({ type: 'log', at: T0, level: 'info', text: `line ${i}` });
    m = await mount([...liveSession(), ...logs], { rows: 24, columns: 80 });
    await m.press('l');
    expect(m.screen()).toContain('line 59');
    await m.press('k', 'k', 'k');
    const body = m.lines().slice(1, -2).join('\n');
    expect(body).not.toContain('line 59');
    expect(body).toContain('line 56');
    expect(body).toContain('3 newer below');
    await m.press(KEY.escape);
    expect(m.screen()).toContain('Open orders');
  });

  // Focus decides what j/k move, and `c` acts only while Open orders has it (the '>' row), so
  // each step is judged by that. Open orders list qd-new then qd-old; the fills
  // pane lists its rows newest first (fill-3 … fill-1), the positions pane ETHUSDT then SOLUSDT.
  const focusScene = (): EngineEvent[] => [
    ...withOrders(),
    ...[1, 2, 3].map((n) => ({
      type: 'fill' as const,
      at: T0 + n,
      fill: fill(n, { clientOrderId: `fill-${n}` }),
    })),
    {
      type: 'positions',
      at: T0,
      snapshot: true,
      positions: [position({ symbol: 'ETHUSDT' }), position({ symbol: 'SOLUSDT', qty: '0.500' })],
    },
  ];
  const fillsTop = (mm: Mounted) => /fill-(\d)/.exec(mm.screen())?.[1];
  const positionsShow = (mm: Mounted, symbol: string) => mm.screen().includes(symbol);

  it('Tab moves focus orders → fills → positions → orders; j then moves what has focus', async () => {
    m = await mount(focusScene());
    expect(fillsTop(m)).toBe('3');
    await m.press(KEY.tab, 'j');
    expect(fillsTop(m), 'j after one Tab scrolls the fills').toBe('2');
    await m.press('c');
    expect(m.actions.calls, 'c with Fills focused cancels nothing').toEqual([]);
    await m.press(KEY.tab, 'j');
    expect(fillsTop(m), 'j after two Tabs leaves the fills alone').toBe('2');
    expect(positionsShow(m, 'ETHUSDT'), 'j after two Tabs scrolls the positions').toBe(false);
    expect(positionsShow(m, 'SOLUSDT')).toBe(true);
    await m.press(KEY.tab, 'j', 'c');
    expect(m.actions.calls.map((c) => c.args[0]), 'three Tabs: back on the orders').toEqual(['qd-old']);
  });

  it('Shift-Tab moves focus the other way: orders → positions → fills → orders', async () => {
    m = await mount(focusScene());
    await m.press(KEY.shiftTab, 'j');
    expect(positionsShow(m, 'ETHUSDT'), 'j after one Shift-Tab scrolls the positions').toBe(false);
    expect(fillsTop(m)).toBe('3');
    await m.press('c');
    expect(m.actions.calls, 'c with Positions focused cancels nothing').toEqual([]);
    await m.press(KEY.shiftTab, 'j');
    expect(fillsTop(m), 'j after two Shift-Tabs scrolls the fills').toBe('2');
    await m.press(KEY.shiftTab, 'j', 'c');
    expect(m.actions.calls.map((c) => c.args[0])).toEqual(['qd-old']);
  });
});
