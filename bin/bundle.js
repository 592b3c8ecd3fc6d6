#!/usr/bin/env node
// Bundles the TypeScript entry into dist/ before `npm start`: one ESM file per entry plus shared
// chunks, dependencies left in node_modules. Node then loads a few files instead of tsx compiling
// some two hundred modules one by one, which is most of the cockpit's start-up time. Takes well
// under a second; dist/ is rebuilt on every start, so it never lags the sources.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.tsx', 'worker-entry': 'src/sim/worker-entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
});
