/**
 * What bin/bundle.js puts in dist/ for `quantdeck`: React's production build only. Node reads,
 * decodes and parses every byte of the cockpit's chunk before the first frame, and the
 * development builds of React, its reconciler and its scheduler (0.77 MB) were never run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');

/** Every dist/ file the entry reaches by static or dynamic import (old chunks left in dist/ are not). */
function reachable(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (files.has(name)) continue;
    const text = readFileSync(join(DIST, name), 'utf8');
    files.set(name, text);
    // Dependencies' own text may name files that are not chunks (ink's optional devtools).
    for (const m of text.matchAll(/(?:from|import\()\s*["']\.\/([\w.-]+\.js)["']/g))
      if (existsSync(join(DIST, m[1] as string))) queue.push(m[1] as string);
  }
  return files;
}

describe('the bundle', () => {
  it('holds React, react-reconciler and scheduler in their production builds only', { timeout: 120_000 }, () => {
    const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'bundle.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const files = reachable('cli.js');
    const all = [...files.values()].join('\n');
    // The cockpit is reached (by import()), and with it the production reconciler.
    expect(all).toContain('node_modules/react-reconciler/cjs/react-reconciler.production.js');
    expect(all).toContain('node_modules/react/cjs/react.production.js');
    const development = [...files].filter(([, text]) => /node_modules\/(react|react-reconciler|scheduler)\/cjs\/[\w.-]+\.development\.js/.test(text));
    expect(development.map(([name]) => name)).toEqual([]);
  });
});
