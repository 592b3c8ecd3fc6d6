// The local venue's own figures. (1) Orders per second it sustains on one core: the sim runs alone in a
// worker thread and a driver on the main thread keeps 32 signed market orders in flight over keep-alive
// connections (alternating buy/sell so the position stays flat); plus the matching engine alone, no HTTP.
// (2) Latency it adds to a loopback round trip: p50/p99 of a bare node:http server answering `{}`, of the
// sim's /fapi/v1/time, and of a signed POST /fapi/v1/order, measured interleaved, one request at a time.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Pool } from 'undici';
import { revealSecret } from '../../src/core/secret.js';
import { SimClock } from '../../src/sim/clock.js';
import { startSim, startSimWorker } from '../../src/sim/index.js';
import { Market } from '../../src/sim/market/market.js';
import { AccountState } from '../../src/sim/matching/accounts.js';
import { MatchingEngine } from '../../src/sim/matching/engine.js';
import { type BenchSection, percentile } from './section.js';

const big = 1_000_000_000;
const unlimited = { requestWeightPerWindow: big, ordersShort: big, ordersLong: big };

function signer(secret: string, apiKey: string) {
  let seq = 0;
  return (side: string) => {
    const q = `symbol=ETHUSDT&side=${side}&type=MARKET&quantity=0.010&newClientOrderId=b${seq++}&timestamp=${Date.now()}`;
    return {
      path: `/fapi/v1/order?${q}&signature=${createHmac('sha256', secret).update(q).digest('hex')}`,
      apiKey,
    };
  };
}

async function throughput(): Promise<{ ordersPerSec: number; errors: number }> {
  const sim = await startSimWorker({ seed: 'bench', tickMs: 250, limits: unlimited });
  const key = sim.accounts[0]!.hmac!;
  const next = signer(revealSecret(key.secret!), key.apiKey);
  const pool = new Pool(sim.restUrl, { connections: 32, keepAliveTimeout: 60_000 });
  let done = 0;
  let errors = 0;
  let n = 0;
  const until = performance.now() + 3000;
  let measuredFrom = 0;
  const warmUntil = performance.now() + 500;
  const worker = async () => {
    while (performance.now() < until) {
      const { path, apiKey } = next(n++ % 2 === 0 ? 'BUY' : 'SELL');
      const res = await pool.request({ method: 'POST', path, headers: { 'X-MBX-APIKEY': apiKey } });
      await res.body.text();
      if (res.statusCode !== 200) errors++;
      if (performance.now() >= warmUntil) {
        if (measuredFrom === 0) measuredFrom = performance.now();
        done++;
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  const elapsed = (performance.now() - measuredFrom) / 1000;
  await pool.close();
  await sim.close();
  return { ordersPerSec: Math.round(done / elapsed), errors };
}

function engineOnly(): number {
  const accounts = new Map([['a', new AccountState('a', 'a', { USDT: '1000000000' })]]);
  const market = new Market('bench');
  const engine = new MatchingEngine(market, accounts, new SimClock(), () => {});
  let i = 0;
  const place = () =>
    engine.place('a', {
      symbol: 'ETHUSDT',
      side: i++ % 2 === 0 ? 'BUY' : 'SELL',
      type: 'MARKET',
      timeInForce: 'GTC',
      quantity: '0.010',
      reduceOnly: false,
      clientOrderId: `e${i}`,
    });
  const warm = performance.now() + 200;
  while (performance.now() < warm) place();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    for (let k = 0; k < 100; k++) place();
    n += 100;
    if (n % 2000 === 0) market.tick();
  }
  return Math.round((n * 1000) / (performance.now() - start));
}

async function latency(): Promise<Array<Record<string, string | number>>> {
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const sim = await startSimWorker({ seed: 'bench-latency', tickMs: 250, limits: unlimited });
  const key = sim.accounts[0]!.hmac!;
  const next = signer(revealSecret(key.secret!), key.apiKey);
  const pools = {
    bare: new Pool(bareUrl, { connections: 1 }),
    sim: new Pool(sim.restUrl, { connections: 1 }),
  };
  const samples: Record<string, number[]> = { bare: [], time: [], order: [] };
  let side = 0;
  const one = async (which: 'bare' | 'time' | 'order') => {
    const t0 = performance.now();
    if (which === 'bare')
      await (await pools.bare.request({ method: 'GET', path: '/fapi/v1/time' })).body.text();
    else if (which === 'time')
      await (await pools.sim.request({ method: 'GET', path: '/fapi/v1/time' })).body.text();
    else {
      const { path, apiKey } = next(side++ % 2 === 0 ? 'BUY' : 'SELL');
      await (
        await pools.sim.request({ method: 'POST', path, headers: { 'X-MBX-APIKEY': apiKey } })
      ).body.text();
    }
    return performance.now() - t0;
  };
  const kinds = ['bare', 'time', 'order'] as const;
  for (let round = 0; round < 1200; round++) {
    for (let k = 0; k < 3; k++) {
      const which = kinds[(round + k) % 3]!;
      const ms = await one(which);
      if (round >= 100) samples[which]!.push(ms);
    }
  }
  await pools.bare.close();
  await pools.sim.close();
  await sim.close();
  await new Promise<void>((r) => bare.close(() => r()));
  const bareP50 = percentile(samples.bare!, 50);
  const bareP99 = percentile(samples.bare!, 99);
  const row = (name: string, xs: number[]) => ({
    case: name,
    'p50 ms': Number(percentile(xs, 50).toFixed(3)),
    'p99 ms': Number(percentile(xs, 99).toFixed(3)),
    'added p50 ms': Number((percentile(xs, 50) - bareP50).toFixed(3)),
    'added p99 ms': Number((percentile(xs, 99) - bareP99).toFixed(3)),
  });
  return [
    row('bare node:http {}', samples.bare!),
    row('sim GET /fapi/v1/time', samples.time!),
    row('sim POST /fapi/v1/order (signed, market)', samples.order!),
  ];
}

export default async function bench(): Promise<BenchSection> {
  // One in-process start first so module loading does not land in the timed parts.
  await (await startSim({ tickMs: 0 })).close();
  const tp = await throughput();
  const engine = engineOnly();
  const lat = await latency();
  return {
    title: 'sim: orders/s on one core (worker thread) and latency added over a bare loopback round trip',
    rows: [
      {
        case: 'sim HTTP, 32 in flight, signed market orders',
        'orders/s': tp.ordersPerSec,
        errors: tp.errors,
      },
      { case: 'matching engine alone (no HTTP, no signing)', 'orders/s': engine },
      ...lat,
    ],
    notes: [
      'orders/s: the sim alone in a worker thread (one core); the driver signs on the main thread.',
      'latency: one request at a time on one keep-alive connection, cases interleaved; "added" = minus the bare server.',
      `machine: ${availableParallelism()} cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} at the end of the run (figures from a busy machine are lower bounds).`,
    ],
  };
}
