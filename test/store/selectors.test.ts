import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from '../../src/store/apply.js';
import {
  feedProblem,
  selectLastEvent,
  selectOpenOrders,
  selectTradingBlock,
} from '../../src/store/selectors.js';
import { initialState } from '../../src/store/state.js';
import { fill, liveSession, order, T0 } from './fixtures.js';

describe('selectors', () => {
  it('returns the same open-order array while orders are unchanged, newest first', () => {
    let s = applyEvents(initialState(), [
      ...liveSession(),
      { type: 'order', at: T0, order: order({ clientOrderId: 'a', createdAt: T0 }) },
      { type: 'order', at: T0, order: order({ clientOrderId: 'b', createdAt: T0 + 5 }) },
    ]);
    const first = selectOpenOrders(s);
    expect(first.map((o) => o.clientOrderId)).toEqual(['b', 'a']);
    s = applyEvent(s, { type: 'fill', at: T0, fill: fill(1) });
    expect(selectOpenOrders(s)).toBe(first);
  });

  it('names why trading is blocked', () => {
    expect(selectTradingBlock(initialState())).toBe('no session yet');
    let s = applyEvents(initialState(), liveSession());
    expect(selectTradingBlock(s)).toBeNull();
    s = applyEvent(s, { type: 'connection', at: T0, socket: 'user', role: 'account', state: 'reconnecting', attempt: 3 });
    expect(selectTradingBlock(s)).toBe('account not live: user socket reconnecting (attempt 3)');
    s = applyEvent(s, { type: 'connection', at: T0, socket: 'user', role: 'account', state: 'live' });
    s = applyEvent(s, { type: 'budget', at: T0, state: 'banned', pools: [] });
    expect(selectTradingBlock(s)).toBe('rate budget: banned by the venue');
  });

  it('a live socket reported silent is a feed problem until it delivers again or reconnects', () => {
    const reason = 'connected but silent — the venue may have moved this stream (no mark within 5000 ms of going live)';
    let s = applyEvents(initialState(), liveSession());
    s = applyEvent(s, { type: 'socket-silence', at: T0, socket: 'user', silent: true, reason });
    expect(s.sockets['user']?.silent).toBe(reason);
    expect(s.sockets['user']?.state).toBe('live');
    expect(selectTradingBlock(s)).toBe('account not live: user socket connected but silent');
    expect(feedProblem(s.sockets, 'market')).toBeNull();
    s = applyEvent(s, { type: 'socket-silence', at: T0, socket: 'user', silent: false, reason: 'delivering again' });
    expect(s.sockets['user']?.silent).toBeUndefined();
    expect(selectTradingBlock(s)).toBeNull();
    s = applyEvent(s, { type: 'socket-silence', at: T0, socket: 'market', silent: true, reason });
    s = applyEvent(s, { type: 'connection', at: T0 + 1, socket: 'market', role: 'market', state: 'reconnecting', attempt: 1 });
    s = applyEvent(s, { type: 'connection', at: T0 + 2, socket: 'market', role: 'market', state: 'live' });
    expect(s.sockets['market']?.silent).toBeUndefined();
    s = applyEvent(s, { type: 'socket-silence', at: T0, socket: 'nobody', silent: true, reason });
    expect(s.sockets['nobody']).toBeUndefined();
  });

  it('reports a missing feed and skips debug entries for the event line', () => {
    expect(feedProblem({}, 'market')).toBe('no market socket yet');
    let s = applyEvents(initialState(), liveSession());
    s = applyEvent(s, { type: 'log', at: T0, level: 'info', text: 'hello' });
    s = applyEvent(s, { type: 'log', at: T0, level: 'debug', text: 'noise' });
    expect(selectLastEvent(s)?.text).toBe('hello');
  });
});
