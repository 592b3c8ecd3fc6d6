/**
 * What can be checked of a key where the venue will not say what it may do (Binance testnet and
 * demo have no key-permission endpoint): each step sent through a REST-only engine like any
 * request, and each answered in words.
 *
 *   time            the venue's clock answers (unsigned): the host is reachable, the offset is known
 *   signature       a signed account read (balances) is accepted: the key exists in this
 *                   environment, the secret signs, the key may read
 *   test order      where the venue has a test-order endpoint: the smallest order of the venue's
 *                   default symbol, checked like a new order and never placed. A refusal for the
 *                   key (signature, permission) fails the step; a refusal of the sample order
 *                   itself (its size, its value) means the key's trading right was accepted
 *
 * What this cannot tell — withdrawal and transfer rights, the IP binding — the caller says.
 */
import { errorMessage } from '../core/error-message.js';
import { cmp, div, mul, normalize } from '../core/decimal.js';
import { roundToStep } from '../core/rounding.js';
import type { Instrument, OrderIntent } from '../core/types.js';
import { venueDescriptor } from '../venues/descriptors.js';
import type { Engine } from './engine.js';
import { type StandalonePreflight, standaloneEngine } from './preflight.js';
import { VenueRequestError } from './rest.js';

export interface ProbeStep {
  what: 'time' | 'signature and account read' | 'test order';
  /** `skipped`: the venue has no such endpoint. */
  outcome: 'ok' | 'failed' | 'skipped';
  detail: string;
}

/** Venue refusals that are about the key, not about the sample order. */
const KEY_MEANINGS = new Set(['signature', 'auth', 'permission', 'timestamp']);

/** The sample order: the minimum size, raised to the venue's minimum value at `price` when there is one. */
export function sampleIntent(instrument: Instrument, price: string | undefined): OrderIntent {
  let qty = instrument.minQty;
  if (price !== undefined && cmp(instrument.minNotional, '0') > 0) {
    const needed = roundToStep(div(mul(instrument.minNotional, '1.1'), price, 12, 'ceil'), instrument.stepSize, 'ceil');
    if (cmp(needed, qty) > 0) qty = needed;
  }
  return {
    symbol: instrument.symbol,
    side: 'buy',
    type: 'market',
    qty: normalize(qty),
    reduceOnly: false,
    postOnly: false,
    clientOrderId: `qdprobe${Date.now().toString(36)}`,
  };
}

async function step(what: ProbeStep['what'], fn: () => Promise<string>): Promise<ProbeStep> {
  try {
    return { what, outcome: 'ok', detail: await fn() };
  } catch (error) {
    return { what, outcome: 'failed', detail: errorMessage(error) };
  }
}

async function testOrder(engine: Engine, symbol: string): Promise<ProbeStep> {
  const plan = engine.adapter.testOrder;
  if (plan === undefined) return { what: 'test order', outcome: 'skipped', detail: `${engine.adapter.name} has no test-order endpoint` };
  let intent: OrderIntent;
  try {
    const instrument = (await engine.rest.run(engine.adapter.instruments())).find((i) => i.symbol === symbol);
    if (instrument === undefined) return { what: 'test order', outcome: 'skipped', detail: `${symbol} is not listed here` };
    const quote = engine.adapter.quote === undefined ? undefined : await engine.rest.run(engine.adapter.quote(symbol));
    intent = sampleIntent(instrument, quote);
  } catch (error) {
    return { what: 'test order', outcome: 'failed', detail: `the instruments could not be read: ${errorMessage(error)}` };
  }
  const what = `a market BUY of ${intent.qty} ${symbol}`;
  try {
    await engine.rest.run(plan(intent));
    return { what: 'test order', outcome: 'ok', detail: `${what} was accepted as a test (nothing was placed): the key may trade` };
  } catch (error) {
    if (error instanceof VenueRequestError && !KEY_MEANINGS.has(error.meaning)) {
      return {
        what: 'test order',
        outcome: 'ok',
        detail: `the key's trading right was accepted; the venue judged the sample order itself (${error.message}); nothing was placed`,
      };
    }
    return { what: 'test order', outcome: 'failed', detail: `${what} was refused for the key: ${errorMessage(error)}` };
  }
}

/** Runs every step (a failed one does not stop the next), then stops the engine. */
export async function probeKey(via: StandalonePreflight): Promise<ProbeStep[]> {
  const engine = standaloneEngine(via);
  try {
    const steps: ProbeStep[] = [];
    steps.push(
      await step('time', async () => {
        await engine.timeSync.resync('key check');
        const last = engine.timeSync.history().at(-1);
        const offset = last === undefined ? '' : ` (offset ${last.offsetMs >= 0 ? '+' : ''}${Math.round(last.offsetMs)} ms ±${Math.round(last.uncertaintyMs)})`;
        return `the venue's clock answered${offset}`;
      }),
    );
    steps.push(
      await step('signature and account read', async () => {
        const balances = await engine.rest.run(engine.adapter.balances());
        return `a signed account read was accepted (${balances.length} balance${balances.length === 1 ? '' : 's'})`;
      }),
    );
    const symbol = venueDescriptor(engine.adapter.id).defaultSymbol;
    steps.push(await testOrder(engine, symbol));
    return steps;
  } finally {
    await engine.stop();
  }
}
