// `quantdeck keys check NAME`: load the key, ask the venue what it may do (through the venue call
// the entry hands in: custody does no network I/O of its own), judge it.

import type { ParsedCommand } from '../core/command-line.js';
import { neutralise } from '../core/untrusted.js';
import { processLog } from '../log/logger.js';
import { safeMessage } from '../log/secret-registry.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import type { KeyPermissions } from '../venues/key-permissions.js';
import type { VenueUrls } from '../venues/venue.js';
import { localVenueUrls } from '../venues/local-venue-url.js';
import type { CustodyCredentials } from './credentials.js';
import { envLabel } from './env-name.js';
import { CustodyError, VenueQueryError } from './errors.js';
import { loadCredentials } from './load-credentials.js';
import { parseFd } from './passphrase.js';
import { evaluatePermissions } from './preflight.js';
import { loadProfile } from './profile.js';
import { AWAITING_API_KEY } from './keys-gen.js';

/**
 * Asks the venue what the key may do. Throws `VenueQueryError` when the venue cannot be asked
 * (a failure the user can act on) and `CustodyError` for a key quantdeck cannot check.
 */
export type FetchPermissions = (
  credentials: CustodyCredentials,
  /** `env`: the process environment (the engine's trust settings, e.g. a CA file, come from it). */
  options: { simUrls?: VenueUrls; env?: ProcessEnv },
) => Promise<KeyPermissions>;

/** One thing checked of a key where its rights cannot be asked (time, signature, test order). */
export interface KeyProbeStep {
  what: string;
  outcome: 'ok' | 'failed' | 'skipped';
  detail: string;
}

export interface CheckDeps {
  env: ProcessEnv;
  stdout: { write(text: string): unknown };
  /** The venue call; the entry supplies one that goes through the engine (src/cli/keys.ts). */
  fetchPermissions?: FetchPermissions;
  /** Why the venue cannot say what this key may do in its environment; undefined when it can. */
  whyUnaskable?: (credentials: CustodyCredentials) => Promise<string | undefined>;
  /** What can be checked instead, step by step, through the engine. */
  probeKey?: (credentials: CustodyCredentials, options: { simUrls?: VenueUrls; env?: ProcessEnv }) => Promise<KeyProbeStep[]>;
}

/** `--base-url` of the local venue → its URLs (the check is REST only; the stream URLs are for completeness). */
function simUrls(env: CustodyCredentials['env'], baseUrl: string | undefined): VenueUrls | undefined {
  if (env !== 'sim') {
    if (baseUrl !== undefined)
      throw new CustodyError(
        `--base-url is the local venue's address; a ${env} key is checked against the venue itself`,
      );
    return undefined;
  }
  if (baseUrl === undefined)
    throw new CustodyError('the local venue has no fixed address: pass --base-url http://127.0.0.1:PORT');
  const urls = localVenueUrls(baseUrl);
  if (urls === undefined)
    throw new CustodyError(`--base-url must be the local venue's http(s)://127.0.0.1:PORT, not ${baseUrl}`);
  return urls;
}

const MARK = { refuse: '✗', warn: '!', info: '·' } as const;

export async function checkKey(name: string, args: ParsedCommand, deps: CheckDeps): Promise<number> {
  const profile = loadProfile(deps.env);
  // A stored key, or an account (which may point at env:PREFIX).
  const target = profile.keys[name] ?? profile.accounts[name];
  if (target === undefined)
    throw new CustodyError(`no key or account '${name}' (quantdeck keys list shows them)`);
  if ('keyId' in target && target.keyId === AWAITING_API_KEY)
    throw new CustodyError(
      `key '${name}' has no API key yet: register its public key with the venue, then quantdeck keys add ${name} with the API key it issues`,
    );
  const ref = 'ref' in target ? target.ref : target.key;
  const fdText = args.values.get('passphrase-fd');
  const credentials = await loadCredentials(ref, {
    venue: target.venue,
    env: target.env,
    processEnv: deps.env,
    ...(fdText !== undefined ? { passphraseFd: parseFd(fdText, '--passphrase-fd') } : {}),
  });
  const sim = simUrls(credentials.env, args.values.get('base-url'));
  const unaskable = await deps.whyUnaskable?.(credentials);
  if (unaskable !== undefined && deps.probeKey !== undefined) {
    return probed(name, credentials, unaskable, await deps.probeKey(credentials, { ...(sim === undefined ? {} : { simUrls: sim }), env: deps.env }), deps);
  }
  const fetch = deps.fetchPermissions;
  if (fetch === undefined) throw new Error('keys check: no venue call was handed to custody');
  let permissions: KeyPermissions;
  try {
    permissions = await fetch(credentials, { ...(sim === undefined ? {} : { simUrls: sim }), env: deps.env });
  } catch (error) {
    if (!(error instanceof VenueQueryError)) throw error;
    throw new CustodyError(
      `${name}: the venue could not be asked what the key may do: ${safeMessage(error)}`,
    );
  }
  const result = evaluatePermissions(permissions, credentials.env);
  const headline = { refuse: 'REFUSED', warn: 'usable, with warnings', ok: 'ok' }[result.verdict];
  deps.stdout.write(
    `${neutralise(`${name}: ${credentials.family} ${envLabel(credentials.env)} key ${credentials.keyId} from ${credentials.source}`)}: ${headline}\n`,
  );
  // The messages quote the venue's fields and values: printed with their controls made visible.
  for (const message of result.messages) deps.stdout.write(`  ${MARK[message.level]} ${neutralise(message.text)}\n`);
  deps.stdout.write(`  rights: ${neutralise(result.summary)}\n`);
  processLog().logger.info({ key: name, verdict: result.verdict, summary: result.summary }, 'key preflight');
  return result.verdict === 'refuse' ? 1 : 0;
}

const STEP_MARK = { ok: '✓', failed: '✗', skipped: '·' } as const;

/**
 * The report where the key's rights cannot be asked: each step checked instead, and what stays
 * unknown. Exit 0 when nothing checked failed: the key works here, as far as can be told.
 */
function probed(name: string, credentials: CustodyCredentials, why: string, steps: KeyProbeStep[], deps: CheckDeps): number {
  const failed = steps.filter((s) => s.outcome === 'failed');
  const env = envLabel(credentials.env);
  const headline = failed.length > 0 ? 'REFUSED' : `works on ${env} (rights not asked: see below)`;
  deps.stdout.write(`${neutralise(`${name}: ${credentials.family} ${env} key ${credentials.keyId} from ${credentials.source}`)}: ${headline}\n`);
  deps.stdout.write(`  · the key's rights were not asked: ${neutralise(why)}\n`);
  for (const s of steps) deps.stdout.write(`  ${STEP_MARK[s.outcome]} ${s.what}: ${neutralise(s.detail)}\n`);
  const passed = (what: string) => steps.some((s) => s.what.startsWith(what) && s.outcome === 'ok');
  const known = [passed('signature') ? 'read' : '', passed('test order') ? 'trade' : ''].filter((r) => r !== '');
  deps.stdout.write(
    `  rights: ${known.length > 0 ? `${known.join(' + ')} seen working; ` : ''}withdrawal, transfer and IP binding unknown here — a mainnet key is checked for them\n`,
  );
  processLog().logger.info({ key: name, verdict: failed.length > 0 ? 'refuse' : 'probed', steps: steps.map((s) => `${s.what}: ${s.outcome}`) }, 'key probe');
  return failed.length > 0 ? 1 : 0;
}
