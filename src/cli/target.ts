/**
 * Which venue, environment and key a session uses, from the flags and the profile config, and
 * the environment guard (mainnet takes --live plus the account name typed at start). Everything
 * here runs before the cockpit draws, so prompts (confirmation, key-file passphrase) own the
 * terminal and a refusal is a plain line.
 */
import type { CustodyCredentials } from '../custody/credentials.js';
import { confirmLive, decideEnvironment } from '../custody/environment-guard.js';
import { CustodyError } from '../custody/errors.js';
import { type KeyRef, parseKeyRef } from '../custody/key-ref.js';
import { loadProfile, type Profile } from '../custody/profile.js';
import { envLabel } from '../custody/env-name.js';
import { venueFamily } from '../custody/key-family.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import type { Env, VenueUrls } from '../venues/venue.js';
import { localVenueUrls } from '../venues/local-venue-url.js';
import type { CockpitFlags } from './flags.js';
import { tradedVenueFor, venueIds } from '../venues/descriptors.js';

/** The session may not start as asked; the message says why and what to do. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

import { DEFAULT_GUARD_LIMITS, type GuardLimits, missingMainnetLimits } from '../core/order-guard.js';
import { DEFAULT_SLIPPAGE_PCT } from '../core/slippage.js';

export interface Target {
  /** A registered adapter id. */
  venue: string;
  env: Env;
  /** The profile account, when one was named. */
  accountName?: string;
  /** Where the key is (absent for the local venue, which brings its own). */
  key?: KeyRef;
  /** For the header: the account name, or the key reference. */
  label: string;
  /** A local venue already running (`--sim-url`): the session trades there instead of starting one. */
  simUrls?: VenueUrls;
  /** The fat-finger guard's limits: the account's, else the defaults (never defaults on mainnet). */
  guard: GuardLimits;
  /** A market order's slippage cap in %: the account's, else DEFAULT_SLIPPAGE_PCT. */
  slippagePct: string;
  /** The account's rate-limit tier (`rateTier`), checked against the venue's tiers. */
  rateTier?: string;
}

/** The account's `rateTier` when its venue has such tiers; a named start error otherwise. */
async function checkedTier(venue: string, tier: string, account: string): Promise<string> {
  // Loaded only for an account that names a tier: the adapters are not on the start-up path.
  const { venueAdapter } = await import('../venues/index.js');
  const tiers = venueAdapter(venue).rateTiers;
  if (tiers === undefined)
    throw new StartupError(`account '${account}' names rateTier ${JSON.stringify(tier)}, but ${venue}'s rate limits have no tiers; drop it`);
  if (!tiers.names.includes(tier))
    throw new StartupError(`account '${account}': rateTier ${JSON.stringify(tier)} is not one of ${tiers.names.join(', ')}`);
  return tier;
}

/** A registered venue id for a venue id or a family name (binance → binance-usdm). */
export async function adapterIdFor(venue: string): Promise<string> {
  const match = tradedVenueFor(venue);
  if (match === undefined) throw new StartupError(`unknown venue '${venue}'; registered: ${venueIds().join(', ')}`);
  return match.id;
}

function pick(what: 'venue' | 'env', flag: string, stored: string, explicit: boolean, owner: string): string {
  if (!explicit) return stored;
  const same = what === 'venue' ? venueFamily(flag) === venueFamily(stored) : flag === stored;
  if (!same)
    throw new StartupError(
      `${owner} is for ${stored}, but --${what} ${flag} was given; drop --${what} or pick another`,
    );
  return what === 'venue' ? flag : stored;
}

