// OKX figures beside Binance's: (1) the adapter's whole build of a place-order request (JSON body,
// ISO timestamp from the venue clock, base64 HMAC, passphrase and expTime headers) against a bare
// node:crypto HMAC of the same prehash and ccxt's okx sign(); (2) the place-order round trip against
// the OKX local venue: a raw undici keep-alive request signed by hand, the engine's REST executor,
// and the order manager (id, tracking, settle). The sim's own per-instrument limit (60 / 2 s) is
// reset between rounds, outside the timing; the engine's pools are lifted the same way.
// ccxt's createOrder is left out here: its okx loadMarkets asks for instrument types the local
// venue does not list (spot, futures, options).
import { createHmac } from 'node:crypto';
import ccxt from 'ccxt';
import { Pool } from 'undici';
import { revealSecret, Secret } from '../../src/core/secret.js';
import type { OrderIntent } from '../../src/core/types.js';
import { Engine } from '../../src/engine/engine.js';
import { startSim } from '../../src/sim/index.js';
import { okx } from '../../src/venues/okx/adapter.js';
import { OKX_POOLS } from '../../src/venues/okx/limits.js';
import type { SignContext } from '../../src/venues/venue.js';
import { type BenchSection, opsPerSecond, percentile } from './section.js';

const ROUNDS = Number(process.env['QD_BENCH_ROUNDS'] ?? 300);
const WARMUP = 30;
const INST = 'BTC-USDT-SWAP';
const SECRET = 'D5F1E8A7B3C94D2E8F1A6B7C9D0E3F42';

function buildRows(): { rows: BenchSection['rows']; note: string } {
  const ctx: SignContext = {
    credentials: { venue: 'okx', env: 'live', apiKey: new Secret('bench-key'), apiSecret: new Secret(SECRET), passphrase: new Secret('bench-pass') },
    venueNow: () => 1_700_000_000_000,
    nextNonce: () => 1,
    recvWindowMs: 5_000,
  };
  let n = 0;
  const intent = (): OrderIntent => ({
    symbol: INST,
    side: 'buy',
    type: 'limit',
    qty: '1',
    price: '65000.1',
    reduceOnly: false,
    postOnly: false,
    clientOrderId: `qd${n++}`,
  });
  const wire = okx.placeOrder(intent()).build(ctx);
  const prehash = `${wire.headers['OK-ACCESS-TIMESTAMP']}POST/api/v5/trade/order${wire.body}`;
  const ex = new ccxt.okx({ apiKey: 'bench-key', secret: SECRET, password: 'bench-pass' });
  const body = JSON.parse(wire.body) as Record<string, string>;
  const ours = opsPerSecond(() => okx.placeOrder(intent()).build(ctx), 800);
  const raw = opsPerSecond(() => createHmac('sha256', SECRET).update(prehash).digest('base64'), 800);
  const theirs = opsPerSecond(() => ex.sign('trade/order', 'private', 'POST', { ...body }), 800);
  return {
    rows: [
      { figure: 'build+sign placeOrder (okx adapter)', value: ours, unit: 'ops/s' },
      { figure: 'raw node:crypto HMAC of the same prehash', value: raw, unit: 'ops/s' },
      { figure: 'ccxt okx sign()', value: theirs, unit: 'ops/s' },
    ],
    note: `build+sign costs ${Math.round((raw / ours) * 10) / 10}x a bare HMAC; ${Math.round((ours / theirs) * 10) / 10}x ccxt sign()`,
  };
}

export default async function bench(): Promise<BenchSection> {
  const build = buildRows();
  const big = 1_000_000_000;
  const sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 'bench' });
  const key = sim.accounts[0]!.hmac!;
  const secret = revealSecret(key.secret!);
  const passphrase = revealSecret(key.passphrase!);
  const engine = new Engine({
    venue: 'okx',
    env: 'sim',
    credentials: { venue: 'okx', env: 'sim', apiKey: new Secret(key.apiKey), apiSecret: key.secret!, passphrase: key.passphrase! },
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: INST,
    sink: { push: () => undefined },
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    pools: OKX_POOLS.map((p) => ({ ...p, limit: big })),
  });
  await engine.start();

  const raw = new Pool(sim.restUrl, { connections: 8, pipelining: 1, keepAliveTimeout: 60_000 });
  let seq = 0;
  const offset = (await sim.control.serverTime()) - Date.now();
  async function rawPlace(side: 'buy' | 'sell'): Promise<void> {
    const body = JSON.stringify({ instId: INST, tdMode: 'cross', side, ordType: 'market', sz: '1', clOrdId: `raw${seq++}` });
    const ts = new Date(Date.now() + offset - 50).toISOString();
    const sign = createHmac('sha256', secret).update(`${ts}POST/api/v5/trade/order${body}`).digest('base64');
    const res = await raw.request({
      method: 'POST',
      path: '/api/v5/trade/order',
      headers: {
        'content-type': 'application/json',
        'OK-ACCESS-KEY': key.apiKey,
        'OK-ACCESS-SIGN': sign,
        'OK-ACCESS-TIMESTAMP': ts,
        'OK-ACCESS-PASSPHRASE': passphrase,
      },
      body,
    });
    const reply = (await res.body.json()) as { code?: string; msg?: string };
    if (reply.code !== '0') throw new Error(`raw: ${res.statusCode} ${reply.code} ${reply.msg}`);
  }
  async function enginePlace(side: 'buy' | 'sell'): Promise<void> {
    const o = await engine.rest.run(
      engine.adapter.placeOrder({ symbol: INST, side, type: 'market', qty: '1', reduceOnly: false, postOnly: false, clientOrderId: `eng${seq++}` }),
    );
    if (o.venueOrderId === undefined) throw new Error('engine: no ordId');
  }
  async function managerPlace(side: 'buy' | 'sell'): Promise<void> {
    const o = await engine.orders.place({ symbol: INST, side, type: 'market', qty: '1', reduceOnly: false, postOnly: false }).settled;
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
  const rows: BenchSection['rows'] = [...build.rows];
  for (const [name] of methods) {
    const s = samples.get(name)!;
    rows.push({ figure: `round trip p50: ${name}`, value: Math.round(percentile(s, 50) * 1000) / 1000, unit: `ms (${Math.round((percentile(s, 50) / percentile(rawS, 50)) * 100) / 100}x raw)` });
    rows.push({ figure: `round trip p99: ${name}`, value: Math.round(percentile(s, 99) * 1000) / 1000, unit: `ms (${Math.round((percentile(s, 99) / percentile(rawS, 99)) * 100) / 100}x raw)` });
  }
  return {
    title: `OKX: build+sign, and place-order round trip vs the OKX local venue (${ROUNDS} market orders each, round-robin)`,
    rows,
    notes: [build.note, 'round-trip goals as for Binance: engine p50 ≤ 1.3x raw, p99 ≤ 2x raw'],
  };
}
