// The local venue checks the engine's signatures with verifiers of its own: a signer bug must not
// be mirrored by the peer that judges it. So nothing under src/sim/ reaches src/venues/, directly
// or through any module it imports (followed transitively through src/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SIM = join(ROOT, 'src/sim');
const VENUES = join(ROOT, 'src/venues');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"](\.[^'"]+)['"]/g, /\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g, /\bimport\s+['"](\.[^'"]+)['"]/g];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The file an import names: `./x.js` is `./x.ts` (or .tsx) in the source tree. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

describe('the local venue is independent of src/venues/', () => {
  it('finds the imports it follows (it is not blind)', () => {
    const text = "import { a } from '../venues/x.js';\nexport * from './y.js';\nconst z = await import('./z.js');\nimport './side.js';";
    expect(specifiers(text).sort()).toEqual(['../venues/x.js', './side.js', './y.js', './z.js']);
  });

  it('no module reachable from src/sim/ lies in src/venues/', () => {
    const seen = new Map<string, string | undefined>(); // file -> the file that imported it
    const queue = sourceFiles(SIM);
    for (const f of queue) seen.set(f, undefined);
    const offending: string[] = [];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (file.startsWith(`${VENUES}/`)) {
        const chain = [file];
        for (let p = seen.get(file); p !== undefined; p = seen.get(p)) chain.unshift(p);
        offending.push(chain.map((c) => relative(ROOT, c)).join(' → '));
        continue;
      }
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const target = resolveImport(file, spec);
        if (target === undefined || seen.has(target) || !target.startsWith(join(ROOT, 'src'))) continue;
        seen.set(target, file);
        queue.push(target);
      }
    }
    expect(seen.size, 'modules followed').toBeGreaterThan(20);
    expect(offending).toEqual([]);
  });
});
