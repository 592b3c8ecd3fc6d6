/**
 * The gatekeeper (docs/signals.md §Gatekeeper): from the synthesizer's signals, the walk-forward
 * gate's results, the position and each strategy's lifecycle, it proposes at most one of five
 * actions per strategy — apply, retire, revive, fan-out, promote — each listing exactly the orders
 * `y` would send. Pure: the runner (src/engine/signals/runner.ts) hands everything in and sends
 * nothing until the trader accepts (or the account's automatic mode does).
 *
 * Precedence per strategy, the first that holds wins:
 *   retired and its gate passes again on some timeframe          → revive (no orders; tier 1)
 *   active and its gate passes on no timeframe                    → retire (cancel its orders, close what it holds)
 *   active, a signal whose horizon its gate passes, nothing held → apply (entry, then stop + target),
 *                                                                    or fan-out when the cockpit is a desk group
 *   active, gate passing, enough fills at its tier, next tier within the guard → promote
 * A strategy with an open proposal gets no second one; a signal the trader declined is not
 * proposed again while the synthesizer keeps saying it. An open proposal whose reason is gone
 * expires: an apply whose signal or gate is gone, or whose entry the market has left behind (the
 * signal's price is now past the entry's limit); a retire whose gate passes again; a revive or a
 * promote whose gate passes nowhere.
 *
 * An apply's entry is a marketable limit: the signal's price plus a chase on the paying side (a
 * quarter of the stop's distance, at most 0.5 % of the price), so `y` takes the touch at once when
 * the market is still near the signal, and rests in plain view at that limit when it has run.
 */
import { abs, add, gt, isDecimal, isZero, lt, min, mul, neg, normalize, sign, sub } from '../decimal.js';
import { type FanOutTarget, fanOutSize } from '../fan-out.js';
import type { GuardLimits } from '../order-guard.js';
import { roundQty, roundToStep } from '../rounding.js';
import type { DecimalString, Instrument, Side } from '../types.js';
import type { GateResult, Proposal, ProposalAction, ProposedOrder, Signal, Timeframe } from './types.js';

/** A strategy as the runner tracks it on one account and symbol. */
export interface StrategyState {
  name: string;
  status: 'active' | 'retired';
  /** 1-based size tier: the entry's size is `policy.tiers[tier - 1]`. */
  tier: number;
  /** Entries of its applies at this tier that filled (a promote needs `policy.promoteAfter`). */
  fills: number;
  /** Its orders still open on the venue (client ids): a retire cancels them; an apply waits for them. */
  orders: readonly string[];
  /** What it holds of the symbol's position (signed, base units), after its entry filled. */
  holds?: DecimalString;
}

export interface GatekeeperPolicy {
  /** The entry's size per tier, in the instrument's units, smallest first. */
  tiers: readonly DecimalString[];
  /** Filled entries at a tier before a promote is proposed. */
  promoteAfter: number;
  /** The account's guard: a promote whose size it would refuse is not proposed. */
  guard?: GuardLimits;
}

/** The desk group a fan-out would go to: the lead (this account) and every member's sizing. */
export interface GroupPlan {
  name: string;
  lead: string;
  members: readonly { account: string; target: FanOutTarget }[];
}

export interface GatekeeperInput {
  account: string;
  symbol: string;
  instrument: Instrument;
  signals: readonly Signal[];
  /** The latest gate result per strategy on this symbol. */
  gates: readonly GateResult[];
  strategies: readonly StrategyState[];
  /** The symbol's position on this account, signed. */
  position: DecimalString;
  /** The symbol's price now (the mid): what a promote's next size is judged at against the guard. */
  price?: DecimalString;
  /** Proposals still open (status 'open'). */
  open: readonly Proposal[];
  /** Signals the trader declined (by `signalKey`): not proposed again. */
  declined: ReadonlySet<string>;
  policy: GatekeeperPolicy;
  /** When the cockpit is a desk with a group: an apply becomes a fan-out to it. */
  group?: GroupPlan;
  now: number;
  /** Ids of the new proposals: `${idPrefix}${seq}`, `${idPrefix}${seq + 1}` … */
  idPrefix: string;
  seq: number;
}

export interface GatekeeperOutput {
  proposals: Proposal[];
  /** Open proposals whose reason is gone (see the file's head): their ids. */
  expired: string[];
  /** Why each of `expired` expired, by id: the pane's outcome line. */
  why: Record<string, string>;
}

