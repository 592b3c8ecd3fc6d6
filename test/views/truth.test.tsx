// The cockpit tells the truth: what is selected, what the venue refused, what the ticket will
// send and at what price, what a quit leaves behind, and what the command line knows.
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/core/types.js';
import type { OrderTicket } from '../../src/store/actions.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { BTC, balance, liveSession, order, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const bottom = (mm: Mounted, n = 3) => mm.lines().slice(-n).join('\n');
const twoOrders = (): EngineEvent[] => [
  ...liveSession(),
  { type: 'order', at: T0, order: order({ clientOrderId: 'qd-old', createdAt: T0 - 5000 }) },
  { type: 'order', at: T0, order: order({ clientOrderId: 'qd-new', side: 'sell', price: '64300.0', createdAt: T0 }) },
];

describe('selection: c acts only on the visibly selected row', () => {
  it('with Positions focused, c cancels nothing and says how to select; no row carries the > mark', async () => {
    m = await mount(twoOrders());
    await m.press(KEY.tab, KEY.tab);
    expect(m.lines().filter((l) => l.startsWith('> '))).toEqual([]);
    await m.press('c');
    expect(m.actions.calls).toEqual([]);
    expect(bottom(m, 1)).toContain('no order selected: Tab to Open orders');
    await m.press(KEY.tab, 'j', 'c');
    const marked = m.lines().filter((l) => l.startsWith('> '));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('qd-old');
    expect(m.actions.calls).toEqual([{ name: 'cancel', args: ['qd-old'] }]);
  });
});

describe('the message line follows the order to its outcome', () => {
  const send = async (mm: Mounted) => {
    await mm.press('b', 'p', '6', '0', '0', '0', '0', KEY.enter, KEY.enter);
    expect(mm.actions.calls.map((c) => c.name)).toEqual(['place']);
  };

  it('a refusal is shown in full, in words, and stays until Esc', async () => {
    m = await mount(liveSession());
    await send(m);
    await m.feed({
      type: 'order',
      at: T0 + 3100,
      order: order({
        clientOrderId: 'qd-test-1',
        price: '60000.0',
        qty: '0.001',
        state: 'rejected',
        reason: "Limit price can't be lower than 61392.52.",
        updatedAt: T0 + 3100,
      }),
    });
    const refusal = "✗ REFUSED by the venue: Limit price can't be lower than 61392.52.";
    expect(bottom(m, 1)).toContain(refusal);
    expect(bottom(m, 1)).not.toContain('sent');
    await m.tickTo(T0 + 120_000);
    expect(bottom(m, 1)).toContain(refusal);
    await m.press(KEY.escape);
    expect(bottom(m, 1)).not.toContain('REFUSED');
  });

  it('the refusal reason survives an 80-column line (what was sent drops first)', async () => {
    m = await mount(liveSession(), { columns: 80, rows: 24 });
    await send(m);
    await m.feed({
      type: 'order',
      at: T0 + 3100,
      order: order({ clientOrderId: 'qd-test-1', state: 'rejected', reason: "Limit price can't be lower than 61392.52.", updatedAt: T0 + 3100 }),
    });
    expect(bottom(m, 1)).toContain("Limit price can't be lower than 61392.52.");
  });

  it('sent → accepted, and held by a rate limit with the wait', async () => {
    m = await mount(liveSession());
    await send(m);
    await m.feed({ type: 'order', at: T0 + 3000, order: order({ clientOrderId: 'qd-test-1', state: 'pending_new', updatedAt: T0 + 3000 }) });
    expect(bottom(m, 1)).toContain('sent, waiting for the venue');
    await m.feed({ type: 'budget', at: T0 + 3000, state: 'banned', until: T0 + 15_000, pools: [] });
    expect(bottom(m, 1)).toMatch(/held — the venue banned us, sending in 12s/);
    await m.feed(
      { type: 'budget', at: T0 + 3000, state: 'normal', pools: [] },
      { type: 'order', at: T0 + 3050, order: order({ clientOrderId: 'qd-test-1', state: 'new', updatedAt: T0 + 3050 }) },
    );
    expect(bottom(m, 1)).toContain('accepted, resting on the book');
  });
});

