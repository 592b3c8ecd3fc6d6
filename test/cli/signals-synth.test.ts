// The entry's L3 (src/cli/signals-synth.ts): the rules model alone without signals.llm; with it,
// the LLM in front of the rules model, its key through custody.
import { describe, expect, it } from 'vitest';
import { synthesizerFromProfile } from '../../src/cli/signals-synth.js';
import { validateProfile } from '../../src/custody/profile.js';

const base = { version: 1, keys: {}, accounts: { main: { venue: 'binance-usdm', key: 'env:BN' } } };
const llm = { url: 'http://127.0.0.1:9/v1', model: 'small-1', key: 'env:LLM', timeoutMs: 4_000 };

describe('the entry builds L3 from the profile', () => {
  it('gives the rules model alone without signals.llm, the LLM in front with it', async () => {
    expect((await synthesizerFromProfile({ profile: validateProfile(base), processEnv: {} })).llm).toBe(false);
    const synth = await synthesizerFromProfile({ profile: validateProfile({ ...base, signals: { llm } }), processEnv: { LLM_API_KEY: 'sk-parts-0123456789' } });
    expect(synth.llm).toBe(true);
    await synth.close();
  });

  it('names the missing key before anything starts', async () => {
    await expect(synthesizerFromProfile({ profile: validateProfile({ ...base, signals: { llm } }), processEnv: {} })).rejects.toThrow(
      'the LLM key (signals.llm.key) needs LLM_API_KEY, which is missing',
    );
  });
});
