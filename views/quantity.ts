/**
 * One formatter per quantity, so a price reads the same in the ticket, the tables, the message
 * line and the log view: prices at the instrument's tick precision, sizes at its step with the
 * unit the venue counts in (contracts on a venue that trades contracts), money at the asset's
 * precision. Display only: the values themselves stay exact decimal strings.
 */
import { isDecimal, mul, normalize, toFixed } from '../src/core/decimal.js';
import { stepDecimals } from '../src/core/rounding.js';
import type { Instrument } from '../src/core/types.js';

/** Fixed decimals for the tick, so '64210.10' reads like the venue's own prices. */
export function formatPrice(price: string, instrument: Instrument | undefined): string {
  if (instrument === undefined || !isDecimal(price)) return price;
  return toFixed(price, stepDecimals(instrument.tickSize), 'half_up');
}

/** True when the instrument's quantity counts contracts, not units of the base asset. */
export const countsContracts = (instrument: Instrument | undefined): boolean =>
  instrument?.contractSize !== undefined && normalize(instrument.contractSize) !== '1';

/** The unit a size is counted in: 'contracts' or the base asset ('BTC'). */
export function sizeUnit(instrument: Instrument | undefined): string {
  if (instrument === undefined) return '';
  return countsContracts(instrument) ? 'contracts' : instrument.base;
}

/** A size at the step's precision, without its unit ('0.010'). */
export function formatQty(qty: string, instrument: Instrument | undefined): string {
  if (instrument === undefined || !isDecimal(qty)) return qty;
  return toFixed(qty, stepDecimals(instrument.stepSize), 'half_up');
}

/** A size with its unit: '0.010 BTC', '12 contracts'. */
export function formatSize(qty: string, instrument: Instrument | undefined): string {
  const unit = sizeUnit(instrument);
  return unit === '' ? formatQty(qty, instrument) : `${formatQty(qty, instrument)} ${unit}`;
}

/** What a size is worth in base units (contracts × contract size); the size itself otherwise. */
export function baseAmount(qty: string, instrument: Instrument | undefined): string {
  return countsContracts(instrument) ? normalize(mul(qty, instrument!.contractSize!)) : qty;
}

/** Decimal places money in an asset is shown with: cents for dollar coins, satoshis for BTC. */
export function moneyPlaces(asset: string): number {
  if (/^(USD|USDT|USDC|BUSD|FDUSD|TUSD|DAI|EUR)$/i.test(asset)) return 2;
  if (/^(BTC|WBTC)$/i.test(asset)) return 8;
  return 6;
}

/** An amount of money in `asset`, at the asset's precision ('99999.95'). */
export function formatMoney(amount: string, asset: string): string {
  if (!isDecimal(amount)) return amount;
  return toFixed(amount, moneyPlaces(asset), 'half_up');
}

/** Order value: price × size (× contract size), as money in the quote asset. */
export function notional(price: string, qty: string, instrument: Instrument): string {
  return mul(price, baseAmount(qty, instrument));
}

const UNITS: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A number that must fit `width` cells: as given when it fits, else without trailing fraction
 * zeros, else with fewer decimals, else abbreviated with a unit the reader sees ('100.0k').
 * Never cut mid-digit: a price with its last digits cut reads as another price. Null when not
 * even the abbreviation fits (the caller drops the field).
 */
export function fitNumber(text: string, width: number): string | null {
  if (text.length <= width) return text;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text.length <= width ? text : null;
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  if (trimmed.length <= width) return trimmed;
  const [int = ''] = trimmed.split('.');
  // Fewer decimals, rounded: still the same number to the reader at this width.
  if (int.length + 2 <= width && trimmed.includes('.')) {
    const out = toFixed(trimmed, width - int.length - 1, 'half_up');
    if (out.length <= width) return out;
  }
  const whole = toFixed(trimmed, 0, 'half_up');
  if (whole.length <= width) return whole;
  const value = Math.abs(Number(trimmed));
  const neg = trimmed.startsWith('-') ? '-' : '';
  for (const [size, unit] of UNITS) {
    if (value < size) continue;
    for (const places of [1, 0]) {
      const out = `${neg}${(value / size).toFixed(places)}${unit}`;
      if (out.length <= width) return out;
    }
  }
  return null;
}
