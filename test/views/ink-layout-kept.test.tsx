// patches/ink+6.8.0.patch (build/dom.js): a text whose new content has the size Yoga measured the
// old one at, at widths no narrower than it, keeps its layout (no Yoga pass for a clock tick that
// turns '3s' into '4s'). The screen must be what ink 6.8.0 draws after the same changes (the same
// patched ink with the switch off marks every changed text dirty, as 6.8.0 did; a fresh render is
// no oracle: Yoga's caches make 6.8.0's frames depend on what came before): random texts — same
// size, another size, wrapping, truncated, wide characters — in rows, columns and fixed widths,
// changed step after step, each frame held to the oracle's.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { until } from '../support/until.js';

const SLOTS = 8;
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

function Screen({ texts, width }: { texts: string[]; width: number }) {
  const t = (i: number) => texts[i] ?? '';
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
          <Text color="red">{t(4)}</Text>
        </Text>
        <Text wrap="truncate-middle">{t(5)}</Text>
      </Box>
      <Box flexDirection="row">
        <Box flexGrow={1}>
          <Text>{t(6)}</Text>
        </Box>
        <Text dimColor>{t(7)}</Text>
      </Box>
    </Box>
  );
}

interface DomModule {
  textLayoutsKept: () => number;
  keepTextLayouts: (enabled: boolean) => void;
}
const loadDom = async () =>
  (await import(
    pathToFileURL(join(process.cwd(), 'node_modules', 'ink', 'build', 'dom.js')).href
  )) as Partial<DomModule>;

/** Each frame of `first` then `steps`, drawn by one ink instance. */
async function frames(width: number, first: string[], steps: string[][]): Promise<Array<string | undefined>> {
  const app = render(<Screen texts={first} width={width} />);
  const out = [app.lastFrame()];
  try {
    for (const step of steps) {
      app.rerender(<Screen texts={step} width={width} />);
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

const texts = fc.array(fc.constantFrom(...POOL), { minLength: SLOTS, maxLength: SLOTS });

describe('ink text layout kept across same-size changes', () => {
  it('comes from the patched ink (npm install applies patches/ink+6.8.0.patch)', async () => {
    const dom = await loadDom();
    expect(dom.keepTextLayouts, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf(
      'function',
    );
  });

  it('draws what ink 6.8.0 draws after the same changes, step after step', async () => {
    const dom = (await loadDom()) as DomModule;
    const kept0 = dom.textLayoutsKept();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 6, max: 30 }),
          texts,
          fc.array(texts, { minLength: 1, maxLength: 6 }),
          async (width, first, steps) => {
            dom.keepTextLayouts(false);
            const want = await frames(width, first, steps);
            dom.keepTextLayouts(true);
            expect(await frames(width, first, steps)).toEqual(want);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      dom.keepTextLayouts(true);
    }
    // The property is about kept layouts: some steps must have kept one.
    expect(dom.textLayoutsKept()).toBeGreaterThan(kept0);
  });

  it('lays out again when the size changes: 9s → 10s moves what follows', async () => {
    const app = render(<Screen texts={['9s', 'tail', '', '', '', '', '', '']} width={20} />);
    expect(app.lastFrame()?.split('\n')[0]).toBe('9stail');
    app.rerender(<Screen texts={['8s', 'tail', '', '', '', '', '', '']} width={20} />);
    await until(() => app.lastFrame()?.split('\n')[0] === '8stail', 'the same-size change drawn');
    app.rerender(<Screen texts={['10s', 'tail', '', '', '', '', '', '']} width={20} />);
    await until(
      () => app.lastFrame()?.split('\n')[0] === '10stail',
      'the wider text drawn with what follows moved',
    );
    app.unmount();
  });
});
