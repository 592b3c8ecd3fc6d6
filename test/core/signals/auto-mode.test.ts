import { describe, expect, it } from 'vitest';
import { autoFanOutReach, autoPolicy } from '../../../src/core/signals/auto-mode.js';

const limits = { maxOrderNotional: '1000', maxPositionNotional: '5000', priceBandPct: '2' };

describe('automatic mode', () => {
  it('off by default; the trader may turn it on off the mainnet; a listed account starts on', () => {
    expect(autoPolicy('sim', false, undefined)).toEqual({ allowed: true, startsOn: false });
    expect(autoPolicy('testnet', true, undefined)).toEqual({ allowed: true, startsOn: true });
  });
  it('on mainnet only when the profile lists the account and its guard sets the mainnet limits', () => {
    expect(autoPolicy('live', false, limits)).toMatchObject({ allowed: false, startsOn: false, why: expect.stringContaining('signals.auto') });
    expect(autoPolicy('live', true, { maxOrderNotional: '1000' })).toMatchObject({ allowed: false, why: expect.stringContaining('maxPositionNotional, priceBandPct') });
    expect(autoPolicy('live', true, limits)).toEqual({ allowed: true, startsOn: true });
  });
});

describe('an automatic fan-out', () => {
  it('reaches only the members whose own automatic mode is on; the others are skipped, each saying why', () => {
    const states: Record<string, { on: boolean; why?: string } | undefined> = {
      lead: { on: true },
      'sim-b': { on: false },
      'main-c': { on: false, why: 'automatic mode is refused on mainnet unless the profile lists this account under signals.auto' },
      'no-stack': undefined,
      'main-d': { on: true },
    };
    const { reach, skipped } = autoFanOutReach(Object.keys(states), (a) => states[a]);
    expect(reach).toEqual(['lead', 'main-d']);
    expect(skipped.map((s) => s.account)).toEqual(['sim-b', 'main-c', 'no-stack']);
    expect(skipped[0]?.why).toContain('automatic mode is off on sim-b');
    expect(skipped[1]?.why).toContain('signals.auto');
    expect(skipped[2]?.why).toContain('no signal stack');
  });
});
