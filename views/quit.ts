/**
 * The quit question: what quitting leaves behind, said before it happens, and the plan the
 * exit then follows exactly. Open orders stay on the venue (a quit is not a cancel); with the
 * dead-man's switch armed it stays armed, so the venue cancels them when it expires; positions
 * stay open (nothing closes them). With nothing open the cockpit quits at once and disarms.
 */
import { sign } from '../src/core/decimal.js';
import type { QuitPlan } from '../src/store/actions.js';
import { selectPositions } from '../src/store/selectors.js';
import type { QuantState } from '../src/store/state.js';
import { duration } from './format.js';
import { formatQty } from './quantity.js';
import type { KeyContext, KeyOutcome, UiState } from './ui-state.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The question and the plan, or null when nothing is open (quit at once, disarmed). */
export function quitQuestion(s: QuantState): { text: string; plan: QuitPlan } | null {
  const orders = Object.keys(s.orders).length;
  const positions = selectPositions(s).filter((p) => sign(p.qty) !== 0);
  if (orders === 0 && positions.length === 0) return null;
  const parts: string[] = [];
  if (orders > 0) parts.push(`${plural(orders, 'order stays', 'orders stay')} resting`);
  if (positions.length === 1) {
    const p = positions[0]!;
    const ins = s.session?.instrument?.symbol === p.symbol ? s.session.instrument : undefined;
    const side = sign(p.qty) > 0 ? 'long' : 'short';
    parts.push(`${p.symbol} ${side} ${formatQty(p.qty.replace(/^-/, ''), ins)} stays open`);
  } else if (positions.length > 1) {
    parts.push(`${positions.length} positions stay open`);
  }
  let deadman: string;
  let plan: QuitPlan;
  if (s.deadman.armed && orders > 0) {
    const within = s.deadman.timeoutMs === undefined ? '' : ` within ${duration(s.deadman.timeoutMs)}`;
    deadman = `dead-man stays armed: the venue cancels ${orders === 1 ? 'it' : 'them'}${within}`;
    plan = { deadman: 'leave-armed' };
  } else if (orders > 0) {
    deadman = "dead-man's switch is OFF: the orders rest until cancelled";
    plan = { deadman: 'disarm' };
  } else {
    deadman = s.deadman.armed ? 'dead-man disarmed (no orders to cancel)' : 'nothing closes it';
    plan = { deadman: 'disarm' };
  }
  return { text: `Quit? ${parts.join(', ')}; ${deadman}.`, plan };
}

export function askQuit(ui: UiState, ctx: KeyContext): KeyOutcome {
  const q = quitQuestion(ctx.state);
  if (q === null) return { ui, effects: [{ kind: 'quit', plan: { deadman: 'disarm' } }] };
  return {
    ui: { ...ui, mode: 'confirm', confirm: { kind: 'quit', text: q.text, quit: q.plan } },
    effects: [],
  };
}
