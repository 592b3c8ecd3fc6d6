// The venue's nonce rule (HL "Nonces and API wallets", current text): per signer, the 20 highest
// nonces are kept (more with volume, up to 100); a new nonce must be larger than the smallest kept,
// never used before, and within one day of the block's unix-ms time. The refusal wording is not
// published; ours starts "Invalid nonce:" and says which part of the rule failed.

export const DAY_MS = 86_400_000;

export class NonceBook {
  /** Per signer: its highest nonces, ascending, at most `keep`. */
  readonly #kept = new Map<string, number[]>();

  constructor(readonly keep = 20) {}

  /** Why the venue refuses `nonce` from `signer` at block time `now`, or undefined. */
  check(signer: string, nonce: number, now: number): string | undefined {
    if (Math.abs(nonce - now) >= DAY_MS) return `Invalid nonce: ${nonce} is not within one day of the block time ${now}`;
    const kept = this.#kept.get(signer) ?? [];
    if (kept.includes(nonce)) return `Invalid nonce: duplicate nonce ${nonce}`;
    if (kept.length >= this.keep && nonce <= kept[0]!) {
      return `Invalid nonce: ${nonce} is not larger than the smallest of the ${this.keep} highest nonces used (${kept[0]})`;
    }
    return undefined;
  }

  /** Records a nonce the venue took. */
  use(signer: string, nonce: number): void {
    const kept = this.#kept.get(signer) ?? [];
    let i = kept.length;
    while (i > 0 && kept[i - 1]! > nonce) i--;
    kept.splice(i, 0, nonce);
    if (kept.length > this.keep) kept.shift();
    this.#kept.set(signer, kept);
  }

  /** The highest nonces kept for a signer (tests, diagnostics). */
  kept(signer: string): readonly number[] {
    return this.#kept.get(signer) ?? [];
  }
}
