#!/usr/bin/env node
// `npm run soak`: bundles src/soak/main.ts the way bin/bundle.js bundles the cockpit (esbuild, ESM,
// dependencies left in node_modules) and runs it with --expose-gc. The soak measures the memory of
// the code `quantdeck` runs — bundled, with no TypeScript compiler loaded (tsx alone adds ~90 MB
// of RSS, which would drown the figure). The local venue it talks to runs in a process of its own.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_FLAGS } from './node-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'soak', 'main.js');
await build({
  absWorkingDir: root,
  entryPoints: ['src/soak/main.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: 'linked',
  // Positions only, as bin/bundle.js makes them for `quantdeck`: Node keeps every loaded map in
  // memory while source maps are on, and a copy of each source would count in the figure.
  sourcesContent: false,
  logLevel: 'warning',
});
// React's production build, as `quantdeck` runs it (src/cli.tsx sets it before the cockpit's chunk
// loads; this bundle is one file, so it is set before the process starts). The development build
// also records every render in the performance timeline, which grows without end.
// The flags `quantdeck` runs with (bin/node-flags.js): the figure is the program's, flags and all.
const run = spawnSync(process.execPath, [...NODE_FLAGS, '--expose-gc', '--enable-source-maps', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
});
process.exit(run.status ?? 1);
