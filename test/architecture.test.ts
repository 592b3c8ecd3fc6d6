/**
 * The layers point one way (docs/architecture.md): this reads every import in src/ and views/ and
 * fails on one that breaks the rules. Each rule names who may import whom; a violation is reported
 * as `importer → imported (rule)`, so a wrong-way import names itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every import of a project file (static, `export … from`, dynamic `import()`), as repo paths. */
function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const pattern =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4];
    if (spec === undefined || !spec.startsWith('.')) continue;
    const target = relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '');
    out.push({ from: relative(ROOT, file).replace(/\.tsx?$/, ''), to: target, typeOnly: m[2] !== undefined });
  }
  return out;
}

/** The layer a repo path belongs to. */
function layerOf(path: string): string {
  if (path === 'src/cli') return 'entry';
  const [top, second] = path.split('/');
  if (top === 'views') return 'views';
  return second ?? top ?? path;
}

const venueFolder = (path: string) => /^src\/venues\/([^/]+)\//.exec(path)?.[1];

interface Rule {
  name: string;
  /** A violation message when `i` breaks the rule, else undefined. */
  check(i: Import): string | undefined;
}

/** Who each layer may import (its own files always). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  venues: ['core'],
  sim: ['core'],
  engine: ['core', 'venues'],
  store: ['core', 'engine'],
  views: ['store', 'core'],
  custody: ['core', 'venues', 'log'],
  log: ['core'],
  // Tools above the engine and the sim, and the entry that composes everything.
  chaos: ['core', 'venues', 'engine', 'sim', 'store', 'log'],
  demo: ['core', 'venues', 'engine', 'store'],
  // The soak drives what the entry composes (engine, store, cockpit, logger) against the sim.
  soak: ['core', 'venues', 'engine', 'sim', 'store', 'log', 'chaos', 'cli'],
  cli: ['core', 'venues', 'engine', 'sim', 'store', 'custody', 'log', 'chaos', 'demo', 'views'],
  entry: ['core', 'venues', 'engine', 'sim', 'store', 'custody', 'log', 'chaos', 'demo', 'views', 'cli'],
};

const RULES: readonly Rule[] = [
  {
    name: 'layers point one way',
    check(i) {
      const from = layerOf(i.from);
      const to = layerOf(i.to);
      if (from === to) return undefined;
      const allowed = ALLOWED[from];
      if (allowed === undefined) return `${from} is not a known layer`;
      return allowed.includes(to)
        ? undefined
        : `${from} may import ${allowed.join(', ') || 'nothing of ours'}`;
    },
  },
  {
    name: 'no venue folder imports another',
    check(i) {
      const from = venueFolder(i.from);
      const to = venueFolder(i.to);
      if (from === undefined || to === undefined || from === to || to === 'shared') return undefined;
      return `venue folders share through src/venues/shared/, never ${from} → ${to}`;
    },
  },
  {
    name: "the store imports only the engine's contract types",
    check(i) {
      if (layerOf(i.from) !== 'store' || layerOf(i.to) !== 'engine') return undefined;
      // The signal stack's events and actions are part of the contract (src/engine/signals/).
      const contract = ['src/engine/events', 'src/engine/actions', 'src/engine/signals/events', 'src/engine/signals/actions'].includes(i.to);
      return contract && i.typeOnly ? undefined : 'types from src/engine/events and src/engine/actions (and their signals/ twins) only';
    },
  },
];

/** Every violation in the given files: `importer → imported (why)`. */
function violations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const i of importsOf(file, readFileSync(file, 'utf8'))) {
      for (const rule of RULES) {
        const why = rule.check(i);
        if (why !== undefined) out.push(`${i.from} → ${i.to} (${rule.name}: ${why})`);
      }
    }
  }
  return out;
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'views'))];

describe('architecture: imports point one way', () => {
  it('reads the imports of every source file', () => {
    const count = files.reduce((n, f) => n + importsOf(f, readFileSync(f, 'utf8')).length, 0);
    expect(files.length).toBeGreaterThan(100);
    expect(count).toBeGreaterThan(500);
  });

  it('no import breaks a layer rule', () => {
    expect(violations(files)).toEqual([]);
  });

  it('each rule catches the wrong-way import it exists for', () => {
    const cases: Array<[string, string, boolean]> = [
      ['src/core/clock.ts', "import { x } from '../store/store.js';", true],
      ['src/sim/sim.ts', "import { x } from '../venues/index.js';", true],
      ['src/engine/engine.ts', "import type { x } from '../store/state.js';", true],
      ['src/engine/engine.ts', "import type { x } from '../sim/index.js';", true],
      ['src/venues/okx/parse.ts', "import { x } from '../binance/fields.js';", true],
      ['src/venues/okx/parse.ts', "import { x } from '../shared/fields.js';", false],
      ['src/store/apply.ts', "import { x } from '../engine/engine.js';", true],
      ['src/store/apply.ts', "import type { x } from '../engine/events.js';", false],
      ['src/custody/keys-check.ts', "const m = await import('../engine/preflight.js');", true],
      ['views/App.tsx', "import { x } from '../src/engine/engine.js';", true],
      ['views/App.tsx', "import { x } from '../src/store/store.js';", false],
    ];
    for (const [file, line, bad] of cases) {
      const found = importsOf(join(ROOT, file), line).flatMap((i) =>
        RULES.map((r) => r.check(i)).filter(Boolean),
      );
      expect([file, line, found.length > 0]).toEqual([file, line, bad]);
    }
  });
});
