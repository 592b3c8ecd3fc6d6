// Open interest as each venue answers it (docs/venues.md §1.10, §2.10, §3.9, §6.10): the plan
// (path, parameters, lane, costs, unsigned) and the parse of replies in the venue's documented
// shape into one side in the base asset; a reply for another symbol or without the figure is a
// named parse error. The spot venues (Kraken, Coinbase) have no plan at all: nothing is asked.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { binanceUsdm } from '../../src/venues/binance/adapter.js';
import { bybit } from '../../src/venues/bybit/adapter.js';
import { hyperliquid } from '../../src/venues/hyperliquid/adapter.js';
import { venueAdapter, venueDescriptor, venueIds } from '../../src/venues/index.js';
import { okx } from '../../src/venues/okx/adapter.js';
import { POOL } from '../../src/venues/okx/limits.js';
import { type Credentials, type SignContext, type VenueAdapter, VenueParseError } from '../../src/venues/venue.js';

const ctxOf = (venue: Credentials['venue']): SignContext => ({
  credentials: { venue, env: 'live', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('s', 'api secret') },
  venueNow: () => 1_765_000_000_000,
  nextNonce: () => 1,
  recvWindowMs: 5000,
});
const reply = (body: unknown) => ({ status: 200, headers: {}, body });
const oiOf = (a: VenueAdapter) => {
  if (a.openInterest === undefined) throw new Error(`${a.id} has no open interest`);
  return a.openInterest;
};

describe('binance usd-m open interest', () => {
  const plan = oiOf(binanceUsdm)('BTCUSDT');
  it('asks GET /fapi/v1/openInterest unsigned on the background lane, weight 1', () => {
    const wire = plan.build(ctxOf('binance-usdm'));
    expect([wire.method, wire.path, wire.query, wire.lane]).toEqual(['GET', '/fapi/v1/openInterest', 'symbol=BTCUSDT', 'background']);
    expect(wire.headers).toEqual({});
    expect(Object.values(wire.costs)).toEqual([1]);
    expect(plan.signed).toBe(false);
  });
  it('reads the figure (base asset) and its time', () => {
    expect(plan.parse(reply({ openInterest: '10659.509', symbol: 'BTCUSDT', time: 1589437530011 }))).toEqual({
      symbol: 'BTCUSDT',
      amount: '10659.509',
      time: 1589437530011,
    });
  });
  it('refuses another symbol or a figure that is not a decimal', () => {
    expect(() => plan.parse(reply({ openInterest: '1', symbol: 'ETHUSDT', time: 1 }))).toThrow(VenueParseError);
    expect(() => plan.parse(reply({ openInterest: 10659.509, symbol: 'BTCUSDT', time: 1 }))).toThrow(/openInterest/);
  });
});

describe('okx open interest', () => {
  const plan = oiOf(okx)('BTC-USDT-SWAP');
  const envelope = (data: unknown[]) => ({ code: '0', msg: '', data });
  const row = { instType: 'SWAP', instId: 'BTC-USDT-SWAP', oi: '2660239.59', oiCcy: '26602.3959', oiUsd: '2433776053.94', ts: '1768889635328' };
  it('asks GET /api/v5/public/open-interest for the swap, unsigned, in its own pool', () => {
    const wire = plan.build(ctxOf('okx'));
    expect([wire.method, wire.path, wire.query, wire.lane]).toEqual(['GET', '/api/v5/public/open-interest', 'instType=SWAP&instId=BTC-USDT-SWAP', 'background']);
    expect(wire.costs).toEqual({ [POOL.openInterest]: 1 });
    expect(plan.signed).toBe(false);
  });
  it('reads oiCcy (the base currency), not oi (contracts of 0.01 BTC)', () => {
    expect(plan.parse(reply(envelope([row])))).toEqual({ symbol: 'BTC-USDT-SWAP', amount: '26602.3959', time: 1768889635328 });
  });
  it('refuses an empty answer or a row of another instrument', () => {
    expect(() => plan.parse(reply(envelope([])))).toThrow(VenueParseError);
    expect(() => plan.parse(reply(envelope([{ ...row, instId: 'ETH-USDT-SWAP' }])))).toThrow(/ETH-USDT-SWAP/);
  });
});

