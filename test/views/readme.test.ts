import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYMAP, keyLabel } from '../../views/keymap.js';

describe('views/README.md key table', () => {
  it('lists every binding of the keymap with its keys', () => {
    const readme = readFileSync(new URL('../../views/README.md', import.meta.url), 'utf8');
    for (const b of KEYMAP) {
      const keys = b.keys.map((k) => `\`${keyLabel(k)}\``).join(' ');
      expect(readme, `${b.action}: ${b.help}`).toContain(`| ${keys} | ${b.help}`);
    }
  });
});
