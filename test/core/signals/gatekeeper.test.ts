import { describe, expect, it } from 'vitest';
import { entryLimit, type GatekeeperInput, gatekeep, signalKey, type StrategyState } from '../../../src/core/signals/gatekeeper.js';
import type { GateResult, Proposal, Signal, Timeframe } from '../../../src/core/signals/types.js';
import type { Instrument } from '../../../src/core/types.js';

const btc: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  kind: 'perp',
  tickSize: '0.1',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '5',
  pricePrecision: 1,
  qtyPrecision: 3,
};

const ev = (meanPct: number, lowPct: number) => ({ trades: 40, meanPct, lowPct, highPct: meanPct + (meanPct - lowPct) });

function gate(strategy: string, passes: Partial<Record<Timeframe, boolean>>): GateResult {
  const pass = Object.values(passes).some((p) => p);
  return { strategy, symbol: 'BTCUSDT', rows: [], aggregate: pass ? ev(0.2, 0.05) : ev(-0.1, -0.3), passes, at: 0 };
}

const long: Signal = {
  symbol: 'BTCUSDT',
  side: 'buy',
  confidence: 0.7,
  horizon: '1m',
  entry: '100000.0',
  stop: '99500.0',
  target: '101000.0',
  rationale: 'trend up on 1m and 5m',
  source: 'rules',
  strategy: 'trend-follow',
};

const active = (over: Partial<StrategyState> = {}): StrategyState => ({ name: 'trend-follow', status: 'active', tier: 1, fills: 0, orders: [], ...over });

function input(over: Partial<GatekeeperInput> = {}): GatekeeperInput {
  return {
    account: 'demo',
    symbol: 'BTCUSDT',
    instrument: btc,
    signals: [long],
    gates: [gate('trend-follow', { '1m': true })],
    strategies: [active()],
    position: '0',
    price: '100000',
    open: [],
    declined: new Set(),
    policy: { tiers: ['0.001', '0.002', '0.004'], promoteAfter: 2, guard: { maxOrderNotional: '250', maxPositionNotional: '1000' } },
    now: 1000,
    idPrefix: 'p',
    seq: 1,
    ...over,
  };
}