describe('bybit open interest', () => {
  const plan = oiOf(bybit)('BTCUSDT');
  const envelope = (list: unknown[]) => ({ retCode: 0, retMsg: 'OK', result: { symbol: 'BTCUSDT', category: 'linear', list, nextPageCursor: '' }, retExtInfo: {}, time: 1789458655976 });
  it('asks GET /v5/market/open-interest for the newest 5-minute figure, unsigned', () => {
    const wire = plan.build(ctxOf('bybit'));
    expect([wire.method, wire.path, wire.lane]).toEqual(['GET', '/v5/market/open-interest', 'background']);
    expect(wire.query).toBe('category=linear&symbol=BTCUSDT&intervalTime=5min&limit=1');
    expect(plan.signed).toBe(false);
  });
  it('reads one side (singleOpenInterest), the newest row first', () => {
    const rows = [
      // the venue's own single side, not a halving of the sum (which would read 26332.3215)
      { openInterest: '52664.64300000', singleOpenInterest: '26332.321', timestamp: '1789458600000' },
      { openInterest: '52000.00000000', singleOpenInterest: '26000', timestamp: '1789458300000' },
    ];
    expect(plan.parse(reply(envelope(rows)))).toEqual({ symbol: 'BTCUSDT', amount: '26332.321', time: 1789458600000 });
  });
  it('halves the both-sides figure when the row has no single side', () => {
    expect(plan.parse(reply(envelope([{ openInterest: '52664.64200000', timestamp: '1789458600000' }]))).amount).toBe('26332.321');
  });
  it('refuses an empty list', () => {
    expect(() => plan.parse(reply(envelope([])))).toThrow(VenueParseError);
  });
});

describe('hyperliquid open interest', () => {
  const plan = oiOf(hyperliquid)('ETH');
  const meta = { universe: [{ name: 'BTC', szDecimals: 5, maxLeverage: 40 }, { name: 'ETH', szDecimals: 4, maxLeverage: 25 }] };
  const ctx = (openInterest: string, funding: string) => ({
    funding,
    openInterest,
    prevDayPx: '3310.1',
    dayNtlVlm: '512340123.5',
    premium: '0.0001',
    oraclePx: '3321.4',
    markPx: '3321.9',
    midPx: '3321.85',
    impactPxs: ['3321.8', '3321.9'],
    dayBaseVlm: '154000.12',
  });
  it('asks info metaAndAssetCtxs (weight 20) on the background lane', () => {
    const wire = plan.build(ctxOf('hyperliquid'));
    expect([wire.method, wire.path, wire.lane]).toEqual(['POST', '/info', 'background']);
    expect(JSON.parse(wire.body)).toEqual({ type: 'metaAndAssetCtxs' });
    expect(Object.values(wire.costs)).toEqual([20]);
  });
  it("reads the coin's context by its place in the universe, halved to one side", () => {
    const body = [meta, [ctx('27000.5', '0.0000125'), ctx('410000.25', '0.00001')]];
    expect(plan.parse(reply(body))).toEqual({ symbol: 'ETH', amount: '205000.125' });
  });
  it('refuses a coin the universe does not list', () => {
    expect(() => oiOf(hyperliquid)('DOGE').parse(reply([meta, [ctx('1', '0'), ctx('2', '0')]]))).toThrow(/no DOGE/);
  });
});

describe('which venues give open interest', () => {
  it('every perpetual venue has a plan, no spot venue has one', () => {
    const perps = venueIds().filter((id) => venueDescriptor(id).product === 'perp');
    expect(perps.sort()).toEqual(['binance-usdm', 'bybit', 'hyperliquid', 'okx']);
    for (const id of venueIds()) expect(venueAdapter(id).openInterest !== undefined, id).toBe(venueDescriptor(id).product === 'perp');
  });
});
