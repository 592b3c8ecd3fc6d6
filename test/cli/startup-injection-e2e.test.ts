// The start-up error line end to end: the real program pointed (--sim-url) at a local server that
// answers like a hostile venue — its error message carries a window title, a clipboard write, a
// screen clear, a fake green "key OK", a line erase, a C1 CSI and a bidi override. The cockpit
// never draws; the one line it prints, and its log file, must hold none of them raw.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFilePath } from '../../src/log/xdg.js';
import { type CliResult, runCli, tempHome } from '../custody/cli.js';
import { CRAFTED, injected, VISIBLE } from '../support/crafted-text.js';
import { hostileVenue } from '../support/hostile-venue.js';

let server: Server | undefined;
let home: ReturnType<typeof tempHome>;
let result: CliResult;

beforeAll(async () => {
  const venue = await hostileVenue(() => ({ status: 401, body: { code: -2015, msg: CRAFTED } }));
  server = venue.server;
  home = tempHome();
  result = await runCli(['--sim-url', venue.url, '--key', 'env:QD_HOSTILE'], {
    env: { ...home.env, QD_HOSTILE_API_KEY: 'hostileVenueKey000001', QD_HOSTILE_API_SECRET: 'hostile-venue-secret-0001' },
    timeoutMs: 60_000,
  });
}, 90_000);

afterAll(() => {
  server?.close();
  home?.cleanup();
});

describe('start-up against a venue that answers with terminal control sequences', () => {
  it('ends with one inert line naming the refusal', () => {
    expect(result.code).toBe(1);
    expect(injected(result.stdout + result.stderr)).toEqual([]);
    expect(result.stderr).toContain('-2015');
    for (const v of VISIBLE) expect(result.stderr).toContain(v);
    expect(result.stderr.trimEnd()).not.toContain('\n');
  });

  it('keeps the log file free of raw controls too', () => {
    const log = readFileSync(logFilePath(home.env), 'utf8');
    expect(log).toContain('-2015');
    expect(injected(log.replaceAll('\n', ''))).toEqual([]);
  });
});
