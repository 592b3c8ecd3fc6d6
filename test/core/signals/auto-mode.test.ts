import { describe, expect, it } from 'vitest';
import { autoPolicy } from '../../../src/core/signals/auto-mode.js';

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
