/**
 * A key's nonce floor, for venues that remember the highest nonce of each API key for good
 * (Kraken, docs/venues.md §5.3): a nonce at or below one the key ever sent is refused
 * ("EAPI:Invalid nonce"), whichever process sent it. Nonces follow the venue clock in ms, so a
 * second start within the millisecond of the first's last request would repeat it without one.
 *
 * The floor is `reservedThrough`: every nonce quantdeck ever issued for the key is at or below it.
 * Reserve ahead: before a nonce above the reservation leaves, the reservation moves to that
 * nonce + `RESERVE_AHEAD` and is made durable. One write per `RESERVE_AHEAD` nonces (or ms), not per
 * request; a crash at any instant leaves a floor at or above every nonce that went out, and the next
 * start begins above it (at most `RESERVE_AHEAD` ms ahead of the clock, which the venue accepts: it
 * bounds nonces from below only).
 *
 * The engine only issues against a floor; where it is kept is the caller's. The entry hands it the
 * key's file (custody/nonce-file.ts, written with custody's one atomic writer, src/cli/nonce-file.ts
 * names it); a key that lives and dies with one process (a chaos run's sim key) may keep it in memory.
 */

/** Nonces (venue ms) reserved by one write: one write a minute at most when idle. */
export const RESERVE_AHEAD = 60_000;

/** The persisted floor as the nonce issuer sees it (engine/nonces.ts). */
export interface NonceFloor {
  /** Every nonce issued for the key so far is at or below this. */
  readonly reservedThrough: number;
  /** Makes `through` the new reservation, durably, before any nonce up to it is used. */
  reserve(through: number): void;
}

export class NonceFloorError extends Error {
  override readonly name = 'NonceFloorError';
}

/**
 * A floor kept in memory: right only for a key no other process ever signs with and that dies with
 * this one (the local venue's keys in a chaos run or a test), never for a real venue's key.
 */
export function memoryNonceFloor(): NonceFloor {
  let reserved = 0;
  return {
    get reservedThrough() {
      return reserved;
    },
    reserve(through: number) {
      if (!Number.isSafeInteger(through) || through <= reserved) {
        throw new NonceFloorError(`nonce reservation ${through} is not above ${reserved}`);
      }
      reserved = through;
    },
  };
}
