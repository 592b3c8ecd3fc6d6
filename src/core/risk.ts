/**
 * Risk at a glance, as pure formulas over decimal strings: how far the mark is from liquidation,
 * the unrealized PnL as a share of the margin behind it, the account's margin ratio, the
 * break-even price after fees, the time to the next funding, and — for the local venue, which has
 * to compute what a venue reports — the liquidation price of a one-way position.
 *
 * One convention for every venue: the margin ratio is maintenance margin over equity, in percent
 * (Binance's "margin ratio", Bybit's accountMMRate × 100): 0 % is no risk, 100 % is liquidation.
 * OKX reports the inverse (mgnRatio = equity / maintenance); adapters pass the parts, this file
 * forms the ratio, so the cockpit shows one number that means one thing.
 */
import { abs, add, cmp, div, isZero, mul, sign, sub } from './decimal.js';

/** Decimal places kept for a percent (shown rounded by the views). */
const PCT_SCALE = 4;
/** Decimal places of a computed price before the instrument's tick rounds it for display. */
const PRICE_SCALE = 8;

/**
 * How far the mark may move against the position before it reaches the liquidation price, as a
 * percent of the mark: long (mark − liq) / mark, short (liq − mark) / mark. Negative once past
 * it. Undefined when there is no position, no liquidation price or no mark.
 */
export function liquidationDistance(qty: string, mark: string, liquidation: string | undefined): string | undefined {
  if (liquidation === undefined || sign(qty) === 0 || sign(mark) <= 0 || sign(liquidation) <= 0) return undefined;
  const gap = sign(qty) > 0 ? sub(mark, liquidation) : sub(liquidation, mark);
  return div(mul(gap, '100'), mark, PCT_SCALE, 'half_up');
}

/** Unrealized PnL as a percent of the margin behind the position (ROE); undefined without a margin. */
export function pnlOnMargin(unrealizedPnl: string, margin: string | undefined): string | undefined {
  if (margin === undefined || sign(margin) <= 0) return undefined;
  return div(mul(unrealizedPnl, '100'), margin, PCT_SCALE, 'half_up');
}

/**
 * Maintenance margin over equity, in percent. At or above 100 % the venue liquidates; with no
 * equity left (≤ 0) and margin held it is reported as 100 %. Undefined without a maintenance figure.
 */
export function marginRatio(maintMargin: string | undefined, equity: string): string | undefined {
  if (maintMargin === undefined) return undefined;
  if (isZero(maintMargin)) return '0';
  if (sign(equity) <= 0) return '100';
  return div(mul(maintMargin, '100'), equity, PCT_SCALE, 'half_up');
}

/**
 * The price at which closing the position at the taker fee returns to zero PnL, given it paid
 * `feeRate` to open: long entry·(1 + f)/(1 − f), short entry·(1 − f)/(1 + f). For venues that do
 * not report one (Hyperliquid); the others' own break-even (funding included) is preferred.
 */
export function breakEvenPrice(qty: string, entryPrice: string, feeRate: string): string | undefined {
  if (sign(qty) === 0 || sign(entryPrice) <= 0) return undefined;
  const up = add('1', feeRate);
  const down = sub('1', feeRate);
  if (sign(down) <= 0) return undefined;
  return sign(qty) > 0
    ? div(mul(entryPrice, up), down, PRICE_SCALE, 'half_up')
    : div(mul(entryPrice, down), up, PRICE_SCALE, 'half_up');
}

/**
 * Milliseconds until the next funding; 0 once it is due. From the venue's next funding time, else
 * from its fixed period (the next multiple of `intervalMs` since the epoch). Undefined when neither.
 */
export function untilFunding(nextFundingTime: number | undefined, now: number, intervalMs?: number): number | undefined {
  if (nextFundingTime !== undefined && Number.isFinite(nextFundingTime) && nextFundingTime > 0) return Math.max(0, nextFundingTime - now);
  if (intervalMs === undefined || !(intervalMs > 0)) return undefined;
  return Math.ceil(now / intervalMs) * intervalMs - now;
}

/** What a liquidation price is computed from. */
export interface LiquidationInputs {
  /** Signed size (negative = short). */
  qty: string;
  entryPrice: string;
  /**
   * What stands behind the position before its own PnL: the isolated margin for an isolated
   * position; for cross, the wallet less what every other position uses (their margin needs net of
   * their PnL).
   */
  collateral: string;
  /** Maintenance margin rate (0.004 = 0.4 % of the notional at the mark). */
  maintRate: string;
}

/**
 * The mark P at which collateral + PnL = maintenance margin, for a one-way position of size q at
 * entry E, collateral C and maintenance rate m:
 *   long  C + q(P − E) = m·q·P   →  P = (q·E − C) / (q·(1 − m))
 *   short C + s(E − P) = m·s·P   →  P = (s·E + C) / (s·(1 + m))   (s = −q)
 * Undefined when flat, or for a long whose collateral covers the whole notional (P ≤ 0: it cannot
 * be liquidated). Rounded away from the position's safety (up for a long, down for a short).
 */
export function liquidationPrice(inputs: LiquidationInputs): string | undefined {
  const { qty, entryPrice, collateral, maintRate } = inputs;
  const s = sign(qty);
  if (s === 0) return undefined;
  const size = abs(qty);
  if (s > 0) {
    const numerator = sub(mul(size, entryPrice), collateral);
    const denominator = mul(size, sub('1', maintRate));
    if (sign(numerator) <= 0 || sign(denominator) <= 0) return undefined;
    return div(numerator, denominator, PRICE_SCALE, 'ceil');
  }
  const numerator = add(mul(size, entryPrice), collateral);
  const denominator = mul(size, add('1', maintRate));
  if (sign(numerator) <= 0) return '0';
  return div(numerator, denominator, PRICE_SCALE, 'floor');
}

/** Whether a mark has reached a position's liquidation price (long: at or below; short: at or above). */
export function isLiquidatedAt(qty: string, mark: string, liquidation: string | undefined): boolean {
  if (liquidation === undefined || sign(qty) === 0) return false;
  return sign(qty) > 0 ? cmp(mark, liquidation) <= 0 : cmp(mark, liquidation) >= 0;
}

/** Maintenance margin of a position: |q| × mark × rate. */
export function maintenanceMargin(qty: string, mark: string, maintRate: string): string {
  return mul(mul(abs(qty), mark), maintRate);
}

/** Initial margin of a position at a leverage: |q| × price / leverage (8 places, rounded up). */
export function initialMargin(qty: string, price: string, leverage: string): string {
  if (sign(leverage) <= 0) throw new RangeError(`leverage must be above 0, got '${leverage}'`);
  return div(mul(abs(qty), price), leverage, PRICE_SCALE, 'ceil');
}
