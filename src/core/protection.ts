/**
 * Protective orders around a position, as plain numbers: where a stop or a take-profit may sit
 * (a trigger already crossed would fire the moment it lands, which the venues refuse or, worse,
 * execute), and what the cockpit's Protection section shows for each one (trigger, distance from
 * the mark in % and in quote, share of the position it covers) and for the position (no stop).
 */
import { abs, add, div, gt, isDecimal, isZero, lt, min, mul, normalize, sign, sub } from './decimal.js';
import { isOnStep } from './rounding.js';
import type { Order, Position, Side, Trigger } from './types.js';

/**
 * The trader's word for each kind of trigger, the one table every message and label reads (the
 * engine's replies, the store's log lines, the ticket's and the commands' labels, the checks here).
 */
export const TRIGGER_WORD: Readonly<Record<Trigger['kind'], string>> = { stop: 'stop', take_profit: 'take-profit' };

/** The side that reduces a position: a long is protected by sell orders, a short by buys. */
export function closingSide(positionQty: string): Side {
  return sign(positionQty) > 0 ? 'sell' : 'buy';
}

/**
 * Why a trigger cannot protect this position, or undefined. A long's stop sits below the mark
 * and its take-profit above; a short's the other way round. `tick`: the instrument's price tick.
 */
export function triggerProblem(positionQty: string, mark: string, kind: Trigger['kind'], price: string, tick?: string): string | undefined {
  const what = TRIGGER_WORD[kind];
  if (!isDecimal(price) || !gt(price, '0')) return `a ${what} needs a positive decimal trigger price, not ${JSON.stringify(price)}`;
  if (tick !== undefined && !isOnStep(price, tick)) return `trigger ${price} is not on the ${tick} tick`;
  if (isZero(positionQty)) return `no position to protect: a ${what} here is reduce-only and sized to the position`;
  return crossedProblem(sign(positionQty) > 0, mark, kind, price);
}

/**
 * Why a protective order on `side` (the side that closes the position it protects) cannot move its
 * trigger to `price` with the mark at `mark`: it would fire the moment it lands. Undefined when it can.
 */
export function movedTriggerProblem(side: Side, mark: string, kind: Trigger['kind'], price: string): string | undefined {
  return crossedProblem(side === 'sell', mark, kind, price);
}

function crossedProblem(long: boolean, mark: string, kind: Trigger['kind'], price: string): string | undefined {
  const what = TRIGGER_WORD[kind];
  const below = lt(price, mark);
  const above = gt(price, mark);
  const wantBelow = (kind === 'stop') === long;
  if (wantBelow && !below) return `a ${long ? 'long' : 'short'}'s ${what} sits below the mark ${mark}: ${price} would trigger at once`;
  if (!wantBelow && !above) return `a ${long ? 'long' : 'short'}'s ${what} sits above the mark ${mark}: ${price} would trigger at once`;
  return undefined;
}

/** One line of the Protection section. */
export interface ProtectionRow {
  order: Order;
  kind: Trigger['kind'];
  trigger: string;
  /** Trigger minus mark, in quote per unit (signed), and in % of the mark; undefined without a mark. */
  distance?: string;
  distancePct?: string;
  /** Share of the position the order covers, in % (a close-position order covers all of it). */
  coverPct?: string;
}

/** The section for one position: its protective orders, and whether it has no stop at all. */
export interface Protection {
  rows: ProtectionRow[];
  /** A position open with no stop resting on the venue. */
  unprotected: boolean;
  /** Share of the position the stops cover together (capped at 100). */
  stopCoverPct: string;
}

/** Rows for `position` (undefined or flat: its orders only) from the symbol's open protective orders. */
export function protectionOf(position: Position | undefined, orders: readonly Order[]): Protection {
  const symbol = position?.symbol;
  const mine = orders.filter((o) => o.trigger !== undefined && (symbol === undefined || o.symbol === symbol));
  const size = position === undefined ? '0' : abs(position.qty);
  const mark = position?.markPrice;
  const rows = mine.map((order): ProtectionRow => {
    const t = order.trigger!;
    const row: ProtectionRow = { order, kind: t.kind, trigger: t.price };
    if (isDecimal(mark) && gt(mark, '0')) {
      row.distance = normalize(sub(t.price, mark));
      row.distancePct = normalize(div(mul(row.distance, '100'), mark, 2, 'half_even'));
    }
    if (!isZero(size)) row.coverPct = coverOf(order, size);
    return row;
  });
  const flat = isZero(size);
  let stopCover = '0';
  for (const r of rows) if (r.kind === 'stop' && r.coverPct !== undefined) stopCover = normalize(min('100', add(stopCover, r.coverPct)));
  return { rows, unprotected: !flat && !rows.some((r) => r.kind === 'stop'), stopCoverPct: stopCover };
}

function coverOf(order: Order, size: string): string {
  if (order.closePosition === true) return '100';
  const rest = sub(order.qty, order.filledQty);
  return normalize(min('100', div(mul(rest, '100'), size, 1, 'down')));
}
