import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { OkxTestClient } from './okx-client.js';
import { Collector } from './ws.js';

const INST = 'BTC-USDT-SWAP';
// Two venues: the login tests get the venue's own 30 s idle limit, so a slow machine cannot cut
// their socket between a subscribe and the push it waits for; the keep-alive tests get a short one.
let sim: SimHandle;
let idle: SimHandle;
let okx: OkxTestClient;
const open: Collector[] = [];

async function connect(which: 'public' | 'private', on: SimHandle = sim): Promise<Collector> {
  const c = await Collector.open(`${on.wsUrl}/ws/v5/${which}`);
  open.push(c);
  return c;
}

async function loggedIn(): Promise<Collector> {
  const c = await connect('private');
  c.ws.send(JSON.stringify(okx.loginArgs(await sim.control.serverTime())));
  await c.next((m) => m.event === 'login');
  return c;
}

beforeAll(async () => {
  sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 5 });
  idle = await startSim({ dialect: 'okx', tickMs: 0, seed: 5, idleTimeoutMs: 400, upgradeNoticeMs: 200 });
  okx = new OkxTestClient(sim);
});
afterAll(async () => {
  for (const c of open) c.close();
  await sim.close();
  await idle.close();
});

describe('okx dialect: private WebSocket login gating', () => {
  it('refuses private channels before login (60011), then logs in and subscribes', async () => {
    const c = await connect('private');
    c.ws.send(JSON.stringify({ op: 'subscribe', args: [{ channel: 'orders', instType: 'SWAP' }] }));
    expect(await c.next((m) => m.event === 'error')).toMatchObject({ code: '60011', msg: 'Please log in' });
    c.ws.send(JSON.stringify(okx.loginArgs(await sim.control.serverTime())));
    expect(await c.next((m) => m.event === 'login')).toMatchObject({ code: '0' });
    c.ws.send(
      JSON.stringify({
        op: 'subscribe',
        args: [{ channel: 'orders', instType: 'SWAP' }, { channel: 'account' }],
      }),
    );
    await c.next((m) => m.event === 'subscribe' && m.arg.channel === 'account');
    expect(c.messages.filter((m) => m.event === 'subscribe')).toHaveLength(2);
  });

  it('refuses a bad signature, a wrong passphrase and a stale timestamp', async () => {
    const now = await sim.control.serverTime();
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ sign: 'A'.repeat(43) + '=' }, now, '60009'],
      [{ passphrase: 'nope' }, now, '60024'],
      [{}, now - 40_000, '60006'],
      [{ apiKey: 'unknown' }, now, '60009'],
    ];
    for (const [over, at, code] of cases) {
      const c = await connect('private');
      c.ws.send(JSON.stringify(okx.loginArgs(at, okx.key, over)));
      expect(await c.next((m) => m.event === 'error')).toMatchObject({ code });
      c.close();
    }
  });

  it('pushes our orders with their fill fields, and positions and balances', async () => {
    const c = await loggedIn();
    c.ws.send(
      JSON.stringify({
        op: 'subscribe',
        args: [
          { channel: 'orders', instType: 'SWAP' },
          { channel: 'positions', instType: 'SWAP' },
          { channel: 'account' },
        ],
      }),
    );
    await c.next((m) => m.event === 'subscribe' && m.arg.channel === 'account');
    const r = await okx.post('/api/v5/trade/order', {
      instId: INST,
      tdMode: 'cross',
      side: 'buy',
      ordType: 'market',
      sz: '2',
      clOrdId: 'wsM1',
    });
    expect(r.json.code).toBe('0');
    const filled = await c.next((m) => m.data?.[0].state === 'filled');
    expect(filled.data[0]).toMatchObject({ clOrdId: 'wsM1', accFillSz: '2', execType: 'T' });
    expect(Number(filled.data[0].fillFee)).toBeLessThan(0);
    const pos = await c.next((m) => m.arg?.channel === 'positions' && m.data !== undefined);
    expect(pos.data[0]).toMatchObject({ instId: INST, posSide: 'net' });
    await c.next((m) => m.arg?.channel === 'account' && m.data?.[0].details[0].ccy === 'USDT');
  });
});

describe('okx dialect: keep-alive, idle cut-off, upgrade notice, public tickers', () => {
  it('answers ping with pong and keeps a pinging socket open past the idle limit', async () => {
    const c = await connect('public', idle);
    const opened = performance.now();
    const timer = setInterval(() => c.ws.send('ping'), 100);
    // Past the 400 ms idle limit with room to spare, and answered all along.
    await until(
      () => c.raw.filter((t) => t === 'pong').length > 3 && performance.now() - opened > 700,
      'pongs past the idle limit',
    );
    clearInterval(timer);
    expect(c.raw.filter((t) => t === 'pong').length).toBeGreaterThan(3);
    expect(c.closed).toBe(false);
  });

  it('closes a socket that got nothing pushed for the idle limit', async () => {
    const c = await connect('private', idle);
    expect(await c.whenClosed()).toBe(4004);
  });

  it('streams tickers to public subscribers and refuses unknown instruments', async () => {
    const c = await connect('public', idle);
    c.ws.send(JSON.stringify({ op: 'subscribe', args: [{ channel: 'tickers', instId: INST }] }));
    await c.next((m) => m.event === 'subscribe');
    await idle.control.tick(1);
    const t = await c.next((m) => m.arg?.channel === 'tickers' && m.data !== undefined);
    expect(t.data[0].instId).toBe(INST);
    c.ws.send(JSON.stringify({ op: 'subscribe', args: [{ channel: 'tickers', instId: 'NOPE-USDT-SWAP' }] }));
    expect(await c.next((m) => m.event === 'error')).toMatchObject({ code: '60018' });
    c.ws.send('{oops');
    expect(await c.next((m) => m.event === 'error' && m.code === '60012')).toBeTruthy();
  });

  it('sends the 64008 notice, then closes', async () => {
    const c = await connect('public', idle);
    c.ws.send('ping');
    await idle.control.patchFaults({ now: { upgradeNotice: true } });
    expect(await c.next((m) => m.event === 'notice')).toMatchObject({ code: '64008' });
    expect(await c.whenClosed()).toBe(1012);
  });
});