/** Resolves flags (+ profile) to a target; no secrets are read here. */
export async function resolveTarget(
  flags: CockpitFlags,
  processEnv: ProcessEnv = process.env,
): Promise<Target> {
  let profile: Profile | undefined;
  const getProfile = () => {
    profile ??= loadProfile(processEnv);
    return profile;
  };
  let venue = flags.venue;
  let env = flags.env;
  let key: KeyRef | undefined;
  let accountName: string | undefined;
  let accountGuard: GuardLimits | undefined;
  let accountSlippage: string | undefined;
  let accountTier: string | undefined;
  if (flags.account !== undefined) {
    const entry = getProfile().accounts[flags.account];
    if (entry === undefined) {
      const known = Object.keys(getProfile().accounts);
      throw new StartupError(
        `no account '${flags.account}' in the profile${known.length > 0 ? ` (accounts: ${known.join(', ')})` : ''}; quantdeck keys add ${flags.account} … creates one`,
      );
    }
    const owner = `account '${flags.account}'`;
    venue = pick('venue', flags.venue, entry.venue, flags.explicit.venue, owner);
    env = pick('env', flags.env, entry.env, flags.explicit.env, owner) as Env;
    key = entry.key;
    accountName = flags.account;
    accountGuard = entry.guard;
    accountSlippage = entry.slippagePct;
    accountTier = entry.rateTier;
  } else if (flags.key !== undefined) {
    if (flags.key.includes(':')) {
      key = parseKeyRef(flags.key, '--key');
    } else {
      // A bare name: a key stored with `quantdeck keys add NAME`.
      const stored = getProfile().keys[flags.key];
      if (stored === undefined) {
        throw new StartupError(
          `--key ${flags.key}: no stored key of that name (quantdeck keys list); or give env:PREFIX, keyring:NAME, file:PATH, cmd:COMMAND`,
        );
      }
      const owner = `key '${flags.key}'`;
      venue = pick('venue', flags.venue, stored.venue, flags.explicit.venue, owner);
      env = pick('env', flags.env, stored.env, true, owner) as Env;
      key = stored.ref;
    }
  }
  let simUrls: VenueUrls | undefined;
  if (flags.simUrl !== undefined) {
    if (env !== 'sim') throw new StartupError(`--sim-url is the local venue's address; ${envLabel(env)} trades with the venue itself`);
    simUrls = localVenueUrls(flags.simUrl);
    if (simUrls === undefined)
      throw new StartupError(`--sim-url must be the local venue's http(s)://127.0.0.1:PORT, not ${flags.simUrl}`);
    if (flags.seed !== undefined || flags.simKeys !== undefined)
      throw new StartupError('--seed and --sim-keys start a local venue of its own: a running one (--sim-url) has its own');
    if (key === undefined) throw new StartupError('--sim-url needs --key with the credentials `quantdeck sim` printed');
  } else if (env === 'sim' && key !== undefined) {
    throw new StartupError(
      'the local venue (env sim) trades with its own demo key; use --env testnet, demo or mainnet for a stored key (or --sim-url for a running `quantdeck sim`)',
    );
  }
  if (env !== 'sim' && key === undefined) {
    throw new StartupError(
      `${envLabel(env)} needs a key: --key env:PREFIX | keyring:NAME | file:PATH | cmd:COMMAND, or --account NAME (quantdeck keys add stores one)`,
    );
  }
  if (flags.seed !== undefined && env !== 'sim')
    throw new StartupError('--seed seeds the local venue: it goes with --env sim');
  if (flags.simKeys !== undefined && env !== 'sim')
    throw new StartupError('--sim-keys gives the local venue its keys: it goes with --env sim');
  const target: Target = {
    venue: await adapterIdFor(venue),
    env,
    label: accountName ?? (key === undefined ? 'demo' : (flags.key ?? 'key')),
    guard: env === 'live' ? (accountGuard ?? {}) : { ...DEFAULT_GUARD_LIMITS, ...accountGuard },
    slippagePct: accountSlippage ?? DEFAULT_SLIPPAGE_PCT,
  };
  if (accountName !== undefined) target.accountName = accountName;
  if (accountTier !== undefined) target.rateTier = await checkedTier(target.venue, accountTier, accountName ?? '');
  if (key !== undefined) target.key = key;
  if (simUrls !== undefined) target.simUrls = simUrls;
  return target;
}

/** The environment guard; resolves when the session may go on, throws StartupError otherwise. */
export async function guardEnvironment(target: Omit<Target, 'guard' | 'slippagePct'> & Partial<Pick<Target, 'guard' | 'slippagePct'>>, live: boolean, confirm = confirmLive): Promise<void> {
  const decision = decideEnvironment({
    env: target.env,
    live,
    ...(target.accountName === undefined ? {} : { accountName: target.accountName }),
  });
  if (decision.kind === 'refuse') throw new StartupError(decision.message);
  // Checked before the typed name is asked: no one should type it only to be turned away.
  const missing = target.env === 'live' ? missingMainnetLimits(target.guard) : [];
  if (missing.length > 0) {
    const name = target.accountName ?? 'NAME';
    throw new StartupError(
      `account '${name}' is on MAINNET without its own guard limits: set ${missing.map((f) => `accounts.${name}.guard.${f}`).join(', ')} in profile.json (docs/profile.md); nothing was sent`,
    );
  }
  if (decision.kind === 'confirm' && !(await confirm(decision))) {
    throw new StartupError(
      'mainnet not confirmed (the typed name did not match, or there is no terminal); nothing was sent',
    );
  }
}

/** Loads the target's key through custody (a key file asks its passphrase on the terminal). */
export async function loadTargetCredentials(
  target: Target,
  processEnv: ProcessEnv = process.env,
): Promise<CustodyCredentials> {
  if (target.key === undefined) throw new CustodyError('no key to load');
  // Loaded on demand: the keyring store brings a native module the local venue never needs.
  const { loadCredentials } = await import('../custody/load-credentials.js');
  return loadCredentials(target.key, { venue: target.venue, env: target.env, processEnv });
}
