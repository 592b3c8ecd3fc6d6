// The shared trigger book under every dialect, driven in process (no wire): the trigger rule both ways,
// mark against last price, a fired stop's own fill crossing the next one (the cascade), one-cancels-
// the-other groups, close-position sizing, expiry with the position only after one existed, and
// orders accepted already crossed firing at the next check.
import { beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/sim/clock.js';
import { Market } from '../../src/sim/market/market.js';
import { AccountState } from '../../src/sim/matching/accounts.js';
import { type MatchEvent, MatchingEngine } from '../../src/sim/matching/engine.js';
import { crosses, type NewTriggerRequest, type TriggerOrder } from '../../src/sim/matching/triggers.js';

let engine: MatchingEngine;
let events: MatchEvent[];

const base = { symbol: 'BTCUSDT', triggerBy: 'mark' as const, reduceOnly: true, clientId: '' };
const stop = (over: Partial<NewTriggerRequest>): NewTriggerRequest => ({
  ...base,
  side: 'SELL',
  type: 'STOP_MARKET',
  triggerPrice: '64000',
  quantity: '0.010',
  ...over,
});
const place = (r: NewTriggerRequest) => engine.triggers.place('a', r) as TriggerOrder;
const market = (side: 'BUY' | 'SELL', quantity: string, account = 'a') =>
  engine.place(account, { symbol: 'BTCUSDT', side, type: 'MARKET', timeInForce: 'GTC', quantity, reduceOnly: false, clientOrderId: `m-${Math.random()}` });
const pos = () => engine.accounts.get('a')!.position('BTCUSDT').amount;
const move = (price: string) => {
  engine.market.get('BTCUSDT')!.setPrice(price, 'calm');
  engine.matchResting('BTCUSDT');
};

beforeEach(() => {
  const accounts = new Map([
    ['a', new AccountState('a', 'a', { USDT: '100000' })],
    ['b', new AccountState('b', 'b', { USDT: '100000' })],
  ]);
  events = [];
  engine = new MatchingEngine(new Market('triggers'), accounts, new SimClock(), (e) => events.push(e));
  move('65000');
});

describe('the trigger book', () => {
  it('applies the trigger rule both ways: a stop buys up and sells down, a take-profit the other way', () => {
    expect(crosses({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '64000' }, '64000')).toBe(true);
    expect(crosses({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '64000' }, '64000.1')).toBe(false);
    expect(crosses({ side: 'BUY', type: 'STOP_MARKET', triggerPrice: '66000' }, '66000')).toBe(true);
    expect(crosses({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', triggerPrice: '66000' }, '66000.1')).toBe(true);
    expect(crosses({ side: 'BUY', type: 'TAKE_PROFIT_MARKET', triggerPrice: '64000' }, '64000.1')).toBe(false);
    expect(engine.triggers.check('a', stop({ reduceOnly: false, triggerPrice: '65100' }))).toMatchObject({ reject: 'would-trigger', detail: '65000' });
    expect(engine.triggers.check('a', stop({ triggerPrice: '64000.05' }))).toEqual({ reject: 'tick-size' });
    expect(engine.triggers.check('a', stop({ quantity: '0.0105' }))).toEqual({ reject: 'step-size' });
  });

  it('a last-price trigger waits for a trade; a mark-price one fires on the mark', () => {
    market('BUY', '0.020');
    const onLast = place(stop({ triggerBy: 'last' }));
    const onMark = place(stop({ triggerPrice: '62000' }));
    move('62900');
    // The mark is under the last-price stop's trigger, but nothing has traded there yet.
    expect([onLast.status, onMark.status]).toEqual(['NEW', 'NEW']);
    market('SELL', '0.002', 'b');
    expect([onLast.status, onMark.status]).toEqual(['FINISHED', 'NEW']);
    move('61900');
    expect(onMark.status).toBe('FINISHED');
    expect(pos()).toBe('0');
  });

  it('a fired stop whose fill prints through the next stop fires that one too (the cascade)', () => {
    market('BUY', '0.020');
    const first = place(stop({ triggerPrice: '64000', quantity: '0.010' }));
    const second = place(stop({ triggerPrice: '64990', triggerBy: 'last', quantity: '0.010' }));
    move('63990');
    expect(first.status).toBe('FINISHED');
    // First's market sell printed a last price at the bid, under the second's trigger.
    expect(second.status).toBe('FINISHED');
    expect(pos()).toBe('0');
    const order = events.filter((e) => e.kind === 'trigger').map((e) => (e.kind === 'trigger' ? `${e.trigger.triggerId}:${e.trigger.status}` : ''));
    expect(order).toEqual([
      `${first.triggerId}:NEW`,
      `${second.triggerId}:NEW`,
      `${first.triggerId}:TRIGGERING`,
      `${first.triggerId}:TRIGGERED`,
      `${first.triggerId}:FINISHED`,
      `${second.triggerId}:TRIGGERING`,
      `${second.triggerId}:TRIGGERED`,
      `${second.triggerId}:FINISHED`,
    ]);
  });

  it('one-cancels-the-other: the leg that fires cancels its group, and only its group', () => {
    market('BUY', '0.010');
    const sl = place(stop({ group: 'g1' }));
    const tp = place(stop({ group: 'g1', type: 'TAKE_PROFIT_MARKET', triggerPrice: '66000' }));
    const other = place(stop({ group: 'g2', type: 'TAKE_PROFIT_MARKET', triggerPrice: '67000' }));
    move('63900');
    expect([sl.status, tp.status, other.status]).toEqual(['FINISHED', 'CANCELED', 'NEW']);
  });

  it('close-position sizes to the whole position when it fires; with none left it is REJECTED', () => {
    market('BUY', '0.030');
    const close = place(stop({ quantity: undefined }));
    market('BUY', '0.010');
    move('63900');
    expect(close.status).toBe('FINISHED');
    expect(close.executedQty).toBe('0.04');
    expect(pos()).toBe('0');
    const none = place(stop({ quantity: undefined, triggerPrice: '63000' }));
    move('62900');
    expect(none.status).toBe('REJECTED');
    expect(none.rejected).toEqual({ reject: 'reduce-only' });
  });

  it('expireWhenFlat waits for a position to have existed, then goes with it', () => {
    const early = place(stop({ expireWhenFlat: true, reduceOnly: false }));
    move('64500');
    expect(early.status).toBe('NEW');
    market('BUY', '0.010');
    move('64400');
    expect(early.status).toBe('NEW');
    market('SELL', '0.010');
    expect(early.status).toBe('EXPIRED');
  });

  it('fireIfCrossed accepts a crossed trigger, and the next check fires it; refuseWithoutPosition refuses a reduce-only with none', () => {
    market('BUY', '0.010');
    const crossed = place(stop({ triggerPrice: '65500', fireIfCrossed: true }));
    expect(crossed.status).toBe('NEW');
    engine.triggers.fire('BTCUSDT');
    expect(crossed.status).toBe('FINISHED');
    expect(engine.triggers.check('a', stop({ refuseWithoutPosition: true }))).toEqual({ reject: 'reduce-only' });
    expect(engine.triggers.check('a', stop({ refuseWithoutPosition: true, side: 'BUY', type: 'TAKE_PROFIT_MARKET' }))).toEqual({ reject: 'reduce-only' });
  });

  it('amend moves a waiting trigger in place and refuses a move past the price', () => {
    const t = place(stop({ reduceOnly: false }));
    expect(engine.triggers.amend('a', { triggerId: t.triggerId }, { triggerPrice: '64500' })).toBe(t);
    expect(t.triggerPrice).toBe('64500');
    expect(engine.triggers.amend('a', { triggerId: t.triggerId }, { triggerPrice: '65500' })).toMatchObject({ reject: 'would-trigger' });
    expect(engine.triggers.amend('b', { triggerId: t.triggerId }, { triggerPrice: '64000' })).toEqual({ reject: 'unknown-order' });
  });
});