describe('the ticket sizes from the loaded instrument', () => {
  it('says "loading instrument" before the rules arrive, and never sends a size it cannot check', async () => {
    const session = liveSession().map((e) => (e.type === 'session' ? { ...e, instrument: undefined } : e)) as EngineEvent[];
    m = await mount(session);
    await m.press('b');
    expect(bottom(m)).toContain('loading instrument');
    await m.press(KEY.enter);
    expect(m.actions.calls).toEqual([]);
    // The rules arrive while the ticket is open: preset 1 is now the venue's minimum.
    await m.feed(liveSession()[0]!);
    expect(bottom(m)).toMatch(/size 0\.001 BTC \(preset 1\)/);
    expect(bottom(m)).toContain('ok to send');
  });

  it('a minimum order value (Hyperliquid: $10) sizes preset 1 at the ticket price', async () => {
    const hl: Instrument = { ...BTC, symbol: 'BTC', quote: 'USDC', stepSize: '0.00001', minQty: '0.00001', minNotional: '10', tickSize: '1' };
    // The ticker is the session symbol's: the ticket reads that one only.
    const events = liveSession().map((e) => (e.type === 'session' ? { ...e, venue: 'hyperliquid', symbol: 'BTC', instrument: hl } : e.type === 'ticker' ? { ...e, symbol: 'BTC' } : e)) as EngineEvent[];
    m = await mount(events);
    await m.press('b', KEY.enter);
    const sent = m.actions.calls[0]?.args[0] as OrderTicket;
    // 10 / 64210 = 0.0001557… → 0.00016 on the step: worth 10.27, not under the minimum.
    expect(sent.qty).toBe('0.00016');
  });

  it('OKX counts contracts: the size says so and the value uses the contract size', async () => {
    const okx: Instrument = { ...BTC, symbol: 'BTC-USDT-SWAP', stepSize: '0.01', minQty: '0.01', minNotional: '0', contractSize: '0.01' };
    const events = liveSession().map((e) => (e.type === 'session' ? { ...e, venue: 'okx', symbol: 'BTC-USDT-SWAP', instrument: okx } : e.type === 'ticker' ? { ...e, symbol: 'BTC-USDT-SWAP' } : e)) as EngineEvent[];
    m = await mount(events);
    await m.press('b');
    expect(bottom(m)).toMatch(/size 0\.01 contracts \(preset 1\)/);
    // 0.01 contracts × 0.01 BTC × 64210.1
    expect(bottom(m)).toContain('value 6.42 USDT');
  });
});

describe("the margin check uses the account's leverage for the symbol", () => {
  const poor = (): EngineEvent[] => [
    ...liveSession(),
    { type: 'balances', at: T0, snapshot: true, balances: [balance({ available: '100' })] },
  ];
  const leverage = (value: string): EngineEvent => ({
    type: 'leverage',
    at: T0,
    leverage: { symbol: 'BTCUSDT', leverage: value, marginMode: 'cross' },
  });

  it('at the venue\'s 5x the margin is a fifth, and the check names 5x', async () => {
    m = await mount([...poor(), leverage('5')]);
    await m.press('b', '5', KEY.enter);
    expect(m.screen()).toContain('✗ needs 256.85 USDT margin at 5x, 100.00 available (156.85 short)');
    expect(m.actions.calls).toEqual([]);
  });

  it('at 20x the same order fits and is sent; the ticket shows its margin at 20x', async () => {
    m = await mount([...poor(), leverage('20')]);
    await m.press('b', '5');
    expect(m.screen()).toContain('ok to send');
    expect(m.screen()).toContain('margin 64.22 USDT at 20x');
    await m.press(KEY.enter);
    expect(m.actions.calls.map((c) => c.name)).toEqual(['place']);
  });

  it("the account's leverage wins over a position's older one; unknown, it says 1x is assumed", async () => {
    m = await mount([...poor(), { type: 'positions', at: T0, snapshot: true, positions: [position({ leverage: '50' })] }, leverage('5')]);
    await m.press('b', '5', KEY.enter);
    expect(m.screen()).toContain('margin at 5x');
    m.unmount();
    m = await mount(poor());
    await m.press('b', '5', KEY.enter);
    expect(m.screen()).toContain("margin at 1x (assumed: the account's leverage is not read yet)");
  });
});

