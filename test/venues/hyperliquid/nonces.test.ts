// The per-signer nonce manager: strictly increasing whatever venue time does, fast-forwarded to
// venue ms, started above venue time on a restart, refusing to run away from the venue's window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyperliquid } from '../../../src/venues/hyperliquid/adapter.js';
import {
  initialNonceState,
  MAX_LEAD_MS,
  type NonceState,
  NonceWindowError,
  nextNonce,
  nonceLead,
  RESTART_MARGIN_MS,
} from '../../../src/venues/hyperliquid/nonces.js';

const T = 1_800_000_000_000;

describe('hyperliquid nonce manager', () => {
  it('gives consecutive nonces within one venue millisecond, then fast-forwards to venue time', () => {
    let state: NonceState = { last: 0 };
    const out: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const r = nextNonce(state, T + 0.7);
      out.push(r.nonce);
      state = r.state;
    }
    expect(out[0]).toBe(T);
    expect(out.at(-1)).toBe(T + 999);
    expect(nonceLead(state, T)).toBe(999);
    expect(nextNonce(state, T + 5_000).nonce).toBe(T + 5_000);
  });

  it('starts a restarted signer above venue time, and above a saved state', () => {
    const fresh = initialNonceState(T);
    expect(nextNonce(fresh, T).nonce).toBe(T + RESTART_MARGIN_MS);
    // A previous run that led venue time by less than the margin is left behind at once.
    const previousLast = T - 10 + RESTART_MARGIN_MS - 1;
    expect(nextNonce(initialNonceState(T), T).nonce).toBeGreaterThan(previousLast);
    const saved = { last: T + 50_000 };
    expect(nextNonce(initialNonceState(T, saved), T).nonce).toBe(T + 50_001);
  });

  it('is strictly increasing for any sequence of venue times, and never behind venue ms', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -30_000, max: 30_000 }), { minLength: 1, maxLength: 200 }), (steps) => {
        let state = initialNonceState(T);
        let prev = state.last;
        let now = T;
        for (const step of steps) {
          now += step;
          const r = nextNonce(state, now);
          if (r.nonce <= prev || r.nonce < Math.floor(now)) return false;
          prev = r.nonce;
          state = r.state;
        }
        return true;
      }),
    );
  });

  it('refuses a nonce that would run past the venue window, and a venue time that is no clock', () => {
    expect(() => nextNonce({ last: T + MAX_LEAD_MS }, T)).toThrow(NonceWindowError);
    expect(() => nextNonce({ last: 0 }, Number.NaN)).toThrow(NonceWindowError);
    expect(() => nextNonce({ last: 0 }, 0)).toThrow(/not a clock reading/);
  });

  it('is what the adapter hands the engine', () => {
    const spec = hyperliquid.nonces!;
    const s0 = spec.initial(T);
    const a = spec.next(s0, T);
    const b = spec.next(a.state, T);
    expect(b.nonce).toBe(a.nonce + 1);
  });
});
