// The log file read on a terminal (`cat`, `tail -f`, `less -R`): JSON escapes C0 controls but
// leaves DEL, C1 (0x9b is a CSI on some terminals) and bidi overrides raw. The real program writes
// a crafted command-line value into its log; the file's bytes must hold none of them raw, and a
// JSON reader must still get the exact text back.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openLogger } from '../../src/log/logger.js';
import { logFilePath } from '../../src/log/xdg.js';
import { runCli, tempHome } from '../custody/cli.js';
import { CRAFTED, injected } from '../support/crafted-text.js';

const homes: ReturnType<typeof tempHome>[] = [];
afterAll(() => {
  for (const h of homes) h.cleanup();
});

/** Every byte a terminal would act on, by name; the line feed ends a record and is fine. */
function rawControls(text: string): string[] {
  const found = new Set<string>();
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if ((code < 0x20 && c !== '\n') || code === 0x7f) found.add(`C0/DEL ${code.toString(16)}`);
    else if (code >= 0x80 && code <= 0x9f) found.add(`C1 ${code.toString(16)}`);
    else if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(c)) found.add(`bidi ${code.toString(16)}`);
  }
  return [...found];
}

const records = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the log file holds no raw control or bidi character', () => {
  it('a logged value with C1, DEL and bidi characters is written escaped and reads back unchanged', () => {
    const home = tempHome();
    homes.push(home);
    const hostile = `${CRAFTED}\u007f\u0085\u2066x\u2069`;
    const log = openLogger({ env: home.env, level: 'info' });
    log.logger.warn({ venueText: hostile, nested: { [hostile]: [hostile] } }, `msg ${hostile}`);
    log.close();
    const text = readFileSync(log.file, 'utf8');
    expect(rawControls(text)).toEqual([]);
    const [record] = records(text);
    expect(record?.['venueText']).toBe(hostile);
    expect(record?.['msg']).toBe(`msg ${hostile}`);
    expect(record?.['nested']).toEqual({ [hostile]: [hostile] });
  });

  it('the real program, given a crafted --symbol, logs it escaped and prints it inert', async () => {
    const home = tempHome();
    homes.push(home);
    // The local venue checks --symbol before anything is drawn: no terminal is needed to get here.
    const result = await runCli(['--symbol', CRAFTED], { env: home.env, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown symbol');
    expect(injected(result.stdout + result.stderr)).toEqual([]);
    const text = readFileSync(logFilePath(home.env), 'utf8');
    expect(rawControls(text)).toEqual([]);
    const starting = records(text).find((r) => r['msg'] === 'session starting');
    expect(starting?.['symbol']).toBe(CRAFTED);
  }, 120_000);
});
