/**
 * A key's nonce floor kept on disk, for venues that remember the highest nonce of each API key
 * for good (Kraken, docs/venues.md §5.3): a nonce at or below one the key ever sent is refused
 * ("EAPI:Invalid nonce"), whichever process sent it. Nonces follow the venue clock in ms, so a
 * second start within the millisecond of the first's last request would repeat it without this.
 *
 * The file holds `reservedThrough`: every nonce quantdeck ever issued for the key is at or below
 * it. Reserve ahead: before a nonce above the reservation leaves, the reservation moves to that
 * nonce + `RESERVE_AHEAD` and is written durably (temp file, fsync, rename, folder fsync). One
 * write per `RESERVE_AHEAD` nonces (or ms), not per request; a crash at any instant leaves a floor
 * at or above every nonce that went out, and the next start begins above it (at most
 * `RESERVE_AHEAD` ms ahead of the clock, which the venue accepts: it bounds nonces from below only).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Nonces (venue ms) reserved by one write: one write a minute at most when idle. */
export const RESERVE_AHEAD = 60_000;

/** The persisted floor as the nonce issuer sees it (engine/nonces.ts). */
export interface NonceFloor {
  /** Every nonce issued for the key so far is at or below this. */
  readonly reservedThrough: number;
  /** Makes `through` the new reservation, durably, before any nonce up to it is used. */
  reserve(through: number): void;
}

export class NonceFileError extends Error {
  override readonly name = 'NonceFileError';
}

const VERSION = 1;

function readFloor(path: string): number {
  let text: string;
  try {
    if (lstatSync(path).isSymbolicLink())
      throw new NonceFileError(`nonce file ${path} is a symbolic link; use the real path`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const floor = (parsed as { reservedThrough?: unknown } | undefined)?.reservedThrough;
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    (parsed as { version?: unknown }).version !== VERSION ||
    typeof floor !== 'number' ||
    !Number.isSafeInteger(floor) ||
    floor < 0
  ) {
    // Never guess a floor: a low guess sends refused nonces, and the file is ours alone.
    throw new NonceFileError(
      `nonce file ${path} is not a quantdeck nonce file (expected {"version":1,"reservedThrough":N}); ` +
        'move it aside only if no other program signs with this key',
    );
  }
  return floor;
}

/** Temp file beside the target, fsynced, renamed over it, folder fsynced: old or new, never torn. */
function writeDurably(path: string, text: string): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  const dirFd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** One key's floor in one file (the CLI names it beside the profile, per venue, env and key). */
export class NonceFile implements NonceFloor {
  readonly path: string;
  #reserved: number;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.#reserved = readFloor(path);
  }

  get reservedThrough(): number {
    return this.#reserved;
  }

  reserve(through: number): void {
    if (!Number.isSafeInteger(through) || through <= this.#reserved) {
      throw new NonceFileError(`nonce reservation ${through} is not above ${this.#reserved}`);
    }
    writeDurably(this.path, `${JSON.stringify({ version: VERSION, reservedThrough: through })}\n`);
    this.#reserved = through;
  }
}
