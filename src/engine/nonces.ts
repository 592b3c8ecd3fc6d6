// Nonces for one engine's signer: the adapter's rule when it has one (NonceSpec, its state kept
// here), else strictly increasing and never behind the venue's clock in milliseconds.
import type { NonceSpec } from '../venues/venue.js';

export class Nonces {
  readonly #spec: NonceSpec | undefined;
  readonly #venueNow: () => number;
  #last = 0;
  /** The adapter's nonce state, created at the first nonce. */
  #state: unknown;

  constructor(spec: NonceSpec | undefined, venueNow: () => number) {
    this.#spec = spec;
    this.#venueNow = venueNow;
  }

  next(): number {
    const now = this.#venueNow();
    const spec = this.#spec;
    if (spec === undefined) {
      this.#last = Math.max(this.#last + 1, Math.floor(now));
      return this.#last;
    }
    this.#state ??= spec.initial(now);
    const { nonce, state } = spec.next(this.#state, now);
    this.#state = state;
    return nonce;
  }
}
