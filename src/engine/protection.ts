/**
 * Protective orders placed, sized and cleaned up by the engine (docs/orders.md "Protective
 * orders"): `:stop`, `:tp` and `:bracket` are reduce-only market orders behind a trigger, sized
 * to the position as the venue reports it when they are sent, on the side that closes it,
 * triggered by the mark price. They rest on the venue, so they hold when this process is gone.
 * Once the position is flat (a flatten filled, or one leg of a bracket fired) the symbol's other
 * protective orders are cancelled: a reduce-only stop left behind a flat position would wait for
 * the next position and close it by surprise.
 *
 *   stop/tp/bracket ─► live position (REST, critical) ─► trigger checked against its mark ─► place
 *   protective order triggered/filled, or flatten filled ─► position flat? ─► cancel the rest
 */
import { abs, gt } from '../core/decimal.js';
import { errorMessage } from '../core/error-message.js';
import { closingSide, TRIGGER_WORD, triggerProblem } from '../core/protection.js';
import { type Instrument, isProtective, type Order, type Position, type Trigger } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';
import type { ActionResult, ProtectOptions } from './actions.js';
import type { OrderManager, TrackedOrder } from './orders.js';
import type { RestExecutor } from './rest.js';
import { livePosition } from './live-position.js';
import type { AccountState } from './account.js';

export interface ProtectionDeps {
  symbol: string;
  adapter: Pick<RestAdapter, 'positions'>;
  rest: Pick<RestExecutor, 'run'>;
  orders: Pick<OrderManager, 'place' | 'cancelProtective'>;
  /** The session symbol's instrument, when loaded. */
  instrument(): Instrument | undefined;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  /** Waits before asking the position again (flat after a trigger takes a fill to land). */
  sleep(ms: number): Promise<void>;
  /** False once the session is stopping: a cleanup under way asks nothing more. */
  active?(): boolean;
}

/** How many times, and how far apart, the position is asked before a cleanup gives up. */
const FLAT_CHECKS_MS = [0, 250, 500, 1_000, 2_000, 4_000];

/**
 * One protective order on the closing side. Sized to the position now, or a close-position order
 * (the size stays on the intent for the screen; each adapter sends its venue's whole-position form).
 */
function placeOne(d: ProtectionDeps, position: Position, kind: Trigger['kind'], price: string, closePosition = false, size?: string): TrackedOrder {
  const whole = abs(position.qty);
  return d.orders.place({
    symbol: d.symbol,
    side: closingSide(position.qty),
    type: 'market',
    qty: size !== undefined && !closePosition && gt(whole, size) ? size : whole,
    reduceOnly: true,
    postOnly: false,
    trigger: { kind, price, by: 'mark' },
    ...(closePosition ? { closePosition: true } : {}),
  });
}

/** `:stop PRICE` / `:tp PRICE` (`all`: a close-position order): one protective order covering the whole position. */
export async function protect(deps: ProtectionDeps, kind: Trigger['kind'], price: string, options: ProtectOptions = {}): Promise<ActionResult> {
  const other = options.symbol !== undefined && options.symbol !== deps.symbol;
  // Another symbol than the session's: the session's instrument (its tick) does not apply to it.
  const d = other ? withDeps(deps, { symbol: { value: options.symbol }, instrument: { value: () => undefined } }) : deps;
  const position = await livePosition(d);
  const problem = triggerProblem(position?.qty ?? '0', position?.markPrice ?? '0', kind, price, d.instrument()?.tickSize);
  if (problem !== undefined) return { ok: false, error: problem };
  const p = position!;
  const whole = options.closePosition === true;
  if (options.qty !== undefined && !gt(options.qty, '0')) return { ok: false, error: `size ${options.qty} is not positive` };
  const tracked = placeOne(d, p, kind, price, whole, options.qty);
  const { side, qty, clientOrderId } = tracked.intent;
  const what = whole ? `${side.toUpperCase()} all of ${d.symbol} (${qty} now)` : `${side.toUpperCase()} ${qty} ${d.symbol}`;
  return {
    ok: true,
    clientOrderId,
    message: `${TRIGGER_WORD[kind]} ${what} when mark crosses ${price}, ${whole ? 'closes the whole position then' : 'reduce-only'}`,
  };
}

