/**
 * The engine facade: everything for one venue + environment + credentials (the parts and their
 * wiring are engine-parts.ts), and here the cockpit's actions on them (EngineActions, actions.ts).
 */
import { errorMessage } from '../core/error-message.js';
import type { MarginMode, Order, Trigger } from '../core/types.js';
import type { AmendChange } from '../core/amend-target.js';
import type { SpotLedger } from '../core/spot-ledger.js';
import type { ActionResult, CancelAllOptions, EngineActions, FlattenOptions, OrderTicket, PlaceOptions, ProtectOptions } from './actions.js';
import { EngineParts } from './engine-parts.js';
import { closePart, type ExitDeps, reverse } from './exits.js';
import { refOf } from './orders.js';
import { findOrder } from './query-order.js';
import { flattenSpot } from './spot-flatten.js';
import { ticketProblem } from './ticket-check.js';

// The construction contract lives in engine-options.ts; importers keep naming it from here.
export type { EngineOptions, RecoveryReport } from './engine-options.js';

/** The longest an urgent action holds the cockpit's refreshes (a screen paused, never frozen). */
const URGENT_HOLD_MS = 200;

export class Engine extends EngineParts implements EngineActions {
  place(ticket: OrderTicket, options: PlaceOptions = {}): Promise<ActionResult> {
    return this.#act(async () => {
      const problem = ticketProblem(ticket, this.instrument);
      if (problem !== undefined) return { ok: false, error: problem };
      // Only a market order needs a reference price (a limit is judged at its own): no REST quote in a limit's path.
      if (ticket.type === 'market') await this.prices.ensure(ticket.symbol);
      if (this.gate !== undefined) {
        const verdict = this.gate.judge(ticket);
        if (verdict.kind === 'refuse') {
          this.log('warn', `order refused by the guard: ${verdict.text}`);
          return { ok: false, error: `guard: ${verdict.text}` };
        }
        if (verdict.kind === 'confirm' && options.confirmed !== true) return { ok: false, error: verdict.text, confirm: true };
        this.gate.sent();
      }
      const tracked = this.orders.place({
        symbol: ticket.symbol,
        side: ticket.side,
        type: ticket.type,
        qty: ticket.qty,
        ...(ticket.price === undefined ? {} : { price: ticket.price }),
        reduceOnly: ticket.reduceOnly,
        postOnly: ticket.postOnly,
        ...(ticket.timeInForce === undefined ? {} : { timeInForce: ticket.timeInForce }),
      });
      const id = tracked.intent.clientOrderId;
      return { ok: true, clientOrderId: id, message: `${ticket.side} ${ticket.qty} ${ticket.symbol} sent (${id})` };
    });
  }

  cancel(clientOrderId: string): Promise<ActionResult> {
    return this.#act(async () => {
      if (this.orders.get(clientOrderId) !== undefined) {
        const order = await this.orders.cancel(clientOrderId);
        return { ok: true, clientOrderId, message: `${clientOrderId}: ${order.state}` };
      }
      // An order of an earlier session, known from the account snapshot.
      const known = this.account.order(clientOrderId);
      if (known === undefined) return { ok: false, error: `no order ${clientOrderId}` };
      const ref = refOf(known, known.venueOrderId);
      this.journal.append({ event: 'cancel', clientOrderId, via: 'cancel' });
      let order: Order;
      try {
        const ack = await this.rest.run(this.adapter.cancelOrder(ref));
        // A venue that only acknowledges the cancel (OKX) is asked for the order's end state.
        order = ack.state === 'pending_cancel' ? await findOrder(this.adapter, this.rest.run, ref) : ack;
      } catch (err) {
        this.journal.append({ event: 'cancel-failed', clientOrderId, reason: errorMessage(err) });
        throw err;
      }
      this.journal.append({
        event: 'closed',
        clientOrderId,
        state: order.state,
        filledQty: order.filledQty,
        ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
      });
      this.account.upsertOrder(order);
      return { ok: true, clientOrderId, message: `${clientOrderId}: ${order.state}` };
    });
  }

  amend(clientOrderId: string, change: AmendChange): Promise<ActionResult> {
    return this.#act(() => this.amender.amend(clientOrderId, change));
  }

  cancelAll(options: CancelAllOptions = {}): Promise<ActionResult> {
    return this.#urgent(async () => {
      const protective = options.protective ?? 'keep';
      const n = await this.orders.cancelAll(this.symbol, protective);
      const kept = protective === 'keep' ? ', protective orders kept' : ', protective orders too';
      return { ok: true, message: n === 0 ? `no open ${this.symbol} orders were left to cancel${kept}` : `cancelled every open ${this.symbol} order (${n})${kept}` };
    });
  }

  /**
   * The session's spot ledger (what it bought and still holds, by average cost), as the engine
   * folded it from the fills it recorded; undefined off spot.
   */
  spotLedger(): SpotLedger | undefined {
    return this.sym.ledger(this.symbol)?.ledger;
  }

  flatten(options: FlattenOptions = {}): Promise<ActionResult> {
    const instrument = this.instrument;
    const ledger = this.sym.ledger(this.symbol);
    // Spot: the cockpit's plan and order (engine/spot-flatten.ts), sent as a place is, not urgent.
    if (instrument?.kind === 'spot' && instrument.symbol === this.symbol && ledger !== undefined) {
      return this.#act(() =>
        flattenSpot(
          {
            instrument,
            ledger: ledger.ledger,
            balances: () => this.rest.run({ ...this.adapter.balances(), lane: 'critical' }),
            mark: () => this.referencePrice(),
            place: (order) => this.place(order),
          },
          options.amount,
        ),
      );
    }
    return this.#urgent(async () => {
      await this.prices.ensure(this.symbol);
      const tracked = await this.orders.flatten(this.symbol);
      if (tracked === undefined) return { ok: true, message: `${this.symbol}: already flat` };
      const { side, qty, clientOrderId } = tracked.intent;
      // Once it filled and the venue says flat, the position's stops and targets have nothing left to protect.
      this.protection.afterFlatten(tracked);
      return { ok: true, clientOrderId, message: `closing ${this.symbol}: ${side.toUpperCase()} ${qty} at market, reduce-only` };
    });
  }

  protect(kind: Trigger['kind'], price: string, options?: ProtectOptions): Promise<ActionResult> {
    return this.#act(() => this.protection.protect(kind, price, options));
  }

  bracket(stop: string, target: string): Promise<ActionResult> {
    return this.#act(() => this.protection.bracket(stop, target));
  }

  closePart(percent: string): Promise<ActionResult> {
    return this.#urgent(() => closePart(this.#exitDeps(), percent));
  }

  reverse(): Promise<ActionResult> {
    return this.#urgent(() => reverse(this.#exitDeps()));
  }

  reconnect(): Promise<ActionResult> {
    return this.#act(async () => {
      for (const s of this.streams) s.reconnect('requested by the trader');
      return { ok: true, message: `reconnecting ${this.streams.length} socket(s)` };
    });
  }

  toggleDeadman(): Promise<ActionResult> {
    return this.#act(async () => {
      const d = this.deadman;
      if (d === undefined) return { ok: false, error: `${this.adapter.name} has no dead-man's switch here` };
      if (d.armed) {
        await d.disarm();
        return { ok: true, message: "dead-man's switch off: open orders stay on the venue if this session dies" };
      }
      await d.arm();
      return { ok: true, message: `dead-man's switch armed: the venue cancels open orders if this session is silent for ${Math.round(d.timeoutMs / 1000)} s` };
    });
  }

  /**
   * The account's leverage for the session's symbol, asked of the venue (where the adapter can)
   * and pushed as a `leverage` event: the ticket judges margin at it, not at 1x.
   */
  readLeverage(): Promise<ActionResult> {
    return this.#act(() => this.leverage.read());
  }

  /** `:lev N`: the venue's leverage endpoint for the session's symbol (src/engine/risk.ts). */
  setLeverage(leverage: number): Promise<ActionResult> {
    return this.#act(() => this.risk.setLeverage(leverage));
  }

  /** `:margin cross|isolated`: the venue's margin-mode endpoint (src/engine/risk.ts). */
  setMarginMode(mode: MarginMode): Promise<ActionResult> {
    return this.#act(() => this.risk.setMarginMode(mode));
  }

  /**
   * The session symbol's price a market order is judged at (the mid, else the mark, else a REST
   * quote where the venue gives one): what a fan-out sizes an equity share at (engine/desk-actions.ts).
   */
  async referencePrice(): Promise<string | undefined> {
    await this.prices.ensure(this.symbol);
    return this.prices.price(this.symbol);
  }

  /**
   * `:sym`, the `/` picker: the ticket, cancel-all, flatten, close, protection and the leverage
   * read follow `symbol` from now on; a `session` event tells the store; the market sockets
   * subscribe it (engine/market-watch.ts). The private socket is untouched.
   */
  setSymbol(symbol: string): Promise<ActionResult> {
    return this.#act(async () => {
      if (this.sym.instruments.size === 0) {
        const instruments = await this.rest.run(this.adapter.instruments());
        this.sym.listed(instruments);
        this.sink.push({ type: 'instruments', at: Date.now(), instruments });
      }
      const moved = this.sym.move(symbol, this.adapter.name);
      if ('error' in moved) return { ok: false, error: moved.error };
      const { instrument } = moved;
      if (moved.same) return { ok: true, message: `the ticket already trades ${instrument.symbol}` };
      this.instrument = instrument;
      this.leverage.forget();
      this.session();
      if (instrument.kind !== 'spot' && this.adapter.leverage !== undefined) void this.readLeverage();
      void this.sym.watch();
      return { ok: true, message: `the ticket trades ${instrument.symbol} now (${instrument.kind})` };
    });
  }

  /**
   * The selected row's symbol (a position's, an order's), or undefined: its market stream is
   * subscribed beside the ticket's, so the market pane can follow the row. A symbol the venue does
   * not list is not subscribed.
   */
  showSymbol(symbol: string | undefined): Promise<ActionResult> {
    return this.#act(async () => {
      this.sym.show(symbol);
      await this.sym.watch();
      return { ok: true, message: `market streams: ${this.marketSymbols().join(', ') || 'none'}` };
    });
  }

  /** The symbols whose market sockets are open now (the ticket's, then the selected row's). */
  marketSymbols(): readonly string[] {
    return this.sym.markets?.symbols ?? [];
  }

  // ---------------------------------------------------------------------------------------------

  #exitDeps(): ExitDeps {
    return {
      symbol: this.symbol,
      adapter: this.adapter,
      rest: this.rest,
      orders: this.orders,
      instrument: () => (this.instrument?.symbol === this.symbol ? this.instrument : undefined),
      ensurePrice: () => this.prices.ensure(this.symbol),
      flatten: () => this.flatten(),
      place: (ticket, options) => this.place(ticket, options),
    };
  }

  async #act(fn: () => Promise<ActionResult>): Promise<ActionResult> {
    try {
      return await fn();
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /**
   * An action that takes risk off (flatten, close, reverse, cancel-all): the sink holds its screen
   * refreshes while it runs — a close resolves once its order is handed to the HTTP client, before
   * the ack — so no frame runs on the event loop between the position read's reply and the close's
   * send. Bounded by URGENT_HOLD_MS: a slow venue never freezes the screen longer than that.
   */
  async #urgent(fn: () => Promise<ActionResult>): Promise<ActionResult> {
    const release = this.sink.hold?.(URGENT_HOLD_MS);
    try {
      return await this.#act(fn);
    } finally {
      release?.();
    }
  }
}
