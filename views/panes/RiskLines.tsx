/**
 * Risk at a glance, two lines under Positions. The session symbol's position: liquidation price
 * and how far the mark is from it, leverage and margin mode, uPnL in % of the margin behind it,
 * break-even, funding rate and the time to the next funding. The account: margin ratio
 * (maintenance over equity: 100 % is liquidation), equity, margin used. The figures are the
 * venue's; the ratios and distances are core/risk.ts's. Narrow panes drop the later pieces first.
 */
import { Text } from 'ink';
import { isDecimal, mul, toFixed } from '../../src/core/decimal.js';
import { liquidationDistance, marginRatio, pnlOnMargin, untilFunding } from '../../src/core/risk.js';
import type { QuantState } from '../../src/store/state.js';
import { useNowFor, useQuant } from '../context.js';
import { clip, duration, fitSegments } from '../format.js';
import { formatMoney, formatPrice } from '../quantity.js';

const pct = (v: string, places = 2) => `${toFixed(v, places, 'half_up')} %`;
const signedPct = (v: string) => `${v.startsWith('-') ? '' : '+'}${pct(v)}`;

/** Red within 5 % of liquidation, yellow within 15 %. */
function distanceColour(distance: string | undefined): 'red' | 'yellow' | undefined {
  if (distance === undefined) return undefined;
  const d = Number(distance);
  return d < 5 ? 'red' : d < 15 ? 'yellow' : undefined;
}

/** The words of the position line, and the colour its liquidation distance gives it. */
export type RiskSlice = Pick<QuantState, 'session' | 'positions' | 'leverage' | 'funding'>;

export function positionRiskText(s: RiskSlice, now: number, width: number): { text: string; colour?: 'red' | 'yellow' } {
  const symbol = s.session?.symbol;
  if (symbol === undefined) return { text: '' };
  const ins = s.session?.instrument?.symbol === symbol ? s.session.instrument : undefined;
  const p = s.positions[symbol];
  const lev = s.leverage[symbol];
  // With a position, its liquidation price and its leverage come from one read: the account's
  // setting, read apart, runs ahead of it for a moment after `:lev` (a 40x beside 10x's liq).
  const leverage = p?.leverage ?? lev?.leverage;
  const mode = p?.marginMode ?? lev?.marginMode;
  const f = s.funding[symbol];
  const left = untilFunding(f?.nextFundingTime, now, f?.intervalMs);
  const funding = f === undefined ? '' : `funding ${pct(mul(f.rate, '100'), 4)}${left === undefined ? '' : ` in ${duration(left)}`}`;
  const setting = leverage === undefined ? '' : `${leverage}x${mode === undefined ? '' : ` ${mode}`}`;
  if (p === undefined) {
    const pieces = fitSegments(
      [
        { text: `${symbol} flat`, priority: 0 },
        { text: setting, priority: 1 },
        { text: funding, priority: 2 },
      ],
      width,
      ' · ',
    );
    return { text: pieces.map((x) => x.text).join(' · ') };
  }
  const distance = liquidationDistance(p.qty, p.markPrice, p.liquidationPrice);
  const liq =
    p.liquidationPrice === undefined ? 'liq none' : `liq ${formatPrice(p.liquidationPrice, ins)}${distance === undefined ? '' : ` (${pct(distance)})`}`;
  const roe = pnlOnMargin(p.unrealizedPnl, p.margin);
  const be = p.breakEvenPrice !== undefined && isDecimal(p.breakEvenPrice) ? `BE ${formatPrice(p.breakEvenPrice, ins)}` : '';
  const pieces = fitSegments(
    [
      { text: liq, priority: 0 },
      { text: setting, priority: 1 },
      { text: roe === undefined ? '' : `uPnL ${signedPct(roe)} of margin`, priority: 2 },
      { text: be, priority: 4 },
      { text: funding, priority: 3 },
    ],
    width,
    ' · ',
  );
  const colour = distanceColour(distance);
  return { text: pieces.map((x) => x.text).join(' · '), ...(colour === undefined ? {} : { colour }) };
}

/** A margin ratio's colour: red from 80 %, yellow from 50 % (the overview's rows use it too). */
export function marginRatioColour(ratio: string | undefined): 'red' | 'yellow' | undefined {
  const n = ratio === undefined ? 0 : Number(ratio);
  return n >= 80 ? 'red' : n >= 50 ? 'yellow' : undefined;
}

/** The words of the account line: margin ratio first (it is what says "close to liquidation"). */
export function accountRiskText(s: Pick<QuantState, 'accountRisk'>, width: number): { text: string; colour?: 'red' | 'yellow' } {
  const r = s.accountRisk;
  if (r === null) return { text: 'account risk not read yet' };
  const ratio = marginRatio(r.maintMargin, r.equity);
  const money = (v: string) => formatMoney(v, r.asset);
  const pieces = fitSegments(
    [
      { text: ratio === undefined ? '' : `margin ratio ${pct(ratio)}`, priority: 0 },
      { text: `equity ${money(r.equity)}`, priority: 1 },
      { text: `margin used ${money(r.marginUsed)}`, priority: 2 },
      { text: r.maintMargin === undefined ? '' : `maint ${money(r.maintMargin)}`, priority: 3 },
    ],
    width,
    ' · ',
  );
  const colour = marginRatioColour(ratio);
  return { text: pieces.map((x) => x.text).join(' · '), ...(colour === undefined ? {} : { colour }) };
}

export function PositionRiskLine({ width }: { width: number }) {
  // Each slice is its own stable reference: selecting a fresh object would re-render forever.
  const session = useQuant((s) => s.session);
  const positions = useQuant((s) => s.positions);
  const leverage = useQuant((s) => s.leverage);
  const funding = useQuant((s) => s.funding);
  const now = useNowFor((t) => positionRiskText({ session, positions, leverage, funding }, t, width).text);
  const { text, colour } = positionRiskText({ session, positions, leverage, funding }, now, width);
  return (
    <Text wrap="truncate" {...(colour === undefined ? {} : { color: colour })}>
      {clip(text, width)}
    </Text>
  );
}

export function AccountRiskLine({ width }: { width: number }) {
  const accountRisk = useQuant((s) => s.accountRisk);
  const { text, colour } = accountRiskText({ accountRisk }, width);
  return (
    <Text wrap="truncate" {...(colour === undefined ? { dimColor: text.endsWith('not read yet') } : { color: colour })}>
      {clip(text, width)}
    </Text>
  );
}
