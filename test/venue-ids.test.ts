/**
 * Venue knowledge lives in the venue folders and the sim's dialect folders (docs/architecture.md):
 * no quoted venue id anywhere else in src/, views/ or bin/. The ids come from the two registries, so
 * a venue added there is covered without touching this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_DIALECT_IDS } from '../src/sim/index.js';
import { keyFamilies, venueIds } from '../src/venues/descriptors.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Where a venue may be named: its own folder, its dialect's folder, and the registries inside them. */
const ALLOWED = ['src/venues/', 'src/sim/dialects/'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(tsx?|js)$/.test(e.name) ? [path] : [];
  });
}

const ids = [...new Set([...venueIds(), ...keyFamilies().map((f) => f.family), ...SIM_DIALECT_IDS])];

function quotedId(names: readonly string[]): RegExp {
  const alternatives = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  return new RegExp(`['"\`](${alternatives.join('|')})['"\`]`);
}

/** `path:line: text` for every line that quotes a venue id outside the allowed folders. */
function venueIdsOutside(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const pattern = quotedId(ids);
  const out: string[] = [];
  for (const { path, text } of files) {
    if (ALLOWED.some((dir) => path.startsWith(dir))) continue;
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) out.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

const files = ['src', 'views', 'bin']
  .flatMap((dir) => sources(join(ROOT, dir)))
  .map((file) => ({ path: relative(ROOT, file), text: readFileSync(file, 'utf8') }));

describe('venue ids stay in the venue and dialect folders', () => {
  it('knows every registered venue, key family and dialect', () => {
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(files.length).toBeGreaterThan(100);
  });

  it('no file outside src/venues/ and src/sim/dialects/ quotes a venue id', () => {
    expect(venueIdsOutside(files)).toEqual([]);
  });

  it('catches a quoted id outside the allowed folders, and only there', () => {
    for (const id of ids) {
      for (const quote of ["'", '"', '`']) {
        const line = `const venue = ${quote}${id}${quote};`;
        expect(venueIdsOutside([{ path: 'src/chaos/profiles.ts', text: line }])).toEqual([
          `src/chaos/profiles.ts:1: ${line}`,
        ]);
        expect(venueIdsOutside([{ path: 'src/venues/okx/x.ts', text: line }])).toEqual([]);
        expect(venueIdsOutside([{ path: 'src/sim/dialects/registry.ts', text: line }])).toEqual([]);
      }
    }
    // A word that merely contains an id is not the id.
    expect(venueIdsOutside([{ path: 'src/cli/x.ts', text: "const s = 'okxish';" }])).toEqual([]);
  });
});
