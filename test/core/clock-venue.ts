/** A venue whose clock reads V(x) = x + offset + drift·x at local monotonic time x. */
export function venue(offset: number, driftPpm = 0) {
  const v = (x: number) => x + offset + (driftPpm / 1e6) * x;
  /** One round trip leaving at `sentAt`, `up` ms to the venue, `down` ms back; ms truncation. */
  const sample = (sentAt: number, up: number, down: number) => ({
    sentAt,
    receivedAt: sentAt + up + down,
    serverTime: Math.floor(v(sentAt + up)),
  });
  return { v, sample };
}

/** Venue epoch ms minus a monotonic origin. */
export const OFFSET = 1_752_000_000_000 - 5_000_000;
