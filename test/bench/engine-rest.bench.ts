// Place-order round trip against the local venue, side by side: a raw undici keep-alive request
// (query built and HMAC-signed by hand, nothing else), the engine's REST executor (lane, venue
// clock, adapter build + sign, http, rate feedback, error table, parse), the whole order manager
// path (id, tracking, events, settle), and ccxt's createOrder with its URLs pointed at the sim.
// Market orders alternate buy/sell so the position stays flat; methods run round-robin (rotated
// each round) so drift in the machine's load hits them alike.
import { createHmac } from 'node:crypto';
import ccxt from 'ccxt';
import { Pool } from 'undici';
import { revealSecret, Secret } from '../../src/core/secret.js';
import { Engine } from '../../src/engine/engine.js';
import { startSim } from '../../src/sim/index.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { BINANCE_USDM_POOLS } from '../../src/venues/binance/limits.js';
import { type BenchSection, percentile } from './section.js';

const ROUNDS = Number(process.env['QD_BENCH_ROUNDS'] ?? 300);
const WARMUP = Math.min(30, ROUNDS);

export default async function bench(): Promise<BenchSection> {
  const big = 1_000_000_000;
  const sim = await startSim({
    tickMs: 0,
    seed: 'bench',
    limits: { requestWeightPerWindow: big, ordersShort: big, ordersLong: big },
  });
  const key = sim.accounts[0]!.hmac!;
  const secret = revealSecret(key.secret!);
  const events: EngineEvent[] = [];
  const engine = new Engine({
    venue: 'binance-usdm',
    env: 'sim',
    credentials: { venue: 'binance-usdm', env: 'sim', apiKey: new Secret(key.apiKey), apiSecret: key.secret! },
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTCUSDT',
    sink: { push: (e) => (events.length < 10_000 ? events.push(e) : undefined) },
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    pools: BINANCE_USDM_POOLS.map((p) => ({ ...p, limit: big })),
  });
  await engine.start();

  const raw = new Pool(sim.restUrl, { connections: 8, pipelining: 1, keepAliveTimeout: 60_000 });
  let rawSeq = 0;
  const offset = (await sim.control.serverTime()) - Date.now();
  async function rawPlace(side: string): Promise<void> {
    const q = `symbol=BTCUSDT&side=${side}&type=MARKET&quantity=0.002&newClientOrderId=raw${rawSeq++}&newOrderRespType=RESULT&recvWindow=5000&timestamp=${Date.now() + offset - 50}`;
    const sig = createHmac('sha256', secret).update(q).digest('hex');
    const res = await raw.request({ method: 'POST', path: `/fapi/v1/order?${q}&signature=${sig}`, headers: { 'X-MBX-APIKEY': key.apiKey } });
    const body = (await res.body.json()) as { status?: string; msg?: string };
    if (res.statusCode !== 200) throw new Error(`raw: ${res.statusCode} ${body.msg}`);
  }

  async function enginePlace(side: 'buy' | 'sell'): Promise<void> {
    const o = await engine.rest.run(
      engine.adapter.placeOrder({
        symbol: 'BTCUSDT',
        side,
        type: 'market',
        qty: '0.002',
        reduceOnly: false,
        postOnly: false,
        clientOrderId: `eng${rawSeq++}`,
      }),
    );
    if (o.state !== 'filled') throw new Error(`engine: ${o.state}`);
  }

  async function managerPlace(side: 'buy' | 'sell'): Promise<void> {
    const t = engine.orders.place({ symbol: 'BTCUSDT', side, type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
    const o = await t.settled;
    if (o.state !== 'filled') throw new Error(`manager: ${o.state} ${o.reason ?? ''}`);
  }

  const ex = new ccxt.binanceusdm({ apiKey: key.apiKey, secret, enableRateLimit: false });
  const api = ex.urls['api'] as Record<string, string>;
  for (const [name, url] of Object.entries(api)) api[name] = url.replace(/^https?:\/\/[^/]+/, sim.restUrl);
  await ex.loadMarkets();
  async function ccxtPlace(side: 'buy' | 'sell'): Promise<void> {
    await ex.createOrder('BTC/USDT:USDT', 'market', side, 0.002);
  }

  const methods: Array<[string, (side: 'buy' | 'sell') => Promise<void>]> = [
    ['raw undici + HMAC', (s) => rawPlace(s.toUpperCase())],
    ['engine rest.run(placeOrder)', enginePlace],
    ['engine order manager (place → settled)', managerPlace],
    ['ccxt createOrder', ccxtPlace],
  ];
  const samples = new Map<string, number[]>(methods.map(([name]) => [name, []]));
  // Each round runs the methods in a rotated order, so none always follows ccxt's garbage.
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const order = methods.map((_, k) => methods[(k + i) % methods.length]!);
    for (const [name, fn] of order) {
      const t0 = performance.now();
      await fn(side);
      const dt = performance.now() - t0;
      if (i >= WARMUP) samples.get(name)!.push(dt);
    }
  }

  await engine.stop();
  await raw.close();
  await sim.close();

  const rawP50 = percentile(samples.get(methods[0]![0])!, 50);
  const rawP99 = percentile(samples.get(methods[0]![0])!, 99);
  const rows = methods.map(([name]) => {
    const s = samples.get(name)!;
    const p50 = percentile(s, 50);
    const p99 = percentile(s, 99);
    return {
      path: name,
      'p50 ms': Math.round(p50 * 1000) / 1000,
      'p99 ms': Math.round(p99 * 1000) / 1000,
      'p50 / raw': Math.round((p50 / rawP50) * 100) / 100,
      'p99 / raw': Math.round((p99 / rawP99) * 100) / 100,
    };
  });
  const engineRow = rows[1]!;
  return {
    title: `Place-order round trip vs the local venue (${ROUNDS} market orders each, round-robin, loopback)`,
    rows,
    notes: [
      `engine rest.run p50 ${engineRow['p50 / raw']}x raw (goal ≤ 1.3x), p99 ${engineRow['p99 / raw']}x raw (goal ≤ 2x)`,
      'raw = one undici Pool request with a hand-built query and node:crypto HMAC; same sim, same keep-alive',
    ],
    figures: {
      'rest.binance.p50_vs_raw': engineRow['p50 / raw'],
      'rest.binance.p99_vs_raw': engineRow['p99 / raw'],
      'rest.binance.p50_vs_ccxt': rows[3]!['p50 ms'] / engineRow['p50 ms'],
    },
  };
}
