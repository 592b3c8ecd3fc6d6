/**
 * `C`'s questions (invariant 11: a panic cancel-all must not strip the stop). With protective orders
 * resting, the cancel-all is asked first, then separately whether they go too; any key but `y` to
 * the second keeps them (the others are still cancelled). With only protective orders resting, one
 * question, and a no sends nothing.
 */
import { isProtective } from '../src/core/types.js';
import type { QuantState } from '../src/store/state.js';
import { call, type Confirm, type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;

/**
 * The first question, or undefined when nothing of the ticket's symbol is open. The engine cancels
 * the ticket's symbol's orders only: when other symbols' orders rest too, the question names the
 * symbol and says the others stay.
 */
export function cancelAllQuestion(s: QuantState): Confirm | undefined {
  const symbol = s.session?.symbol;
  const every = Object.values(s.orders);
  const all = symbol === undefined ? every : every.filter((o) => o.symbol === symbol);
  const others = every.length - all.length;
  const protective = all.filter(isProtective).length;
  const n = all.length - protective;
  if (all.length === 0) return undefined;
  const open = others === 0 ? plural(n, 'open order') : `${plural(n, `open ${symbol} order`)}`;
  const stay = others === 0 ? '' : ` (${plural(others, 'order')} of other symbols stay)`;
  if (n === 0) return { kind: 'cancel-all-stops', text: `Only ${plural(protective, 'protective order')} rest: cancel them, leaving the position without a stop?${stay}`, protective };
  if (protective === 0) return { kind: 'cancel-all', text: `Cancel ALL ${open}?${stay}` };
  return { kind: 'cancel-all', text: `Cancel ALL ${open}?${stay} (${plural(protective, 'protective order')}: asked next)`, protective };
}

/** The answer to either question (`yes`: the trader pressed y); undefined for any other question. */
export function cancelAllAnswer(confirm: Confirm | null, yes: boolean, back: UiState, ctx: KeyContext): KeyOutcome | undefined {
  if (confirm?.kind === 'cancel-all-stops') {
    if (yes) return { ui: back, effects: [call('cancel all, protective orders too', (a) => a.cancelAll({ protective: 'include' }))] };
    if (confirm.second !== true) return undefined;
    // The trader already said yes to the cancel-all: a no here keeps the stops.
    return { ui: say(back, ctx, 'cancelling every open order, keeping the protective ones…'), effects: [call('cancel all (protective kept)', (a) => a.cancelAll({ protective: 'keep' }))] };
  }
  if (confirm?.kind !== 'cancel-all' || !yes) return undefined;
  const p = confirm.protective ?? 0;
  if (p === 0) return { ui: back, effects: [call('cancel all', (a) => a.cancelAll())] };
  const text = `Cancel the ${plural(p, 'protective order')} (stops, take-profits) too? y: yes · any other key: keep them`;
  return { ui: { ...back, mode: 'confirm', confirm: { kind: 'cancel-all-stops', text, protective: p, second: true } }, effects: [] };
}
