// ink's Output (build/output.js) turns a frame's text writes into the lines written to the terminal.
// patches/ink+6.8.0.patch makes it cheaper (styled lines kept across frames, shared style sets,
// printable ASCII one column without string-width, a grid of arrays, not cell objects); it must still write the
// exact bytes ink 6.8.0 wrote. The oracle below is ink 6.8.0's own algorithm for unclipped writes,
// built from the functions it called (ansi-tokenize's tokenize / styledCharsFromTokens /
// styledCharsToString and string-width), fed random styled text: wide characters, emoji, combining
// marks, line breaks, overlapping writes, line transformers, frames reusing earlier lines.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';

type Transformer = (line: string, index: number) => string;
interface Write {
  x: number;
  y: number;
  text: string;
  transformers: Transformer[];
}
interface OutputInstance {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  get(): { output: string; height: number };
}
interface OutputModule {
  default: new (size: { width: number; height: number; rowCache?: unknown }) => OutputInstance;
  createRowCache?: () => unknown;
  styledLineCacheSize?: () => number;
  STYLED_LINE_CACHE_LIMIT?: number;
}

const load = async (): Promise<OutputModule> =>
  (await import(pathToFileURL(join(process.cwd(), 'node_modules', 'ink', 'build', 'output.js')).href)) as OutputModule;

type Styled = ReturnType<typeof styledCharsFromTokens>[number];

/** What ink 6.8.0 wrote for these writes (its Output.get without clipping). */
function oracle(width: number, height: number, writes: Write[]): string {
  const grid: (Styled | undefined)[][] = Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({ type: 'char', value: ' ', fullWidth: false, styles: [] }) as Styled),
  );
  for (const { x, y, text, transformers } of writes) {
    text.split('\n').forEach((raw, index) => {
      const row = grid[y + index];
      if (!row) return;
      let line = raw;
      for (const t of transformers) line = t(line, index);
      let at = x;
      for (const char of styledCharsFromTokens(tokenize(line))) {
        row[at] = char;
        const w = Math.max(1, stringWidth(char.value));
        for (let i = 1; i < w; i++) row[at + i] = { type: 'char', value: '', fullWidth: false, styles: char.styles } as Styled;
        at += w;
      }
    });
  }
  return grid.map((row) => styledCharsToString(row.filter((c): c is Styled => c !== undefined)).trimEnd()).join('\n');
}

const chalk = new Chalk({ level: 3 });
const PIECES = ['a', 'bc', ' ', '漢字', '😀', '👍🏽', 'é', 'x\u0301', '─', '│', '●', '·', '▄', '±', '64210.5', 'BTCUSDT', 'ｱ', '\n', '\u001b[m', '\u001b[2;31mX'];
const STYLES: Array<(s: string) => string> = [
  (s) => s,
  chalk.red,
  chalk.bold,
  chalk.dim,
  chalk.bgBlue,
  (s) => chalk.bold(chalk.green(s)),
  chalk.inverse,
  (s) => chalk.hex('#ff8800')(s),
  (s) => `${chalk.bold.red(s)}plain`,
];
const TRANSFORMERS: Transformer[][] = [[], [(line) => chalk.yellow(line)], [(line, i) => (i % 2 === 0 ? chalk.dim(line) : line)]];

