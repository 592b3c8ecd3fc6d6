#!/usr/bin/env node
// Bundles the TypeScript entry into dist/ (bin/quantdeck.js runs it when dist/ is missing or older
// than the sources; `npm start` goes through that launcher): one ESM file per entry plus shared
// chunks, dependencies included. Node then loads a few files instead of tsx compiling some two
// hundred modules one by one, and instead of resolving, reading and compiling the ~700 files the
// dependencies are made of (ink alone pulls in 400 files of es-toolkit for one `throttle`): the
// module loader was most of the cockpit's start-up time. Takes well under a second.
// Each subcommand and each venue's signing code stay chunks of their own, loaded by import() only
// when used. Left outside: the keyring's native addon (a .node file Node must load from disk) and
// ink's optional devtools (not installed).
// Files are written to a temporary name and renamed into place: two starts at once (tests do that)
// never see a half-written file. Chunk names carry a content hash, so a rename over an existing
// chunk puts back the same bytes.
import { build, stop } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * React, its reconciler and its scheduler pick their build at run time (`require` of
 * `./cjs/NAME.production.js` or `NAME.development.js` by NODE_ENV), so a bundle holds both: the
 * cockpit's chunk was 1.7 MB, of which 0.77 MB were development builds that Node read, decoded and
 * parsed before every first frame and never ran (the cockpit runs React's production build: the
 * development one records every render in the performance timeline, docs/memory.md). Here each
 * development file resolves to its production sibling; running from the sources (tsx) still
 * follows NODE_ENV.
 */
const reactProductionOnly = {
  name: 'react-production-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/cjs\/.+\.development\.js$/ }, (args) => {
      if (!/[/\\]node_modules[/\\](react|react-reconciler|scheduler)[/\\]/.test(args.importer)) return undefined;
      const production = join(args.resolveDir, args.path.replace(/\.development\.js$/, '.production.js'));
      if (!existsSync(production)) throw new Error(`${args.path} (from ${args.importer}) has no production sibling`);
      return { path: production };
    });
  },
};
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.tsx', 'worker-entry': 'src/sim/worker-entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@napi-rs/keyring', 'react-devtools-core'],
  jsx: 'automatic',
  plugins: [reactProductionOnly],
  // Stack traces point into the sources (the launcher turns source maps on). Node reads and parses
  // the map of every chunk it loads, so the maps carry positions only, not a copy of each source.
  sourcemap: 'linked',
  sourcesContent: false,
  // The CommonJS dependencies (react, ws, pino…) call require(): give every chunk one.
  banner: { js: "import { createRequire as __qdCreateRequire } from 'node:module'; const require = __qdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  write: false,
  metafile: true,
});
// Let esbuild's service go (the launcher also runs this file in a child of its own, which ends here).
await stop();
// The project's own files the bundle was made of, for the launcher's staleness check
// (bin/staleness.js): it stats these instead of walking src/ and views/ on every start. The
// dependencies are covered by node_modules/.package-lock.json and patches/.
const inputs = Object.keys(result.metafile.inputs)
  .filter((path) => !path.startsWith('node_modules/') && !path.includes(':'))
  .sort();
// Chunks first, then the inputs list, entries last: an entry never points at a chunk that is not
// there yet, and an entry newer than the list never pairs with an older list.
const isEntry = (path) => /[/\\](cli|worker-entry)\.js(\.map)?$/.test(path);
const files = [
  ...result.outputFiles.filter((f) => !isEntry(f.path)),
  { path: join(root, 'dist', 'build-inputs.json'), contents: `${JSON.stringify(inputs)}\n` },
  ...result.outputFiles.filter((f) => isEntry(f.path)),
];
for (const file of files) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}
