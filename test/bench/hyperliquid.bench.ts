// Hyperliquid figures beside Binance's and OKX's: (1) the adapter's whole build of a place-order
// request (asset lookup, price/size rules, floatToWire, msgpack action hash, EIP-712 phantom agent,
// secp256k1 signature, JSON body) against signing alone (sign.ts on a prebuilt action), ethers'
// signTypedData of the same agent, and ccxt's hyperliquid signL1Action; (2) the place-order round
// trip against the Hyperliquid local venue: a raw undici keep-alive request signed in the bench with
// ethers, the engine's REST executor, and the order manager (cloid, tracking, settle). Orders are
// crossing IOC limits (the venue has no market orders). The sim's limits are reset between rounds,
// outside the timing; the engine's pools are lifted the same way.
import { Encoder } from '@msgpack/msgpack';
import ccxt from 'ccxt';
import { concat, keccak256, TypedDataEncoder, Wallet, ZeroAddress } from 'ethers';
import { Pool } from 'undici';
import { mul, toFixed } from '../../src/core/decimal.js';
import { revealSecret, Secret } from '../../src/core/secret.js';
import type { OrderIntent } from '../../src/core/types.js';
import { Engine } from '../../src/engine/engine.js';
import { startSim } from '../../src/sim/index.js';
import { hyperliquid } from '../../src/venues/hyperliquid/adapter.js';
import { rememberAssets } from '../../src/venues/hyperliquid/assets.js';
import { HYPERLIQUID_POOLS } from '../../src/venues/hyperliquid/limits.js';
import { signL1Action } from '../../src/venues/hyperliquid/sign.js';
import type { SignContext } from '../../src/venues/venue.js';
import { type BenchSection, opsPerSecond, percentile } from './section.js';

const ROUNDS = Number(process.env['QD_BENCH_ROUNDS'] ?? 200);
const WARMUP = 20;
const KEY = '0x0123456789012345678901234567890123456789012345678901234567890123';
const MASTER = '0x14791697260e4c9a71f18484c9f997b308e59325';
const DOMAIN = { name: 'Exchange', version: '1', chainId: 1337, verifyingContract: ZeroAddress };
const AGENT = { Agent: [{ name: 'source', type: 'string' }, { name: 'connectionId', type: 'bytes32' }] };

function buildRows(): { rows: BenchSection['rows']; note: string } {
  rememberAssets('live', [{ coin: 'BTC', index: 0, szDecimals: 5 }]);
  let nonce = 1_700_000_000_000;
  const ctx: SignContext = {
    credentials: { venue: 'hyperliquid', env: 'live', apiKey: new Secret(MASTER), privateKey: new Secret(KEY), walletAddress: MASTER },
    venueNow: () => 1_700_000_000_000,
    nextNonce: () => nonce++,
    recvWindowMs: 5_000,
  };
  let n = 0;
  const intent = (): OrderIntent => ({
    symbol: 'BTC',
    side: 'buy',
    type: 'limit',
    qty: '0.01',
    price: '65000',
    reduceOnly: false,
    postOnly: false,
    clientOrderId: `0x${(n++).toString(16).padStart(32, '0')}`,
  });
  const action = JSON.parse(hyperliquid.placeOrder(intent()).build(ctx).body).action as Record<string, unknown>;
  const key = new Secret(KEY);
  const wallet = new Wallet(KEY);
  const encoder = new Encoder();
  const ex = new ccxt.hyperliquid({ privateKey: KEY, walletAddress: MASTER });
  const ours = opsPerSecond(() => hyperliquid.placeOrder(intent()).build(ctx), 1_000);
  const signOnly = opsPerSecond(() => signL1Action(key, { action, nonce: nonce++, vaultAddress: null, expiresAfter: null, isMainnet: true }), 1_000);
  const viaEthers = opsPerSecond(() => {
    const id = keccak256(concat([encoder.encode(action), new Uint8Array(8), Uint8Array.of(0)]));
    wallet.signingKey.sign(TypedDataEncoder.hash(DOMAIN, AGENT, { source: 'a', connectionId: id }));
  }, 1_000);
  const theirs = opsPerSecond(() => ex.signL1Action(action, nonce++, undefined, undefined), 1_000);
  return {
    rows: [
      { figure: 'build+sign placeOrder (hyperliquid adapter)', value: ours, unit: 'ops/s' },
      { figure: 'signL1Action alone (sign.ts, prebuilt action)', value: signOnly, unit: 'ops/s' },
      { figure: 'ethers: msgpack + keccak + TypedDataEncoder + SigningKey.sign', value: viaEthers, unit: 'ops/s' },
      { figure: 'ccxt hyperliquid signL1Action()', value: theirs, unit: 'ops/s' },
    ],
    note: `build+sign = ${Math.round((ours / signOnly) * 100)} % of bare signing speed; ${Math.round((ours / viaEthers) * 10) / 10}x ethers, ${Math.round((ours / theirs) * 10) / 10}x ccxt`,
  };
}

