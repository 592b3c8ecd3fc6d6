import { describe, expect, it } from 'vitest';
import { isTerminalOrderState, TERMINAL_ORDER_STATES } from '../../src/core/types.js';

describe('types', () => {
  it('names the terminal order states', () => {
    expect([...TERMINAL_ORDER_STATES].sort()).toEqual(['canceled', 'expired', 'filled', 'rejected']);
    expect(isTerminalOrderState('filled')).toBe(true);
    expect(isTerminalOrderState('unknown')).toBe(false);
    expect(isTerminalOrderState('pending_cancel')).toBe(false);
  });
});
