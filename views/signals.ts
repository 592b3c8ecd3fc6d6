/**
 * The Signals pane's keys (docs/signals.md): `S` opens it, j/k choose a proposal, Enter shows
 * exactly the orders it would send, `y` sends them (the signal stack's accept: the engine's guard
 * and order manager, as a typed order; a guard question is asked on the confirm bar like a
 * ticket's), `n` declines it; `:auto on|off` asks for the account's automatic mode. Pure: the
 * effects call `CockpitActions.signals`, absent when the stack is off for this account.
 */
import type { Proposal } from '../src/core/signals/types.js';
import type { ActionResult, CockpitActions } from '../src/store/actions.js';
import type { QuantState } from '../src/store/state.js';
import type { Binding } from './keymap.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

/** Newest first: what the pane lists and j/k move through. */
export function proposalRows(s: QuantState): Proposal[] {
  return [...s.signals.proposals].reverse();
}

/** The list's chosen proposal: the one by id, else the newest open one, else the newest (the proposal view resolves by id only). */
export function chosenProposal(ui: UiState, s: QuantState): Proposal | undefined {
  const rows = proposalRows(s);
  return rows.find((p) => p.id === ui.proposal) ?? rows.find((p) => p.status === 'open') ?? rows[0];
}

const OFF = 'the signal stack is off for this account (docs/signals.md: on by default in sim; --signals elsewhere)';

function stackOf(actions: CockpitActions) {
  if (actions.signals === undefined) throw new Error('signals action without the signal stack');
  return actions.signals;
}

/** `S` on the main screen. */
export function openSignals(ui: UiState, ctx: KeyContext): KeyOutcome {
  if (ctx.actions.signals === undefined) return { ui: say(ui, ctx, `S: ${OFF}`, 'warn'), effects: [] };
  const p = chosenProposal(ui, ctx.state);
  return { ui: { ...ui, mode: 'signals', message: null, ...(p === undefined ? {} : { proposal: p.id }) }, effects: [] };
}

/** A result of `y` as the message line says it; a guard question goes to the confirm bar. */
function acceptCall(p: Proposal, confirmed: boolean) {
  return {
    kind: 'call' as const,
    label: `proposal ${p.id}`,
    proposal: p.id,
    run: (a: CockpitActions): Promise<ActionResult> => stackOf(a).accept(p.id, confirmed ? { confirmed: true } : {}),
  };
}

export function signalsKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
  const s = ctx.state;
  const rows = proposalRows(s);
  const p = chosenProposal(ui, s);
  if (ui.mode === 'signals') {
    switch (b.action) {
      case 'back':
        return { ui: { ...ui, mode: 'main' }, effects: [] };
      case 'down':
      case 'up': {
        if (rows.length === 0) return { ui, effects: [] };
        const at = Math.max(0, rows.findIndex((r) => r.id === p?.id));
        const next = rows[Math.min(rows.length - 1, Math.max(0, at + (b.action === 'down' ? 1 : -1)))]!;
        return { ui: { ...ui, proposal: next.id }, effects: [] };
      }
      case 'show-proposal':
        if (p === undefined) return { ui: say(ui, ctx, 'no proposal yet: the gatekeeper proposes once a gate passes and a signal agrees'), effects: [] };
        return { ui: { ...ui, mode: 'proposal', proposal: p.id, message: null }, effects: [] };
      default:
        return { ui, effects: [] };
    }
  }
  // The proposal's orders are on screen: y and n act on that one only, by its id. Had it dropped out
  // of the store's capped list, a fallback would send another proposal than the one shown.
  if (b.action === 'back') return { ui: { ...ui, mode: 'signals' }, effects: [] };
  const shown = ui.proposal === undefined ? undefined : rows.find((r) => r.id === ui.proposal);
  if (shown === undefined) {
    const what = ui.proposal === undefined ? 'no proposal is shown' : `${ui.proposal} is no longer listed`;
    return { ui: say({ ...ui, mode: 'signals' }, ctx, `${what}: nothing sent`, 'warn'), effects: [] };
  }
  return shownKey(ui, b, ctx, shown);
}

function shownKey(ui: UiState, b: Binding, ctx: KeyContext, p: Proposal): KeyOutcome {
  if (p.status !== 'open') return { ui: say({ ...ui, mode: 'signals' }, ctx, `${p.id} is ${p.status}: nothing to send`, 'warn'), effects: [] };
  if (b.action === 'decline-proposal') {
    return {
      ui: say({ ...ui, mode: 'signals' }, ctx, `declining ${p.id}…`),
      effects: [{ kind: 'call', label: `decline ${p.id}`, run: (a) => stackOf(a).decline(p.id) }],
    };
  }
  if (b.action === 'send-proposal') {
    return { ui: say({ ...ui, mode: 'signals' }, ctx, `sending ${p.id} (${p.action} ${p.strategy})…`), effects: [acceptCall(p, false)] };
  }
  return { ui, effects: [] };
}

/** A yes to the guard's question about a proposal's order: accept again, confirmed. */
export function confirmedProposal(ui: UiState, ctx: KeyContext, id: string): KeyOutcome {
  const p = ctx.state.signals.proposals.find((x) => x.id === id);
  if (p === undefined) return { ui: say(ui, ctx, `no proposal ${id}`, 'warn'), effects: [] };
  return { ui: say(ui, ctx, `sending ${p.id}, confirmed…`), effects: [acceptCall(p, true)] };
}

/** `:auto on|off`. */
export function autoCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const [word, ...extra] = args;
  if (ctx.actions.signals === undefined) return { ui: say(ui, ctx, `:auto: ${OFF}`, 'warn'), effects: [] };
  if (word === undefined) {
    const auto = ctx.state.signals.auto;
    return { ui: say(ui, ctx, `automatic mode is ${auto.on ? 'on' : 'off'}${auto.why === undefined ? '' : ` (${auto.why})`} — :auto on|off`), effects: [] };
  }
  if (extra.length > 0 || (word !== 'on' && word !== 'off')) return { ui: say(ui, ctx, ':auto on|off', 'warn'), effects: [] };
  const on = word === 'on';
  return { ui: say(ui, ctx, `automatic mode ${word}…`), effects: [{ kind: 'call', label: `auto ${word}`, run: (a) => stackOf(a).setAuto(on) }] };
}
