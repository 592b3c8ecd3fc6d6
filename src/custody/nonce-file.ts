/**
 * A key's nonce floor (engine/nonce-floor.ts) kept on disk, one small file per venue, environment
 * and key (src/cli/nonce-file.ts names it). It is written the one way custody writes the files
 * that belong to a key (safe-file.ts: temp file, fsync, rename, folder fsync, never through a
 * link), so after a crash it holds the old reservation or the new one, never a torn or empty file.
 * Shaped as the engine's `NonceFloor` without importing it: custody never imports the engine.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CustodyError } from './errors.js';
import { refuseSymlink, writeFileAtomic } from './safe-file.js';

export class NonceFileError extends CustodyError {
  override readonly name = 'NonceFileError';
}

const VERSION = 1;
const WHAT = 'nonce file';

function readFloor(path: string): number {
  refuseSymlink(path, WHAT);
  let text: string;
  try {
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

/** One key's floor in one file: read when opened, replaced atomically at each reservation. */
export class NonceFile {
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
    writeFileAtomic(this.path, `${JSON.stringify({ version: VERSION, reservedThrough: through })}\n`, WHAT);
    this.#reserved = through;
  }
}