describe('gatekeeper', () => {
  it('applies a signal whose horizon the gate passes: its entry as a marketable limit, its stop and target', () => {
    const { proposals } = gatekeep(input());
    expect(proposals).toHaveLength(1);
    const p = proposals[0]!;
    expect(p).toMatchObject({ id: 'p1', action: 'apply', strategy: 'trend-follow', status: 'open', signal: long });
    expect(p.orders).toEqual([
      // 100000 + a quarter of the 500 to the stop: it takes the ask up to 100125.
      { account: 'demo', symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.001', price: '100125', reduceOnly: false },
      { account: 'demo', symbol: 'BTCUSDT', side: 'sell', type: 'stop', qty: '0.001', price: '99500.0', reduceOnly: true },
      { account: 'demo', symbol: 'BTCUSDT', side: 'sell', type: 'take-profit', qty: '0.001', price: '101000.0', reduceOnly: true },
    ]);
  });

  it("an entry's limit chases a quarter of the stop's distance on the paying side, at most 0.5 % of the price, on the tick", () => {
    expect(entryLimit(long, '0.1')).toBe('100125');
    expect(entryLimit({ ...long, side: 'sell', stop: '100333.3', target: '99000.0' }, '0.1')).toBe('99916.7');
    // A far stop: the chase stops at 0.5 % of the price.
    expect(entryLimit({ ...long, stop: '80000.0' }, '0.1')).toBe('100500');
    // Rounded back toward the signal onto the tick (a 5 tick: 100125 → 100125; 100123 → 100120).
    expect(entryLimit({ ...long, stop: '99508.0' }, '5')).toBe('100120');
    // A chase under a tick leaves the signal's own price.
    expect(entryLimit({ ...long, stop: '99999.9' }, '1')).toBe('100000');
  });

  it("expires an open apply the market has left behind (the signal's price past its limit) and proposes it at the new price", () => {
    const first = gatekeep(input()).proposals[0]!;
    const open = { ...first, id: 'p0' };
    // Still within the chase: it stays.
    const near: Signal = { ...long, entry: '100120.0', stop: '99620.0', target: '101120.0' };
    expect(gatekeep(input({ open: [open], signals: [near] }))).toEqual({ proposals: [], expired: [], why: {} });
    // Past it: expired, and a fresh apply at the new price.
    const ran: Signal = { ...long, entry: '100200.0', stop: '99700.0', target: '101200.0' };
    const out = gatekeep(input({ open: [open], signals: [ran] }));
    expect(out.expired).toEqual(['p0']);
    expect(out.why['p0']).toMatch(/left its entry behind .*100200\.0/);
    expect(out.proposals.map((p) => `${p.action} ${p.orders[0]!.price}`)).toEqual(['apply 100325']);
    // A market that fell only makes the buy limit more marketable: it stays.
    expect(gatekeep(input({ open: [open], signals: [{ ...long, entry: '99000.0', stop: '98500.0', target: '100000.0' }] })).expired).toEqual([]);
  });

  it('expires an open retire whose gate passes again, and an open revive or promote whose gate passes nowhere', () => {
    const retire: Proposal = { id: 'p0', strategy: 'trend-follow', action: 'retire', symbol: 'BTCUSDT', orders: [], reason: '', status: 'open', at: 0 };
    const out = gatekeep(input({ open: [retire] }));
    expect(out.expired).toEqual(['p0']);
    expect(out.why['p0']).toBe('its gate passes again on 1m');
    // Freed, the strategy is applied in the same run.
    expect(out.proposals.map((p) => p.action)).toEqual(['apply']);
    expect(gatekeep(input({ open: [retire], gates: [gate('trend-follow', {})] })).expired).toEqual([]);
    for (const action of ['revive', 'promote'] as const) {
      const p: Proposal = { ...retire, action };
      expect(gatekeep(input({ open: [p], gates: [gate('trend-follow', {})] })).why).toEqual({ p0: 'its gate passes on no timeframe now' });
      expect(gatekeep(input({ open: [p] })).expired).toEqual([]);
    }
  });

  it('does not apply when the gate fails the horizon, the signal was declined, or one is already open', () => {
    expect(gatekeep(input({ gates: [gate('trend-follow', { '1m': false, '5m': true })] })).proposals).toEqual([]);
    expect(gatekeep(input({ declined: new Set([signalKey(long)]) })).proposals).toEqual([]);
    const open: Proposal = { id: 'p0', strategy: 'trend-follow', action: 'apply', symbol: 'BTCUSDT', signal: long, orders: [], reason: '', status: 'open', at: 0 };
    const out = gatekeep(input({ open: [open] }));
    expect(out).toEqual({ proposals: [], expired: [], why: {} });
  });

  it('no gate result is no capital: nothing is applied', () => {
    expect(gatekeep(input({ gates: [] })).proposals).toEqual([]);
  });

  it('an incoherent signal (stop above a long entry) or one against the position is not applied', () => {
    expect(gatekeep(input({ signals: [{ ...long, stop: '100100.0' }] })).proposals).toEqual([]);
    expect(gatekeep(input({ position: '-0.002' })).proposals).toEqual([]);
  });

  it('a signal without a strategy goes to a strategy whose gate passes its horizon', () => {
    const { strategy: _, ...anon } = long;
    const { proposals } = gatekeep(input({ signals: [anon] }));
    expect(proposals.map((p) => [p.action, p.strategy])).toEqual([['apply', 'trend-follow']]);
  });

  it('expires an open apply once its signal is gone', () => {
    const open: Proposal = { id: 'p0', strategy: 'trend-follow', action: 'apply', symbol: 'BTCUSDT', signal: long, orders: [], reason: '', status: 'open', at: 0 };
    expect(gatekeep(input({ open: [open], signals: [] })).expired).toEqual(['p0']);
    // The other side is another trade: the open one expires, the new one is proposed.
    const out = gatekeep(input({ open: [open], signals: [{ ...long, side: 'sell', stop: '100500.0', target: '99000.0' }] }));
    expect(out.expired).toEqual(['p0']);
    expect(out.proposals.map((p) => `${p.action} ${p.signal?.side}`)).toEqual(['apply sell']);
  });

  it('levels that move a tick are the same signal: an open apply stays, a declined one stays declined', () => {
    const moved: Signal = { ...long, entry: '100010.0', stop: '99510.0', target: '101010.0' };
    expect(signalKey(moved)).toBe(signalKey(long));
    const open: Proposal = { id: 'p0', strategy: 'trend-follow', action: 'apply', symbol: 'BTCUSDT', signal: long, orders: [], reason: '', status: 'open', at: 0 };
    expect(gatekeep(input({ open: [open], signals: [moved] }))).toEqual({ proposals: [], expired: [], why: {} });
    expect(gatekeep(input({ signals: [moved], declined: new Set([signalKey(long)]) })).proposals).toEqual([]);
    // Another horizon is another signal.
    expect(signalKey({ ...long, horizon: '5m' })).not.toBe(signalKey(long));
  });

  it('retires an active strategy whose gate passes nowhere: cancels its orders, closes what it holds (never more than the position)', () => {
    const { proposals } = gatekeep(
      input({ gates: [gate('trend-follow', { '1m': false })], strategies: [active({ orders: ['qdA', 'qdB'], holds: '0.003' })], position: '0.002' }),
    );
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ action: 'retire', cancels: ['qdA', 'qdB'] });
    expect(proposals[0]!.orders).toEqual([{ account: 'demo', symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.002', reduceOnly: true }]);
  });

  it('a retire with nothing held sends nothing', () => {
    const { proposals } = gatekeep(input({ gates: [gate('trend-follow', {})] }));
    expect(proposals[0]).toMatchObject({ action: 'retire', orders: [] });
    expect(proposals[0]!.cancels).toBeUndefined();
  });

  it('revives a retired strategy whose gate passes again, and leaves a failing one retired', () => {
    expect(gatekeep(input({ strategies: [active({ status: 'retired' })] })).proposals.map((p) => p.action)).toEqual(['revive']);
    expect(gatekeep(input({ strategies: [active({ status: 'retired' })], gates: [gate('trend-follow', {})] })).proposals).toEqual([]);
  });

  it('promotes after enough fills, only within the guard', () => {
    const busy = active({ fills: 2, holds: '0.001' });
    expect(gatekeep(input({ strategies: [busy] })).proposals.map((p) => p.action)).toEqual(['promote']);
    expect(gatekeep(input({ strategies: [{ ...busy, fills: 1 }] })).proposals).toEqual([]);
    // Tier 2 is 0.002 × 100000 = 200 USDT: over a 150 limit per order.
    const tight = { tiers: ['0.001', '0.002'], promoteAfter: 2, guard: { maxOrderNotional: '150' } };
    expect(gatekeep(input({ strategies: [busy], policy: tight })).proposals).toEqual([]);
    // No tier above the last.
    expect(gatekeep(input({ strategies: [{ ...busy, tier: 3 }] })).proposals).toEqual([]);
  });

  it('does not apply a tier the guard would refuse', () => {
    expect(gatekeep(input({ policy: { tiers: ['0.003'], promoteAfter: 2, guard: { maxOrderNotional: '250' } } })).proposals).toEqual([]);
  });

  it('fans out on a desk group: each member sized as the desk sizes it, the lead keeps the stop and target', () => {
    const group = {
      name: 'desk',
      lead: 'demo',
      members: [
        { account: 'demo', target: { instrument: btc } },
        { account: 'b', target: { instrument: btc, sizing: { multiplier: '3' } } },
        { account: 'c', target: { instrument: undefined } },
      ],
    };
    const { proposals } = gatekeep(input({ group }));
    expect(proposals[0]!.action).toBe('fan-out');
    expect(proposals[0]!.orders.map((o) => `${o.account} ${o.side} ${o.qty} ${o.type} ${o.price}`)).toEqual([
      'demo buy 0.001 limit 100125',
      'b buy 0.003 limit 100125',
      'demo sell 0.001 stop 99500.0',
      'demo sell 0.001 take-profit 101000.0',
    ]);
  });

  it('one proposal per strategy per run, ids in sequence', () => {
    const two = [active(), active({ name: 'breakout' })];
    const { proposals } = gatekeep(
      input({ strategies: two, gates: [gate('trend-follow', { '1m': true }), gate('breakout', {})], seq: 7 }),
    );
    expect(proposals.map((p) => [p.id, p.strategy, p.action])).toEqual([
      ['p7', 'trend-follow', 'apply'],
      ['p8', 'breakout', 'retire'],
    ]);
  });
});
