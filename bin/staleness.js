// Whether dist/ must be built again before `quantdeck` runs it (bin/quantdeck.js asks on every
// start, so this is on the way to the first frame). dist/ is stale when it is missing, or older
// than anything it is made of: the project files esbuild put in it (dist/build-inputs.json, written
// by bin/bundle.js from its metafile), package.json, bin/bundle.js, and the dependencies it includes
// (npm rewrites node_modules/.package-lock.json on every install; patches/ holds the changes applied
// to installed packages). Stat'ing the ~380 listed inputs costs about a third of walking src/ and
// views/ and stat'ing every file found (readdir, a Dirent and a path join per file).
// A listed input that is gone is skipped: whatever imported it was edited since (and is newer), or
// the build would fail anyway; a file nobody imports cannot change the bundle.
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** Modification time in ms, NaN when the file is not there. */
function mtime(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
}

/** Newest modification time under `dir` (patches/: a handful of files), -Infinity if none. */
function newestUnder(dir) {
  let newest = Number.NEGATIVE_INFINITY;
  let items;
  try {
    items = readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest; // no such folder
  }
  for (const item of items) {
    const path = `${dir}/${item.name}`;
    const time = item.isDirectory() ? newestUnder(path) : mtime(path);
    if (time > newest) newest = time;
  }
  return newest;
}

/** True when `root`/dist must be built before it runs. */
export function distIsStale(root) {
  const built = mtime(`${root}/dist/cli.js`);
  if (!Number.isFinite(built)) return true;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(`${root}/dist/build-inputs.json`, 'utf8'));
  } catch {
    return true; // built before the list existed, or the list is damaged
  }
  if (!Array.isArray(inputs)) return true;
  for (const file of ['package.json', 'bin/bundle.js', 'node_modules/.package-lock.json', ...inputs]) {
    // A NaN (gone) compares false: skipped.
    if (mtime(`${root}/${file}`) > built) return true;
  }
  return newestUnder(`${root}/patches`) > built;
}
