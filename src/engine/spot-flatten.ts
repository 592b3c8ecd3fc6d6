/**
 * The engine's flatten on a spot session (docs/spot.md "Flatten on spot"): no position to close,
 * base to sell back to the quote. It takes the cockpit's path: the same plan
 * (core/spot-flatten.ts `planSpotFlatten`: the session's amount or all that is free, rounded down to
 * the step, checked against the venue's minimums at the mark) and the same order (`spotSellOrder`,
 * one market sell through `place` and its guard). What differs is where the inputs come from: the
 * cockpit reads the store; the engine reads the base's balance fresh from the venue, as a perps
 * flatten reads the position, and the session's holding from its own ledger (`SessionLedger`), folded
 * from the fills the account records by the store's rule (store/spot.ts `foldSessionFill`).
 * Nobody is asked here: the cockpit asks before it sends (and sends a `place`); an engine-level
 * caller (a chaos run) has already decided.
 */
import { sub } from '../core/decimal.js';
import { sameAsset } from '../core/holdings.js';
import { planSpotFlatten, type SpotAmount, type SpotFlattenPlan, type SpotSellOrder, spotSellOrder } from '../core/spot-flatten.js';
import { applySpotFill, emptyLedger, type SpotLedger } from '../core/spot-ledger.js';
import type { Balance, Fill, Instrument } from '../core/types.js';
import type { ActionResult } from './actions.js';

/** The session's spot ledger: its own fills of its symbol, from the session's start (venue time). */
export class SessionLedger {
  readonly #since: number;
  #ledger: SpotLedger;

  /** `sinceVenueMs`: the session's start on the venue clock; older fills (the first snapshot's) are not its. */
  constructor(instrument: Pick<Instrument, 'symbol' | 'base' | 'quote'>, sinceVenueMs: number) {
    this.#since = sinceVenueMs;
    this.#ledger = emptyLedger(instrument);
  }

  get ledger(): SpotLedger {
    return this.#ledger;
  }

  /** A fill the account recorded (once per trade id). */
  observe(fill: Fill): void {
    if (fill.symbol !== this.#ledger.symbol || fill.time < this.#since) return;
    this.#ledger = applySpotFill(this.#ledger, fill);
  }
}

export interface SpotFlattenDeps {
  instrument: Instrument;
  ledger: SpotLedger;
  /** The account's balances as the venue says them now (critical lane). */
  balances(): Promise<Balance[]>;
  /** The price the minimum order value is judged at, if one is known. */
  mark(): Promise<string | undefined>;
  place(order: SpotSellOrder): Promise<ActionResult>;
}

/** The plan, from the venue's balance of the base and the session's ledger. */
export async function planEngineSpotFlatten(d: SpotFlattenDeps, amount?: SpotAmount): Promise<SpotFlattenPlan> {
  const held = (await d.balances()).find((b) => sameAsset(b.asset, d.instrument.base));
  const mark = await d.mark();
  return planSpotFlatten({
    sessionQty: d.ledger.qty,
    freeQty: held?.available ?? '0',
    lockedQty: held === undefined ? '0' : sub(held.wallet, held.available),
    instrument: d.instrument,
    ...(amount === undefined ? {} : { amount }),
    ...(mark === undefined ? {} : { mark }),
  });
}

export async function flattenSpot(d: SpotFlattenDeps, amount?: SpotAmount): Promise<ActionResult> {
  const ins = d.instrument;
  const plan = await planEngineSpotFlatten(d, amount);
  // Nothing sellable is not a failure: a spot session is as flat as it can be (the perps "already flat").
  if (plan.kind === 'nothing') return { ok: true, message: `${ins.symbol}: nothing to sell — ${plan.reason}` };
  if (plan.kind === 'below-minimum') return { ok: true, message: `${ins.symbol}: not sent — ${plan.reason}` };
  const sent = await d.place(spotSellOrder(plan, ins));
  if (!sent.ok) return sent;
  const which = plan.amount === 'session' ? 'what this session bought' : `all ${ins.base} free`;
  return { ...sent, message: `selling ${plan.qty} ${ins.base} for ${ins.quote} at market (${which})` };
}
