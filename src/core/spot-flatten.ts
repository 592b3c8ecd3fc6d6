/**
 * "Flatten" on spot: there is no position to close, only base to sell back to the quote. How much
 * is the trader's call, between two amounts a spot trader means by it:
 * - `session`: what this session bought and still holds (the ledger's qty, spot-ledger.ts), or
 * - `all`: every free unit of the base the account holds (what resting orders lock stays locked).
 * The trader is asked; the default is the smaller of the two (selling less than meant is undone
 * by one more sell, selling holdings the trader meant to keep is not undone at all), and the plan
 * says which amount it is so the question can name it.
 *
 * The amount is rounded down to the venue's step (never more than asked) and checked against its
 * minimum quantity and minimum notional (at the mark): under them the plan says so and nothing
 * is to be sent. A plan to sell becomes one order (`spotSellOrder`): the cockpit's `X`/`:flatten`
 * sends it after asking (views/spot-flatten.ts), the engine's own flatten on a spot session
 * (src/engine/spot-flatten.ts: a chaos run) sends it at once.
 */
import { cmp, div, eq, gt, isZero, lt, min, mul, normalize } from './decimal.js';
import { roundQty } from './rounding.js';
import type { DecimalString, Instrument, OrderType, Side } from './types.js';

export type SpotAmount = 'session' | 'all';

export interface SpotFlattenInput {
  /** Base the session bought and still holds (the ledger's qty). */
  sessionQty: DecimalString;
  /** Base free at the venue (available: not locked by resting orders). */
  freeQty: DecimalString;
  /** Base locked by resting orders: named in the plan, never sold by it. */
  lockedQty?: DecimalString;
  /** What the trader chose; absent: the default, the smaller. */
  amount?: SpotAmount;
  /** A share of the chosen amount (above 0, at most 100); default 100. */
  percent?: DecimalString;
  instrument: Pick<Instrument, 'symbol' | 'base' | 'quote' | 'stepSize' | 'minQty' | 'minNotional'>;
  /** The price the minimum notional is judged at (spotMark); absent: not judged. */
  mark?: DecimalString;
}

export type SpotFlattenPlan =
  | {
      kind: 'sell';
      /** Which amount it sells, and whether the trader chose it or it is the default. */
      amount: SpotAmount;
      chosen: boolean;
      /** The chosen amount before any share and the step: what the question names. */
      whole: DecimalString;
      qty: DecimalString;
      /** The other amount, for the question ("… or all 1.2 free"). */
      other: { amount: SpotAmount; qty: DecimalString };
      /** Locked base left where it is. */
      locked: DecimalString;
    }
  | { kind: 'nothing'; amount: SpotAmount; reason: string }
  | { kind: 'below-minimum'; amount: SpotAmount; qty: DecimalString; reason: string };

const positive = (v: string) => (gt(v, '0') ? normalize(v) : '0');

/** The default amount: the smaller of the two; on a tie the session's (it is the one the session knows). */
export function defaultSpotAmount(sessionQty: string, freeQty: string): SpotAmount {
  return cmp(positive(freeQty), positive(sessionQty)) < 0 ? 'all' : 'session';
}

export function planSpotFlatten(input: SpotFlattenInput): SpotFlattenPlan {
  const ins = input.instrument;
  const free = positive(input.freeQty);
  // The session cannot sell more than is free, whatever it bought: a resting sell locks some.
  const session = min(positive(input.sessionQty), free);
  const amount = input.amount ?? defaultSpotAmount(input.sessionQty, input.freeQty);
  const whole = amount === 'session' ? session : free;
  const other =
    amount === 'session'
      ? { amount: 'all' as const, qty: free }
      : { amount: 'session' as const, qty: session };
  const percent = input.percent ?? '100';
  const locked = positive(input.lockedQty ?? '0');
  if (isZero(whole)) {
    const why =
      amount === 'session'
        ? `the session holds no ${ins.base} it bought${gt(free, '0') ? ` (${free} ${ins.base} free from before)` : ''}`
        : `no ${ins.base} free to sell${gt(locked, '0') ? ` (${locked} locked by resting orders)` : ''}`;
    return { kind: 'nothing', amount, reason: why };
  }
  const share = eq(percent, '100') ? whole : div(mul(whole, percent), '100', 18, 'down');
  const qty = roundQty(share, ins.stepSize);
  if (isZero(qty) || lt(qty, ins.minQty)) {
    return {
      kind: 'below-minimum',
      amount,
      qty: share,
      reason: `${share} ${ins.base} is under ${ins.symbol}'s minimum of ${normalize(ins.minQty)} (step ${normalize(ins.stepSize)})`,
    };
  }
  if (input.mark !== undefined && gt(ins.minNotional, '0') && lt(mul(qty, input.mark), ins.minNotional)) {
    return {
      kind: 'below-minimum',
      amount,
      qty,
      reason: `${qty} ${ins.base} at ${input.mark} is under ${ins.symbol}'s minimum order value of ${normalize(ins.minNotional)} ${ins.quote}`,
    };
  }
  return { kind: 'sell', amount, chosen: input.amount !== undefined, whole, qty, other, locked };
}

/** The order a spot flatten sends: a plain market sell (reduce-only means nothing without a position). */
export interface SpotSellOrder {
  symbol: string;
  side: Side;
  type: OrderType;
  qty: DecimalString;
  reduceOnly: false;
  postOnly: false;
}

export function spotSellOrder(plan: Extract<SpotFlattenPlan, { kind: 'sell' }>, instrument: Pick<Instrument, 'symbol'>): SpotSellOrder {
  return { symbol: instrument.symbol, side: 'sell', type: 'market', qty: plan.qty, reduceOnly: false, postOnly: false };
}