/**
 * A signal's identity across runs: the same trade said again is the same key. Its levels are left
 * out on purpose: they move with every bar, and keyed on them an open apply would expire nearly
 * every bar and a declined signal would come back a tick later.
 */
export function signalKey(s: Signal): string {
  return [s.strategy ?? '', s.symbol, s.side, s.horizon].join(' ');
}

const closing = (side: Side): Side => (side === 'buy' ? 'sell' : 'buy');

/** Timeframes the gate passes (row and aggregate both: `passes`). */
export function passingTimeframes(gate: GateResult | undefined): Timeframe[] {
  if (gate === undefined) return [];
  return (Object.entries(gate.passes) as [Timeframe, boolean | undefined][]).filter(([, ok]) => ok === true).map(([tf]) => tf);
}

/** How far past the signal's price an entry may pay: this share of the stop's distance… */
export const ENTRY_CHASE_OF_STOP = '0.25';
/** …and never more than this share of the price (well inside a guard's price band: 5 % by default). */
export const ENTRY_CHASE_MAX = '0.005';

/**
 * The entry's limit: the signal's price moved toward paying by the chase (a buy's up, a sell's down),
 * rounded back toward the signal's price onto the tick. A buy limit at or above the ask takes the
 * book at once at the book's prices; the chase only caps how far it may reach. So the risk to the
 * stop grows by at most a quarter when the whole chase is paid.
 */
export function entryLimit(signal: Signal, tick: string): DecimalString {
  const chase = min(mul(abs(sub(signal.entry, signal.stop)), ENTRY_CHASE_OF_STOP), mul(signal.entry, ENTRY_CHASE_MAX));
  const buy = signal.side === 'buy';
  const limit = roundToStep(buy ? add(signal.entry, chase) : sub(signal.entry, chase), tick, buy ? 'floor' : 'ceil');
  // Never on the other side of the signal's own price (an entry off the tick rounds back to it).
  if (buy ? lt(limit, signal.entry) : gt(limit, signal.entry)) return signal.entry;
  return limit;
}

/** The market has left an open apply's entry behind: the signal's price now is past its limit. */
function entryLeftBehind(p: Proposal, now: Signal): boolean {
  const entry = p.orders.find((o) => o.type === 'limit' && o.account === p.orders[0]?.account);
  if (entry?.price === undefined || !isDecimal(now.entry)) return false;
  return now.side === 'buy' ? gt(now.entry, entry.price) : lt(now.entry, entry.price);
}

/** The entry at its limit (entryLimit), then the stop and the target on the closing side, reduce-only, for the same size. */
export function bracketOrders(account: string, signal: Signal, qty: DecimalString, tick: string): ProposedOrder[] {
  const exit = closing(signal.side);
  return [
    { account, symbol: signal.symbol, side: signal.side, type: 'limit', qty, price: entryLimit(signal, tick), reduceOnly: false },
    { account, symbol: signal.symbol, side: exit, type: 'stop', qty, price: signal.stop, reduceOnly: true },
    { account, symbol: signal.symbol, side: exit, type: 'take-profit', qty, price: signal.target, reduceOnly: true },
  ];
}

/** A signal whose levels make a bracket: the stop on the losing side of the entry, the target on the winning side. */
export function coherent(s: Signal): boolean {
  if (![s.entry, s.stop, s.target].every((x) => isDecimal(x) && gt(x, '0'))) return false;
  return s.side === 'buy' ? gt(s.entry, s.stop) && gt(s.target, s.entry) : gt(s.stop, s.entry) && gt(s.entry, s.target);
}

/** The tier's size on the instrument's step, or undefined when it rounds below the minimum. */
function tierQty(policy: GatekeeperPolicy, tier: number, instrument: Instrument): DecimalString | undefined {
  const raw = policy.tiers[tier - 1];
  if (raw === undefined || !isDecimal(raw)) return undefined;
  const qty = normalize(roundQty(raw, instrument.stepSize));
  if (!gt(qty, '0') || (isDecimal(instrument.minQty) && gt(instrument.minQty, qty))) return undefined;
  return qty;
}

