/**
 * One account at a glance, for the desk's overview (one row per account, views/panes/Overview.tsx):
 * whether it is up, its equity and margin ratio, and the session's PnL. Each is a selector over
 * that account's own store and returns a primitive or a slice as stored, so a row re-renders only
 * when what it shows changed. Built from the selectors the single-session panes use.
 */
import { sub } from '../core/decimal.js';
import { marginRatio } from '../core/risk.js';
import { feedProblem } from './selectors.js';
import { selectSpotPnl } from './spot-selectors.js';
import type { QuantState } from './state.js';

/**
 * `live`: every socket live. `starting`: no session or sockets yet, nothing failed. `degraded`:
 * the account can trade but the market feed is not fresh. `down`: the account cannot trade now
 * (a socket reconnecting, a ban). `failed`: the engine stopped or never started (its account
 * sockets closed, or an error before any socket): the other accounts go on.
 */
export type AccountHealthLevel = 'live' | 'starting' | 'degraded' | 'down' | 'failed';

export interface AccountHealth {
  level: AccountHealthLevel;
  /** In words, for the overview's cell: 'live', 'user socket reconnecting (attempt 2)', … */
  text: string;
}

/** The newest error in the account's log, of `source` when given (why an engine failed). */
function lastError(s: QuantState, source?: string): string | undefined {
  for (let i = s.log.length - 1; i >= 0; i--) {
    const entry = s.log[i]!;
    if (entry.level === 'error' && (source === undefined || entry.source === source)) return entry.text;
  }
  return undefined;
}

/** One reading per state: a row's two selectors ask for it on every flush of its store. */
const healthOf = new WeakMap<QuantState, AccountHealth>();

export function accountHealth(s: QuantState): AccountHealth {
  let health = healthOf.get(s);
  if (health === undefined) {
    health = readHealth(s);
    healthOf.set(s, health);
  }
  return health;
}

function readHealth(s: QuantState): AccountHealth {
  const account = Object.values(s.sockets).filter((k) => k.role === 'account');
  const closed = account.length > 0 && account.every((k) => k.state === 'closed');
  // The desk's own word that the start failed (src/cli/desk-account.ts) says more than the
  // sockets a half-started engine closed on its way out.
  const startFailure = lastError(s, 'desk');
  // Its row names the account already: 'did not start: …' keeps the narrow cell for the reason.
  if (startFailure !== undefined) return { level: 'failed', text: startFailure.replace(/^\S+ (?=did not start)/, '') };
  if (closed) {
    const why = account.find((k) => k.reason !== undefined)?.reason ?? lastError(s);
    return { level: 'failed', text: `failed: ${why ?? `${account[0]!.name} socket closed`}` };
  }
  if (s.budget?.state === 'banned') return { level: 'down', text: `banned${s.budget.reason === undefined ? '' : `: ${s.budget.reason}`}` };
  if (s.session === null || account.length === 0) {
    const error = lastError(s);
    return error === undefined ? { level: 'starting', text: 'starting…' } : { level: 'failed', text: `failed: ${error}` };
  }
  const accountProblem = feedProblem(s.sockets, 'account');
  if (accountProblem !== null) return { level: 'down', text: accountProblem };
  const marketProblem = feedProblem(s.sockets, 'market');
  if (marketProblem !== null) return { level: 'degraded', text: marketProblem };
  return { level: 'live', text: 'live' };
}

/** Primitives, so that zustand's Object.is comparison keeps a row still while they hold. */
export const selectHealthLevel = (s: QuantState): AccountHealthLevel => accountHealth(s).level;
export const selectHealthText = (s: QuantState): string => accountHealth(s).text;

/** The account's equity and its asset: the venue's margin picture, else the quote's balance. */
export function selectEquity(s: QuantState): string | undefined {
  if (s.accountRisk !== null) return s.accountRisk.equity;
  const quote = s.session?.instrument?.quote;
  const balance = quote === undefined ? undefined : s.balances[quote];
  return balance === undefined ? undefined : (balance.equity ?? balance.wallet);
}

export const selectEquityAsset = (s: QuantState): string | undefined => s.accountRisk?.asset ?? s.session?.instrument?.quote;

/** Maintenance over equity in percent (core/risk.ts's one convention), where the venue says both. */
export const selectMarginRatio = (s: QuantState): string | undefined =>
  s.accountRisk === null ? undefined : marginRatio(s.accountRisk.maintMargin, s.accountRisk.equity);

/**
 * The session's PnL, in the asset `selectEquityAsset` names: on spot, the session's own fills by
 * average cost (selectSpotPnl: realized and, with a mark, unrealized); on a margin account, equity
 * now less equity at the session's first reading (fees and funding included). Undefined until
 * there is something to count from.
 */
export function selectSessionPnl(s: QuantState): string | undefined {
  const spot = selectSpotPnl(s);
  if (spot !== null) return spot.total ?? spot.realized;
  const start = s.equityAtStart;
  if (start === null || s.accountRisk === null || s.accountRisk.asset !== start.asset) return undefined;
  return sub(s.accountRisk.equity, start.equity);
}
