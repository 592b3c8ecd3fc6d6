// Signing throughput per scheme: our build+sign of a create-order request, side by side in one
// run with raw node:crypto over the same bytes (for Coinbase, the same JWT written by hand), with
// ccxt's sign() for the same request (Kraken and Coinbase included) and, for
// Hyperliquid, with ethers Wallet.signTypedData. Measured, never asserted.
import { createHash, createHmac, createPrivateKey, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto';
import ccxt from 'ccxt';
import { Wallet } from 'ethers';
import { Secret } from '../../src/core/secret.js';
import { type BinanceKey, signBinanceRest } from '../../src/venues/binance/sign.js';
import { signBybitRest } from '../../src/venues/bybit/sign.js';
import { coinbaseRestJwt } from '../../src/venues/coinbase/sign.js';
import { l1ActionHash } from '../../src/venues/hyperliquid/action-hash.js';
import { signL1Action } from '../../src/venues/hyperliquid/sign.js';
import { signKraken } from '../../src/venues/kraken/sign.js';
import { okxTimestamp, signOkxRest } from '../../src/venues/okx/sign.js';
import { type BenchSection, collectGarbage } from './section.js';

const MS = 1200;
const T0 = 1_700_000_000_000;
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const HL_KEY = '0x0123456789012345678901234567890123456789012345678901234567890123';

type Row = { scheme: string; implementation: string; 'ops/s': number };

function offline<E extends InstanceType<typeof ccxt.Exchange>>(exchange: E, now: () => number): E {
  exchange.nonce = now;
  exchange.milliseconds = now;
  exchange.fetch = () => {
    throw new Error('ccxt tried the network');
  };
  return exchange;
}

const x = (value: number) => value.toFixed(2);

type Impl = [name: string, fn: () => unknown, isAsync?: boolean];

// A full collection before each measurement: ccxt's import leaves a large heap behind, and an
// incremental major GC in progress charges its marking steps to whichever code allocates, which
// would make allocation-heavier code look slower than it is in a process without ccxt.

/**
 * Ops/s of several implementations measured interleaved: short batches (~2 ms) of each in turn
 * until `ms` has passed, time summed per implementation. On a shared, noisy machine a burst of
 * load then hits all of them alike, so their ratios stay meaningful even when the absolute
 * figures move.
 */
interface Measured {
  ops: number[];
  /** How many times implementation a's cost per call is b's: the median over rounds of the
   *  ratio of their batches run back to back, so slow drifts of machine load cancel out. */
  cost(a: number, b: number): number;
}

async function interleaved(impls: Impl[], ms: number): Promise<Measured> {
  const call = async ([, fn, isAsync]: Impl) => (isAsync ? await fn() : fn());
  const batch: number[] = [];
  for (const impl of impls) {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < 60) {
      await call(impl);
      calls++;
    }
    batch.push(Math.max(1, Math.round((2 * calls) / (performance.now() - start))));
  }
  const spent = impls.map(() => 0);
  const done = impls.map(() => 0);
  let perCall: number[][] = impls.map(() => []);
  // An unmeasured interleaved warm-up lets the JIT settle and the collector catch up (ccxt's
  // import leaves a lot of garbage) before anything counts.
  const warmEnd = performance.now() + ms / 4;
  let end = Number.POSITIVE_INFINITY;
  while (performance.now() < end) {
    if (end === Number.POSITIVE_INFINITY && performance.now() >= warmEnd) {
      collectGarbage();
      spent.fill(0);
      done.fill(0);
      perCall = impls.map(() => []);
      end = performance.now() + ms;
    }
    for (let i = 0; i < impls.length; i++) {
      const impl = impls[i]!;
      const n = batch[i]!;
      const start = performance.now();
      if (impl[2]) for (let k = 0; k < n; k++) await impl[1]();
      else for (let k = 0; k < n; k++) impl[1]();
      const elapsed = performance.now() - start;
      spent[i]! += elapsed;
      done[i]! += n;
      perCall[i]!.push(elapsed / n);
    }
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return {
    ops: done.map((n, i) => Math.round((n * 1000) / spent[i]!)),
    cost: (a, b) => median(perCall[a]!.map((time, round) => time / perCall[b]![round]!)),
  };
}

export default async function signBench(): Promise<BenchSection> {
  const rows: Row[] = [];
  const notes: string[] = [];
  let t = T0;
  const tick = () => ++t;
  const run = async (scheme: string, impls: Impl[], ms = MS) => {
    const measured = await interleaved(impls, ms);
    impls.forEach(([implementation], i) => {
      rows.push({ scheme, implementation, 'ops/s': measured.ops[i]! });
    });
    return measured;
  };

  // Settle before the first figure: ccxt's import leaves garbage and cold code behind, and the
  // first scheme measured would otherwise pay for the collector and the JIT catching up.
  const settle = offline(new ccxt.binanceusdm({ apiKey: API_KEY, secret: SECRET }), tick);
  const settleKey: BinanceKey = { type: 'hmac', secret: new Secret(SECRET) };
  const settleUntil = performance.now() + 1500;
  while (performance.now() < settleUntil) {
    settle.sign('order', 'fapiPrivate', 'POST', {
      symbol: 'BTCUSDT',
      quantity: '1',
      newClientOrderId: 'qd-settle',
    });
    signBinanceRest(settleKey, [
      ['symbol', 'BTCUSDT'],
      ['timestamp', tick()],
    ]);
    createHmac('sha256', SECRET).update('symbol=BTCUSDT').digest('hex');
  }

  // Binance USD-M: POST /fapi/v1/order, all params in one signed form string.
  const binanceParams = (ts: number) =>
    [
      ['symbol', 'BTCUSDT'],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['timeInForce', 'GTC'],
      ['quantity', '0.001'],
      ['price', '64123.10'],
      ['newClientOrderId', 'qd-7f3a9c2e1b4d'],
      ['recvWindow', 5000],
      ['timestamp', ts],
    ] as const;
  const hmacKey: BinanceKey = { type: 'hmac', secret: new Secret(SECRET) };
  const binanceQuery = signBinanceRest(hmacKey, binanceParams(T0)).query;
  const binance = offline(new ccxt.binanceusdm({ apiKey: API_KEY, secret: SECRET }), tick);
  const ccxtParams = Object.fromEntries(binanceParams(T0).filter(([k]) => k !== 'timestamp'));
  const bn = await run('binance hmac', [
    ['ours build+sign', () => signBinanceRest(hmacKey, binanceParams(tick()))],
    ['raw node:crypto HMAC', () => createHmac('sha256', SECRET).update(binanceQuery).digest('hex')],
    ['ccxt sign()', () => binance.sign('order', 'fapiPrivate', 'POST', { ...ccxtParams })],
  ]);
  notes.push(
    `binance hmac: ours costs ${x(bn.cost(0, 1))}x raw HMAC (goal ≤ 1.3x) and is ${x(bn.cost(2, 0))}x faster than ccxt (goal ≥ 4x)`,
  );

  const { privateKey: edKey } = generateKeyPairSync('ed25519');
  const edPem = edKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const edBinance: BinanceKey = { type: 'ed25519', privateKey: new Secret(edPem) };
  const edObject = createPrivateKey(edPem);
  const ed = await run('binance ed25519', [
    ['ours build+sign', () => signBinanceRest(edBinance, binanceParams(tick()))],
    ['raw node:crypto sign', () => nodeSign(null, Buffer.from(binanceQuery), edObject).toString('base64')],
  ]);
  notes.push(`binance ed25519: ours costs ${x(ed.cost(0, 1))}x raw node:crypto`);

  // OKX: POST /api/v5/trade/order with a JSON body.
  const okxSecret = new Secret(SECRET);
  const okxOrder = {
    instId: 'BTC-USDT-SWAP',
    tdMode: 'cross',
    side: 'buy',
    ordType: 'limit',
    px: '64123.1',
    sz: '1',
    clOrdId: 'qd7f3a9c2e1b4d',
  };
  const okxPrehash = `${okxTimestamp(T0)}POST/api/v5/trade/order${JSON.stringify(okxOrder)}`;
  const okx = offline(new ccxt.okx({ apiKey: API_KEY, secret: SECRET, password: 'passphrase' }), tick);
  const ok = await run('okx', [
    [
      'ours build+sign',
      () => {
        const body = JSON.stringify(okxOrder);
        return signOkxRest(okxSecret, {
          timestamp: okxTimestamp(tick()),
          method: 'POST',
          requestPath: '/api/v5/trade/order',
          body,
        });
      },
    ],
    ['raw node:crypto HMAC', () => createHmac('sha256', SECRET).update(okxPrehash).digest('base64')],
    ['ccxt sign()', () => okx.sign('trade/order', 'private', 'POST', { ...okxOrder })],
  ]);
  notes.push(`okx: ours costs ${x(ok.cost(0, 1))}x raw HMAC (goal ≤ 1.3x), ${x(ok.cost(2, 0))}x faster than ccxt`);

  // Bybit v5: POST /v5/order/create.
  const bybitOrder = {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Buy',
    orderType: 'Limit',
    qty: '0.001',
    price: '64123.1',
    orderLinkId: 'qd-7f3a9c2e1b4d',
  };
  const bybitPrehash = `${T0}${API_KEY}5000${JSON.stringify(bybitOrder)}`;
  const bybit = offline(new ccxt.bybit({ apiKey: API_KEY, secret: SECRET }), tick);
  const by = await run('bybit', [
    [
      'ours build+sign',
      () =>
        signBybitRest(okxSecret, {
          timestamp: tick(),
          apiKey: API_KEY,
          recvWindow: 5000,
          payload: JSON.stringify(bybitOrder),
        }),
    ],
    ['raw node:crypto HMAC', () => createHmac('sha256', SECRET).update(bybitPrehash).digest('hex')],
    ['ccxt sign()', () => bybit.sign('v5/order/create', 'private', 'POST', { ...bybitOrder })],
  ]);
  notes.push(`bybit: ours costs ${x(by.cost(0, 1))}x raw HMAC (goal ≤ 1.3x), ${x(by.cost(2, 0))}x faster than ccxt`);

  // Kraken: AddOrder, form body.
  const krakenKey =
    'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
  const krakenSecret = new Secret(krakenKey);
  const krakenBytes = Buffer.from(krakenKey, 'base64');
  const krakenBody = (n: number) => `nonce=${n}&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25`;
  const kraken = offline(new ccxt.kraken({ apiKey: API_KEY, secret: krakenKey }), tick);
  const kr = await run('kraken', [
    [
      'ours build+sign',
      () => {
        const n = tick();
        return signKraken(krakenSecret, {
          uriPath: '/0/private/AddOrder',
          nonce: String(n),
          postData: krakenBody(n),
        });
      },
    ],
    [
      'raw node:crypto',
      () => {
        const inner = createHash('sha256')
          .update(`${T0}${krakenBody(T0)}`)
          .digest();
        return createHmac('sha512', krakenBytes).update('/0/private/AddOrder').update(inner).digest('base64');
      },
    ],
    [
      'ccxt sign()',
      () => kraken.sign('AddOrder', 'private', 'POST', { ordertype: 'limit', pair: 'XBTUSD', price: '37500', type: 'buy', volume: '1.25' }),
    ],
  ]);
  notes.push(`kraken: ours costs ${x(kr.cost(0, 1))}x raw node:crypto and is ${x(kr.cost(2, 0))}x faster than ccxt`);

  // Coinbase: one CDP JWT per REST request (POST /api/v3/brokerage/orders), for each key type: ours,
  // the same token written by hand over node:crypto (header and claims stringified, base64url, one
  // crypto.sign with a key object made once), and ccxt's sign() for the same create-order request.
  const cbRequest = {
    method: 'POST',
    host: 'api.coinbase.com',
    path: '/api/v3/brokerage/orders',
    nonce: 'a1b2c3d4e5f60718',
  };
  const cbOrder = {
    client_order_id: 'qd-7f3a9c2e1b4d',
    product_id: 'BTC-USD',
    side: 'BUY',
    order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: '64123.10', post_only: false } },
  };
  const cbKeyName = 'organizations/o/apiKeys/k';
  const { privateKey: edCbKey } = generateKeyPairSync('ed25519');
  const edJwk = edCbKey.export({ format: 'jwk' });
  // Coinbase's Ed25519 secret: base64 of seed ‖ public (the form ccxt reads; ours takes it too).
  const edCbSecret = Buffer.concat([Buffer.from(edJwk.d!, 'base64url'), Buffer.from(edJwk.x!, 'base64url')]).toString('base64');
  const edCb = { keyName: cbKeyName, privateKey: new Secret(edCbSecret) };
  const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecPem = ecKey.export({ type: 'sec1', format: 'pem' }) as string;
  const ecCb = { keyName: cbKeyName, privateKey: new Secret(ecPem) };
  const handJwt = (alg: 'ES256' | 'EdDSA', key: KeyObject, now: number) => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg, kid: cbKeyName, nonce: cbRequest.nonce, typ: 'JWT' })}.${b64({ sub: cbKeyName, iss: 'cdp', nbf: now, exp: now + 120, uri: 'POST api.coinbase.com/api/v3/brokerage/orders' })}`;
    const sig =
      alg === 'EdDSA'
        ? nodeSign(null, Buffer.from(input), key)
        : nodeSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  };
  const ecObject = createPrivateKey(ecPem);
  const ccxtEc = offline(new ccxt.coinbase({ apiKey: cbKeyName, secret: ecPem }), tick);
  const ccxtEd = offline(new ccxt.coinbase({ apiKey: 'k', secret: edCbSecret }), tick);
  const cbEs = await run('coinbase jwt ES256', [
    ['ours build+sign', () => coinbaseRestJwt(ecCb, { ...cbRequest, now: Math.floor(tick() / 1000) })],
    ['raw node:crypto (same JWT by hand)', () => handJwt('ES256', ecObject, Math.floor(tick() / 1000))],
    ['ccxt sign()', () => ccxtEc.sign('brokerage/orders', ['v3', 'private'], 'POST', { ...cbOrder })],
  ]);
  const cbEd = await run('coinbase jwt EdDSA', [
    ['ours build+sign', () => coinbaseRestJwt(edCb, { ...cbRequest, now: Math.floor(tick() / 1000) })],
    ['raw node:crypto (same JWT by hand)', () => handJwt('EdDSA', edCbKey, Math.floor(tick() / 1000))],
    ['ccxt sign()', () => ccxtEd.sign('brokerage/orders', ['v3', 'private'], 'POST', { ...cbOrder })],
  ]);
  notes.push(
    `coinbase ES256: ours costs ${x(cbEs.cost(0, 1))}x the hand-built JWT and is ${x(cbEs.cost(2, 0))}x faster than ccxt; EdDSA: ${x(cbEd.cost(0, 1))}x, ${x(cbEd.cost(2, 0))}x faster than ccxt`,
  );

  // Hyperliquid: an order action (msgpack + keccak + EIP-712 Agent + secp256k1).
  const hlKey = new Secret(HL_KEY);
  const action = {
    type: 'order',
    orders: [
      {
        a: 4,
        b: true,
        p: '1670.1',
        s: '0.0147',
        r: false,
        t: { limit: { tif: 'Gtc' } },
        c: '0x00000000000000000000000000000001',
      },
    ],
    grouping: 'na',
  };
  const wallet = new Wallet(HL_KEY);
  const domain = {
    name: 'Exchange',
    version: '1',
    chainId: 1337,
    verifyingContract: '0x0000000000000000000000000000000000000000',
  };
  const types = {
    Agent: [
      { name: 'source', type: 'string' },
      { name: 'connectionId', type: 'bytes32' },
    ],
  };
  const hyperliquid = offline(
    new ccxt.hyperliquid({ privateKey: HL_KEY, walletAddress: wallet.address }),
    tick,
  );
  const hl = await run(
    'hyperliquid l1',
    [
      [
        'ours build+sign',
        () =>
          signL1Action(hlKey, {
            action,
            nonce: tick(),
            vaultAddress: null,
            expiresAfter: null,
            isMainnet: true,
          }),
      ],
      [
        'ethers Wallet.signTypedData (+ our action hash)',
        () => {
          const id = Buffer.from(
            l1ActionHash({ action, nonce: tick(), vaultAddress: null, expiresAfter: null }),
          ).toString('hex');
          return wallet.signTypedData(domain, types, { source: 'a', connectionId: `0x${id}` });
        },
        true,
      ],
      ['ccxt signL1Action', () => hyperliquid.signL1Action(action, tick())],
    ],
    MS * 2,
  );
  notes.push(
    `hyperliquid: ours is ${x(hl.cost(1, 0))}x faster than ethers signTypedData (goal ≥ 1.5x), ${x(hl.cost(2, 0))}x faster than ccxt`,
  );
  notes.push(
    `ratios: median over back-to-back ~2 ms batches (interleaved for ${MS} ms per scheme, hyperliquid ${MS * 2} ms); ops/s: totals`,
  );

  return {
    title: 'signing: build+sign of a create-order request (ops/s, higher is better)',
    rows,
    notes,
    figures: {
      'sign.binance.vs_raw': bn.cost(0, 1),
      'sign.binance.vs_ccxt': bn.cost(2, 0),
      'sign.okx.vs_raw': ok.cost(0, 1),
      'sign.bybit.vs_raw': by.cost(0, 1),
      'sign.hyperliquid.vs_ethers': hl.cost(1, 0),
    },
  };
}
