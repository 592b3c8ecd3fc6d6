// The temporary folder a sim writes its generated private keys into (`quantdeck-sim-*` under the
// system temp directory). The sim that made it removes it when it closes, and a process that exits
// without closing its sims removes the folders of those still open: demo keys must not pile up in
// /tmp run after run. A folder the caller named (`SimOptions.keyDir`) is the caller's and stays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const open = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of open) rmSync(dir, { recursive: true, force: true });
  open.clear();
}

/** Removes `dir` at process exit unless `removeKeyDir` removed it before. */
export function adoptKeyDir(dir: string): void {
  open.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAll);
  }
}

/** A new private (0700) folder for one sim's keys, removed at process exit unless removed before. */
export function tempKeyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quantdeck-sim-'));
  adoptKeyDir(dir);
  return dir;
}

/** Removes a folder made by `tempKeyDir` or adopted (the sim closed); any other folder is left alone. */
export function removeKeyDir(dir: string): void {
  if (!open.delete(dir)) return;
  rmSync(dir, { recursive: true, force: true });
}
