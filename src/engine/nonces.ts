// Nonces for one engine's signer: the adapter's rule when it has one (NonceSpec, its state kept
// here), else strictly increasing and never behind the venue's clock in milliseconds. Where the
// venue remembers a key's nonces for good (Kraken), a persisted floor (nonce-floor.ts) keeps them
// increasing across restarts: issuing starts above it, and it is moved ahead before it is passed.
import type { NonceSpec } from '../venues/venue.js';
import { type NonceFloor, NonceFloorError, RESERVE_AHEAD } from './nonce-floor.js';

export class Nonces {
  readonly #spec: NonceSpec | undefined;
  readonly #venueNow: () => number;
  readonly #floor: NonceFloor | undefined;
  #last = 0;
  /** The adapter's nonce state, created at the first nonce. */
  #state: unknown;

  constructor(spec: NonceSpec | undefined, venueNow: () => number, floor?: NonceFloor) {
    if (spec !== undefined && floor !== undefined) {
      throw new NonceFloorError(
        'a persisted nonce floor applies to the clock-based rule, not to an adapter nonce rule',
      );
    }
    this.#spec = spec;
    this.#venueNow = venueNow;
    this.#floor = floor;
    if (floor !== undefined) this.#last = floor.reservedThrough;
  }

  next(): number {
    const now = this.#venueNow();
    const spec = this.#spec;
    if (spec === undefined) {
      const nonce = Math.max(this.#last + 1, Math.floor(now));
      // Written before the nonce leaves: a failed write fails the request, never a nonce unrecorded.
      if (this.#floor !== undefined && nonce > this.#floor.reservedThrough)
        this.#floor.reserve(nonce + RESERVE_AHEAD);
      this.#last = nonce;
      return nonce;
    }
    this.#state ??= spec.initial(now);
    const { nonce, state } = spec.next(this.#state, now);
    this.#state = state;
    return nonce;
  }
}
