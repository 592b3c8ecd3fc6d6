/**
 * The entry's L3 (docs/signals.md §L3): the rules model, and the profile's `signals.llm` in front
 * of it when there is one. The LLM's key is resolved here through custody (a key reference, its
 * api-key part), and what could identify the account is gathered here too — the profile's account
 * and key names, the accounts' masked key ids, wallet addresses and key sources, the profile's
 * path — so the request builder can take it out of any alert text before a byte is sent.
 */
import { rulesModel } from '../core/signals/rules-model.js';
import { termRedactor } from '../core/signals/llm-request.js';
import type { Secret } from '../core/secret.js';
import { loadBearerKey } from '../custody/bearer-key.js';
import type { CustodyCredentials } from '../custody/credentials.js';
import { formatKeyRef } from '../custody/key-ref.js';
import { type Profile, profilePath } from '../custody/profile.js';
import { DEFAULT_LLM_TIMEOUT_MS, llmSynthesizer } from '../engine/signals/llm.js';
import { type CompositeSynthesizer, compositeSynthesizer } from '../engine/signals/synthesizer.js';
import type { Env as ProcessEnv } from '../log/xdg.js';

export interface SynthSetup {
  profile: Profile;
  /** The accounts this process trades: their ids are kept off the wire. */
  credentials?: readonly CustodyCredentials[];
  /** The profile file's path (kept off the wire too); default: where the profile is read from. */
  profileFile?: string;
  processEnv?: ProcessEnv;
  passphrase?: (path: string) => Promise<Secret>;
  passphraseFd?: number;
  /** The log's line sink (the key is scrubbed from every line first). */
  log?: (line: string) => void;
}

/** Every string that names the account or where its keys are. */
export function identifyingTerms(setup: Pick<SynthSetup, 'profile' | 'credentials' | 'profileFile'>): string[] {
  const { profile } = setup;
  const terms = [...Object.keys(profile.accounts), ...Object.keys(profile.keys), ...Object.keys(profile.groups ?? {})];
  for (const k of Object.values(profile.keys)) terms.push(k.keyId, formatKeyRef(k.ref));
  // Where each account's key is (env:BN_MAIN, file:/home/…): the credentials add it too, when given.
  for (const a of Object.values(profile.accounts)) terms.push(formatKeyRef(a.key));
  for (const c of setup.credentials ?? []) {
    terms.push(c.keyId, c.source);
    if (c.walletAddress !== undefined) terms.push(c.walletAddress);
  }
  if (setup.profileFile !== undefined) terms.push(setup.profileFile);
  return terms;
}

export async function synthesizerFromProfile(setup: SynthSetup): Promise<CompositeSynthesizer> {
  const rules = rulesModel();
  const llm = setup.profile.signals?.llm;
  if (llm === undefined) return compositeSynthesizer(rules);
  const apiKey = await loadBearerKey(llm.key, {
    what: 'the LLM key (signals.llm.key)',
    ...(setup.processEnv === undefined ? {} : { processEnv: setup.processEnv }),
    ...(setup.passphrase === undefined ? {} : { passphrase: setup.passphrase }),
    ...(setup.passphraseFd === undefined ? {} : { passphraseFd: setup.passphraseFd }),
  });
  const profileFile = setup.profileFile ?? profilePath(setup.processEnv);
  return compositeSynthesizer(
    rules,
    llmSynthesizer({
      url: llm.url,
      model: llm.model,
      apiKey,
      ...(llm.timeoutMs === undefined ? {} : { timeoutMs: llm.timeoutMs }),
      ...(llm.maxTokens === undefined ? {} : { maxTokens: llm.maxTokens }),
      redact: termRedactor(identifyingTerms({ ...setup, profileFile })),
      ...(setup.log === undefined ? {} : { log: setup.log }),
    }),
    // The LLM's deadline: the runner's backstop waits a margin past it (docs/signals.md §Runner).
    { timeoutMs: llm.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS },
  );
}