/** Why the guard would refuse an entry of `qty` at `price` on top of `position`, or undefined. */
export function guardProblem(
  guard: GuardLimits | undefined,
  instrument: Instrument,
  side: Side,
  qty: DecimalString,
  price: DecimalString,
  position: DecimalString,
): string | undefined {
  if (guard === undefined) return undefined;
  const unit = mul(price, instrument.contractSize ?? '1');
  const notional = mul(qty, unit);
  if (guard.maxOrderNotional !== undefined && gt(notional, guard.maxOrderNotional))
    return `${normalize(notional)} ${instrument.quote} is over the ${guard.maxOrderNotional} limit per order`;
  const after = add(position, side === 'buy' ? qty : neg(qty));
  const exposure = mul(abs(after), unit);
  if (guard.maxPositionNotional !== undefined && gt(exposure, guard.maxPositionNotional))
    return `it would leave ${normalize(exposure)} ${instrument.quote} of position, over the ${guard.maxPositionNotional} limit`;
  return undefined;
}

/** The signal a strategy takes: its own, else one without a strategy whose horizon its gate passes. */
function signalFor(name: string, passing: readonly Timeframe[], input: GatekeeperInput, taken: Set<string>): Signal | undefined {
  const usable = (s: Signal) =>
    s.symbol === input.symbol && passing.includes(s.horizon) && coherent(s) && !input.declined.has(signalKey(s)) && !taken.has(signalKey(s));
  return input.signals.find((s) => s.strategy === name && usable(s)) ?? input.signals.find((s) => s.strategy === undefined && usable(s));
}

export function gatekeep(input: GatekeeperInput): GatekeeperOutput {
  const proposals: Proposal[] = [];
  const expired: string[] = [];
  const gateOf = (name: string) => input.gates.find((g) => g.strategy === name && g.symbol === input.symbol);
  const why: Record<string, string> = {};
  const current = new Map(input.signals.map((s) => [signalKey(s), s] as const));
  const busy = new Set<string>();
  const taken = new Set<string>();

  for (const p of input.open) {
    const reason = staleness(p, current, gateOf(p.strategy));
    if (reason !== undefined) {
      expired.push(p.id);
      why[p.id] = reason;
    } else {
      busy.add(p.strategy);
      if (p.signal !== undefined) taken.add(signalKey(p.signal));
    }
  }

  let seq = input.seq;
  const propose = (strategy: string, action: ProposalAction, reason: string, orders: ProposedOrder[], extra: Partial<Proposal> = {}) => {
    proposals.push({ id: `${input.idPrefix}${seq++}`, strategy, action, symbol: input.symbol, orders, reason, status: 'open', at: input.now, ...extra });
    busy.add(strategy);
  };

  for (const st of input.strategies) {
    if (busy.has(st.name)) continue;
    const gate = gateOf(st.name);
    const passing = passingTimeframes(gate);

    if (st.status === 'retired') {
      if (passing.length > 0) propose(st.name, 'revive', `its gate passes again on ${passing.join(', ')}: back to active at tier 1`, []);
      continue;
    }

    if (gate !== undefined && passing.length === 0) {
      const orders: ProposedOrder[] = [];
      const held = st.holds !== undefined && !isZero(st.holds) ? st.holds : undefined;
      // What it holds, but never more than the account's position: a close never flips it.
      const close = held === undefined || sign(held) !== sign(input.position) ? undefined : gt(abs(held), abs(input.position)) ? abs(input.position) : abs(held);
      if (close !== undefined && held !== undefined)
        orders.push({ account: input.account, symbol: input.symbol, side: sign(held) > 0 ? 'sell' : 'buy', type: 'market', qty: close, reduceOnly: true });
      const what = [st.orders.length > 0 ? `cancel its ${st.orders.length} open order(s)` : '', close === undefined ? '' : `close ${close} at market`]
        .filter((w) => w !== '')
        .join(', ');
      const evText = `out-of-sample EV ${gate.aggregate.meanPct.toFixed(3)} % [${gate.aggregate.lowPct.toFixed(3)}, ${gate.aggregate.highPct.toFixed(3)}]`;
      propose(st.name, 'retire', `its gate passes on no timeframe (${evText}): stop it${what === '' ? '' : `; ${what}`}`, orders, st.orders.length > 0 ? { cancels: [...st.orders] } : {});
      continue;
    }
    if (passing.length === 0) continue;

    const signal = st.orders.length === 0 && (st.holds === undefined || isZero(st.holds)) ? signalFor(st.name, passing, input, taken) : undefined;
    const against = signal !== undefined && !isZero(input.position) && sign(input.position) !== (signal.side === 'buy' ? 1 : -1);
    const qty = tierQty(input.policy, st.tier, input.instrument);
    if (signal !== undefined && !against && qty !== undefined && guardProblem(input.policy.guard, input.instrument, signal.side, qty, signal.entry, input.position) === undefined) {
      taken.add(signalKey(signal));
      const because = `${signal.source} signal ${signal.side} ${signal.symbol} (${signal.horizon}, confidence ${signal.confidence.toFixed(2)}); gate passes on ${passing.join(', ')}; tier ${st.tier}`;
      if (input.group !== undefined && input.group.members.length > 1) {
        const orders = fanOutOrders(input, input.group, signal, qty);
        propose(st.name, 'fan-out', `${because}; to the group ${input.group.name}`, orders, { signal });
      } else propose(st.name, 'apply', because, bracketOrders(input.account, signal, qty, input.instrument.tickSize), { signal });
      continue;
    }

    const next = tierQty(input.policy, st.tier + 1, input.instrument);
    if (next !== undefined && st.fills >= input.policy.promoteAfter && input.price !== undefined) {
      const refusal = guardProblem(input.policy.guard, input.instrument, 'buy', next, input.price, '0');
      if (refusal === undefined)
        propose(st.name, 'promote', `${st.fills} filled entries at tier ${st.tier} and its gate passes on ${passing.join(', ')}: tier ${st.tier + 1} (${next} per entry), within the guard`, []);
    }
  }
  return { proposals, expired, why };
}

