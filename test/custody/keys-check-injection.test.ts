// `quantdeck keys check` against a local server that answers like a hostile venue: its error
// message, and in another run the names in its permission reply, carry terminal control sequences
// (window title, clipboard write, screen clear, fake green "key OK", line erase). The real CLI runs
// in a child; what it prints must hold none of them, only their visible forms.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProfile, validateProfile } from '../../src/custody/profile.js';
import { CRAFTED, injected } from '../support/crafted-text.js';
import { hostileVenue } from '../support/hostile-venue.js';
import { type CliResult, runCli, tempHome } from './cli.js';

const servers: Server[] = [];
let home: ReturnType<typeof tempHome>;
let refused: CliResult;
let unknownFlag: CliResult;

beforeAll(async () => {
  const errorVenue = await hostileVenue(() => ({ status: 401, body: { code: -2015, msg: CRAFTED } }));
  const flagVenue = await hostileVenue(() => ({
    status: 200,
    body: {
      ipRestrict: true,
      enableReading: true,
      enableWithdrawals: false,
      enableInternalTransfer: false,
      enableFutures: true,
      [`enable${CRAFTED}`]: true,
    },
  }));
  servers.push(errorVenue.server, flagVenue.server);
  home = tempHome();
  saveProfile(
    validateProfile({
      version: 1,
      keys: {},
      accounts: { hostile: { venue: 'binance-usdm', env: 'sim', key: 'env:QD_HOSTILE' } },
    }),
    home.env,
  );
  const env = { ...home.env, QD_HOSTILE_API_KEY: 'hostileVenueKey000001', QD_HOSTILE_API_SECRET: 'hostile-venue-secret-0001' };
  [refused, unknownFlag] = await Promise.all([
    runCli(['keys', 'check', 'hostile', '--base-url', errorVenue.url], { env }),
    runCli(['keys', 'check', 'hostile', '--base-url', flagVenue.url], { env }),
  ]);
}, 120_000);

afterAll(() => {
  for (const s of servers) s.close();
  home?.cleanup();
});

describe('keys check against a venue that answers with terminal control sequences', () => {
  it("prints the venue's error message with every control made visible", () => {
    expect(refused.code).toBe(1);
    expect(injected(refused.stdout + refused.stderr)).toEqual([]);
    expect(refused.stderr).toContain('-2015');
    expect(refused.stderr).toContain('\\x1b]52;c;ZXZpbA==\\x07');
    expect(refused.stderr).not.toMatch(/\n./);
  });

  it('prints the names in a permission reply with every control made visible, and refuses the unknown flag', () => {
    expect(unknownFlag.code).toBe(1);
    expect(injected(unknownFlag.stdout + unknownFlag.stderr)).toEqual([]);
    expect(unknownFlag.stdout).toContain('REFUSED');
    expect(unknownFlag.stdout).toContain('rights quantdeck does not know (enable\\x1b]0;pwned-title\\x07');
  });
});