/** `:bracket STOP TARGET`: a stop and a take-profit, each covering the whole position. */
export async function bracket(d: ProtectionDeps, stop: string, target: string): Promise<ActionResult> {
  const position = await livePosition(d);
  const qty = position?.qty ?? '0';
  const mark = position?.markPrice ?? '0';
  const tick = d.instrument()?.tickSize;
  const problem = triggerProblem(qty, mark, 'stop', stop, tick) ?? triggerProblem(qty, mark, 'take_profit', target, tick);
  if (problem !== undefined) return { ok: false, error: problem };
  const s = placeOne(d, position!, 'stop', stop);
  placeOne(d, position!, 'take_profit', target);
  const { side, qty: size } = s.intent;
  return {
    ok: true,
    clientOrderId: s.intent.clientOrderId,
    message: `bracket ${side.toUpperCase()} ${size} ${d.symbol}: stop ${stop}, target ${target} (mark), reduce-only`,
  };
}

/**
 * After something that should leave the position flat: once the venue reports it flat, cancels
 * the symbol's protective orders. Gives up (and says so) when the position stays open.
 */
export async function cancelProtectionOnceFlat(d: ProtectionDeps, why: string): Promise<void> {
  try {
    for (const wait of FLAT_CHECKS_MS) {
      if (wait > 0) await d.sleep(wait);
      if (d.active?.() === false) return;
      if ((await livePosition(d)) !== undefined) continue;
      await d.orders.cancelProtective(d.symbol);
      d.log('info', `${d.symbol} flat after ${why}: its protective orders cancelled`);
      return;
    }
    d.log('warn', `${d.symbol} still open after ${why}: its protective orders stay`);
  } catch (err) {
    d.log('error', `${d.symbol} protective orders not cancelled after ${why}: ${errorMessage(err)}`);
  }
}

/** The deps with some members replaced, getters kept as getters. */
function withDeps(deps: ProtectionDeps, replace: PropertyDescriptorMap): ProtectionDeps {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(deps), ...replace }) as ProtectionDeps;
}

/** A protective order that fired: its position is probably flat now. */
export function fired(order: Order): boolean {
  return isProtective(order) && (order.state === 'triggered' || order.state === 'filled');
}

/**
 * The engine's protective side, wired once: the actions, and the cleanups after a fired protective
 * order (seen in the book) or a filled flatten. `stop()` ends the cleanups (the session is going).
 */
export class ProtectionDesk {
  readonly #d: ProtectionDeps;
  /** Protective orders already seen firing: one cleanup each. */
  readonly #fired = new Set<string>();
  #stopped = false;

  constructor(deps: ProtectionDeps, book: Pick<AccountState, 'onOrderChange'>) {
    // Descriptors, not a spread: the engine's `symbol` is a getter that follows `:sym`.
    this.#d = withDeps(deps, { active: { value: () => !this.#stopped } });
    book.onOrderChange((change) => {
      if (change.kind !== 'reported' || !fired(change.order)) return;
      const { clientOrderId, trigger } = change.order;
      if (this.#fired.has(clientOrderId) || this.#stopped) return;
      this.#fired.add(clientOrderId);
      // The fired order's own symbol: a bracket left on a symbol the ticket has moved away from is still cleaned up.
      const d = withDeps(this.#d, { symbol: { value: change.order.symbol } });
      void cancelProtectionOnceFlat(d, `the ${TRIGGER_WORD[trigger?.kind ?? 'take_profit']} ${clientOrderId} fired`);
    });
  }

  protect(kind: Trigger['kind'], price: string, options?: ProtectOptions): Promise<ActionResult> {
    return protect(this.#d, kind, price, options);
  }

  bracket(stop: string, target: string): Promise<ActionResult> {
    return bracket(this.#d, stop, target);
  }

  /**
   * A flatten sent: once the venue says flat, the position's protective orders go. Not only after a
   * `filled` answer: venues whose acknowledgement carries no fill (OKX, Bybit) settle it as `new`;
   * the venue's position decides.
   */
  afterFlatten(tracked: TrackedOrder): void {
    void tracked.settled.then((o) => (o.state !== 'rejected' && !this.#stopped ? cancelProtectionOnceFlat(this.#d, `flatten ${o.clientOrderId}`) : undefined));
  }

  stop(): void {
    this.#stopped = true;
  }
}
