// Bybit figures beside Binance's and OKX's: (1) the adapter's whole build of a place-order request
// (JSON body, venue-clock timestamp, hex HMAC over timestamp + key + recvWindow + body, the X-BAPI-*
// headers) against a bare node:crypto HMAC of the same prehash and ccxt's bybit sign(); (2) the
// place-order round trip against the Bybit local venue: a raw undici keep-alive request signed by
// hand, the engine's REST executor, and the order manager (id, tracking, settle). The sim's
// per-UID limit (10 orders a second) is reset between rounds, outside the timing; the engine's
// pools are lifted the same way.
import { createHmac } from 'node:crypto';
import ccxt from 'ccxt';
import { Pool } from 'undici';
import { revealSecret, Secret } from '../../src/core/secret.js';
import type { OrderIntent } from '../../src/core/types.js';
import { Engine } from '../../src/engine/engine.js';
import { startSim } from '../../src/sim/index.js';
import { bybit } from '../../src/venues/bybit/adapter.js';
import { BYBIT_POOLS } from '../../src/venues/bybit/limits.js';
import type { SignContext } from '../../src/venues/venue.js';
import { type BenchSection, opsPerSecond, percentile } from './section.js';

const ROUNDS = Number(process.env['QD_BENCH_ROUNDS'] ?? 300);
const WARMUP = 30;
const SYMBOL = 'BTCUSDT';
const SECRET = 'D5F1E8A7B3C94D2E8F1A6B7C9D0E3F42';

function buildRows(): { rows: BenchSection['rows']; note: string } {
  const ctx: SignContext = {
    credentials: { venue: 'bybit', env: 'live', apiKey: new Secret('bench-key'), apiSecret: new Secret(SECRET) },
    venueNow: () => 1_700_000_000_000,
    nextNonce: () => 1,
    recvWindowMs: 5_000,
  };
  let n = 0;
  const intent = (): OrderIntent => ({
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    qty: '0.010',
    price: '65000.1',
    reduceOnly: false,
    postOnly: false,
    clientOrderId: `qd${n++}`,
  });
  const wire = bybit.placeOrder(intent()).build(ctx);
  const prehash = `${wire.headers['X-BAPI-TIMESTAMP']}bench-key5000${wire.body}`;
  const ex = new ccxt.bybit({ apiKey: 'bench-key', secret: SECRET });
  const body = JSON.parse(wire.body) as Record<string, unknown>;
  const ours = opsPerSecond(() => bybit.placeOrder(intent()).build(ctx), 800);
  const raw = opsPerSecond(() => createHmac('sha256', SECRET).update(prehash).digest('hex'), 800);
  const theirs = opsPerSecond(() => ex.sign('v5/order/create', 'private', 'POST', { ...body }), 800);
  return {
    rows: [
      { figure: 'build+sign placeOrder (bybit adapter)', value: ours, unit: 'ops/s' },
      { figure: 'raw node:crypto HMAC of the same prehash', value: raw, unit: 'ops/s' },
      { figure: 'ccxt bybit sign()', value: theirs, unit: 'ops/s' },
    ],
    // The whole adapter build (validation, body, headers); the signer alone against the same HMAC
    // is `sign.bybit.vs_raw` in sign.bench.ts, measured like the other venues'.
    note: `the whole placeOrder build+sign costs ${Math.round((raw / ours) * 10) / 10}x a bare HMAC; ${Math.round((ours / theirs) * 10) / 10}x ccxt sign()`,
  };
}