const text = fc
  .array(fc.tuple(fc.integer({ min: 0, max: PIECES.length - 1 }), fc.integer({ min: 0, max: STYLES.length - 1 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([p, s]) => STYLES[s]!(PIECES[p]!)).join(''));

const frame = fc.record({
  width: fc.integer({ min: 4, max: 40 }),
  height: fc.integer({ min: 1, max: 6 }),
  writes: fc.array(
    fc.record({
      x: fc.integer({ min: 0, max: 39 }),
      y: fc.integer({ min: 0, max: 5 }),
      text,
      transformers: fc.integer({ min: 0, max: TRANSFORMERS.length - 1 }).map((i) => TRANSFORMERS[i]!),
    }),
    { maxLength: 6 },
  ),
});

describe("ink's Output (patched for speed)", () => {
  it('writes what ink 6.8.0 wrote, frame after frame (cached lines reused)', async () => {
    const { default: Output, styledLineCacheSize } = await load();
    expect(styledLineCacheSize, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
    fc.assert(
      fc.property(frame, ({ width, height, writes }) => {
        // Twice: the second frame is served from the line cache.
        for (let pass = 0; pass < 2; pass++) {
          const output = new Output({ width, height });
          for (const w of writes) output.write(w.x, w.y, w.text, { transformers: w.transformers });
          expect(output.get().output).toBe(oracle(width, height, writes));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('writes what ink 6.8.0 wrote when rows are kept from frame to frame (a changed row is drawn again)', async () => {
    const { default: Output, createRowCache } = await load();
    expect(createRowCache, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
    // A run of frames on one surface: each frame keeps some of the previous frame's writes (same
    // rows, same text), changes or moves others, adds new ones, and sometimes changes the size.
    const step = fc.record({
      keep: fc.array(fc.boolean(), { maxLength: 8 }),
      moved: fc.array(fc.record({ dx: fc.integer({ min: -2, max: 2 }), dy: fc.integer({ min: -1, max: 1 }) }), { maxLength: 8 }),
      added: frame.map((f) => f.writes),
      resize: fc.option(fc.record({ width: fc.integer({ min: 4, max: 40 }), height: fc.integer({ min: 1, max: 6 }) }), { freq: 5 }),
    });
    fc.assert(
      fc.property(frame, fc.array(step, { minLength: 1, maxLength: 6 }), (first, steps) => {
        const cache = createRowCache!();
        let { width, height, writes } = first;
        const draw = () => {
          const output = new Output({ width, height, rowCache: cache });
          for (const w of writes) output.write(w.x, w.y, w.text, { transformers: w.transformers });
          expect(output.get().output).toBe(oracle(width, height, writes));
        };
        draw();
        for (const { keep, moved, added, resize } of steps) {
          writes = [
            ...writes.flatMap((w, i) => {
              if (keep[i] === false) return [];
              const m = moved[i];
              return [m === undefined ? w : { ...w, x: Math.max(0, w.x + m.dx), y: Math.max(0, w.y + m.dy) }];
            }),
            ...added,
          ];
          if (resize) ({ width, height } = resize);
          draw();
          draw();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws a kept row again when its text changes, and serves the others from the last frame', async () => {
    const { default: Output, createRowCache } = await load();
    const cache = createRowCache!();
    const frameOf = (age: string) => {
      const output = new Output({ width: 30, height: 3, rowCache: cache });
      output.write(0, 0, chalk.bold('QUANTDECK'), { transformers: [] });
      output.write(0, 1, `market ● live ${age}`, { transformers: [(line) => chalk.green(line)] });
      output.write(0, 2, 'key HMAC-SHA256', { transformers: [] });
      return output.get().output;
    };
    expect(frameOf('3s')).toBe(oracle(30, 3, [
      { x: 0, y: 0, text: chalk.bold('QUANTDECK'), transformers: [] },
      { x: 0, y: 1, text: 'market ● live 3s', transformers: [(line) => chalk.green(line)] },
      { x: 0, y: 2, text: 'key HMAC-SHA256', transformers: [] },
    ]));
    const next = frameOf('4s');
    expect(next.split('\n')[1]).toBe(chalk.green('market ● live 4s'));
    expect(next).not.toContain('live 3s');
    expect(frameOf('4s')).toBe(next);
  });

  it('keeps at most its bound of styled lines however many distinct lines are drawn', async () => {
    const { default: Output, styledLineCacheSize, STYLED_LINE_CACHE_LIMIT } = await load();
    const limit = STYLED_LINE_CACHE_LIMIT ?? 0;
    expect(limit).toBeGreaterThan(0);
    for (let n = 0; n < limit + 500; n++) {
      const output = new Output({ width: 30, height: 1 });
      output.write(0, 0, chalk.green(`fill ${n} @ ${(64_210 + n / 10).toFixed(1)}`), { transformers: [] });
      output.get();
    }
    expect(styledLineCacheSize?.()).toBe(limit);
  });
});
