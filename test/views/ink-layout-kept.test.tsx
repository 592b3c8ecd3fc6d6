// patches/ink+6.8.0.patch keeps work across frames: a text whose new content has the size Yoga
// measured the old one at, at widths no narrower than it, keeps its layout (build/dom.js: no Yoga
// pass for a clock tick that turns '3s' into '4s'), and a text node whose children, their texts
// and their styles are the same gives the text it squashed to last time (build/squash-text-nodes.js).
// The screen must be what ink 6.8.0 draws after the same changes (the same patched ink with both
// switches off lays out and squashes afresh, as 6.8.0 did; a fresh render is no oracle: Yoga's
// caches make 6.8.0's frames depend on what came before): random texts — same size, another size,
// wrapping, truncated, wide characters — and colours in rows, columns and fixed widths, changed
// step after step, each frame (with its colour codes) held to the oracle's.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { until } from '../support/until.js';

// Colour codes in the frames (the same chalk instance as ink's <Text>), set once for this file.
chalk.level = 3;

const SLOTS = 8;
const COLOURS = [undefined, 'red', 'green'] as const;
type Colour = (typeof COLOURS)[number];
interface State {
  texts: string[];
  colours: Colour[];
}
const POOL = [
  '3s',
  '4s',
  '10s',
  '',
  'x',
  'a b c d e f g',
  'ab cd ef gh ij',
  '漢字',
  '漢字x',
  'live 59s',
  'live 1m00s',
  'msg 2.2s',
  'word word word word',
  'x'.repeat(14),
];

function Screen({ state: { texts, colours }, width }: { state: State; width: number }) {
  const t = (i: number) => texts[i] ?? '';
  const c = (i: number) => colours[i] ?? undefined;
  return (
    <Box flexDirection="column" width={width}>
      <Box flexDirection="row">
        <Text>{t(0)}</Text>
        <Text wrap="truncate">{t(1)}</Text>
        <Box width={6}>
          <Text>{t(2)}</Text>
        </Box>
      </Box>
      <Box flexDirection="row" justifyContent="space-between">
        <Text>
          {t(3)}
          <Text color={c(0)}>{t(4)}</Text>
          <Text dimColor={c(1) !== undefined}>
            {t(1)}
            <Text color={c(2)}>{t(0)}</Text>
          </Text>
        </Text>
        <Text wrap="truncate-middle">{t(5)}</Text>
      </Box>
      <Box flexDirection="row">
        <Box flexGrow={1}>
          <Text>{t(6)}</Text>
        </Box>
        <Text dimColor color={c(3)}>
          {t(7)}
        </Text>
      </Box>
    </Box>
  );
}

interface DomModule {
  textLayoutsKept: () => number;
  keepTextLayouts: (enabled: boolean) => void;
}
interface SquashModule {
  keepSquashedText: (enabled: boolean) => void;
}
const inkModule = async (file: string) =>
  await import(pathToFileURL(join(process.cwd(), 'node_modules', 'ink', 'build', file)).href);
const loadDom = async () => (await inkModule('dom.js')) as Partial<DomModule>;
const loadSquash = async () => (await inkModule('squash-text-nodes.js')) as Partial<SquashModule>;

/** Each frame of `first` then `steps`, drawn by one ink instance. */
async function frames(width: number, first: State, steps: State[]): Promise<Array<string | undefined>> {
  const app = render(<Screen state={first} width={width} />);
  const out = [app.lastFrame()];
  try {
    for (const step of steps) {
      app.rerender(<Screen state={step} width={width} />);
      // ink-testing-library renders in debug mode: the frame is written as the update commits.
      await macrotask();
      out.push(app.lastFrame());
    }
  } finally {
    app.unmount();
  }
  return out;
}

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

const state = fc.record({
  texts: fc.array(fc.constantFrom(...POOL), { minLength: SLOTS, maxLength: SLOTS }),
  colours: fc.array(fc.constantFrom(...COLOURS), { minLength: 4, maxLength: 4 }),
});

describe("ink's layouts and squashed texts kept across frames", () => {
  it('comes from the patched ink (npm install applies patches/ink+6.8.0.patch)', async () => {
    const dom = await loadDom();
    expect(dom.keepTextLayouts, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf(
      'function',
    );
  });

  it('draws what ink 6.8.0 draws after the same changes, step after step', async () => {
    const dom = (await loadDom()) as DomModule;
    const squash = (await loadSquash()) as SquashModule;
    const keep = (enabled: boolean) => {
      dom.keepTextLayouts(enabled);
      squash.keepSquashedText(enabled);
    };
    const kept0 = dom.textLayoutsKept();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 6, max: 30 }),
          state,
          fc.array(state, { minLength: 1, maxLength: 6 }),
          async (width, first, steps) => {
            keep(false);
            const want = await frames(width, first, steps);
            keep(true);
            expect(await frames(width, first, steps)).toEqual(want);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      keep(true);
    }
    // The property is about kept layouts: some steps must have kept one.
    expect(dom.textLayoutsKept()).toBeGreaterThan(kept0);
  });

  it('lays out again when the size changes: 9s → 10s moves what follows', async () => {
    const app = render(
      <Screen state={{ texts: ['9s', 'tail', '', '', '', '', '', ''], colours: [] }} width={20} />,
    );
    expect(app.lastFrame()?.split('\n')[0]).toBe('9stail');
    app.rerender(
      <Screen state={{ texts: ['8s', 'tail', '', '', '', '', '', ''], colours: [] }} width={20} />,
    );
    await until(() => app.lastFrame()?.split('\n')[0] === '8stail', 'the same-size change drawn');
    app.rerender(
      <Screen state={{ texts: ['10s', 'tail', '', '', '', '', '', ''], colours: [] }} width={20} />,
    );
    await until(
      () => app.lastFrame()?.split('\n')[0] === '10stail',
      'the wider text drawn with what follows moved',
    );
    app.unmount();
  });
});
