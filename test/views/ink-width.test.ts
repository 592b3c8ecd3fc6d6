// patches/ink+6.8.0.patch (build/measure-text.js): a line made only of characters that are each a
// grapheme of their own is measured as the sum of their widths, without string-width's grapheme
// segmenter; every other line still goes to string-width. Held here to string-width itself: each
// character of the ranges stands alone beside any neighbour (checked for every one of them with
// Intl.Segmenter), and random lines of them mixed with escape codes, marks, emoji, CJK and line
// breaks measure what string-width and widest-line measure. SGR codes (a styled row's nested
// <Text>) are skipped rather than sending the line to string-width.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import stringWidth from 'string-width';
import widestLine from 'widest-line';
import { describe, expect, it } from 'vitest';

interface MeasureModule {
  default: (text: string) => { width: number; height: number };
  lineWidth?: (line: string) => number;
  ownGrapheme?: (code: number) => boolean;
  segmentedLineCount?: () => number;
}
const load = async (): Promise<MeasureModule> =>
  (await import(
    pathToFileURL(join(process.cwd(), 'node_modules', 'ink', 'build', 'measure-text.js')).href
  )) as MeasureModule;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (s: string) => [...segmenter.segment(s)].length;

const OWN = [
  0x41, 0xb7, 0xb1, 0xe9, 0x2014, 0x2026, 0x2191, 0x2500, 0x2502, 0x2584, 0x2588, 0x25cf, 0x25cb, 0x25fd,
  0x2713, 0x26a0, 0x21bb, 0x2b50,
];
const OTHER = [
  '\u0301',
  '\u200d',
  '\ufe0f',
  '漢',
  'ｱ',
  '😀',
  '👍🏽',
  '\u1100\u1161',
  '\u001b[31m',
  '\u001b[39m',
  '\u001b[1m',
  '\u001b[38;5;208m',
  '\u001b[38;2;10;200;30m',
  '\u001b[m',
  '\u001b[;1;;m',
  '\u001b[12345m',
  '\u001b[2J',
  '\u001b[?25l',
  '\u001b',
  '\u001b[',
  '\u001b[3',
  '\u001b[1;',
  '\u001b]8;;x\u0007',
  '\t',
  '\u00ad',
  '\u0e33',
  '\n',
];
const piece = fc.oneof(
  fc.constantFrom(...OWN).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x20, max: 0x2bff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(...OTHER),
);
const line = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe("ink's text widths (patched for speed)", () => {
  it('come from the patched ink (npm install applies patches/ink+6.8.0.patch)', async () => {
    const { lineWidth } = await load();
    expect(lineWidth, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf(
      'function',
    );
  });

  it('every character taken without the segmenter is a grapheme of its own beside any neighbour', async () => {
    const { ownGrapheme } = await load();
    let own = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (!ownGrapheme!(code)) continue;
      own++;
      const c = String.fromCharCode(code);
      // A mark or joiner joins what precedes it, a prepended character what follows, and a
      // regional indicator or Hangul jamo its own kind: each would make fewer graphemes here.
      expect(graphemes(`a${c}a`), `U+${code.toString(16)}`).toBe(3);
      expect(graphemes(`${c}${c}`), `U+${code.toString(16)}`).toBe(2);
      expect(graphemes(`\u1100${c}\u1161`), `U+${code.toString(16)}`).toBe(3);
    }
    expect(own).toBeGreaterThan(3000);
  });

  it('a row of symbols styled with SGR codes is measured without the segmenter, as string-width measures it', async () => {
    const { lineWidth, segmentedLineCount } = await load();
    expect(segmentedLineCount, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
    // What the overview's row squashes to: nested <Text> with colour, bold, dim and inverse.
    const row =
      '\u001b[7m> \u001b[1mbin-1  \u001b[22m\u001b[2m binance-usdm\u001b[22m\u001b[1m\u001b[36m SIM    \u001b[22m\u001b[32m ● live\u001b[39m 100000.00   0.0%\u001b[2m      0\u001b[22m        0.00\u001b[38;5;208m 49s\u001b[39m\u001b[27m';
    const before = segmentedLineCount!();
    expect(lineWidth!(row)).toBe(stringWidth(row));
    expect(lineWidth!('\u001b[m·\u001b[;1m─')).toBe(2);
    expect(segmentedLineCount!()).toBe(before);
    // Not an SGR code (a cursor move, a private mode, a cut sequence): string-width decides.
    for (const other of ['a\u001b[2Jb', '\u001b[?25l', 'x\u001b[3']) {
      const at = segmentedLineCount!();
      expect(lineWidth!(other)).toBe(stringWidth(other));
      expect(segmentedLineCount!(), JSON.stringify(other)).toBe(at + 1);
    }
  });

  it('a line measures what string-width measures; a text what widest-line measures', async () => {
    const { default: measureText, lineWidth } = await load();
    fc.assert(
      fc.property(line, (l) => {
        const single = l.replaceAll('\n', '');
        expect(lineWidth!(single)).toBe(stringWidth(single));
        if (l.length > 0) expect(measureText(l).width).toBe(widestLine(l));
      }),
      { numRuns: 3000 },
    );
  });
});
