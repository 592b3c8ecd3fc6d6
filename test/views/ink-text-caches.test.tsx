// ink 6.8.0 caches every string it measures (build/measure-text.js) and wraps (build/wrap-text.js)
// in module-level maps; a cockpit draws new strings every frame (prices, times, ids), so unbounded
// they grow for as long as it runs. patches/ink+6.8.0.patch (applied by `npm install`) makes both
// small LRUs; these tests render more distinct strings than the bound through ink itself and read
// the caches' sizes from the very modules ink uses.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';

const build = join(process.cwd(), 'node_modules', 'ink', 'build');

interface MeasureModule {
  MEASURE_TEXT_CACHE_LIMIT?: number;
  measureTextCacheSize?: () => number;
}
interface WrapModule {
  WRAP_TEXT_CACHE_LIMIT?: number;
  wrapTextCacheSize?: () => number;
}

const load = async <T,>(file: string): Promise<T> => (await import(pathToFileURL(join(build, file)).href)) as T;

// A frame of 100 rows, each frame all new strings: a fill storm in miniature.
const ROWS = 100;
const Frame = ({ frame }: { frame: number }) => (
  <Box flexDirection="column" width={30}>
    {Array.from({ length: ROWS }, (_, i) => frame * ROWS + i).map((n) => (
      <Text key={`row-${n % ROWS}`} wrap="truncate">{`fill ${n} @ ${(64_210 + n / 10).toFixed(1)} ${'x'.repeat(n % 40)}`}</Text>
    ))}
  </Box>
);

describe('ink text caches', () => {
  // Layout of 3,000 text nodes: a couple of CPU seconds, far more wall time on a loaded box.
  it('stay at their bound however many distinct strings are drawn (npm install applies patches/ink+6.8.0.patch)', { timeout: 120_000 }, async () => {
    const measure = await load<MeasureModule>('measure-text.js');
    const wrap = await load<WrapModule>('wrap-text.js');
    expect(measure.measureTextCacheSize, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
    expect(wrap.wrapTextCacheSize, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
    const measureLimit = measure.MEASURE_TEXT_CACHE_LIMIT!;
    const wrapLimit = wrap.WRAP_TEXT_CACHE_LIMIT!;
    const distinct = Math.max(measureLimit, wrapLimit) + 1_000;

    const rows = ROWS;
    const frames = Math.ceil(distinct / rows);
    const app = render(<Frame frame={0} />);
    for (let f = 1; f < frames; f++) app.rerender(<Frame frame={f} />);
    // The screen is still drawn right through the bounded caches.
    expect(app.lastFrame()).toContain(`fill ${frames * rows - 1} @`);
    app.unmount();

    expect(measure.measureTextCacheSize!()).toBeLessThanOrEqual(measureLimit);
    expect(wrap.wrapTextCacheSize!()).toBeLessThanOrEqual(wrapLimit);
    // Still a cache: full to its bound, not emptied.
    expect(measure.measureTextCacheSize!()).toBe(measureLimit);
    expect(wrap.wrapTextCacheSize!()).toBe(wrapLimit);
  });
});
