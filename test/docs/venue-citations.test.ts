/**
 * Every venue fact the code cites resolves inside a clone: a `docs/venues.md §N.M` citation in
 * src/ names a section that exists, and no citation points at a document the repository lacks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'views'))];
const sections = new Set(
  [...readFileSync(join(ROOT, 'docs', 'venues.md'), 'utf8').matchAll(/^#{2,4} (\d+\.\d+)\b/gm)].map(
    (m) => m[1],
  ),
);

describe('venue fact citations', () => {
  it('every docs/venues.md § citation names a section of docs/venues.md', () => {
    const cited: string[] = [];
    const missing: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/docs\/venues\.md §(\d+\.\d+)/g)) {
        const section = m[1] as string;
        cited.push(section);
        if (!sections.has(section)) missing.push(`${file.slice(ROOT.length + 1)} cites §${section}`);
      }
    }
    expect(cited.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('no code cites a venue document outside the repository', () => {
    const outside = files.filter((f) => /\bVENUES\.md\b/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });
});
