/**
 * A crash run's nonce floor (--crash-every): the sim key outlives each engine process of the run,
 * and a venue that keeps every key's highest nonce (Kraken) refuses a restarted engine's nonces
 * below the killed one's. The cockpit keeps the floor in the key's file (custody/nonce-file.ts);
 * the chaos run keeps it beside its journal, written the same way — whole, to a temporary name,
 * then renamed over the old — before any nonce up to it is used (engine/nonce-floor.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type NonceFloor, NonceFloorError } from '../engine/nonce-floor.js';

export function fileNonceFloor(file: string): NonceFloor {
  let reserved = 0;
  try {
    reserved = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isSafeInteger(reserved) || reserved < 0) throw new NonceFloorError(`${file}: not a nonce floor`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    reserved = 0;
  }
  return {
    get reservedThrough() {
      return reserved;
    },
    reserve(through: number) {
      if (!Number.isSafeInteger(through) || through <= reserved) throw new NonceFloorError(`nonce reservation ${through} is not above ${reserved}`);
      writeFileSync(`${file}.tmp`, `${through}\n`, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      reserved = through;
    },
  };
}
