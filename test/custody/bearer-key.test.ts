// L3's LLM key (docs/signals.md §L3): a bearer token read from the same references as an account's
// key, its api-key part only, and registered with the log scrubber as soon as it is read.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { loadBearerKey } from '../../src/custody/bearer-key.js';
import { scrub } from '../../src/log/secret-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-bearer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadBearerKey', () => {
  it('reads PREFIX_API_KEY for env:PREFIX, with no venue key shape asked, and scrubs it from then on', async () => {
    const key = await loadBearerKey({ kind: 'env', prefix: 'LLM' }, { processEnv: { LLM_API_KEY: 'sk-bearer-0123456789abcdef' } });
    expect(revealSecret(key)).toBe('sk-bearer-0123456789abcdef');
    expect(scrub('Bearer? no: sk-bearer-0123456789abcdef')).not.toContain('sk-bearer-0123456789abcdef');
  });

  it("reads a cmd: manager's api-key line", async () => {
    const path = join(dir, 'manager');
    writeFileSync(path, '#!/bin/sh\necho "api-key: sk-from-manager-abcdef0123"\n');
    chmodSync(path, 0o700);
    const key = await loadBearerKey({ kind: 'cmd', argv: [path] }, { processEnv: { PATH: process.env['PATH'] ?? '' } });
    expect(revealSecret(key)).toBe('sk-from-manager-abcdef0123');
  });

  it('names the missing variable, and what the key is for', async () => {
    await expect(loadBearerKey({ kind: 'env', prefix: 'LLM' }, { processEnv: {}, what: 'the LLM key (signals.llm.key)' })).rejects.toThrow(
      'the LLM key (signals.llm.key) needs LLM_API_KEY, which is missing',
    );
    await expect(loadBearerKey({ kind: 'env', prefix: 'LLM' }, { processEnv: { LLM_API_KEY: ' ' } })).rejects.toThrow(/LLM_API_KEY is set but empty/);
  });
});
