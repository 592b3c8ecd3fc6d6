/**
 * The launcher's question before every start (bin/staleness.js): is dist/ older than what it was
 * built from? Asked of a folder laid out like the project, with modification times set by hand.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distIsStale } from '../../bin/staleness.js';

let root: string;
const BUILT = new Date('2026-01-01T12:00:00Z');
const BEFORE = new Date('2026-01-01T11:00:00Z');
const AFTER = new Date('2026-01-01T13:00:00Z');

function file(path: string, at: Date, text = ''): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  utimesSync(full, at, at);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'qd-staleness-'));
  for (const path of ['package.json', 'bin/bundle.js', 'node_modules/.package-lock.json', 'src/a.ts', 'views/B.tsx', 'patches/ink+6.8.0.patch'])
    file(path, BEFORE);
  file('dist/build-inputs.json', BUILT, JSON.stringify(['src/a.ts', 'views/B.tsx']));
  file('dist/cli.js', BUILT);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('distIsStale', () => {
  it('is fresh when everything it was built from is older', () => {
    expect(distIsStale(root)).toBe(false);
  });

  it('is stale without dist/cli.js, or without the inputs list (a bundle built before the list)', () => {
    rmSync(join(root, 'dist', 'build-inputs.json'));
    expect(distIsStale(root)).toBe(true);
    rmSync(join(root, 'dist', 'cli.js'));
    expect(distIsStale(root)).toBe(true);
  });

  it('is stale when a listed input, package.json, bin/bundle.js, an install or a patch is newer', () => {
    for (const path of ['views/B.tsx', 'src/a.ts', 'package.json', 'bin/bundle.js', 'node_modules/.package-lock.json', 'patches/ink+6.8.0.patch']) {
      utimesSync(join(root, path), AFTER, AFTER);
      expect(distIsStale(root), path).toBe(true);
      utimesSync(join(root, path), BEFORE, BEFORE);
      expect(distIsStale(root), path).toBe(false);
    }
  });

  it('a new patch counts; a new source nobody imports does not (it is not in the bundle)', () => {
    file('src/unused.ts', AFTER);
    expect(distIsStale(root)).toBe(false);
    file('patches/sub/new.patch', AFTER);
    expect(distIsStale(root)).toBe(true);
  });

  it('a listed input that is gone is skipped (its importer changed, or the build fails anyway)', () => {
    rmSync(join(root, 'src', 'a.ts'));
    expect(distIsStale(root)).toBe(false);
  });

  it('a damaged inputs list is stale, not an error', () => {
    file('dist/build-inputs.json', BUILT, '{"not": "a list"}');
    expect(distIsStale(root)).toBe(true);
    file('dist/build-inputs.json', BUILT, 'not json');
    expect(distIsStale(root)).toBe(true);
  });
});
