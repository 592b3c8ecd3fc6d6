// A second independent client family for Hyperliquid: @nktkas/hyperliquid (0.32.2, the newest that
// runs on Node 20), with its HTTP and WebSocket transports pointed at the local venue (testnet
// signing, as the sim verifies). Info queries, exchange actions signed by the SDK's own signer with
// an ethers wallet (the sim's agent key), and its WebSocket subscriptions for the account's fills and
// order updates, which must carry the events of an order placed through it.
import {
  ExchangeClient,
  HttpTransport,
  InfoClient,
  SubscriptionClient,
  WebSocketTransport,
} from '@nktkas/hyperliquid';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { mul, toFixed } from '../../src/core/decimal.js';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';

let sim: SimHandle;
let info: InfoClient;
let exchange: ExchangeClient;
let ws: WebSocketTransport;
let subs: SubscriptionClient;
let master: `0x${string}`;

beforeAll(async () => {
  sim = await startSim({ dialect: 'hyperliquid', tickMs: 50, seed: 'hl-sdk' });
  const account = sim.accounts[0]!;
  master = account.walletAddress as `0x${string}`;
  const agent = new Wallet(revealSecret(account.evm!.secret!));
  const http = new HttpTransport({ apiUrl: sim.restUrl, isTestnet: true });
  info = new InfoClient({ transport: http });
  exchange = new ExchangeClient({ transport: http, wallet: agent });
  // Node 20 has no global WebSocket; the SDK takes a constructor (the `ws` package's).
  ws = new WebSocketTransport({
    url: `${sim.wsUrl}/ws`,
    isTestnet: true,
    reconnect: { WebSocket: NodeWebSocket as unknown as typeof globalThis.WebSocket },
  });
  subs = new SubscriptionClient({ transport: ws });
});
afterAll(async () => {
  await ws?.close();
  await sim.close();
});

async function btcPrice(factor: string): Promise<string> {
  const mids = await info.allMids();
  return toFixed(mul(mids['BTC']!, factor), 0, 'floor');
}

describe('@nktkas/hyperliquid against the local venue', () => {
  it('info: meta, mids and the master account state', async () => {
    const meta = await info.meta();
    expect(meta.universe.map((u) => u.name)).toContain('BTC');
    expect(Number((await info.allMids())['BTC'])).toBeGreaterThan(0);
    const state = await info.clearinghouseState({ user: master });
    expect(Number(state.marginSummary.accountValue)).toBeGreaterThan(0);
  });

  it('exchange: a resting post-only order, found by oid, then cancelled', async () => {
    const placed = await exchange.order({
      orders: [
        { a: 0, b: true, p: await btcPrice('0.97'), s: '0.002', r: false, t: { limit: { tif: 'Alo' } } },
      ],
      grouping: 'na',
    });
    const status = placed.response.data.statuses[0]!;
    if (typeof status !== 'object' || !('resting' in status))
      throw new Error(`not resting: ${JSON.stringify(status)}`);
    const oid = status.resting.oid;
    const found = await info.orderStatus({ user: master, oid });
    expect(found).toMatchObject({
      status: 'order',
      order: { status: 'open', order: { oid, coin: 'BTC', side: 'B' } },
    });
    const canceled = await exchange.cancel({ cancels: [{ a: 0, o: oid }] });
    expect(canceled.response.data.statuses).toEqual(['success']);
  });

  it("subscriptions: the account's order updates and fills carry an order placed through the SDK", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's event shapes, asserted below
    const orders: any[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's event shapes, asserted below
    const fills: any[] = [];
    await subs.orderUpdates({ user: master }, (updates) => orders.push(...updates));
    await subs.userFills({ user: master }, (event) => {
      if (!event.isSnapshot) fills.push(...event.fills);
    });
    const placed = await exchange.order({
      orders: [
        { a: 0, b: true, p: await btcPrice('1.02'), s: '0.003', r: false, t: { limit: { tif: 'Ioc' } } },
      ],
      grouping: 'na',
    });
    const status = placed.response.data.statuses[0]!;
    if (typeof status !== 'object' || !('filled' in status))
      throw new Error(`not filled: ${JSON.stringify(status)}`);
    const oid = status.filled.oid;
    await until(() => fills.some((f) => f.oid === oid), 'the fill on userFills');
    await until(
      () => orders.some((o) => o.order.oid === oid && o.status === 'filled'),
      'the filled order on orderUpdates',
    );
    expect(fills.find((f) => f.oid === oid)).toMatchObject({ coin: 'BTC', side: 'B', sz: '0.003' });
    await exchange.order({
      orders: [
        { a: 0, b: false, p: await btcPrice('0.98'), s: '0.003', r: true, t: { limit: { tif: 'Ioc' } } },
      ],
      grouping: 'na',
    });
  });
});
