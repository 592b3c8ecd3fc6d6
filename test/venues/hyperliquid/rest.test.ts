// The Hyperliquid adapter's REST side as bytes and parses: the built /exchange body is the venue's
// (key order, floatToWire strings, nonce, expiresAfter) and its signature recovers — through ethers,
// not our signer — to the agent; /info bodies name the master; error wording maps to failure
// classes; replies in the venue's documented shapes parse, others are named errors.
import { Encoder } from '@msgpack/msgpack';
import { computeAddress, concat, keccak256, recoverAddress, Signature, TypedDataEncoder, ZeroAddress, zeroPadValue } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { OrderIntent } from '../../../src/core/types.js';
import { InvalidIntentError, UnknownEnvironmentError } from '../../../src/venues/shared/errors.js';
import { HYPERLIQUID_DEADMAN, hyperliquid } from '../../../src/venues/hyperliquid/adapter.js';
import { rememberAssets } from '../../../src/venues/hyperliquid/assets.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';
import { type HttpReply, type SignContext, VenueParseError } from '../../../src/venues/venue.js';

const KEY = '0x0123456789012345678901234567890123456789012345678901234567890123';
const AGENT = computeAddress(KEY).toLowerCase();
const MASTER = '0x1d9470d4b963f552e6f671a81619d395877bf409';
const NOW = 1_800_000_000_000;

function ctx(over: Partial<SignContext> = {}): SignContext {
  let nonce = NOW;
  return {
    credentials: { venue: 'hyperliquid', env: 'testnet', apiKey: new Secret(MASTER), privateKey: new Secret(KEY), walletAddress: MASTER.toUpperCase().replace('0X', '0x') },
    venueNow: () => NOW,
    nextNonce: () => nonce++,
    recvWindowMs: 5_000,
    ...over,
  };
}

const intent = (over: Partial<OrderIntent> = {}): OrderIntent => ({
  symbol: 'BTC',
  side: 'buy',
  type: 'limit',
  qty: '0.0100',
  price: '65000.0',
  reduceOnly: false,
  postOnly: false,
  clientOrderId: `0x${'ab'.repeat(16)}`,
  ...over,
});

const ok = (body: unknown): HttpReply => ({ status: 200, headers: {}, body });

/** The address an /exchange body's signature recovers to, computed with ethers from the docs' recipe. */
function recovered(body: { action: unknown; nonce: number; expiresAfter: number | null; signature: { r: string; s: string; v: number } }, source: 'a' | 'b'): string {
  const u64 = (n: number) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n));
    return b;
  };
  const parts = [new Encoder().encode(body.action), u64(body.nonce), Uint8Array.of(0)];
  if (body.expiresAfter !== null) parts.push(Uint8Array.of(0), u64(body.expiresAfter));
  const digest = TypedDataEncoder.hash(
    { name: 'Exchange', version: '1', chainId: 1337, verifyingContract: ZeroAddress },
    { Agent: [{ name: 'source', type: 'string' }, { name: 'connectionId', type: 'bytes32' }] },
    { source, connectionId: keccak256(concat(parts)) },
  );
  const pad = (h: string) => zeroPadValue(h.length % 2 === 1 ? `0x0${h.slice(2)}` : h, 32);
  return recoverAddress(digest, Signature.from({ r: pad(body.signature.r), s: pad(body.signature.s), v: body.signature.v })).toLowerCase();
}

