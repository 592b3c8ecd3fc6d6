import { describe, expect, it } from 'vitest';
import { nonceFilePath } from '../../src/cli/nonce-file.js';
import { Secret } from '../../src/core/secret.js';

const env = { HOME: '/home/t', XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/state' };
const key = (apiKey: string, e: 'live' | 'sim' = 'live') => ({ venue: 'kraken', env: e, apiKey: new Secret(apiKey, 'api key') });

describe('nonceFilePath', () => {
  it('beside the profile, per venue, env and key, named by a hash of the key and never the key', () => {
    const path = nonceFilePath(key('PUBLIC-KEY-abc'), env);
    expect(path).toMatch(/^\/cfg\/quantdeck\/nonces\/kraken-live-[0-9a-f]{16}\.json$/);
    expect(path).not.toContain('PUBLIC-KEY-abc');
    expect(nonceFilePath(key('PUBLIC-KEY-abc'), env)).toBe(path);
    expect(nonceFilePath(key('PUBLIC-KEY-abd'), env)).not.toBe(path);
  });
  it("the local venue's keys (new at every start) go under the state folder", () => {
    expect(nonceFilePath(key('k', 'sim'), env)).toMatch(/^\/state\/quantdeck\/nonces\/kraken-sim-/);
  });
});
