// The account mirror: monotonic merges, fill dedupe and watermarks, stream pushes into full objects.
import { describe, expect, it } from 'vitest';
import { AccountState, FILL_IDS_REMEMBERED } from '../../src/engine/account.js';
import { MOST_FILLS_PER_PASS } from '../../src/engine/fill-pages.js';
import { StreamFeed } from '../../src/engine/feed.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { fill, order } from './stream-helpers.js';

function setup() {
  const events: EngineEvent[] = [];
  const sink = { push: (e: EngineEvent) => events.push(e) };
  const account = new AccountState({ sink, now: () => 1000 });
  return { events, account, feed: new StreamFeed({ sink, account, now: () => 1000 }) };
}

describe('account mirror', () => {
  it('never moves an order back in time, back in fill, or out of a terminal state', () => {
    const { account, events } = setup();
    expect(account.upsertOrder(order())).toBe(true);
    expect(account.upsertOrder(order({ state: 'partially_filled', filledQty: '1', updatedAt: 20 }))).toBe(true);
    expect(account.upsertOrder(order({ state: 'new', updatedAt: 15 }))).toBe(false);
    expect(account.upsertOrder(order({ state: 'new', filledQty: '0', updatedAt: 20 }))).toBe(false);
    expect(account.upsertOrder(order({ state: 'filled', filledQty: '2', updatedAt: 30 }))).toBe(true);
    expect(account.upsertOrder(order({ state: 'partially_filled', filledQty: '1', updatedAt: 40 }))).toBe(false);
    expect(account.order('qd-1')?.state).toBe('filled');
    expect(account.counters.staleOrders).toBe(3);
    expect(events.filter((e) => e.type === 'order')).toHaveLength(3);
    expect(account.openOrders()).toEqual([]);
  });

  it('keeps the venue order id when a later update lacks it', () => {
    const { account } = setup();
    account.upsertOrder(order({ venueOrderId: '77' }));
    const { venueOrderId: _drop, ...rest } = order({ updatedAt: 11 });
    account.upsertOrder(rest);
    expect(account.order('qd-1')?.venueOrderId).toBe('77');
  });

  it('applies a fill once per trade id and tracks the newest per symbol as the watermark', () => {
    const { account, events } = setup();
    expect(account.addFill(fill({ tradeId: '9', time: 10 }))).toBe(true);
    expect(account.addFill(fill({ tradeId: '10', time: 10 }))).toBe(true);
    expect(account.addFill(fill({ tradeId: '8', time: 9 }))).toBe(true);
    expect(account.addFill(fill({ tradeId: '10', time: 10 }))).toBe(false);
    expect(account.addFill(fill({ tradeId: '3', time: 5, symbol: 'ETHUSDT' }))).toBe(true);
    // Trade ids are per symbol: the same id on another symbol is another fill.
    expect(account.addFill(fill({ tradeId: '10', time: 4, symbol: 'ETHUSDT' }))).toBe(true);
    expect(account.watermark('BTCUSDT')).toEqual({ tradeId: '10', time: 10 });
    expect(account.watermark('ETHUSDT')).toEqual({ tradeId: '3', time: 5 });
    expect(account.counters).toMatchObject({ fills: 5, duplicateFills: 1 });
    expect(events.filter((e) => e.type === 'fill')).toHaveLength(5);
    expect(account.symbols().sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('forgets the oldest trade ids beyond its bound', () => {
    const account = new AccountState({ sink: { push: () => undefined }, maxFillIds: 2 });
    for (const id of ['1', '2', '3']) account.addFill(fill({ tradeId: id }));
    expect(['1', '2', '3'].map((tradeId) => account.hasFill({ symbol: 'BTCUSDT', tradeId }))).toEqual([false, true, true]);
  });

  it('by default, a resync pass re-delivering its most fills after as many stream fills again applies none twice', () => {
    expect(FILL_IDS_REMEMBERED).toBeGreaterThanOrEqual(2 * MOST_FILLS_PER_PASS);
    const account = new AccountState({ sink: { push: () => undefined } });
    const total = FILL_IDS_REMEMBERED + MOST_FILLS_PER_PASS + 1;
    for (let n = 0; n < total; n++) account.addFill(fill({ tradeId: String(n), time: n }));
    // The pass read the newest MOST_FILLS_PER_PASS as they stood when it began; the stream added as many since.
    let applied = 0;
    for (let n = total - 2 * MOST_FILLS_PER_PASS; n < total - MOST_FILLS_PER_PASS; n++) {
      if (account.addFill(fill({ tradeId: String(n), time: n }))) applied++;
    }
    expect(applied).toBe(0);
    expect(account.counters.duplicateFills).toBe(MOST_FILLS_PER_PASS);
    // And the bound holds: the id just before the last FILL_IDS_REMEMBERED is gone.
    expect(account.hasFill({ symbol: 'BTCUSDT', tradeId: String(total - FILL_IDS_REMEMBERED - 1) })).toBe(false);
  });

  it('merges stream balance and position pushes into full objects, and skips older pushes', () => {
    const { account, events } = setup();
    account.replaceBalances([{ asset: 'USDT', wallet: '1000', available: '900', updatedAt: 50 }]);
    account.replacePositions([
      { symbol: 'BTCUSDT', qty: '1', entryPrice: '100', markPrice: '101', unrealizedPnl: '1', leverage: '5', updatedAt: 50 },
    ]);
    account.applyAccountUpdate({
      type: 'account',
      time: 60,
      reason: 'ORDER',
      balances: [{ asset: 'USDT', wallet: '990' }],
      positions: [{ symbol: 'BTCUSDT', qty: '2', entryPrice: '100.5', unrealizedPnl: '1' }],
    });
    expect(account.allBalances()).toEqual([{ asset: 'USDT', wallet: '990', available: '890', updatedAt: 60 }]);
    expect(account.allPositions()[0]).toMatchObject({ qty: '2', entryPrice: '100.5', markPrice: '101', leverage: '5' });
    const pushes = events.length;
    account.applyAccountUpdate({ type: 'account', time: 55, reason: 'ORDER', balances: [{ asset: 'USDT', wallet: '1' }], positions: [] });
    expect(events.length).toBe(pushes);
    account.applyAccountUpdate({
      type: 'account',
      time: 70,
      reason: 'ORDER',
      balances: [],
      positions: [{ symbol: 'BTCUSDT', qty: '0', entryPrice: '0', unrealizedPnl: '0' }],
    });
    expect(account.allPositions()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'positions', snapshot: false, positions: [{ qty: '0' }] });
  });

  it('recomputes unrealized PnL from the mark price, exactly', () => {
    const { account } = setup();
    account.replacePositions([{ symbol: 'BTCUSDT', qty: '-0.3', entryPrice: '100.1', markPrice: '100.1', unrealizedPnl: '0', updatedAt: 1 }]);
    account.applyMark({ type: 'mark', symbol: 'BTCUSDT', markPrice: '99.9', indexPrice: '99.9', fundingRate: '0', nextFundingTime: 0, time: 2 });
    expect(account.allPositions()[0]).toMatchObject({ markPrice: '99.9', unrealizedPnl: '0.06' });
  });

  it('feeds market events as tickers once both sides are known, and issues as log lines', () => {
    const { feed, events } = setup();
    feed.event({ type: 'trade', symbol: 'BTCUSDT', price: '100.5', qty: '1', side: 'buy', time: 1 });
    expect(events).toHaveLength(0);
    feed.event({ type: 'ticker', symbol: 'BTCUSDT', bid: '100.4', bidQty: '1', ask: '100.6', askQty: '1', time: 2 });
    expect(events.at(-1)).toEqual({ type: 'ticker', at: 1000, symbol: 'BTCUSDT', bid: '100.4', ask: '100.6', last: '100.5', bidQty: '1', askQty: '1' });
    feed.issue({ socket: 'user', kind: 'malformed', at: 5, message: 'frame is not JSON', excerpt: '{"e":', count: 3 });
    expect(events.at(-1)).toEqual({
      type: 'log',
      at: 5,
      level: 'warn',
      text: 'user: frame is not JSON (#3 malformed) — {"e":',
      source: 'stream',
    });
    const h = feed.handlers('user');
    h.onActivity?.(7);
    expect(events.at(-1)).toEqual({ type: 'socket-activity', at: 7, socket: 'user' });
  });
});
