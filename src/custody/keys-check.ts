// `quantdeck keys check NAME`: load the key, ask the venue what it may do (through the engine),
// judge it. `checkKeyPermissions` is the same preflight for the cockpit's connect.

import { ClockNotSyncedError } from '../core/clock.js';
import type { ParsedCommand } from '../core/command-line.js';
import { neutralise } from '../core/untrusted.js';
import { HttpTransportError, NonJsonReplyError } from '../engine/http.js';
import { BudgetRefusedError } from '../engine/lanes.js';
import { fetchKeyPermissions, PreflightUnsupportedError, type PreflightVia } from '../engine/preflight.js';
import { VenueRequestError } from '../engine/rest.js';
import { ClockSyncError } from '../engine/time-sync.js';
import { processLog } from '../log/logger.js';
import { safeMessage } from '../log/secret-registry.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { UnknownEnvironmentError } from '../venues/shared/errors.js';
import { venueAdapter, venueIds } from '../venues/index.js';
import { type KeyPermissions, PermissionQueryError } from '../venues/key-permissions.js';
import { SigningError } from '../venues/shared/signing-error.js';
import { type VenueAdapter, VenueParseError, type VenueUrls } from '../venues/venue.js';
import type { CustodyCredentials } from './credentials.js';
import { CustodyError } from './errors.js';
import { loadCredentials } from './load-credentials.js';
import { parseFd } from './passphrase.js';
import { evaluatePermissions, type PreflightResult } from './preflight.js';
import { loadProfile } from './profile.js';
import { envLabel, type VenueFamily, venueFamily } from './venues.js';

export interface KeyCheck {
  permissions: KeyPermissions;
  result: PreflightResult;
}

/**
 * The key preflight, for the cockpit on connect: `checkKeyPermissions({ engine })` with the
 * session's engine (before or after `engine.start()`), then refuse to go on when
 * `result.verdict === 'refuse'` (a key that can withdraw or transfer out), show `result.messages`
 * (warnings: no IP binding…) and `result.summary` / `permissions` in the Connection & auth pane.
 * A refusal is a verdict, not a throw; a failed call throws (engine/preflight.ts lists the errors).
 */
export async function checkKeyPermissions(via: PreflightVia): Promise<KeyCheck> {
  const permissions = await fetchKeyPermissions(via);
  const env = 'engine' in via ? via.engine.signContext().credentials.env : via.credentials.env;
  return { permissions, result: evaluatePermissions(permissions, env) };
}

/** Asks the venue what the key may do. Tests inject their own; the default goes through the engine. */
export type FetchPermissions = (
  credentials: CustodyCredentials,
  options: { simUrls?: VenueUrls },
) => Promise<KeyPermissions>;

export interface CheckDeps {
  env: ProcessEnv;
  stdout: { write(text: string): unknown };
  fetchPermissions?: FetchPermissions;
}

/** The adapter a key of this venue is checked with: its own id, or the family's adapter. */
export function adapterForKey(venue: string, family: VenueFamily): VenueAdapter {
  const ids = venueIds();
  const id = ids.includes(venue) ? venue : ids.find((candidate) => venueFamily(candidate) === family);
  if (id === undefined) {
    throw new CustodyError(
      `quantdeck has no ${family} adapter yet, so it cannot ask ${family} what the key may do (adapters: ${ids.join(', ')})`,
    );
  }
  return venueAdapter(id);
}

const engineFetch: FetchPermissions = (credentials, options) =>
  fetchKeyPermissions({
    venue: adapterForKey(credentials.venue, credentials.family),
    credentials,
    ...(options.simUrls === undefined ? {} : { simUrls: options.simUrls }),
  });

// Failures the user can act on (wrong key, venue unreachable, no endpoint in this environment):
// one clear line, no stack. Anything else is a bug and is logged as one.
const EXPECTED = [
  PreflightUnsupportedError,
  PermissionQueryError,
  VenueRequestError,
  VenueParseError,
  HttpTransportError,
  NonJsonReplyError,
  ClockSyncError,
  ClockNotSyncedError,
  BudgetRefusedError,
  UnknownEnvironmentError,
  SigningError,
];

/** `--base-url` of the local venue → its URLs (the check is REST only; the stream URLs are for completeness). */
function simUrls(env: CustodyCredentials['env'], baseUrl: string | undefined): VenueUrls | undefined {
  if (env !== 'sim') {
    if (baseUrl !== undefined)
      throw new CustodyError(`--base-url is the local venue's address; a ${env} key is checked against the venue itself`);
    return undefined;
  }
  if (baseUrl === undefined)
    throw new CustodyError('the local venue has no fixed address: pass --base-url http://127.0.0.1:PORT');
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(baseUrl))
    throw new CustodyError(`--base-url must be the local venue's http://127.0.0.1:PORT, not ${baseUrl}`);
  const ws = baseUrl.replace(/^http/, 'ws');
  return { rest: baseUrl, wsPublic: ws, wsPrivate: ws };
}

const MARK = { refuse: '✗', warn: '!', info: '·' } as const;

export async function checkKey(name: string, args: ParsedCommand, deps: CheckDeps): Promise<number> {
  const profile = loadProfile(deps.env);
  // A stored key, or an account (which may point at env:PREFIX).
  const target = profile.keys[name] ?? profile.accounts[name];
  if (target === undefined)
    throw new CustodyError(`no key or account '${name}' (quantdeck keys list shows them)`);
  const ref = 'ref' in target ? target.ref : target.key;
  const fdText = args.values.get('passphrase-fd');
  const credentials = await loadCredentials(ref, {
    venue: target.venue,
    env: target.env,
    processEnv: deps.env,
    ...(fdText !== undefined ? { passphraseFd: parseFd(fdText, '--passphrase-fd') } : {}),
  });
  const sim = simUrls(credentials.env, args.values.get('base-url'));
  const fetch = deps.fetchPermissions ?? engineFetch;
  let permissions: KeyPermissions;
  try {
    permissions = await fetch(credentials, sim === undefined ? {} : { simUrls: sim });
  } catch (error) {
    if (!EXPECTED.some((type) => error instanceof type)) throw error;
    throw new CustodyError(`${name}: the venue could not be asked what the key may do: ${safeMessage(error)}`);
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