describe('hyperliquid adapter: requests', () => {
  beforeAll(() => {
    rememberAssets('testnet', [
      { coin: 'BTC', index: 3, szDecimals: 5 },
      { coin: 'ETH', index: 4, szDecimals: 4 },
    ]);
  });

  it('builds a signed order action: venue key order, wire strings, nonce, expiresAfter; the agent signed it', () => {
    const wire = hyperliquid.placeOrder(intent()).build(ctx());
    expect(wire).toMatchObject({ method: 'POST', path: '/exchange', query: '', headers: { 'Content-Type': 'application/json' }, lane: 'critical' });
    const body = JSON.parse(wire.body);
    expect(Object.keys(body)).toEqual(['action', 'nonce', 'signature', 'vaultAddress', 'expiresAfter']);
    expect(Object.keys(body.action)).toEqual(['type', 'orders', 'grouping']);
    expect(Object.keys(body.action.orders[0])).toEqual(['a', 'b', 'p', 's', 'r', 't', 'c']);
    expect(body.action.orders[0]).toEqual({ a: 3, b: true, p: '65000', s: '0.01', r: false, t: { limit: { tif: 'Gtc' } }, c: intent().clientOrderId });
    expect(body).toMatchObject({ nonce: NOW, vaultAddress: null, expiresAfter: NOW + 5_000 });
    expect(recovered(body, 'b')).toBe(AGENT);
    expect(recovered(body, 'a')).not.toBe(AGENT);
    expect(wire.costs).toEqual({ 'weight-1m': 1, address: 1 });
  });

  it('maps time in force: post-only is ALO, IOC stays, FOK does not exist', () => {
    const tif = (i: Partial<OrderIntent>) => JSON.parse(hyperliquid.placeOrder(intent(i)).build(ctx()).body).action.orders[0].t.limit.tif;
    expect(tif({ postOnly: true })).toBe('Alo');
    expect(tif({ timeInForce: 'ioc' })).toBe('Ioc');
    expect(() => hyperliquid.placeOrder(intent({ timeInForce: 'fok' }))).toThrow(InvalidIntentError);
    expect(() => hyperliquid.placeOrder(intent({ clientOrderId: 'qd123' }))).toThrow(/cloid/);
  });

  it('sends a market order as an IOC limit through the reference price, on the grid', () => {
    const market = intent({ type: 'market', price: undefined });
    const body = (ref?: string, side: 'buy' | 'sell' = 'buy') =>
      JSON.parse(hyperliquid.placeOrder({ ...market, side }).build(ctx(ref === undefined ? {} : { referencePrice: () => ref })).body).action.orders[0];
    expect(body('65000.4')).toMatchObject({ p: '66951', t: { limit: { tif: 'Ioc' } } });
    expect(body('65000.4', 'sell')).toMatchObject({ p: '63050' });
    expect(() => body()).toThrow(/no reference price/);
  });

  it('refuses what the venue would refuse, before signing', () => {
    expect(() => hyperliquid.placeOrder(intent({ price: '65000.5' })).build(ctx())).toThrow(/significant figures/);
    expect(() => hyperliquid.placeOrder(intent({ qty: '0.000001' })).build(ctx())).toThrow(/more than 5 decimals/);
    expect(() => hyperliquid.placeOrder(intent({ symbol: 'DOGE' })).build(ctx())).toThrow(/no perp named "DOGE"|no asset index for "DOGE"/);
    expect(() => hyperliquid.placeOrder(intent()).build(ctx({ credentials: { ...ctx().credentials, env: 'live' } }))).toThrow(/live asset list is not loaded|no asset index/);
    expect(() => hyperliquid.placeOrder(intent()).build(ctx({ credentials: { ...ctx().credentials, privateKey: undefined } as never }))).toThrow(SigningError);
    expect(() => hyperliquid.openOrders().build(ctx({ credentials: { ...ctx().credentials, walletAddress: undefined } as never }))).toThrow(/master wallet address/);
  });

  it('cancels by oid or by cloid, in batches by oid, and schedules the dead-man', () => {
    const act = (w: { body: string }) => JSON.parse(w.body).action;
    expect(act(hyperliquid.cancelOrder({ symbol: 'ETH', venueOrderId: '77' }).build(ctx()))).toEqual({ type: 'cancel', cancels: [{ a: 4, o: 77 }] });
    expect(act(hyperliquid.cancelOrder({ symbol: 'ETH', clientOrderId: intent().clientOrderId }).build(ctx()))).toEqual({
      type: 'cancelByCloid',
      cancels: [{ asset: 4, cloid: intent().clientOrderId }],
    });
    const batch = hyperliquid.cancelBatch!.plan([{ symbol: 'BTC', venueOrderId: '1' }, { symbol: 'ETH', venueOrderId: '2' }]).build(ctx());
    expect(act(batch)).toEqual({ type: 'cancel', cancels: [{ a: 3, o: 1 }, { a: 4, o: 2 }] });
    expect(act(hyperliquid.deadman!.arm(60_000).build(ctx()))).toEqual({ type: 'scheduleCancel', time: NOW + 60_000 });
    expect(act(HYPERLIQUID_DEADMAN.disarm().build(ctx()))).toEqual({ type: 'scheduleCancel' });
    expect(() => hyperliquid.cancelAll('BTC')).toThrow(/no cancel-all/);
  });

  it('queries /info for the master, unsigned', () => {
    const body = (w: { body: string; path: string }) => {
      expect(w.path).toBe('/info');
      return JSON.parse(w.body);
    };
    expect(body(hyperliquid.queryOrder({ symbol: 'BTC', clientOrderId: intent().clientOrderId }).build(ctx()))).toEqual({ type: 'orderStatus', user: MASTER, oid: intent().clientOrderId });
    expect(body(hyperliquid.queryOrder({ symbol: 'BTC', venueOrderId: '91490942' }).build(ctx()))).toEqual({ type: 'orderStatus', user: MASTER, oid: 91490942 });
    expect(body(hyperliquid.openOrders().build(ctx()))).toEqual({ type: 'frontendOpenOrders', user: MASTER });
    expect(body(hyperliquid.positions!().build(ctx()))).toEqual({ type: 'clearinghouseState', user: MASTER });
    expect(body(hyperliquid.fills({ symbol: 'BTC', startTime: NOW - 1 }).build(ctx()))).toEqual({ type: 'userFillsByTime', user: MASTER, startTime: NOW - 1, aggregateByTime: false });
    expect(body(hyperliquid.fills({ symbol: 'BTC' }).build(ctx()))).toEqual({ type: 'userFills', user: MASTER });
    expect(body(hyperliquid.serverTime().build(ctx()))).toEqual({ type: 'exchangeStatus' });
    expect(hyperliquid.serverTime().lane).toBe('critical');
    expect(hyperliquid.instruments().costs).toEqual({ 'weight-1m': 20 });
  });

  it('has the environments the venue has', () => {
    expect(hyperliquid.urls('sim', { rest: 'http://127.0.0.1:9/', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9/ws' })).toEqual({
      rest: 'http://127.0.0.1:9',
      wsPublic: 'ws://127.0.0.1:9/ws',
      wsPrivate: 'ws://127.0.0.1:9/ws',
    });
    expect(hyperliquid.urls('live').rest).toBe('https://api.hyperliquid.xyz');
    expect(hyperliquid.urls('testnet').wsPrivate).toBe('wss://api.hyperliquid-testnet.xyz/ws');
    expect(() => hyperliquid.urls('demo')).toThrow(UnknownEnvironmentError);
  });
});

describe('hyperliquid adapter: errors', () => {
  const check = (body: unknown, status = 200) => hyperliquid.checkReply({ status, headers: {}, body });

  it('classes the venue sentences', () => {
    const table: Array<[string, string, string]> = [
      ['User or API Wallet 0x5edc985e39493f019bf20f5a800c900b03cdaa3a does not exist.', 'auth', 'auth'],
      ['L1 error: User or API Wallet 0x5edc985e39493f019bf20f5a800c900b03cdaa3a does not exist.', 'auth', 'auth'],
      ['Invalid nonce: duplicate nonce 1', 'timestamp', 'clock'],
      ['Action expired: expiresAfter 1 is before the block time 2', 'timestamp', 'clock'],
      ['Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $0.00.', 'rate_limited', 'backoff'],
    ];
    for (const [text, meaning, failure] of table) expect(check({ status: 'err', response: text }), text).toMatchObject({ meaning, failure });
    const items: Array<[string, string, string]> = [
      ['Price must be divisible by tick size.', 'bad_request', 'rejected'],
      ['Order must have minimum value of $10.', 'bad_request', 'rejected'],
      ['Insufficient margin to place order.', 'insufficient_balance', 'rejected'],
      ['Reduce only order would increase position.', 'reduce_only_rejected', 'rejected'],
      ['Post only order would have immediately matched, bbo was 1@2.', 'would_take', 'rejected'],
      ['Order could not immediately match against any resting orders.', 'other', 'rejected'],
      ['Order was never placed, already canceled, or filled.', 'order_not_found', 'rejected'],
      ['Order with this cloid already exists.', 'duplicate_client_id', 'ambiguous'],
    ];
    for (const [text, meaning, failure] of items) {
      expect(check({ status: 'ok', response: { type: 'order', data: { statuses: [{ error: text }] } } }), text).toMatchObject({ meaning, failure, message: text });
    }
  });

  it('tells success, partial batches, unknownOid and HTTP failures apart', () => {
    expect(check({ status: 'ok', response: { type: 'order', data: { statuses: [{ resting: { oid: 1 } }] } } })).toBeUndefined();
    expect(check({ status: 'ok', response: { type: 'cancel', data: { statuses: ['success', { error: 'Order was never placed, already canceled, or filled.' }] } } })).toBeUndefined();
    expect(check({ status: 'order', order: {} })).toBeUndefined();
    expect(check([])).toBeUndefined();
    expect(check({ status: 'unknownOid' })).toMatchObject({ meaning: 'order_not_found', failure: 'rejected' });
    expect(check('Too many requests', 429)).toMatchObject({ meaning: 'rate_limited', failure: 'backoff' });
    expect(check(null, 500)).toMatchObject({ meaning: 'unknown_status', failure: 'ambiguous' });
    expect(check(null, 503)).toMatchObject({ meaning: 'unavailable', failure: 'backoff' });
    expect(hyperliquid.rateFeedback({ status: 429, headers: { 'retry-after': '2' }, body: null }, NOW)).toEqual({ used: {}, rateLimited: true, retryAfterMs: 2_000 });
  });
});

describe('hyperliquid adapter: parsers', () => {
  const parse = <T>(plan: { build(c: SignContext): unknown; parse(r: HttpReply): T }, body: unknown): T => {
    plan.build(ctx());
    return plan.parse(ok(body));
  };

  it('reads metaAndAssetCtxs into instruments and learns the asset indices', () => {
    const meta = {
      universe: [
        { name: 'BTC', szDecimals: 5, maxLeverage: 50 },
        { name: 'OLD', szDecimals: 0, maxLeverage: 3, isDelisted: true },
        { name: 'SOL', szDecimals: 2, maxLeverage: 20 },
      ],
    };
    const ctxs = [{ markPx: '65000.0' }, { markPx: '1.0' }, { markPx: '150.25' }];
    const plan = hyperliquid.instruments();
    plan.build(ctx({ credentials: { ...ctx().credentials, env: 'sim' } }));
    const list = plan.parse(ok([meta, ctxs]));
    expect(list.map((i) => i.symbol)).toEqual(['BTC', 'SOL']);
    expect(list[1]).toMatchObject({ quote: 'USDC', kind: 'perp', tickSize: '0.01', stepSize: '0.01', minNotional: '10', qtyPrecision: 2, pricePrecision: 2 });
    const order = JSON.parse(hyperliquid.placeOrder(intent({ symbol: 'SOL', price: '150.25', qty: '1.5' })).build(ctx({ credentials: { ...ctx().credentials, env: 'sim' } })).body);
    expect(order.action.orders[0].a).toBe(2);
    expect(() => plan.parse(ok({ universe: [] }))).toThrow(VenueParseError);
    // A size grid outside 0-6 decimals is refused by name (found by the REST fuzz: "-1" threw a RangeError).
    for (const szDecimals of [-1, '-1', 7, 1e15]) {
      const bad = { universe: [{ name: 'XRP', szDecimals, maxLeverage: 20 }] };
      expect(() => plan.parse(ok([bad, [{ markPx: '0.6' }]])), String(szDecimals)).toThrow(/szDecimals .* is outside 0-6/);
    }
  });

  it('reads orderStatus, frontendOpenOrders and the place/cancel replies', () => {
    const status = {
      status: 'order',
      order: {
        order: { coin: 'BTC', side: 'A', limitPx: '29792.0', sz: '0.4', oid: 91490942, timestamp: 1681247412573, origSz: '1.0', reduceOnly: true, orderType: 'Limit', tif: 'Alo', cloid: intent().clientOrderId.toUpperCase().replace('0X', '0x') },
        status: 'open',
        statusTimestamp: 1681247412600,
      },
    };
    const o = parse(hyperliquid.queryOrder({ symbol: 'BTC', clientOrderId: intent().clientOrderId }), status);
    expect(o).toMatchObject({ venueOrderId: '91490942', clientOrderId: intent().clientOrderId, side: 'sell', qty: '1.0', filledQty: '0.6', state: 'partially_filled', reduceOnly: true, postOnly: true, timeInForce: 'gtx', updatedAt: 1681247412600 });
    const canceled = structuredClone(status);
    canceled.order.status = 'marginCanceled';
    expect(parse(hyperliquid.queryOrder({ symbol: 'BTC', venueOrderId: '91490942' }), canceled)).toMatchObject({ state: 'canceled', reason: 'marginCanceled' });
    const open = parse(hyperliquid.openOrders('BTC'), [status.order.order, { ...status.order.order, coin: 'ETH', oid: 2, cloid: undefined }]);
    expect(open).toHaveLength(1);
    const place = hyperliquid.placeOrder(intent());
    expect(parse(place, { status: 'ok', response: { type: 'order', data: { statuses: [{ resting: { oid: 77 } }] } } })).toMatchObject({ venueOrderId: '77', state: 'new', updatedAt: NOW });
    const ioc = hyperliquid.placeOrder(intent({ timeInForce: 'ioc' }));
    expect(parse(ioc, { status: 'ok', response: { type: 'order', data: { statuses: [{ filled: { totalSz: '0.004', avgPx: '65001.5', oid: 78 } }] } } })).toMatchObject({ state: 'expired', filledQty: '0.004', avgPrice: '65001.5' });
    expect(parse(hyperliquid.cancelOrder({ symbol: 'BTC', venueOrderId: '77' }), { status: 'ok', response: { type: 'cancel', data: { statuses: ['success'] } } })).toMatchObject({ state: 'pending_cancel', venueOrderId: '77' });
    expect(() => parse(place, { status: 'ok', response: { type: 'order', data: { statuses: [{ waitingForFill: {} }] } } })).toThrow(VenueParseError);
  });

  it('reads clearinghouseState into positions and the USDC balance, and fills oldest first', () => {
    const state = {
      assetPositions: [
        { position: { coin: 'ETH', entryPx: '2986.3', leverage: { type: 'cross', value: 20 }, liquidationPx: '2866.26936529', positionValue: '100.02765', szi: '0.0335', unrealizedPnl: '-0.0134' }, type: 'oneWay' },
        { position: { coin: 'BTC', entryPx: null, leverage: { type: 'cross', value: 20 }, positionValue: '0.0', szi: '0.0', unrealizedPnl: '0.0' }, type: 'oneWay' },
      ],
      marginSummary: { accountValue: '13104.514502', totalMarginUsed: '5.0', totalNtlPos: '100.02765', totalRawUsd: '13004.48' },
      withdrawable: '13099.5',
      time: 1708622398623,
    };
    expect(parse(hyperliquid.positions!(), state)).toEqual([
      { symbol: 'ETH', qty: '0.0335', entryPrice: '2986.3', markPrice: '2985.9', unrealizedPnl: '-0.0134', liquidationPrice: '2866.26936529', leverage: '20', marginMode: 'cross', breakEvenPrice: '2988.98888', updatedAt: 1708622398623 },
    ]);
    expect(parse(hyperliquid.balances(), state)).toEqual([{ asset: 'USDC', wallet: '13104.527902', available: '13099.5', equity: '13104.514502', updatedAt: 1708622398623 }]);
    const fill = (tid: number, time: number, coin = 'BTC') => ({ coin, px: '65000.0', sz: '0.01', side: 'B', time, startPosition: '0.0', dir: 'Open Long', closedPnl: '0.0', hash: '0x0', oid: 5, crossed: true, fee: '0.26', tid, feeToken: 'USDC' });
    const fills = parse(hyperliquid.fills({ symbol: 'BTC', startTime: 0 }), [fill(3, 20), fill(1, 10), fill(2, 10, 'ETH')]);
    expect(fills.map((f) => f.tradeId)).toEqual(['1', '3']);
    expect(fills[0]).toMatchObject({ venueOrderId: '5', side: 'buy', price: '65000.0', qty: '0.01', fee: '0.26', feeAsset: 'USDC', maker: false });
    expect(() => parse(hyperliquid.fills({ symbol: 'BTC' }), [{ coin: 'BTC' }])).toThrow(VenueParseError);
  });
});
