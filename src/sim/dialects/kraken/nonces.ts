// Kraken's nonce rule, per API key: a nonce must be greater than the highest one the key has used
// (docs: guides/spot-rest-auth, "always increasing"), else `EAPI:Invalid nonce`. A key with a nonce
// window N (its GetApiKeyInfo `nonceWindow`, set on the venue's key page) also takes a nonce up to N
// below the highest, once: requests sent in parallel may arrive out of order. A nonce is spent when the
// request passes authentication, whatever happens to it afterwards (a rate-limit refusal included).
const U64_MAX = (1n << 64n) - 1n;

export class NonceBook {
  readonly #highest = new Map<string, bigint>();
  /** Per key, the nonces used within the window below the highest (only kept for keys with a window). */
  readonly #recent = new Map<string, Set<bigint>>();

  /** Parses a nonce as sent (an unsigned 64-bit decimal integer), or undefined. */
  static parse(text: string | undefined): bigint | undefined {
    if (text === undefined || !/^\d{1,20}$/.test(text)) return undefined;
    const n = BigInt(text);
    return n > 0n && n <= U64_MAX ? n : undefined;
  }

  /** Takes `nonce` for `apiKey` if the rule allows it; false when it is refused. */
  take(apiKey: string, nonce: bigint, window: number): boolean {
    const highest = this.#highest.get(apiKey);
    if (highest !== undefined && nonce <= highest) {
      const w = BigInt(window);
      const recent = this.#recent.get(apiKey);
      if (w === 0n || nonce <= highest - w || recent?.has(nonce) === true) return false;
      recent?.add(nonce);
      return true;
    }
    this.#highest.set(apiKey, nonce);
    if (window > 0) {
      let recent = this.#recent.get(apiKey);
      if (recent === undefined) {
        recent = new Set();
        this.#recent.set(apiKey, recent);
      }
      recent.add(nonce);
      const floor = nonce - BigInt(window);
      for (const n of recent) if (n <= floor) recent.delete(n);
    }
    return true;
  }

  /** The highest nonce the key has used ('0' before any), as GetApiKeyInfo reports it. */
  highest(apiKey: string): string {
    return String(this.#highest.get(apiKey) ?? 0n);
  }
}
