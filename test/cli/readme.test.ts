import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagTablesBlock } from '../../src/cli/commands.js';
import { keyTableBlock } from '../../src/cli/key-table.js';
import { KEYMAP } from '../../views/keymap.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it('opens with what quantdeck is and the two commands', () => {
    const head = readme.split('\n').slice(0, 12).join('\n');
    expect(head).toMatch(/^# quantdeck\n/);
    expect(head).toContain('npm install && npm start');
    expect(head).toContain('npm test');
  });

  it('carries the key table exactly as the keymap generates it (npx tsx src/cli/key-table.ts)', () => {
    expect(readme).toContain(keyTableBlock());
    // Every binding is a row.
    expect(
      keyTableBlock()
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| where') && !l.startsWith('| ---')).length,
    ).toBe(KEYMAP.length);
  });

  it('carries every command\'s flag table exactly as the declarations generate it (npx tsx src/cli/commands.ts)', () => {
    expect(readme).toContain(flagTablesBlock());
    for (const flag of ['--venue', '--passphrase-fd', '--dialect', '--rss', '--sim-keys']) expect(flagTablesBlock()).toContain(flag);
  });

  it('shows a text capture of the SIM cockpit that fits 100 columns', () => {
    const block = /```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const lines = (block as string).split('\n');
    expect(lines.length).toBeLessThanOrEqual(30);
    expect(lines[0]).toMatch(/QUANTDECK\s+SIM\s+binance-usdm/);
    expect(block).toMatch(/Open orders \(\d+\)/);
    expect(block).toMatch(/Fills \(\d+\)/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
  });
});
