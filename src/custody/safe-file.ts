/**
 * Writing and removing the files that hold or point at keys (key files, the profile) without
 * being steered by what sits at their paths:
 * - a symbolic link at the path is refused, never followed: replacing a link would leave the old
 *   secret readable in its target, and removing a link would leave the key itself behind;
 * - the temp file is created exclusively (O_EXCL, O_NOFOLLOW) under a random name in the same
 *   folder, so nobody can plant it or point it elsewhere in advance;
 * - the file is fsynced, renamed over the target, and the folder fsynced, so after a crash the
 *   path holds the old or the new content, never an empty file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CustodyError } from './errors.js';

/** Throws CustodyError when `path` is a symbolic link; a missing path passes. */
export function refuseSymlink(path: string, what: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (isLink) {
    throw new CustodyError(
      `${what} ${path} is a symbolic link; quantdeck does not write or remove key files through links (use the real path)`,
    );
  }
}

/** Replaces `path` with `text` atomically (mode 0600 unless told), refusing a link at the path. */
export function writeFileAtomic(path: string, text: string, what: string, mode = 0o600): void {
  refuseSymlink(path, what);
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(temp, flags, mode);
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
  syncDirectory(dir);
}

/** Removes a file, refusing a link at the path, and makes the removal durable. */
export function removeFile(path: string, what: string): void {
  refuseSymlink(path, what);
  unlinkSync(path);
  syncDirectory(dirname(path));
}

// A rename or unlink is durable only once the folder's entry is on disk.
function syncDirectory(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
