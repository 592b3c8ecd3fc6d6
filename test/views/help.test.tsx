import { afterEach, describe, expect, it } from 'vitest';
import { KEYMAP, keyLabel, MODE_TITLES, resolveKey } from '../../views/keymap.js';
import { helpLines } from '../../views/overlays/Help.js';
import { liveSession } from '../store/fixtures.js';
import { type Mounted, mount } from './harness.js';

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

describe('help overlay', () => {
  it('lists every binding of the keymap, with its keys and text', async () => {
    m = await mount(liveSession(), { columns: 200, rows: 80 });
    await m.press('?');
    const screen = m.screen();
    for (const b of KEYMAP) {
      const keys = b.keys.map(keyLabel).join(' ');
      expect(screen, `binding ${b.action} (${keys})`).toContain(`${keys.padEnd(12)} ${b.help}`);
    }
    for (const [, title] of MODE_TITLES) expect(screen).toContain(title);
  });

  it('scrolls at 80x24 so that every line can be reached', async () => {
    m = await mount(liveSession(), { columns: 80, rows: 24 });
    await m.press('?');
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      for (const l of m.lines()) seen.add(l.trim());
      if (!m.screen().includes('more below')) break;
      await m.press('j');
    }
    expect(m.screen()).toContain('q / Esc / ? close');
    // At 80 columns long lines are cut: each must still be reachable by its first 60 characters.
    for (const line of helpLines(true)) {
      const start = line.text.slice(0, 60).trim();
      expect(
        [...seen].some((l) => l.startsWith(start)),
        line.text,
      ).toBe(true);
    }
    await m.press('?');
    expect(m.screen()).toContain('Open orders');
  });

  it('every key of every mode resolves to its own binding (no key bound twice in a mode)', () => {
    // A class stands for the keys it covers; one key of each that no exact binding takes.
    const sample: Record<string, string> = { digit: '7', char: 'x', any: 'n' };
    const seen = new Map<string, string>();
    for (const b of KEYMAP) {
      for (const mode of b.modes) {
        for (const k of b.keys) {
          const id = `${mode}:${k}`;
          expect(seen.get(id), `${id} bound twice`).toBeUndefined();
          seen.set(id, b.action);
          expect(resolveKey(mode, sample[k] ?? k), `${id} resolves to ${b.action}`).toBe(b);
        }
      }
    }
  });

  it('a key no binding takes resolves to nothing, except where a class catches it', () => {
    expect(resolveKey('main', 'x')).toBeNull();
    expect(resolveKey('ticket', '9')).toBeNull();
    expect(resolveKey('edit', 'x')).toBeNull();
    expect(resolveKey('edit', '.')?.action).toBe('type');
    expect(resolveKey('command', '7')?.action).toBe('type');
    expect(resolveKey('confirm', 'enter')?.action).toBe('dismiss');
  });
});
