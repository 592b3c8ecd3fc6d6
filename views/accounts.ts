/**
 * A desk's selected account (src/store/desk.ts): which of several accounts every pane shows.
 * The selection is UI state (`UiState.account`, a name); `a`/`A` cycle it and `:acct NAME` picks
 * one. Switching only changes which store the panes read: every account's store keeps folding
 * its own engine's events meanwhile, so nothing another account does is lost.
 */
import { resolveName } from '../src/core/nearest.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

const stay = (ui: UiState): KeyOutcome => ({ ui, effects: [] });

/** Said when a single session is asked to switch: there is nothing to switch to. */
export const NO_DESK = 'one account in this session — a desk (--accounts, --group, --demo-desk) has several';

/** The selected account's name: the UI's choice while the desk has it, else the desk's first. */
export function selectedAccount(ui: Pick<UiState, 'account'>, names: readonly string[]): string | undefined {
  return ui.account !== undefined && names.includes(ui.account) ? ui.account : names[0];
}

/**
 * The UI on another account. What pointed into the old account's tables (the selected order,
 * scrolled rows) starts again at the top of the new one's: an order id of one account never
 * selects a row of another.
 */
function showAccount(ui: UiState, ctx: KeyContext, name: string, names: readonly string[]): UiState {
  const moved: UiState = { ...ui, account: name, selectedOrder: null, scroll: { ...ui.scroll, fills: 0, positions: 0 } };
  return say(moved, ctx, `account ${name} (${names.indexOf(name) + 1}/${names.length}): every pane shows it`);
}

/** `a` / `A`: the next (step 1) or previous (−1) account of the desk, wrapping around. */
export function cycleAccount(ui: UiState, ctx: KeyContext, step: 1 | -1): KeyOutcome {
  const names = ctx.accounts ?? [];
  if (names.length === 0) return stay(say(ui, ctx, NO_DESK));
  const at = Math.max(0, names.indexOf(selectedAccount(ui, names) ?? ''));
  const next = names[(at + step + names.length) % names.length]!;
  return stay(showAccount(ui, ctx, next, names));
}

/** `:acct NAME`: that account (case-insensitive); an unknown name is answered with the closest. */
export function acctCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const names = ctx.accounts ?? [];
  if (names.length === 0) return stay(say(ui, ctx, NO_DESK, 'warn'));
  const [wanted, ...extra] = args;
  const list = names.join(', ');
  if (wanted === undefined || extra.length > 0) {
    const now = selectedAccount(ui, names);
    return stay(say(ui, ctx, `:acct NAME — showing ${now}; the desk's accounts: ${list}`, wanted === undefined ? 'info' : 'warn'));
  }
  const found = resolveName(wanted, names);
  if ('name' in found) return stay(showAccount(ui, ctx, found.name, names));
  const near = found.closest.length > 0 ? `did you mean ${found.closest.join(' or ')}?` : `the accounts are ${list}`;
  return stay(say(ui, ctx, `no account '${wanted}' on this desk — ${near}`, 'warn'));
}

/** Tab after `:acct `: the typed start of a name completed as far as the names agree. */
export function completeAccount(typed: string, names: readonly string[]): { text: string; candidates: string[] } {
  const lower = typed.toLowerCase();
  const candidates = names.filter((n) => n.toLowerCase().startsWith(lower));
  if (candidates.length === 0) return { text: typed, candidates };
  let common = candidates[0]!;
  for (const c of candidates) while (!c.toLowerCase().startsWith(common.toLowerCase())) common = common.slice(0, -1);
  return { text: candidates.length === 1 ? candidates[0]! : common.length >= typed.length ? common : typed, candidates };
}
