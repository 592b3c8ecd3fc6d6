// Bybit's disconnection-protection timing on its own, under fake timers: off until a window is set,
// timing from the first disconnection, reset by a ping of a watched socket, per account.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dcp } from '../../src/sim/dialects/bybit/dcp.js';

let swept: string[];
let dcp: Dcp;

beforeEach(() => {
  vi.useFakeTimers();
  swept = [];
  dcp = new Dcp((account) => swept.push(account));
});
afterEach(() => {
  dcp.close();
  vi.useRealTimers();
});

describe('bybit DCP timing', () => {
  it('is off until the derivatives window is set (another product\'s window does not arm it)', () => {
    dcp.set('a', 'OPTIONS', 5);
    dcp.lost('a');
    vi.advanceTimersByTime(60_000);
    expect(swept).toEqual([]);
    expect(dcp.settings('a').map((s) => [s.product, s.dcpStatus, s.timeWindow])).toEqual([
      ['OPTIONS', 'ON', 5],
      ['DERIVATIVES', 'OFF', 10],
      ['SPOT', 'OFF', 10],
    ]);
  });

  it('fires once the window has run from the first disconnection; a later one does not restart it', () => {
    dcp.set('a', 'DERIVATIVES', 10);
    dcp.lost('a');
    vi.advanceTimersByTime(6_000);
    dcp.lost('a');
    vi.advanceTimersByTime(3_999);
    expect(swept).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(swept).toEqual(['a']);
    expect(dcp.fired.get('a')).toBe(1);
  });

  it('a ping within the window resets it; the next disconnection times afresh', () => {
    dcp.set('a', 'DERIVATIVES', 3);
    dcp.set('b', 'DERIVATIVES', 3);
    dcp.lost('a');
    dcp.lost('b');
    vi.advanceTimersByTime(2_000);
    dcp.alive('a');
    vi.advanceTimersByTime(5_000);
    expect(swept).toEqual(['b']);
    dcp.lost('a');
    vi.advanceTimersByTime(2_999);
    expect(swept).toEqual(['b']);
    vi.advanceTimersByTime(1);
    expect(swept).toEqual(['b', 'a']);
  });
});
