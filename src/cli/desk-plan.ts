/**
 * Which accounts a desk starts (docs/desk.md): the profile's accounts named by `--accounts` or by
 * `--group`, or the demo desk of `--demo-desk`. Each profile account is resolved exactly as
 * `--account NAME` resolves it (venue, env, key, guard, slippage, tier: src/cli/target.ts), so a
 * desk account is never looser than the same account alone. Everything here happens before the
 * cockpit draws: a name that is no account, a group that is not in the file, a mainnet account
 * without --live or its typed name stop the start with one line, and nothing is sent.
 */
import { DEFAULT_GUARD_LIMITS } from '../core/order-guard.js';
import { DEFAULT_SLIPPAGE_PCT } from '../core/slippage.js';
import { loadProfile, type Profile } from '../custody/profile.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import type { FanOutSizing } from '../store/desk.js';
import { defaultVenue, venueDescriptor, venueDescriptors } from '../venues/descriptors.js';
import { isSimDialect } from '../sim/dialects/ids.js';
import type { DeskAccountSpec } from './desk-account.js';
import type { CockpitFlags } from './flags.js';
import { guardEnvironment, resolveTarget, StartupError, type Target } from './target.js';

export interface DeskPlan {
  accounts: DeskAccountSpec[];
  groups: Record<string, string[]>;
  /** Profile accounts: each one's target (its key is loaded at start, in its own try). */
  targets: Map<string, Target>;
}

/** The group every desk has: all of its accounts, in order. */
export const WHOLE_DESK = 'desk';

function symbolOf(venue: string): string {
  return venueDescriptor(venue).defaultSymbol;
}

/** The profile's accounts for `--accounts` or `--group`, resolved and guarded one by one. */
export async function profileDesk(
  flags: CockpitFlags,
  env: ProcessEnv,
  confirm?: Parameters<typeof guardEnvironment>[2],
): Promise<DeskPlan> {
  const profile = loadProfile(env);
  const names = flags.group !== undefined ? groupMembers(profile, flags.group) : (flags.accounts ?? []);
  const targets = new Map<string, Target>();
  const accounts: DeskAccountSpec[] = [];
  for (const name of names) {
    // Exactly as --account NAME: the profile's problems are named the same way.
    const { accounts: _a, group: _g, ...single } = flags;
    const target = await resolveTarget({ ...single, account: name }, env);
    targets.set(name, target);
    const sizing: FanOutSizing | undefined = profile.accounts[name]?.sizing;
    accounts.push({
      name,
      venue: target.venue,
      env: target.env,
      symbol: symbolOf(target.venue),
      guard: target.guard,
      slippagePct: target.slippagePct,
      ...(target.rateTier === undefined ? {} : { rateTier: target.rateTier }),
      ...(sizing === undefined ? {} : { sizing }),
      ...(flags.deadmanSeconds === undefined ? {} : { deadmanSeconds: flags.deadmanSeconds }),
    });
  }
  // Every mainnet account is confirmed by its own typed name before anything starts: the guard
  // is the trader's decision, not an account's failure, so a refusal stops the whole start.
  // --live is the desk's word for its mainnet accounts; a desk mixing environments passes it
  // to those alone, and a desk with none refuses it as a single testnet account does.
  const live = [...targets.values()].filter((t) => t.env === 'live');
  if (flags.live && live.length === 0)
    throw new StartupError('--live was given, but no account of the desk is on mainnet; drop --live');
  for (const target of targets.values()) {
    const liveFlag = target.env === 'live' && flags.live;
    await (confirm === undefined ? guardEnvironment(target, liveFlag) : guardEnvironment(target, liveFlag, confirm));
  }
  return { accounts, groups: groupsOf(profile, names, flags.group ?? WHOLE_DESK), targets };
}

function groupMembers(profile: Profile, group: string): string[] {
  const members = profile.groups?.[group];
  if (members === undefined) {
    const known = Object.keys(profile.groups ?? {});
    throw new StartupError(
      `no group '${group}' in the profile${known.length > 0 ? ` (groups: ${known.join(', ')})` : ''}; groups.${group} lists its accounts (docs/desk.md)`,
    );
  }
  return [...members];
}

/** The desk's own group (named as asked) and every profile group wholly on the desk. */
function groupsOf(profile: Profile, names: readonly string[], own: string): Record<string, string[]> {
  const groups: Record<string, string[]> = { [own]: [...names] };
  for (const [name, members] of Object.entries(profile.groups ?? {}))
    if (name !== own && members.every((m) => names.includes(m))) groups[name] = [...members];
  return groups;
}

/**
 * The demo desk (`--demo-desk`, sim only): three accounts on two dialects with no setup. Two on
 * the default venue (one local venue, one worker, two accounts: the same IP's pools shared) and
 * one on the next venue the local venue speaks of another family and the same product, sized to
 * show the three ways: the ticket's size, half of it, and a share of equity. Names say which
 * venue and which sizing, so a trader tells them apart at a glance.
 */
export function demoDesk(flags: Pick<CockpitFlags, 'deadmanSeconds'>): DeskPlan {
  const first = defaultVenue();
  const second = venueDescriptors().find(
    (d) => d.key.family !== first.key.family && d.product === first.product && isSimDialect(d.id),
  );
  if (second === undefined) throw new StartupError('the demo desk needs a second venue the local venue speaks');
  const common = {
    env: 'sim' as const,
    guard: { ...DEFAULT_GUARD_LIMITS },
    slippagePct: DEFAULT_SLIPPAGE_PCT,
    ...(flags.deadmanSeconds === undefined ? {} : { deadmanSeconds: flags.deadmanSeconds }),
  };
  const on = (venue: string, name: string, sizing: FanOutSizing): DeskAccountSpec => ({
    ...common,
    name,
    venue,
    symbol: symbolOf(venue),
    sizing,
  });
  // Short enough for the overview's name column: three letters of the venue, then the sizing.
  const short = (family: string) => family.slice(0, 3);
  const accounts = [
    on(first.id, `${short(first.key.family)}-main`, { multiplier: '1' }),
    on(first.id, `${short(first.key.family)}-half`, { multiplier: '0.5' }),
    on(second.id, `${short(second.key.family)}-share`, { equityShare: '0.05' }),
  ];
  return { accounts, groups: { [WHOLE_DESK]: accounts.map((a) => a.name) }, targets: new Map() };
}
