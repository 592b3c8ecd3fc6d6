import { inspect } from 'node:util';

/**
 * A key, passphrase or private key. Every way of turning it into text shows `***`; the raw
 * value leaves only through `revealSecret`, which signers (and custody when it stores a key)
 * call. A private class field keeps it out of `Object.keys`, spreads and structured logs.
 */
export class Secret {
  readonly #value: string;
  /** A short, non-secret label for messages ("binance api-secret"), never the value. */
  readonly label: string;

  constructor(value: string, label = 'secret') {
    if (typeof value !== 'string') throw new TypeError(`${label}: a secret must be a string`);
    this.#value = value;
    this.label = label;
  }

  get length(): number {
    return this.#value.length;
  }

  isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return '***';
  }

  toJSON(): string {
    return '***';
  }

  valueOf(): string {
    return '***';
  }

  [Symbol.toPrimitive](): string {
    return '***';
  }

  [inspect.custom](): string {
    return `Secret(${this.label}: ***)`;
  }

  static reveal(secret: Secret): string {
    return secret.#value;
  }
}

/** The one door to a secret's raw value. Grep for it: only signers and custody should call it. */
export function revealSecret(secret: Secret): string {
  return Secret.reveal(secret);
}
