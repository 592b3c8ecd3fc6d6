/**
 * Which symbol the ticket trades: the `/` picker (a fuzzy search over the venue's instruments,
 * src/core/fuzzy.ts) and `:sym SYMBOL`. Both end in the engine's `setSymbol`, which moves the
 * ticket, cancel-all, flatten and the market stream; the store's `session` event then moves the
 * panes. The instruments are the venue's list as the engine read it at start (the store's
 * `instruments`); before it arrives `:sym` asks the engine, which reads them itself.
 */
import { fuzzyRank } from '../src/core/fuzzy.js';
import { resolveName } from '../src/core/nearest.js';
import { neutralise } from '../src/core/untrusted.js';
import type { QuantState } from '../src/store/state.js';
import type { Binding, KeyName } from './keymap.js';
import { call, type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

/** Most matches the picker lists (a venue lists hundreds; a few letters narrow them). */
export const PICK_LIMIT = 50;

const matchesCache = new WeakMap<Record<string, unknown>, { query: string; out: string[] }>();

/** The venue's symbols the typed letters match, best first (at most PICK_LIMIT). */
export function pickMatches(s: Pick<QuantState, 'instruments'>, query: string): string[] {
  const last = matchesCache.get(s.instruments);
  if (last?.query === query) return last.out;
  const out = fuzzyRank(query, Object.keys(s.instruments), PICK_LIMIT);
  matchesCache.set(s.instruments, { query, out });
  return out;
}

const switchTo = (ui: UiState, ctx: KeyContext, symbol: string): KeyOutcome => ({
  ui: say({ ...ui, mode: 'main', pick: undefined }, ctx, `switching the ticket to ${symbol}…`),
  effects: [call(`symbol ${symbol}`, (a) => a.setSymbol(symbol))],
});

/** `/` on the main screen: the picker opens, empty (every instrument listed). */
export function openPicker(ui: UiState, ctx: KeyContext): KeyOutcome {
  if (Object.keys(ctx.state.instruments).length === 0)
    return { ui: say(ui, ctx, "the venue's instruments are not read yet — :sym SYMBOL asks the venue", 'warn'), effects: [] };
  return { ui: { ...ui, mode: 'pick', pick: { query: '', index: 0 }, message: null }, effects: [] };
}

/** A key in the picker: letters narrow, ↑/↓ choose, Enter switches, Esc leaves. */
export function pickKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): KeyOutcome {
  const pick = ui.pick ?? { query: '', index: 0 };
  const stay = (next: UiState['pick']): KeyOutcome => ({ ui: { ...ui, pick: next }, effects: [] });
  switch (b.action) {
    case 'type':
      return { ui: { ...ui, pick: { query: (pick.query + name).slice(0, 24), index: 0 }, message: null }, effects: [] };
    case 'erase':
      return { ui: { ...ui, pick: { query: pick.query.slice(0, -1), index: 0 }, message: null }, effects: [] };
    case 'down':
    case 'up': {
      const n = pickMatches(ctx.state, pick.query).length;
      if (n === 0) return stay(pick);
      return stay({ ...pick, index: (pick.index + (b.action === 'down' ? 1 : n - 1)) % n });
    }
    case 'accept': {
      const chosen = pickMatches(ctx.state, pick.query)[pick.index];
      if (chosen === undefined) return { ui: say(ui, ctx, `no symbol matches '${neutralise(pick.query)}'`, 'warn'), effects: [] };
      return switchTo(ui, ctx, chosen);
    }
    default:
      return { ui: { ...ui, mode: 'main', pick: undefined }, effects: [] };
  }
}

/**
 * `:sym SYMBOL`: the venue's spelling, matched case-insensitively; an unknown one is answered with
 * the closest. Without SYMBOL it says what the ticket trades.
 */
export function symbolCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const s = ctx.state;
  const [wanted, ...extra] = args;
  if (extra.length > 0) return { ui: say(ui, ctx, ':sym SYMBOL — one symbol, as the venue spells it (/ searches them)', 'warn'), effects: [] };
  if (wanted === undefined) {
    const now = s.session?.symbol ?? 'nothing yet';
    return { ui: say(ui, ctx, `the ticket trades ${now} — :sym SYMBOL switches, / searches the venue's symbols`), effects: [] };
  }
  const names = Object.keys(s.instruments);
  // Not read yet: the engine reads them and answers the same way.
  if (names.length === 0) return switchTo(ui, ctx, wanted);
  const found = resolveName(wanted, names);
  if ('closest' in found) {
    const closest = found.closest.length === 0 ? '' : ` — closest: ${found.closest.join(', ')}`;
    return { ui: say(ui, ctx, `${s.session?.venue ?? 'the venue'} lists no symbol '${neutralise(wanted)}'${closest}`, 'warn'), effects: [] };
  }
  if (found.name === s.session?.symbol) return { ui: say(ui, ctx, `the ticket already trades ${found.name}`), effects: [] };
  return switchTo(ui, ctx, found.name);
}
