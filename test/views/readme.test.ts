import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYS_END, KEYS_START, keyTableMarkdown } from '../../src/cli/key-table.js';
import { KEYMAP } from '../../views/keymap.js';

describe('views/README.md key table', () => {
  it('is exactly the table the keymap generates (npx tsx src/cli/key-table.ts), one row per binding', () => {
    const readme = readFileSync(new URL('../../views/README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(KEYS_START);
    const end = readme.indexOf(KEYS_END);
    expect(start, 'keys:start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'keys:end marker').toBeGreaterThan(start);
    const table = readme.slice(start + KEYS_START.length, end).trim();
    expect(table).toBe(keyTableMarkdown());
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(KEYMAP.length);
  });
});
