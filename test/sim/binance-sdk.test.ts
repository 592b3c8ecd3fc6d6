// A second independent client family, written for the real venue: the `binance` npm SDK (sieblyio),
// with only its REST base URL and WebSocket root swapped to the local venue. Its USDMClient places,
// queries and cancels orders over REST; its WebsocketClient opens the USD-M user data stream the way
// it does against Binance today (listen key over REST, then the routed /private path) and must
// receive the order's ORDER_TRADE_UPDATE and the ACCOUNT_UPDATE. Every request stays on loopback.
import { USDMClient, WebsocketClient } from 'binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';

/** The SDK's own logger, minus its chatter; errors still surface. */
const logger = {
  trace: () => {},
  info: () => {},
  error: (...args: unknown[]) => console.error('binance SDK:', ...args),
};

let sim: SimHandle;
let rest: USDMClient;
let ws: WebsocketClient | undefined;
const wsPaths: string[] = [];
// biome-ignore lint/suspicious/noExplicitAny: venue JSON as the SDK hands it over, shape asserted below
const userEvents: any[] = [];

beforeAll(async () => {
  sim = await startSim({ seed: 'binance-sdk', tickMs: 50 });
  const key = sim.accounts[0]!.hmac!;
  const credentials = { api_key: key.apiKey, api_secret: revealSecret(key.secret!) };
  rest = new USDMClient({ ...credentials, baseUrl: sim.restUrl, disableTimeSync: true });
  ws = new WebsocketClient(
    {
      ...credentials,
      wsUrl: sim.wsUrl,
      beautify: false,
      restOptions: { baseUrl: sim.restUrl, disableTimeSync: true },
    },
    logger,
  );
  ws.on('open', (e: { wsUrl?: string }) => {
    if (e.wsUrl !== undefined) wsPaths.push(e.wsUrl);
  });
  ws.on('message', (m: unknown) => {
    const frame = m as { data?: { e?: string }; e?: string };
    const event = frame.data?.e !== undefined ? frame.data : frame;
    if (typeof event?.e === 'string') userEvents.push(event);
  });
});
afterAll(async () => {
  ws?.closeAll(true);
  await sim.close();
});

describe('the binance SDK (USDMClient, WebsocketClient) against the local venue', () => {
  it('reads the venue: server time and exchange info', async () => {
    const time = await rest.getServerTime();
    expect(Math.abs(time - Date.now())).toBeLessThan(5_000);
    const info = await rest.getExchangeInfo();
    expect(info.symbols.map((s) => s.symbol)).toContain('BTCUSDT');
  });

  it('places, queries and cancels a resting limit order by its client id', async () => {
    const book = await rest.getSymbolOrderBookTicker({ symbol: 'BTCUSDT' });
    const bid = Number((Array.isArray(book) ? book[0] : book).bidPrice);
    const price = (Math.floor((bid * 0.98) / 0.1) * 0.1).toFixed(1);
    // The SDK's own id scheme (its broker prefix); the venue takes it as any client order id.
    const id = rest.generateNewOrderId();
    const placed = await rest.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 0.002,
      price: Number(price),
      newClientOrderId: id,
    });
    expect(placed).toMatchObject({ symbol: 'BTCUSDT', status: 'NEW', clientOrderId: id });
    const queried = await rest.getOrder({ symbol: 'BTCUSDT', origClientOrderId: id });
    expect(queried).toMatchObject({ orderId: placed.orderId, status: 'NEW' });
    const canceled = await rest.cancelOrder({ symbol: 'BTCUSDT', origClientOrderId: id });
    expect(canceled.status).toBe('CANCELED');
  });

  it("opens the USD-M user data stream on the routed /private path and receives the order's ORDER_TRADE_UPDATE and the ACCOUNT_UPDATE", async () => {
    await ws!.subscribeUsdFuturesUserDataStream();
    await until(() => wsPaths.length > 0, 'the user data socket open');
    expect(new URL(wsPaths[0]!).pathname).toBe('/private/stream');
    expect(new URL(wsPaths[0]!).searchParams.get('listenKey')).toMatch(/^[A-Za-z0-9]{64}$/);
    const id = rest.generateNewOrderId();
    const placed = await rest.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.003,
      newClientOrderId: id,
    });
    expect(placed.clientOrderId).toBe(id);
    await until(
      () => userEvents.some((e) => e.e === 'ORDER_TRADE_UPDATE' && e.o?.c === id && e.o?.X === 'FILLED'),
      "the order's ORDER_TRADE_UPDATE (FILLED)",
    );
    await until(() => userEvents.some((e) => e.e === 'ACCOUNT_UPDATE'), 'the ACCOUNT_UPDATE');
    const filled = userEvents.find((e) => e.e === 'ORDER_TRADE_UPDATE' && e.o.c === id && e.o.X === 'FILLED');
    expect(filled.o).toMatchObject({
      s: 'BTCUSDT',
      S: 'BUY',
      o: 'MARKET',
      x: 'TRADE',
      z: '0.003',
      i: placed.orderId,
    });
    const account = userEvents.find((e) => e.e === 'ACCOUNT_UPDATE');
    expect(account.a.P.find((p: { s: string }) => p.s === 'BTCUSDT')).toMatchObject({ pa: '0.003' });
  });
});
