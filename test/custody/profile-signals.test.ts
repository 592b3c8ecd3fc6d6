import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandRefs } from '../../src/custody/profile-trust.js';
import { loadProfile, profilePath, saveProfile, validateProfile } from '../../src/custody/profile.js';
import { autoAccounts } from '../../src/cli/signals-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-profile-signals-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { version: 1, keys: {}, accounts: { main: { venue: 'binance-usdm', key: 'env:BN' } } };
const llm = { url: 'https://models.example/v1', model: 'small-1', key: 'env:LLM', timeoutMs: 8000, maxTokens: 512 };

describe("the profile's signals.llm (docs/signals.md §L3)", () => {
  it('reads the endpoint with its key reference, and round-trips it', () => {
    const profile = validateProfile({ ...base, signals: { llm } }, 'P');
    expect(profile.signals).toEqual({ llm: { ...llm, key: { kind: 'env', prefix: 'LLM' } } });
    saveProfile(profile, env);
    expect(loadProfile(env)).toEqual(profile);
    expect(JSON.parse(readFileSync(profilePath(env), 'utf8')).signals.llm.key).toBe('env:LLM');
    expect(validateProfile(base).signals).toBeUndefined();
  });

  it('takes timeoutMs and maxTokens as optional, and http:// only on loopback', () => {
    const { timeoutMs: _t, maxTokens: _m, ...bare } = llm;
    expect(validateProfile({ ...base, signals: { llm: bare } }).signals?.llm).not.toHaveProperty('timeoutMs');
    const local = { ...bare, url: 'http://127.0.0.1:8080/v1' };
    expect(validateProfile({ ...base, signals: { llm: local } }).signals?.llm?.url).toBe(local.url);
  });

  it('names the bad field', () => {
    const withLlm = (over: Record<string, unknown>) => () => validateProfile({ ...base, signals: { llm: { ...llm, ...over } } }, 'P');
    expect(withLlm({ url: 'http://models.example/v1' })).toThrow(
      'P: signals.llm.url: http:// sends the key in the clear: use https://, or http:// on 127.0.0.1',
    );
    expect(withLlm({ url: 'ftp://x' })).toThrow("P: signals.llm.url: 'ftp://x' is not an http(s) URL");
    expect(withLlm({ key: 'sk-live-123' })).toThrow(/P: signals.llm.key: 'sk-live-123' is not env:PREFIX/);
    expect(withLlm({ timeoutMs: 10 })).toThrow('P: signals.llm.timeoutMs: expected at least 100 ms');
    expect(withLlm({ maxTokens: 1.5 })).toThrow('P: signals.llm.maxTokens: expected a whole number of tokens');
    expect(withLlm({ apiKey: 'x' })).toThrow('P: signals.llm.apiKey: unknown field (expected url, model, key, timeoutMs, maxTokens)');
    expect(() => validateProfile({ ...base, signals: { llm: { url: llm.url, key: llm.key } } }, 'P')).toThrow('P: signals.llm.model: missing');
  });

  it("counts a cmd: key of the LLM among the profile's commands (the file must be only the trader's)", () => {
    const profile = validateProfile({ ...base, signals: { llm: { ...llm, key: 'cmd:pass show llm' } } });
    expect(commandRefs(profile)).toEqual(['signals.llm.key']);
  });
});

describe("the profile's signals.auto (docs/signals.md §Automatic mode)", () => {
  it('reads the accounts whose automatic mode starts on, round-trips them, and refuses what is not a list of names', () => {
    const profile = validateProfile({ ...base, signals: { auto: ['main'] } }, 'P');
    expect(profile.signals?.auto).toEqual(['main']);
    expect(autoAccounts(profile)).toEqual(['main']);
    saveProfile(profile, env);
    expect(loadProfile(env).signals?.auto).toEqual(['main']);
    expect(autoAccounts(validateProfile(base))).toEqual([]);
    expect(() => validateProfile({ ...base, signals: { auto: 'main' } }, 'P')).toThrow(/signals\.auto/);
    expect(() => validateProfile({ ...base, signals: { auto: [3] } }, 'P')).toThrow(/signals\.auto/);
  });
});
