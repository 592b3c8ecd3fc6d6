/**
 * `:stop PRICE [all]`, `:tp PRICE [all]`, `:bracket STOP TARGET`: protective orders resting on the
 * venue, reduce-only at market once the mark crosses the trigger, sized by the engine to the
 * position as the venue reports it when they are sent (with `all`: closing the whole position as
 * it is when the trigger fires). No question first: a stop is what a trader reaches for
 * when the market runs, and it only ever reduces the position. The checks a trader can see (a
 * position, the trigger on the right side of the mark, on the tick) are made here, with the
 * position on screen; the engine makes them again against the venue's position.
 */
import { TRIGGER_WORD, triggerProblem } from '../src/core/protection.js';
import { isDecimal } from '../src/core/decimal.js';
import type { Trigger } from '../src/core/types.js';
import { selectSymbolPosition, selectTradingBlock } from '../src/store/selectors.js';
import { call, type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

const warn = (ui: UiState, ctx: KeyContext, text: string): KeyOutcome => ({ ui: say(ui, ctx, text, 'warn'), effects: [] });

/** Why the trigger(s) cannot protect the position on screen, or undefined. */
function problemOf(ctx: KeyContext, verb: string, legs: ReadonlyArray<readonly [Trigger['kind'], string]>): string | undefined {
  const block = selectTradingBlock(ctx.state);
  if (block !== null) return `:${verb}: refused, ${block}`;
  const p = selectSymbolPosition(ctx.state);
  const ins = ctx.state.session?.instrument;
  const tick = ins?.symbol === ctx.state.session?.symbol ? ins?.tickSize : undefined;
  for (const [kind, price] of legs) {
    const problem = triggerProblem(p?.qty ?? '0', p?.markPrice ?? '0', kind, price, tick);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The word after the price that asks for the venue's close-position order. */
export const WHOLE_WORD = 'all';

/**
 * `:stop PRICE` is sized to the position now; `:stop PRICE all` is the venue's close-position
 * order, which closes whatever the position is when it fires (a position added to later is still
 * covered). Same for `:tp`.
 */
export function protectCommand(kind: Trigger['kind']) {
  const verb = kind === 'stop' ? 'stop' : 'tp';
  const usage = `:${verb} PRICE [${WHOLE_WORD}], e.g. :${verb} 61500 or :${verb} 61500 ${WHOLE_WORD}`;
  return (ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome => {
    const [price, word, ...extra] = args;
    if (price === undefined || extra.length > 0) return warn(ui, ctx, `one trigger price, then '${WHOLE_WORD}' or nothing — ${usage}`);
    if (!isDecimal(price)) return warn(ui, ctx, `trigger '${price}' is not a number — ${usage}`);
    if (word !== undefined && word !== WHOLE_WORD) return warn(ui, ctx, `after the price only '${WHOLE_WORD}' (close the whole position when it fires), not '${word}' — ${usage}`);
    const problem = problemOf(ctx, verb, [[kind, price]]);
    if (problem !== undefined) return warn(ui, ctx, problem);
    const whole = word === WHOLE_WORD;
    const label = `${TRIGGER_WORD[kind]} at ${price}${whole ? ' for the whole position' : ''}`;
    const act = whole ? call(label, (a) => a.protect(kind, price, { closePosition: true }), '') : call(label, (a) => a.protect(kind, price), '');
    return { ui: say(ui, ctx, `placing ${label}…`), effects: [act] };
  };
}

export function bracketCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const usage = ':bracket STOP TARGET, e.g. :bracket 61500 66000';
  const [stop, target, ...extra] = args;
  if (stop === undefined || target === undefined || extra.length > 0) return warn(ui, ctx, `a stop and a target — ${usage}`);
  for (const v of [stop, target]) if (!isDecimal(v)) return warn(ui, ctx, `'${v}' is not a number — ${usage}`);
  const problem = problemOf(ctx, 'bracket', [['stop', stop], ['take_profit', target]]);
  if (problem !== undefined) return warn(ui, ctx, problem);
  const label = `bracket ${stop} / ${target}`;
  return { ui: say(ui, ctx, `placing ${label}…`), effects: [call(label, (a) => a.bracket(stop, target), '')] };
}
