import { describe, expect, it } from 'vitest';
import { closingSide, protectionOf, TRIGGER_WORD, triggerProblem } from '../../src/core/protection.js';
import type { Order, Position } from '../../src/core/types.js';

const long: Position = { symbol: 'BTCUSDT', qty: '0.020', entryPrice: '50000', markPrice: '50000', unrealizedPnl: '0', updatedAt: 1 };
const short: Position = { ...long, qty: '-0.020' };
const order = (kind: 'stop' | 'take_profit', price: string, qty = '0.020', over: Partial<Order> = {}): Order => ({
  clientOrderId: `${kind}-${price}`,
  symbol: 'BTCUSDT',
  side: 'sell',
  type: 'market',
  qty,
  filledQty: '0',
  avgPrice: '0',
  state: 'new',
  reduceOnly: true,
  postOnly: false,
  updatedAt: 1,
  trigger: { kind, price, by: 'mark' },
  ...over,
});

describe('where a protective trigger may sit', () => {
  it('a long: stop below the mark, take-profit above; a short the other way round', () => {
    expect(triggerProblem('0.02', '50000', 'stop', '49000')).toBeUndefined();
    expect(triggerProblem('0.02', '50000', 'take_profit', '51000')).toBeUndefined();
    expect(triggerProblem('0.02', '50000', 'stop', '50000')).toMatch(/long's stop sits below the mark 50000: 50000 would trigger at once/);
    expect(triggerProblem('0.02', '50000', 'take_profit', '49000')).toMatch(/long's take-profit sits above/);
    expect(triggerProblem('-0.02', '50000', 'stop', '51000')).toBeUndefined();
    expect(triggerProblem('-0.02', '50000', 'stop', '49000')).toMatch(/short's stop sits above/);
    expect(triggerProblem('-0.02', '50000', 'take_profit', '49000')).toBeUndefined();
  });

  it('a trigger at the mark or on the wrong side is refused with the whole reason, for each of the four', () => {
    const at = (qty: string, kind: 'stop' | 'take_profit', price: string) => triggerProblem(qty, '50000', kind, price);
    expect(at('0.02', 'stop', '50001')).toBe("a long's stop sits below the mark 50000: 50001 would trigger at once");
    expect(at('0.02', 'take_profit', '50000')).toBe("a long's take-profit sits above the mark 50000: 50000 would trigger at once");
    expect(at('-0.02', 'stop', '50000')).toBe("a short's stop sits above the mark 50000: 50000 would trigger at once");
    expect(at('-0.02', 'take_profit', '50000')).toBe("a short's take-profit sits below the mark 50000: 50000 would trigger at once");
    expect(at('-0.02', 'take_profit', '50500')).toBe("a short's take-profit sits below the mark 50000: 50500 would trigger at once");
  });

  it('names a flat position, a bad number and a price off the tick', () => {
    expect(triggerProblem('0', '50000', 'stop', '49000')).toMatch(/no position to protect/);
    expect(triggerProblem('0.02', '50000', 'stop', 'abc')).toMatch(/positive decimal trigger/);
    expect(triggerProblem('0.02', '50000', 'stop', '-1')).toMatch(/positive decimal trigger/);
    expect(triggerProblem('0.02', '50000', 'stop', '49000.05', '0.10')).toMatch(/not on the 0.10 tick/);
  });

  it('the closing side', () => {
    expect(closingSide('0.1')).toBe('sell');
    expect(closingSide('-0.1')).toBe('buy');
  });
});

describe('the Protection section in numbers', () => {
  it('distance from the mark in quote and %, share covered, stops together capped at 100', () => {
    const p = protectionOf(long, [order('stop', '47500'), order('take_profit', '55000', '0.010'), order('stop', '48000', '0.010')]);
    expect(p.unprotected).toBe(false);
    expect(p.rows.map((r) => [r.kind, r.distance, r.distancePct, r.coverPct])).toEqual([
      ['stop', '-2500', '-5', '100'],
      ['take_profit', '5000', '10', '50'],
      ['stop', '-2000', '-4', '50'],
    ]);
    expect(p.stopCoverPct).toBe('100');
  });

  it("only protective orders of the position's symbol; with no position, every symbol's", () => {
    const limit = order('stop', '47000', '0.020', { clientOrderId: 'plain-limit', type: 'limit', price: '47000' });
    delete (limit as { trigger?: unknown }).trigger;
    const other = order('stop', '3000', '1', { clientOrderId: 'eth-stop', symbol: 'ETHUSDT' });
    const mine = order('stop', '48000', '0.010');
    expect(protectionOf(long, [limit, other, mine]).rows.map((r) => r.order.clientOrderId)).toEqual(['stop-48000']);
    expect(protectionOf(long, [limit, other]).unprotected).toBe(true);
    expect(protectionOf(undefined, [limit, other, mine]).rows.map((r) => r.order.clientOrderId)).toEqual(['eth-stop', 'stop-48000']);
  });

  it("take-profits do not count toward the stops' cover", () => {
    const p = protectionOf(long, [order('stop', '48000', '0.005'), order('take_profit', '52000', '0.010')]);
    expect(p.rows.map((r) => r.coverPct)).toEqual(['25', '50']);
    expect(p.stopCoverPct).toBe('25');
    expect(protectionOf(long, [order('take_profit', '52000')]).stopCoverPct).toBe('0');
  });

  it('distance in % of the mark to two places, a half to even; cover to one place, rounded down', () => {
    const at400 = { ...long, qty: '0.03', markPrice: '400' };
    const p = protectionOf(at400, [order('stop', '399.98', '0.01'), order('stop', '399.94', '0.02'), order('stop', '398', '0.01')]);
    expect(p.rows.map((r) => [r.distance, r.distancePct, r.coverPct])).toEqual([
      ['-0.02', '0', '33.3'],
      ['-0.06', '-0.02', '66.6'],
      ['-2', '-0.5', '33.3'],
    ]);
  });

  it('without a mark that is a positive number: no distances, the rest as usual', () => {
    for (const markPrice of ['', 'n/a', '0']) {
      const [row] = protectionOf({ ...long, markPrice }, [order('stop', '47500')]).rows;
      expect(row).toMatchObject({ kind: 'stop', trigger: '47500', coverPct: '100' });
      expect(row?.distance).toBeUndefined();
      expect(row?.distancePct).toBeUndefined();
    }
  });

  it('a position with only a take-profit, or nothing, has no stop; a flat one is not flagged', () => {
    expect(protectionOf(short, [order('take_profit', '45000')]).unprotected).toBe(true);
    expect(protectionOf(short, []).unprotected).toBe(true);
    expect(protectionOf(undefined, [order('stop', '1')]).unprotected).toBe(false);
    expect(protectionOf({ ...long, qty: '0' }, []).unprotected).toBe(false);
  });

  it('a close-position order covers all of it; a part filled covers what is left', () => {
    const p = protectionOf(long, [order('stop', '47000', '0', { closePosition: true }), order('stop', '46000', '0.020', { filledQty: '0.005' })]);
    expect(p.rows.map((r) => r.coverPct)).toEqual(['100', '75']);
  });
});

describe('the words for a trigger', () => {
  // One table serves the engine's replies, the store's log lines, the views' labels and the checks
  // here (it was written out twice, and inline four more times).
  it('names each kind once, and the checks speak in it', () => {
    expect(TRIGGER_WORD).toEqual({ stop: 'stop', take_profit: 'take-profit' });
    for (const kind of ['stop', 'take_profit'] as const)
      expect(triggerProblem('0', '100', kind, '90')).toBe(`no position to protect: a ${TRIGGER_WORD[kind]} here is reduce-only and sized to the position`);
  });
});

