import { describe, expect, it } from 'vitest';
import { isProtective, isTerminalOrderState, TERMINAL_ORDER_STATES } from '../../src/core/types.js';

describe('types', () => {
  it('names the terminal order states', () => {
    expect([...TERMINAL_ORDER_STATES].sort()).toEqual(['canceled', 'expired', 'filled', 'rejected', 'triggered']);
    expect(isTerminalOrderState('filled')).toBe(true);
    expect(isTerminalOrderState('unknown')).toBe(false);
    expect(isTerminalOrderState('pending_cancel')).toBe(false);
    expect(isTerminalOrderState('triggered')).toBe(true);
  });

  it('tells a protective order by its trigger', () => {
    expect(isProtective({ trigger: { kind: 'stop', price: '1', by: 'mark' } })).toBe(true);
    expect(isProtective({})).toBe(false);
  });
});