describe('the ticket price follows the book until touched', () => {
  it('follows the bid, then stays once moved ("price fixed"), and warns when it crosses', async () => {
    m = await mount(liveSession());
    await m.press('b');
    expect(bottom(m)).toContain('price 64210.1 (price follows the bid)');
    await m.feed({ type: 'ticker', at: T0 + 3000, symbol: 'BTCUSDT', bid: '64150.0', ask: '64150.1', last: '64150.0' });
    expect(bottom(m)).toContain('price 64150.0 (price follows the bid)');
    expect(bottom(m)).toContain('value 64.15 USDT');
    await m.press(KEY.up);
    expect(bottom(m)).toContain('price 64150.1 (price fixed)');
    await m.feed({ type: 'ticker', at: T0 + 3500, symbol: 'BTCUSDT', bid: '64076.6', ask: '64076.7', last: '64076.6' });
    expect(bottom(m)).toContain('price 64150.1 (price fixed)');
    expect(bottom(m)).toContain('crosses the ask by 73.4 — taker');
    await m.press(KEY.enter);
    expect((m.actions.calls[0]!.args[0] as OrderTicket).price).toBe('64150.1');
  });

  it('an untouched ticket sends the book price of the moment, not the one it opened at', async () => {
    m = await mount(liveSession());
    await m.press('b');
    await m.feed({ type: 'ticker', at: T0 + 3000, symbol: 'BTCUSDT', bid: '64916.4', ask: '64916.5', last: '64916.4' });
    await m.press(KEY.enter);
    expect((m.actions.calls[0]!.args[0] as OrderTicket).price).toBe('64916.4');
  });
});

describe('quit says what it leaves behind, and the exit does that', () => {
  it('open orders with the dead-man armed: it stays armed and the venue cancels them', async () => {
    m = await mount([...twoOrders(), { type: 'deadman', at: T0, armed: true, deadline: T0 + 60_000, timeoutMs: 60_000 }]);
    await m.press(KEY.ctrlC);
    expect(bottom(m, 1)).toContain('Quit? 2 orders stay resting; dead-man stays armed: the venue cancels them within 1m00s.');
    await m.press('y');
    expect(m.plans()).toEqual([{ deadman: 'leave-armed' }]);
  });

  it('a position with no orders asks too, and names it', async () => {
    m = await mount([...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '-0.002' })] }]);
    await m.press(KEY.ctrlC);
    expect(m.quits()).toBe(0);
    expect(bottom(m, 1)).toContain('Quit? BTCUSDT short 0.002 stays open; nothing closes it.');
    await m.press('y');
    expect(m.plans()).toEqual([{ deadman: 'disarm' }]);
  });
});

describe('D asks before disarming the dead-man', () => {
  it('disarming needs y; arming does not', async () => {
    m = await mount([...liveSession(), { type: 'deadman', at: T0, armed: true, deadline: T0 + 60_000, timeoutMs: 60_000 }]);
    await m.press('D');
    expect(bottom(m, 2)).toContain("Disarm the dead-man's switch?");
    expect(bottom(m, 1)).toContain('y = yes');
    expect(m.actions.calls).toEqual([]);
    await m.press('n');
    expect(m.actions.calls).toEqual([]);
    await m.press('D', 'y');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['toggleDeadman']);
  });

  it('the header keeps its width as the countdown shrinks', async () => {
    m = await mount([...liveSession(), { type: 'deadman', at: T0, armed: true, deadline: T0 + 63_000, timeoutMs: 60_000 }]);
    const at = (s: string) => s.split('\n')[0]!.indexOf('? help');
    const before = at(m.screen());
    await m.tickTo(T0 + 55_000);
    expect(m.screen().split('\n')[0]).toMatch(/dead-man 8s/);
    expect(at(m.screen())).toBe(before);
  });
});

