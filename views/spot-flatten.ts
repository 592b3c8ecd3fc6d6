/**
 * Flatten and `:close` on a spot session: no position to close, base to sell back to the quote.
 * The question says how much and which amount it is — what this session bought, or all that is
 * free — and how to ask for the other (`:flatten all`, `:flatten session`); the default is the
 * smaller (src/core/spot-flatten.ts). A yes places one market sell, through the same guard as a
 * ticket (it may ask again). An amount under the venue's minimums is said, and nothing is asked.
 */
import { gt } from '../src/core/decimal.js';
import { planSpotFlatten, type SpotAmount, spotSellOrder } from '../src/core/spot-flatten.js';
import { selectTradingBlock } from '../src/store/selectors.js';
import { selectSpotMark, spotBase } from '../src/store/spot-selectors.js';
import type { OrderTicket } from '../src/store/actions.js';
import { formatSize } from './quantity.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

/** Why the ticket's reduce-only key does nothing on spot. */
export const SPOT_NO_REDUCE =
  'reduce-only means nothing on spot: there is no position to reduce (a sell spends what is held)';

/** 'session' / 'all' as typed after `:flatten` or `:close N%`; undefined for anything else. */
export function spotAmountWord(word: string | undefined): SpotAmount | undefined {
  const w = word?.toLowerCase();
  return w === 'session' || w === 'all' ? w : undefined;
}

const amountWords = (amount: SpotAmount, qty: string, base: string) =>
  amount === 'session' ? `what this session bought (${qty} ${base})` : `all ${qty} ${base} free`;

/** The spot flatten question (or why there is nothing to ask), for `X`, `:flatten [session|all]` and `:close N% [session|all]`. */
export function spotFlatten(
  ui: UiState,
  ctx: KeyContext,
  verb: string,
  amount?: SpotAmount,
  percent?: string,
): KeyOutcome {
  const s = ctx.state;
  const warn = (text: string): KeyOutcome => ({ ui: say(ui, ctx, text, 'warn'), effects: [] });
  const block = selectTradingBlock(s);
  if (block !== null) return warn(`${verb}: refused, ${block}`);
  const ins = s.session?.instrument;
  const held = spotBase(s);
  if (ins === undefined || held === null) return warn(`${verb}: the instrument's rules are not loaded yet`);
  const mark = selectSpotMark(s);
  const plan = planSpotFlatten({
    ...held,
    instrument: ins,
    ...(amount === undefined ? {} : { amount }),
    ...(percent === undefined ? {} : { percent }),
    ...(mark === undefined ? {} : { mark }),
  });
  if (plan.kind === 'nothing') {
    const hint =
      plan.amount === 'session' && gt(held.freeQty, '0') ? ' — :flatten all sells all that is free' : '';
    return warn(`${verb}: nothing to sell — ${plan.reason}${hint}`);
  }
  if (plan.kind === 'below-minimum') return warn(`${verb}: not sent — ${plan.reason}`);
  const share = percent === undefined || percent === '100' ? '' : `${percent} % of `;
  const which = `${share}${amountWords(plan.amount, plan.whole, ins.base)}`;
  const default_ = plan.chosen ? '' : ', the smaller';
  const other = `:${verb === 'close' ? `close ${percent ?? '100'}%` : 'flatten'} ${plan.other.amount} sells ${amountWords(plan.other.amount, plan.other.qty, ins.base)}`;
  const locked = plan.locked === '0' ? '' : `; ${plan.locked} ${ins.base} locked by resting orders stays`;
  const text = `Sell ${formatSize(plan.qty, ins)} for ${ins.quote} at market — ${which}${default_} (${other}${locked})?`;
  const ticket: OrderTicket = spotSellOrder(plan, ins);
  const label = `SELL ${formatSize(plan.qty, ins)} ${ins.symbol} at market`;
  return {
    ui: {
      ...ui,
      mode: 'confirm',
      confirm: { kind: 'spot-sell', text, send: { ticket, label } },
      message: null,
    },
    effects: [],
  };
}