/** The bench's own signer for the raw path: ethers, as a hand-written client would. */
function rawSign(wallet: Wallet, action: unknown, nonce: number): { r: string; s: string; v: number } {
  const id = keccak256(concat([new Encoder().encode(action), (() => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(nonce));
    return b;
  })(), Uint8Array.of(0)]));
  const sig = wallet.signingKey.sign(TypedDataEncoder.hash(DOMAIN, AGENT, { source: 'b', connectionId: id }));
  return { r: sig.r, s: sig.s, v: sig.v };
}

export default async function bench(): Promise<BenchSection> {
  const build = buildRows();
  const big = 1_000_000_000;
  // Two agent wallets of one account: nonces are per signer, and the raw client keeps its own.
  const sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 'bench', accounts: [{ name: 'bench', keys: [{ type: 'evm' }, { type: 'evm' }] }] });
  const account = sim.accounts[0]!;
  const agent = account.keys[0]!;
  const master = account.walletAddress!;
  const engine = new Engine({
    venue: 'hyperliquid',
    env: 'sim',
    credentials: { venue: 'hyperliquid', env: 'sim', apiKey: new Secret(master), privateKey: agent.secret!, walletAddress: master },
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTC',
    sink: { push: () => undefined },
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    pools: HYPERLIQUID_POOLS.map((p) => ({ ...p, limit: big })),
  });
  await engine.start();

  const wallet = new Wallet(revealSecret(account.keys[1]!.secret!));
  const raw = new Pool(sim.restUrl, { connections: 8, pipelining: 1, keepAliveTimeout: 60_000 });
  let seq = 1;
  let rawNonce = Date.now();
  const priceFor = async (side: 'buy' | 'sell'): Promise<string> => {
    const mids = (await (await fetch(`${sim.restUrl}/info`, { method: 'POST', body: '{"type":"allMids"}' })).json()) as Record<string, string>;
    return toFixed(mul(mids['BTC']!, side === 'buy' ? '1.02' : '0.98'), 0, side === 'buy' ? 'ceil' : 'floor');
  };
  const cloid = () => `0x${(seq++).toString(16).padStart(32, '0')}`;
  async function rawPlace(side: 'buy' | 'sell', price: string): Promise<void> {
    const action = { type: 'order', orders: [{ a: 0, b: side === 'buy', p: price, s: '0.002', r: false, t: { limit: { tif: 'Ioc' } }, c: cloid() }], grouping: 'na' };
    rawNonce = Math.max(rawNonce + 1, Date.now());
    const body = JSON.stringify({ action, nonce: rawNonce, signature: rawSign(wallet, action, rawNonce), vaultAddress: null, expiresAfter: null });
    const res = await raw.request({ method: 'POST', path: '/exchange', headers: { 'content-type': 'application/json' }, body });
    const reply = (await res.body.json()) as { status?: string; response?: { data?: { statuses?: Array<Record<string, unknown>> } } };
    if (reply.status !== 'ok' || reply.response?.data?.statuses?.[0]?.['filled'] === undefined) throw new Error(`raw: ${JSON.stringify(reply)}`);
  }
  const ioc = (side: 'buy' | 'sell', price: string) =>
    ({ symbol: 'BTC', side, type: 'limit', timeInForce: 'ioc', qty: '0.002', price, reduceOnly: false, postOnly: false }) as const;
  async function enginePlace(side: 'buy' | 'sell', price: string): Promise<void> {
    const o = await engine.rest.run(engine.adapter.placeOrder({ ...ioc(side, price), clientOrderId: cloid() }));
    if (o.state !== 'filled') throw new Error(`engine: ${o.state}`);
  }
  async function managerPlace(side: 'buy' | 'sell', price: string): Promise<void> {
    const o = await engine.orders.place(ioc(side, price)).settled;
    if (o.state !== 'filled') throw new Error(`manager: ${o.state} ${o.reason ?? ''}`);
  }

  const methods: Array<[string, (side: 'buy' | 'sell', price: string) => Promise<void>]> = [
    ['raw undici + ethers signing', rawPlace],
    ['engine rest.run(placeOrder)', enginePlace],
    ['engine order manager (place → ack)', managerPlace],
  ];
  const samples = new Map<string, number[]>(methods.map(([name]) => [name, []]));
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    await sim.control.resetLimits();
    const price = await priceFor(side);
    for (let k = 0; k < methods.length; k++) {
      const [name, fn] = methods[(k + i) % methods.length]!;
      const t0 = performance.now();
      await fn(side, price);
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
    title: `Hyperliquid: build+sign, and place-order round trip vs the Hyperliquid local venue (${ROUNDS} crossing IOC orders each, round-robin)`,
    rows,
    notes: [
      build.note,
      'the local venue recovers every signer (secp256k1 in JavaScript): that, not the client, dominates the round trip',
      'round-trip goals as for Binance: engine p50 ≤ 1.3x raw, p99 ≤ 2x raw',
    ],
  };
}
