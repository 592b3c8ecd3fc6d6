/**
 * The log file's size cap: a synchronous append-only destination for pino that, when the next
 * line would take the file past `maxBytes`, renames it to `<file>.1` (replacing the previous one)
 * and starts a new file. At most two files, so the log takes at most 2 × maxBytes on disk whatever
 * the traffic: a cockpit logs every fill, and a fill storm writes gigabytes an hour.
 *
 * Why rotation and not a plain cap that stops writing: the newest lines are the ones a post-mortem
 * needs. Why in the process and not logrotate: the cockpit runs on a trader's machine with no
 * system configuration of ours, and a renamed file needs the writer to reopen anyway.
 * Lines are never split: a rotation happens between lines. Writes stay synchronous (a crash line
 * must reach the file before the process exits). The file is opened without following a symlink.
 */
import { closeSync, constants, fstatSync, openSync, renameSync, writeSync } from 'node:fs';

/** 32 MiB per file: hours of ordinary trading, minutes of a fill storm. */
export const DEFAULT_LOG_MAX_BYTES = 32 * 1024 * 1024;

export class RotatingFile {
  readonly file: string;
  readonly maxBytes: number;
  #fd: number;
  #size: number;
  #closed = false;
  /** How many times the file was rotated. */
  rotations = 0;

  constructor(file: string, maxBytes = DEFAULT_LOG_MAX_BYTES) {
    if (!Number.isFinite(maxBytes) || maxBytes < 1024)
      throw new RangeError(`log size cap must be at least 1024 bytes, got ${maxBytes}`);
    this.file = file;
    this.maxBytes = maxBytes;
    this.#fd = this.#open();
    this.#size = fstatSync(this.#fd).size;
  }

  #open(): number {
    return openSync(this.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  }

  /** pino's destination interface: one serialized line (or several) per call. */
  write(chunk: string): boolean {
    if (this.#closed) return false;
    const bytes = Buffer.byteLength(chunk);
    if (this.#size > 0 && this.#size + bytes > this.maxBytes) this.#rotate();
    writeSync(this.#fd, chunk);
    this.#size += bytes;
    return true;
  }

  #rotate(): void {
    closeSync(this.#fd);
    renameSync(this.file, `${this.file}.1`);
    this.#fd = this.#open();
    this.#size = 0;
    this.rotations++;
  }

  /** Writes are synchronous: nothing is ever buffered here. */
  flushSync(): void {}

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}