export default async function bench(): Promise<BenchSection> {
  const build = buildRows();
  const big = 1_000_000_000;
  const sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bench' });
  const key = sim.accounts[0]!.hmac!;
  const secret = revealSecret(key.secret!);
  const engine = new Engine({
    venue: 'bybit',
    env: 'sim',
    credentials: { venue: 'bybit', env: 'sim', apiKey: new Secret(key.apiKey), apiSecret: key.secret! },
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: SYMBOL,
    sink: { push: () => undefined },
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    pools: BYBIT_POOLS.map((p) => ({ ...p, limit: big })),
  });
  await engine.start();

  const raw = new Pool(sim.restUrl, { connections: 8, pipelining: 1, keepAliveTimeout: 60_000 });
  let seq = 0;
  const offset = (await sim.control.serverTime()) - Date.now();
  async function rawPlace(side: 'buy' | 'sell'): Promise<void> {
    const body = JSON.stringify({ category: 'linear', symbol: SYMBOL, side: side === 'buy' ? 'Buy' : 'Sell', orderType: 'Market', qty: '0.010', orderLinkId: `raw${seq++}` });
    const ts = String(Date.now() + offset - 50);
    const sign = createHmac('sha256', secret).update(`${ts}${key.apiKey}5000${body}`).digest('hex');
    const res = await raw.request({
      method: 'POST',
      path: '/v5/order/create',
      headers: {
        'content-type': 'application/json',
        'X-BAPI-API-KEY': key.apiKey,
        'X-BAPI-TIMESTAMP': ts,
        'X-BAPI-RECV-WINDOW': '5000',
        'X-BAPI-SIGN': sign,
      },
      body,
    });
    const reply = (await res.body.json()) as { retCode?: number; retMsg?: string };
    if (reply.retCode !== 0) throw new Error(`raw: ${res.statusCode} ${reply.retCode} ${reply.retMsg}`);
  }
  async function enginePlace(side: 'buy' | 'sell'): Promise<void> {
    const o = await engine.rest.run(
      engine.adapter.placeOrder({ symbol: SYMBOL, side, type: 'market', qty: '0.010', reduceOnly: false, postOnly: false, clientOrderId: `eng${seq++}` }),
    );
    if (o.venueOrderId === undefined) throw new Error('engine: no orderId');
  }
  async function managerPlace(side: 'buy' | 'sell'): Promise<void> {
    const o = await engine.orders.place({ symbol: SYMBOL, side, type: 'market', qty: '0.010', reduceOnly: false, postOnly: false }).settled;
    if (o.state !== 'new') throw new Error(`manager: ${o.state} ${o.reason ?? ''}`);
  }

  const methods: Array<[string, (side: 'buy' | 'sell') => Promise<void>]> = [
    ['raw undici + HMAC', rawPlace],
    ['engine rest.run(placeOrder)', enginePlace],
    ['engine order manager (place → ack)', managerPlace],
  ];
  const samples = new Map<string, number[]>(methods.map(([name]) => [name, []]));
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    await sim.control.resetLimits();
    for (let k = 0; k < methods.length; k++) {
      const [name, fn] = methods[(k + i) % methods.length]!;
      const t0 = performance.now();
      await fn(side);
      if (i >= WARMUP) samples.get(name)!.push(performance.now() - t0);
    }
  }
  await engine.stop();
  await raw.close();
  await sim.close();

  const rawS = samples.get(methods[0]![0])!;
  const engineS = samples.get(methods[1]![0])!;
  const rows: BenchSection['rows'] = [...build.rows];
  for (const [name] of methods) {
    const s = samples.get(name)!;
    rows.push({ figure: `round trip p50: ${name}`, value: Math.round(percentile(s, 50) * 1000) / 1000, unit: `ms (${Math.round((percentile(s, 50) / percentile(rawS, 50)) * 100) / 100}x raw)` });
    rows.push({ figure: `round trip p99: ${name}`, value: Math.round(percentile(s, 99) * 1000) / 1000, unit: `ms (${Math.round((percentile(s, 99) / percentile(rawS, 99)) * 100) / 100}x raw)` });
  }
  const ratio = (p: number) => Math.round((percentile(engineS, p) / percentile(rawS, p)) * 100) / 100;
  return {
    title: `Bybit: build+sign, and place-order round trip vs the Bybit local venue (${ROUNDS} market orders each, round-robin)`,
    rows,
    notes: [build.note, 'round-trip goals as for Binance: engine p50 ≤ 1.3x raw, p99 ≤ 2x raw'],
    figures: { 'rest.bybit.p50_vs_raw': ratio(50), 'rest.bybit.p99_vs_raw': ratio(99) },
  };
}