/** Why an open proposal no longer holds, or undefined while it does. */
function staleness(p: Proposal, current: ReadonlyMap<string, Signal>, gate: GateResult | undefined): string | undefined {
  const passing = passingTimeframes(gate);
  switch (p.action) {
    case 'apply':
    case 'fan-out': {
      const now = p.signal === undefined ? undefined : current.get(signalKey(p.signal));
      if (p.signal === undefined || now === undefined || !passing.includes(p.signal.horizon)) return 'its signal or its gate is gone';
      if (entryLeftBehind(p, now)) return `the market left its entry behind (the signal's price is ${now.entry} now): proposed again at the new price`;
      return undefined;
    }
    case 'retire':
      return gate !== undefined && passing.length > 0 ? `its gate passes again on ${passing.join(', ')}` : undefined;
    case 'revive':
    case 'promote':
      return passing.length === 0 ? 'its gate passes on no timeframe now' : undefined;
  }
}

/**
 * A fan-out's orders: the entry on every member, sized as the desk sizes a fan-out (core/fan-out.ts),
 * and the lead's stop and target. Members whose size cannot be sent are left out (the reason is
 * the fan-out's own when it is sent).
 */
function fanOutOrders(input: GatekeeperInput, group: GroupPlan, signal: Signal, qty: DecimalString): ProposedOrder[] {
  const out: ProposedOrder[] = [];
  const lead = { side: signal.side, type: 'limit' as const, qty, price: entryLimit(signal, input.instrument.tickSize) };
  for (const m of group.members) {
    if (m.account === group.lead) {
      out.push(bracketOrders(m.account, signal, qty, input.instrument.tickSize)[0]!);
      continue;
    }
    const size = fanOutSize(lead, input.instrument, m.target);
    if (size.kind !== 'send') continue;
    out.push({ account: m.account, symbol: size.symbol, side: signal.side, type: 'limit', qty: size.qty, ...(size.price === undefined ? {} : { price: size.price }), reduceOnly: false });
  }
  out.push(...bracketOrders(group.lead, signal, qty, input.instrument.tickSize).slice(1));
  return out;
}

/** `buy 0.001 BTCUSDT limit 95000`, `sell 0.001 BTCUSDT stop 94000 reduce-only` — an order as Enter shows it. */
export function describeProposedOrder(o: ProposedOrder, withAccount = false): string {
  const words = [o.side, o.qty, o.symbol, o.type];
  if (o.price !== undefined) words.push(o.price);
  if (o.reduceOnly) words.push('reduce-only');
  return withAccount ? `${o.account}: ${words.join(' ')}` : words.join(' ');
}
