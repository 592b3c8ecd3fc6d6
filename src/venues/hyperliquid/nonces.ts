/**
 * Per-signer nonces for Hyperliquid actions (docs/venues.md §6.4, HL-NONCE). The venue keeps the 20
 * highest nonces of each signer (up to 100 with volume); a new one must be above the smallest of
 * those, never used before, and within a day of the block time. Its own advice: an atomic counter
 * per signer, fast-forwarded to the current unix ms. That is this manager, as a pure function of
 * (state, venue time) → (nonce, state); the engine holds the state, one per signer.
 *
 * - Strictly increasing: max(last + 1, venue ms). Concurrent sends each take the next number
 *   (builds are synchronous), so two actions never share a nonce, whatever arrives first.
 * - Within the day: nonces derive from the venue clock, never the local one; a nonce more than
 *   `MAX_LEAD_MS` ahead of venue time (a runaway counter, or a clock the engine has not synced) is
 *   refused with a named error instead of being sent for the venue to refuse.
 * - Above the smallest stored one: increasing nonces only fall below it when more than 20 sends
 *   overtake each other in flight; the venue then refuses that action outright (nothing done), and
 *   errors.ts classes the refusal `clock`, so the engine rebuilds it once with a fresh nonce.
 * - Across restarts: a new manager starts `restartMarginMs` above venue time. The previous run's
 *   nonces lay at most its lead above ITS estimate of venue time, and the lead stays small unless
 *   more than one action per ms was sent for a long while; the margin also covers two runs'
 *   clock estimates disagreeing. A saved state, if the caller keeps one, is honoured as a floor.
 */

export const DAY_MS = 86_400_000;

/** Furthest a nonce may run ahead of venue time before the manager refuses (well inside a day). */
export const MAX_LEAD_MS = 60 * 60_000;

/** Start offset of a fresh manager above venue time. */
export const RESTART_MARGIN_MS = 2_000;

export interface NonceState {
  /** The last nonce issued (0 before the first). */
  readonly last: number;
}

export class NonceWindowError extends Error {
  override readonly name = 'NonceWindowError';
}

function venueMs(venueNow: number): number {
  if (!Number.isFinite(venueNow) || venueNow <= 0) throw new NonceWindowError(`venue time ${venueNow} is not a clock reading`);
  return Math.floor(venueNow);
}

/** The state of a manager starting now, above any `saved` state of an earlier run. */
export function initialNonceState(venueNow: number, saved?: NonceState, restartMarginMs = RESTART_MARGIN_MS): NonceState {
  const floor = venueMs(venueNow) + Math.max(0, restartMarginMs) - 1;
  return { last: Math.max(floor, saved?.last ?? 0) };
}

/** The next nonce and the state after it. Throws NonceWindowError when it would leave the venue's window. */
export function nextNonce(state: NonceState, venueNow: number): { nonce: number; state: NonceState } {
  const now = venueMs(venueNow);
  const nonce = Math.max(now, state.last + 1);
  if (!Number.isSafeInteger(nonce)) throw new NonceWindowError(`nonce ${nonce} is not a safe integer`);
  if (nonce - now > MAX_LEAD_MS) {
    throw new NonceWindowError(
      `nonce ${nonce} would run ${nonce - now} ms ahead of venue time (limit ${MAX_LEAD_MS} ms); the venue accepts nonces within a day of its clock`,
    );
  }
  return { nonce, state: { last: nonce } };
}

/** How far the last nonce runs ahead of venue time (0 when behind): the restart exposure. */
export function nonceLead(state: NonceState, venueNow: number): number {
  return Math.max(0, state.last - Math.floor(venueNow));
}
