#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=25
// `quantdeck …` (after `npm link`, or `npx quantdeck` in a clone) and `npm start`: the bundled entry
// (dist/cli.js, built by bin/bundle.js) imported into THIS process. No tsx, no child process, so a
// signal sent to this pid reaches the program itself, and descriptors the shell opened
// (`--passphrase-fd 3`) are this process's own. The bundle is built first when it is missing or
// older than any source it is made of (bin/staleness.js); a fresh one starts with no compiler
// loaded at all.
import { readdirSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsStale } from './staleness.js';

// Before anything else opens a descriptor: what is open now came from the caller (`3<file`) or from
// Node itself. `--passphrase-fd` reads only those (src/custody/passphrase-fd.ts); building the bundle
// below starts a child process, whose pipes are this process's own.
try {
  globalThis[Symbol.for('quantdeck.inheritedDescriptors')] = readdirSync('/proc/self/fd')
    .map(Number)
    .filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) !== '';
      } catch {
        return false; // the listing's own directory descriptor, closed by now
      }
    });
} catch {
  // No /proc: the passphrase reader checks what it can without the list.
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli.js');

// Stack traces point into the TypeScript sources (the bundle carries linked source maps).
process.setSourceMapsEnabled(true);
// The build runs in a child that ends before the program starts: esbuild's service process (which
// its stop() leaves running) must not outlive the build as a child of the program.
if (distIsStale(root)) {
  // Loaded only to build: child_process is a module Node compiles on first import.
  const { spawnSync } = await import('node:child_process');
  const bundled = spawnSync(process.execPath, [join(root, 'bin', 'bundle.js')], { stdio: 'inherit' });
  if (bundled.status !== 0) {
    process.stderr.write('quantdeck: building dist/ failed (node bin/bundle.js)\n');
    process.exit(1);
  }
}
await import(pathToFileURL(entry).href);
