// The V8 flags quantdeck runs with (bin/node-flags.js) are the same in its shebang, in `npm start`
// and in the process `npm run soak` measures, and this Node takes them: the young generation they
// give is 8 MB (two 4 MB semi-spaces) instead of V8's default 32 MB.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../bin/node-flags.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('node flags', () => {
  it('the shebang and npm start spell out bin/node-flags.js; the soak imports it', () => {
    const launcher = readFileSync(join(ROOT, 'bin', 'quantdeck.js'), 'utf8').split('\n')[0];
    expect(launcher).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toBe(`node ${NODE_FLAGS.join(' ')} bin/quantdeck.js`);
    expect(readFileSync(join(ROOT, 'bin', 'soak.js'), 'utf8')).toContain('[...NODE_FLAGS,');
  });

  it('this Node accepts them and gives an 8 MB young generation', () => {
    // Young objects that live a while (kept in batches): the scavenger grows the young
    // generation to its bound, then the space's size is that bound.
    const grow =
      'let keep = []; for (let i = 0; i < 5e5; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; }' +
      "process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576))";
    const youngMb = (flags: readonly string[]) => {
      const r = spawnSync(process.execPath, [...flags, '-e', grow], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return Number(r.stdout);
    };
    expect(youngMb(NODE_FLAGS)).toBe(8);
    expect(youngMb([])).toBeGreaterThan(8);
  });
});
