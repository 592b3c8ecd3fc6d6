import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS_END, COMMANDS_START, KEYS_END, KEYS_START, keyTableMarkdown } from '../../src/cli/key-table.js';
import { COMMANDS, commandTableMarkdown } from '../../views/commands.js';
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

  it('lists every command of the command line as commands.ts generates it', () => {
    const readme = readFileSync(new URL('../../views/README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(COMMANDS_START);
    const end = readme.indexOf(COMMANDS_END);
    expect(start, 'commands:start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'commands:end marker').toBeGreaterThan(start);
    const table = readme.slice(start + COMMANDS_START.length, end).trim();
    expect(table).toBe(commandTableMarkdown());
    expect(table.split('\n').slice(2)).toHaveLength(COMMANDS.length);
  });
});