describe('command line', () => {
  it(':help lists the commands; Tab completes; an unknown command suggests the nearest', async () => {
    m = await mount(liveSession());
    await m.press(':', 'h', 'e', KEY.tab);
    expect(bottom(m, 1)).toContain(':help ▌');
    await m.press(KEY.enter);
    expect(m.screen()).toContain('Commands');
    expect(m.screen()).toMatch(/:quit :q/);
    await m.press('q', ':', 'q', 'u', 'i', 't', 't', KEY.enter);
    expect(bottom(m, 1)).toContain("no command ':quitt' — did you mean :quit?");
  });

  const type = (mm: Mounted, line: string) => mm.press(':', ...line.split(''), KEY.enter);

  it(':buy SIZE PRICE opens the ticket filled in (price fixed); only Enter sends it, as typed', async () => {
    m = await mount(liveSession());
    await type(m, 'buy 0.002 64000.0');
    expect(m.screen()).toMatch(/size 0\.002 BTC price 64000\.0/);
    expect(m.screen()).toContain('price fixed');
    expect(m.actions.calls).toEqual([]);
    await m.press(KEY.enter);
    expect(m.actions.calls).toHaveLength(1);
    expect(m.actions.calls[0]!.args[0]).toMatchObject({ side: 'buy', type: 'limit', qty: '0.002', price: '64000' });
  });

  it(':sell SIZE mkt is a market ticket; a value that is not a number opens nothing and says why', async () => {
    m = await mount(liveSession());
    await type(m, 'sell 0.001 mkt');
    await m.press(KEY.enter);
    expect(m.actions.calls[0]!.args[0]).toMatchObject({ side: 'sell', type: 'market', qty: '0.001' });
    await type(m, 'buy 0.0x');
    expect(bottom(m, 1)).toContain("size '0.0x' is not a number — :buy [SIZE] [PRICE|mkt]");
    expect(m.screen()).not.toContain('ok to send');
    expect(m.actions.calls).toHaveLength(1);
  });

  it(':cancel ID cancels the order whose id ends so, marking it selected; an unknown id cancels nothing', async () => {
    m = await mount(twoOrders());
    await type(m, 'cancel nope');
    expect(bottom(m, 1)).toContain("no open order 'nope'");
    expect(m.actions.calls).toEqual([]);
    await type(m, 'cancel old');
    expect(m.actions.calls).toEqual([{ name: 'cancel', args: ['qd-old'] }]);
    expect(m.lines().filter((l) => l.startsWith('> '))[0]).toContain('qd-old');
  });

  it(':cancelall and :flatten ask first, as C and X do; y does it', async () => {
    m = await mount([...twoOrders(), { type: 'positions', at: T0, snapshot: true, positions: [position()] }]);
    await type(m, 'ca');
    expect(m.screen()).toContain('Cancel ALL 2 open orders?');
    expect(m.actions.calls).toEqual([]);
    await m.press('y');
    await type(m, 'flatten');
    expect(m.screen()).toContain('Flatten BTCUSDT: SELL 0.010 BTC at market, reduce-only?');
    await m.press('n');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['cancelAll']);
  });

  it(':deadman off asks before disarming; :deadman on when armed says so; :reconnect and :lev reach the engine', async () => {
    m = await mount([...liveSession(), { type: 'deadman', at: T0, armed: true, deadline: T0 + 60_000, timeoutMs: 60_000 }]);
    await type(m, 'deadman on');
    expect(bottom(m, 1)).toContain("the dead-man's switch is already armed");
    await type(m, 'dm off');
    expect(m.screen()).toContain("Disarm the dead-man's switch?");
    await m.press('y');
    await type(m, 'reconnect');
    m.actions.reply = { ok: false, error: 'venue unreachable' };
    await type(m, 'lev');
    expect(bottom(m, 1)).toContain('leverage: not done — venue unreachable');
    expect(m.actions.calls.map((c) => c.name)).toEqual(['toggleDeadman', 'reconnect', 'readLeverage']);
  });

  it(':regime volatile steers the local venue; outside SIM it is refused like v', async () => {
    m = await mount(liveSession());
    await type(m, 'regime volatile');
    expect(m.actions.calls).toEqual([{ name: 'setRegime', args: ['volatile'] }]);
    m.unmount();
    m = await mount(liveSession().map((e) => (e.type === 'session' ? { ...e, env: 'testnet' as const } : e)));
    await type(m, 'regime volatile');
    expect(bottom(m, 1)).toContain('SIM only');
    expect(m.actions.calls).toEqual([]);
  });

  it(':help lists every command; Tab on a shared start shows the candidates', async () => {
    m = await mount(liveSession(), { rows: 60 });
    await type(m, 'help');
    for (const name of ['buy', 'sell', 'cancel', 'cancelall', 'flatten', 'close', 'reverse', 'reconnect', 'deadman', 'lev', 'regime', 'faults', 'log', 'help', 'quit'])
      expect(m.screen()).toContain(`:${name}`);
    await m.press('q', ':', 'c', KEY.tab);
    expect(m.screen()).toContain(':cancel  :cancelall  :close');
    await m.press('a', KEY.tab);
    expect(bottom(m, 1)).toContain(':cancel▌');
    await m.press('a', KEY.tab);
    expect(bottom(m, 1)).toContain(':cancelall ▌');
  });

  it('the hint bar shows how to quit, even at 60 columns', async () => {
    m = await mount(liveSession(), { columns: 60, rows: 20 });
    expect(bottom(m, 1)).toContain(':q quit');
    expect(bottom(m, 1)).toContain('? help');
  });
});

describe('log view', () => {
  it('G jumps back to the newest line after scrolling up', async () => {
    const events: EngineEvent[] = [...liveSession()];
    for (let n = 0; n < 80; n++) events.push({ type: 'log', at: T0 + n, level: 'info', text: `line ${n}` });
    m = await mount(events);
    await m.press('l', KEY.up, KEY.up, KEY.up);
    expect(m.screen()).toContain('3 newer below');
    await m.press('G');
    expect(m.screen()).not.toContain('newer below');
    expect(m.screen()).toContain('line 79');
  });
});
