import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { fill, liveSession, order, position, T0 } from '../store/fixtures.js';
import { type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const line = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text)) ?? '';

describe('panes from store fixtures', () => {
  it('shows a healthy SIM session: header, sockets, key, clock, budget, ticker', async () => {
    m = await mount(liveSession());
    const s = m.screen();
    expect(line(s, 'QUANTDECK')).toMatch(/QUANTDECK\s+SIM\s+binance-usdm · sim-1 · BTCUSDT/);
    expect(line(s, 'QUANTDECK')).toContain('dead-man off');
    expect(line(s, 'market ')).toMatch(/market\s+● live 3s\s+msg 3\.0s/);
    expect(line(s, 'user ')).toMatch(/user\s+● live 3s/);
    expect(s).toContain('key HMAC-SHA256 · sim · read+trade, IP-bound');
    expect(s).toContain('clock +12.4ms ±1.1 +0.4ppm sync 3s');
    expect(line(s, 'Rate budget')).toContain('normal');
    expect(s).toMatch(/weight\/1m\s+█*░+▒+ 120\/2400/);
    expect(s).toContain('64210.1 × 64210.2  spr 0.1  last 64210.1');
    expect(s).not.toContain('STALE');
  });

  it('marks market and account data STALE while a socket reconnects, with the backoff countdown', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'order', at: T0, order: order() },
      {
        type: 'connection',
        at: T0 + 1000,
        socket: 'user',
        role: 'account',
        state: 'reconnecting',
        reason: 'pong timeout',
        attempt: 2,
        nextRetryAt: T0 + 7000,
      },
      { type: 'connection', at: T0 + 1000, socket: 'market', role: 'market', state: 'resyncing' },
    ]);
    const s = m.screen();
    expect(line(s, 'user ')).toMatch(/○ reconnecting #2 in 4s/);
    expect(line(s, 'user ')).toContain('↻1');
    expect(line(s, 'user ')).toContain('pong timeout');
    expect(line(s, 'Open orders')).toContain('STALE: user socket reconnecting (attempt 2)');
    expect(line(s, 'Fills')).toContain('STALE');
    expect(line(s, 'Market')).toContain('STALE: market socket');
    expect(line(s, '64210.1 ×')).toContain('last 64210.1 (3s old)');
    await m.tickTo(T0 + 6500);
    expect(line(m.screen(), 'user ')).toMatch(/reconnecting #2 in 1s/);
  });

  it('marks a live socket that delivers nothing on its row, and its data STALE', async () => {
    const reason = 'connected but silent — the venue may have moved this stream (no mark within 5000 ms of going live)';
    m = await mount([...liveSession(), { type: 'socket-silence', at: T0, socket: 'market', silent: true, reason }]);
    const s = m.screen();
    const row = s.split('\n').find((l) => /market\s+●/.test(l)) ?? '';
    expect(row).toMatch(/market\s+● live 3s\s+⚠ connected but silent/);
    expect(line(s, 'user ')).not.toContain('⚠');
    expect(line(s, 'Market')).toContain('STALE: market socket connect');
  });

  it('shows a ban with its end and countdown, and the reserve in the gauges', async () => {
    m = await mount([
      ...liveSession(),
      {
        type: 'budget',
        at: T0,
        state: 'banned',
        until: T0 + 63_000,
        reason: 'HTTP 418',
        pools: [{ name: 'weight/1m', used: 2400, limit: 2400, reserve: 240 }],
      },
    ]);
    const rule = line(m.screen(), 'Rate budget');
    expect(rule).toMatch(/BANNED until \d\d:\d\d:\d\d \(1m00s\) HTTP 418/);
    expect(m.screen()).toMatch(/weight\/1m\s+█+ 2400\/2400/);
  });

  it('says once which pools other sessions of the process share, and by how many; one session alone says nothing', async () => {
    const pools = (shared: number) => [
      { name: 'weight-1m', used: 812, limit: 2400, reserve: 480, shared },
      { name: 'orders-10s', used: 3, limit: 300, reserve: 60 },
    ];
    m = await mount([...liveSession(), { type: 'budget', at: T0, state: 'normal', pools: pools(3) }]);
    expect(line(m.screen(), 'Rate budget')).toMatch(/normal · weight-1m shared by 3/);
    expect(m.screen().match(/shared by/g)).toHaveLength(1);
    m.unmount();
    m = await mount([...liveSession(), { type: 'budget', at: T0, state: 'normal', pools: pools(1) }]);
    expect(m.screen()).not.toContain('shared by');
  });

  it('a venue with two dozen pools keeps Open orders on screen: the pools in use first, the idle ones counted', async () => {
    const pools = Array.from({ length: 24 }, (_, i) => ({
      name: `pool-${String(i).padStart(2, '0')}`,
      used: i === 20 || i === 23 ? 7 : 0,
      limit: 20,
      reserve: 0,
    }));
    m = await mount([...liveSession(), { type: 'budget', at: T0, state: 'normal', pools }], { columns: 100, rows: 30 });
    const s = m.screen();
    expect(s).toMatch(/pool-20\s+\S+ 7\/20/);
    expect(s).toMatch(/pool-23\s+\S+ 7\/20/);
    // 100x30: two pools a line, three lines; the two in use, then the first idle ones in order.
    expect(s).toContain('pool-00');
    expect(s).not.toContain('pool-04');
    expect(line(s, 'Rate budget')).toMatch(/normal · \+18 idle/);
    expect(s).toContain('Open orders');
    m.unmount();
    // Every pool fits: the adapter's order, nothing counted.
    m = await mount([...liveSession(), { type: 'budget', at: T0, state: 'normal', pools: pools.slice(18) }], {
      columns: 100,
      rows: 30,
    });
    expect(m.screen()).not.toMatch(/idle|more \(/);
    const order = [...m.screen().matchAll(/pool-(\d\d)/g)].map((x) => x[1]);
    expect(order).toEqual(['18', '19', '20', '21', '22', '23']);
  });

  it('says how many busy pools did not fit when even those overflow', async () => {
    const pools = Array.from({ length: 12 }, (_, i) => ({ name: `p${i}`, used: 1, limit: 20, reserve: 0 }));
    m = await mount([...liveSession(), { type: 'budget', at: T0, state: 'normal', pools }], { columns: 100, rows: 24 });
    expect(line(m.screen(), 'Rate budget')).toMatch(/\+8 more \(8 in use\)/);
  });

  it('lists open orders newest first with their states', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'order', at: T0, order: order({ clientOrderId: 'qd-a', createdAt: T0 - 60_000 }) },
      {
        type: 'order',
        at: T0,
        order: order({
          clientOrderId: 'qd-b',
          side: 'sell',
          price: '64300.0',
          state: 'unknown',
          createdAt: T0,
        }),
      },
      {
        type: 'order',
        at: T0,
        order: order({
          clientOrderId: 'qd-c',
          filledQty: '0.004',
          state: 'partially_filled',
          reduceOnly: true,
          createdAt: T0 - 1000,
        }),
      },
    ]);
    // Every symbol's orders: the symbol leads each row.
    const rows = m.lines().filter((l) => /^[> ] BTCUSDT +(BUY|SELL) .*qd-[abc]/.test(l));
    expect(rows.map((l) => /qd-[abc]/.exec(l)![0])).toEqual(['qd-b', 'qd-c', 'qd-a']);
    expect(rows[0]).toMatch(/SELL\s+LMT\s+0\.010\s+64300\.0\s+0\s+UNKNOWN\?/);
    expect(rows[1]).toMatch(/0\.004\s+partial\s+R/);
    expect(rows[2]).toMatch(/1m03s$/);
    expect(m.screen()).toContain('Open orders (3)');
  });

  it('shows fills newest first with the running count', async () => {
    const events: EngineEvent[] = [...liveSession()];
    for (let n = 1; n <= 30; n++)
      events.push({ type: 'fill', at: T0 + n, fill: fill(n, { price: `64200.${n % 10}` }) });
    m = await mount(events);
    const s = m.screen();
    expect(s).toContain('Fills (30)');
    const fills = m.lines().filter((l) => /\b(BUY|SELL)\s+0\.001\s+6420/.test(l));
    expect(fills[0]).toContain('64200.0');
    expect(fills[1]).toContain('64200.9');
  });

  it('shows the position, the balance and "reconciled … ago"', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'positions', at: T0, snapshot: true, positions: [position({ unrealizedPnl: '-1.25' })] },
      { type: 'reconcile', at: T0, trigger: 'periodic', corrections: [] },
    ]);
    const s = m.screen();
    expect(s).toMatch(/BTCUSDT\s+0\.010\s+64200\.0\s+64250\.0\s+-1\.25/);
    expect(s).toContain('USDT avail 9935.80 wallet 10000.00 equity 10000.50');
    expect(s).toContain('reconciled 3s ago (periodic)');
  });

  it('shows what reconciliation corrected, then goes back to "reconciled" after a minute', async () => {
    m = await mount(
      [
        ...liveSession(),
        {
          type: 'reconcile',
          at: T0 + 1000,
          trigger: 'reconnect',
          corrections: [
            { kind: 'fill-recovered', text: 'recovered 2 fills missed while disconnected' },
            { kind: 'order-closed', text: 'order qd-7 closed while away' },
          ],
        },
      ],
      { columns: 160 },
    );
    expect(m.screen()).toContain('corrected 2s ago: recovered 2 fills missed while disconnected (+1)');
    expect(m.screen()).toContain('reconcile: order qd-7 closed while away');
    await m.tickTo(T0 + 90_000);
    expect(m.screen()).toContain('reconciled 1m29s ago (reconnect), 2 corrections so far');
  });

  it('shows a failed reconcile in the positions pane', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'reconcile', at: T0, trigger: 'periodic', corrections: [], error: 'HTTP 503' },
    ]);
    expect(m.screen()).toContain('reconcile failed 3s ago: HTTP 503');
  });

  it('shows the latest event in the event line and an armed dead-man countdown', async () => {
    m = await mount([
      ...liveSession(),
      { type: 'deadman', at: T0, armed: true, deadline: T0 + 45_000, timeoutMs: 60_000 },
      { type: 'log', at: T0, level: 'error', text: 'listen key expired: re-created', source: 'stream' },
    ]);
    expect(line(m.screen(), 'QUANTDECK')).toContain('dead-man 42s');
    expect(m.screen()).toMatch(/\d\d:\d\d:\d\d ERROR listen key expired: re-created/);
  });

  it('a venue without a dead-man\'s switch says none, not off', async () => {
    const [session, ...rest] = liveSession();
    m = await mount([{ ...(session as Extract<EngineEvent, { type: 'session' }>), noDeadman: true }, ...rest]);
    expect(line(m.screen(), 'QUANTDECK')).toContain('dead-man none');
  });

  it('a dead-man that fires on a lost connection shows its window while the socket is up, then counts down from the drop', async () => {
    m = await mount([...liveSession(), { type: 'deadman', at: T0, armed: true, timeoutMs: 10_000, onDisconnect: true }]);
    expect(line(m.screen(), 'QUANTDECK')).toContain('dead-man drop+10s');
    m.unmount();
    m = await mount([
      ...liveSession(),
      { type: 'deadman', at: T0, armed: true, timeoutMs: 10_000, onDisconnect: true },
      { type: 'deadman', at: T0, armed: true, timeoutMs: 10_000, onDisconnect: true, deadline: T0 + 7_000 },
    ]);
    expect(line(m.screen(), 'QUANTDECK')).toMatch(/dead-man [1-7]s/);
  });

  it('flags a key that can withdraw', async () => {
    m = await mount(
      [
        ...liveSession(),
        {
          type: 'auth',
          at: T0,
          method: 'HMAC-SHA256',
          keySource: 'env QD_KEY',
          permissions: { read: true, trade: true, withdraw: true, summary: 'read+trade+withdraw' },
        },
      ],
      { columns: 140 },
    );
    expect(m.screen()).toContain('read+trade+withdraw · CAN WITHDRAW');
  });

  it('draws a first frame with no data at all', async () => {
    m = await mount([]);
    const s = m.screen();
    expect(s).toContain('connecting…');
    expect(s).toContain('no sockets yet');
    expect(s).toContain('STALE: no market socket yet');
  });
});
