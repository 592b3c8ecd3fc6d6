/**
 * A spot chaos run's end: the base wallet it starts from, the end-of-run flatten of what the
 * session bought (the cockpit's `:flatten session`), and the judgement of what is left and whether
 * the venue's balance moved as the session ledger says. Perpetual runs have none of this.
 */
import { eq, sub } from '../core/decimal.js';
import { sameAsset } from '../core/holdings.js';
import { planSpotFlatten } from '../core/spot-flatten.js';
import type { Instrument } from '../core/types.js';
import type { FileLogger } from '../log/index.js';
import type { Engine } from '../engine/engine.js';
import type { ChaosOptions } from './run.js';
import type { SpotEndFigures } from './report.js';
import { atMost, reconcile, until } from './settle.js';

export function baseWallet(e: Engine, instrument: Instrument): string | undefined {
  return e.account.allBalances().find((b) => b.asset === instrument.base)?.wallet;
}

/** The base wallet before the first order (the startup reconcile reads balances; waited for, bounded). */
export async function startingBase(e: Engine, instrument: Instrument): Promise<string> {
  await until(() => baseWallet(e, instrument) !== undefined, 30_000, `the ${instrument.base} balance`);
  return baseWallet(e, instrument) as string;
}

/** What the end-of-run spot flatten did: its line, and the base it sold (the venue's fills of its order). */
export interface EndFlatten {
  message: string;
  clientOrderId?: string;
}

/**
 * Spot only, faults off: cancel what rests (a resting sell locks base the session bought, a resting
 * buy would buy more after the flatten), reconcile (a fill the faults kept from the stream would
 * otherwise be missing from what the session holds: seen, a buy recovered only by the final
 * reconcile and left unsold), then the engine's flatten of what this session bought, the cockpit's
 * plan (engine/spot-flatten.ts), and wait for its order to settle.
 */
export async function flattenAtEnd(e: Engine, progress: ChaosOptions['progress']): Promise<EndFlatten> {
  await e.cancelAll({ protective: 'include' });
  await atMost(Promise.allSettled(e.orders.all().map((t) => t.settled)), 30_000);
  await reconcile(e);
  const r = await e.flatten({ amount: 'session' });
  const message = r.ok ? (r.message ?? '') : `failed: ${r.error}`;
  progress?.(`chaos: end-of-run flatten: ${message}`);
  if (r.ok && r.clientOrderId !== undefined) {
    const tracked = e.orders.get(r.clientOrderId);
    if (tracked !== undefined) await atMost(tracked.settled, 30_000);
    return { message, clientOrderId: r.clientOrderId };
  }
  return { message };
}

/**
 * After the end-of-run flatten and the final reconcile: whether the session still holds base a
 * `:flatten session` would sell (it should have been sold), and whether the venue's own balance of
 * the base (asked now, over REST) moved by what the engine's session ledger says it bought and sold.
 */
export async function judgeSpotEnd(
  e: Engine,
  instrument: Instrument,
  baseAtStart: string,
  endFlatten: EndFlatten | undefined,
  logger: FileLogger,
): Promise<{ left: number; mismatch: number; sold: string; figures: SpotEndFigures }> {
  const ledger = e.spotLedger();
  const balances = await e.rest.run({ ...e.adapter.balances(), lane: 'critical' });
  const venueBase = balances.find((b) => sameAsset(b.asset, instrument.base));
  const venueMoved = sub(venueBase?.wallet ?? '0', baseAtStart);
  const ledgerMoved = ledger === undefined ? '0' : sub(ledger.qty, ledger.priorSold);
  // The engine's reference price (the streamed mid): the minimum order value is judged at it, as the flatten judged.
  const mark = e.signContext().referencePrice?.(instrument.symbol);
  const plan = planSpotFlatten({
    sessionQty: ledger?.qty ?? '0',
    freeQty: venueBase?.available ?? '0',
    lockedQty: venueBase === undefined ? '0' : sub(venueBase.wallet, venueBase.available),
    instrument,
    amount: 'session',
    ...(mark === undefined ? {} : { mark }),
  });
  const sold = endFlatten?.clientOrderId === undefined ? '0' : (e.orders.get(endFlatten.clientOrderId)?.order.filledQty ?? '0');
  const figures: SpotEndFigures = {
    flatten: endFlatten?.message ?? 'not run',
    sold,
    sessionLeft: ledger?.qty ?? '0',
    venueBaseMoved: venueMoved,
    ledgerBaseMoved: ledgerMoved,
  };
  const left = plan.kind === 'sell' ? 1 : 0;
  const mismatch = eq(venueMoved, ledgerMoved) ? 0 : 1;
  if (left > 0 || mismatch > 0) logger.logger.error({ ...figures, plan, venueBase, ledger }, 'spot end-of-run flatten');
  return { left, mismatch, sold, figures };
}

