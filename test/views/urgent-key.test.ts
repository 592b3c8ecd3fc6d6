// A key that sends something (y on a flatten question) starts the action before React draws the
// key's result. ink handles a key inside React's batchedUpdates; with the production build (the
// cockpit's) React renders the whole frame — ~10 ms under a fill storm — as the handler returns,
// between the action's first step and its request. The App hands React the key's new state a
// macrotask later instead. The scenario runs in a child with NODE_ENV=production
// (programs/urgent-key.tsx); it reports whether a frame was committed between the flatten call and
// a macrotask later.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { outputOf } from '../support/child-output.js';

describe('a key that acts', () => {
  it('runs the action before the frame that shows it (production React)', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/views/programs/urgent-key.tsx'], {
      env: { ...process.env, NODE_ENV: 'production', CI: 'false' },
    });
    const out = await outputOf(child);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim().split('\n').at(-1)!)).toEqual({ production: true, calls: ['flatten'], seen: [{ committed: false }] });
  });
});
