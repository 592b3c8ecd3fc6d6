/**
 * What each strategy is and holds, as the runner keeps it (docs/signals.md §Runner): its lifecycle
 * (`StrategyState`: active or retired, its size tier, its fills, its open orders, what it holds),
 * the positions and orders the engine reported, and the applies whose stop and target wait for
 * their entry to fill. What a strategy holds ends when its stop or target fills or its symbol's
 * position goes flat, and shrinks with the position.
 *
 * A fill is ahead of the positions the engine reports: the venue's position push may come later
 * or be lost with a socket, and a REST snapshot asked before the fill may be answered after it
 * (flat). So a fill's hold is unconfirmed until a position of its side is seen, and until then
 * only a snapshot asked after the fill was seen (`requestedAt`, the engine's clock, as the order
 * event's `at`) ends it; an update or an older snapshot is not proof of flat.
 */
import { abs, gt, isZero, neg, sign } from '../../core/decimal.js';
import type { StrategyState } from '../../core/signals/gatekeeper.js';
import type { Proposal, StrategySpec } from '../../core/signals/types.js';
import { isTerminalOrderState, type Order, type Position } from '../../core/types.js';
import { type Lifecycle, prune, RUNNER_MEMORY } from './runner-options.js';

/** An apply accepted: its stop and target wait for the entry to fill. */
export interface PendingBracket {
  proposalId: string;
  strategy: string;
  entryId: string;
  /** The proposal's symbol: the bracket stays on it when `:sym` moves before the entry fills. */
  symbol: string;
  stop: string;
  target: string;
  side: 'buy' | 'sell';
}

export interface BookHooks {
  /** An accepted apply's entry filled (`qty` of it): its stop and target are due. */
  filled(pending: PendingBracket, qty: string): void;
  /** An accepted apply's entry ended without a fill. */
  ended(proposalId: string, outcome: string): void;
  /** A strategy's lifecycle (status, tier, fills) changed: every strategy's, to keep. */
  lifecycle?(states: ReadonlyMap<string, Lifecycle>): void;
}

export class StrategyBook {
  readonly #hooks: BookHooks;
  readonly #account: string;
  readonly #strategies = new Map<string, StrategyState>();
  readonly #positions = new Map<string, Position>();
  /** Each order as last reported, and when (the event's `at`: the engine's clock). */
  readonly #orders = new Map<string, { order: Order; at: number }>();
  readonly #pending = new Map<string, PendingBracket>();
  /** The symbol each strategy's `holds` is of: cleared when that position goes flat. */
  readonly #heldOn = new Map<string, string>();
  /** A strategy's stop and target (client id → strategy): one filling ends what it holds. */
  readonly #legs = new Map<string, string>();
  /** Strategies whose fill no position has shown yet → when the fill was seen. */
  readonly #unconfirmed = new Map<string, number>();

  /** `restored`: the lifecycles a restart kept (a strategy not in it starts active at tier 1). */
  constructor(account: string, strategies: readonly StrategySpec[], hooks: BookHooks, restored: ReadonlyMap<string, Lifecycle> = new Map()) {
    this.#account = account;
    this.#hooks = hooks;
    for (const s of strategies) {
      const kept = restored.get(s.name);
      this.#strategies.set(s.name, { name: s.name, status: kept?.status ?? 'active', tier: kept?.tier ?? 1, fills: kept?.fills ?? 0, orders: [] });
    }
  }

  get strategies(): readonly StrategyState[] {
    return [...this.#strategies.values()];
  }

  get positions(): readonly Position[] {
    return [...this.#positions.values()];
  }

  /** The live position's quantity of a symbol ('0' when flat or unknown). */
  positionOf(symbol: string): string {
    return this.#positions.get(symbol)?.qty ?? '0';
  }

  get orderCount(): number {
    return this.#orders.size;
  }

  /** The proposals whose stop and target are still to come (never forgotten). */
  pendingProposals(): Set<string> {
    return new Set([...this.#pending.values()].map((x) => x.proposalId));
  }

  /**
   * A positions event: a snapshot replaces, an update amends; what strategies hold follows.
   * `requestedAt`: a REST snapshot's, when its requests left (the engine's clock).
   */
  positionsEvent(snapshot: boolean, positions: readonly Position[], requestedAt?: number): void {
    if (snapshot) this.#positions.clear();
    for (const p of positions) {
      if (isZero(p.qty)) this.#positions.delete(p.symbol);
      else this.#positions.set(p.symbol, p);
    }
    this.#trimHolds(snapshot ? requestedAt : undefined);
  }

  /** What a strategy holds, never more than the position of its symbol: flat (or turned) ends it. */
  #trimHolds(snapshotAskedAt: number | undefined): void {
    for (const st of this.#strategies.values()) {
      const symbol = this.#heldOn.get(st.name);
      if (st.holds === undefined || isZero(st.holds) || symbol === undefined) continue;
      const live = this.positionOf(symbol);
      const gone = isZero(live) || sign(live) !== sign(st.holds);
      const seen = this.#unconfirmed.get(st.name);
      if (seen !== undefined) {
        // Not shown yet: only a snapshot asked after the fill was seen says it is gone.
        if (gone && (snapshotAskedAt === undefined || snapshotAskedAt <= seen)) continue;
        this.#unconfirmed.delete(st.name);
      }
      if (gone) this.#release(st.name);
      else if (gt(abs(st.holds), abs(live))) this.#set({ ...st, holds: live });
    }
  }

  /** The strategy holds nothing any more (its stop or target filled, or its position went flat). */
  #release(name: string): void {
    const st = this.#strategies.get(name);
    this.#heldOn.delete(name);
    this.#unconfirmed.delete(name);
    for (const [id, owner] of this.#legs) if (owner === name) this.#legs.delete(id);
    if (st !== undefined && st.holds !== undefined && !isZero(st.holds)) this.#set({ ...st, holds: '0' });
  }

  /** An order as reported, `at` the engine's clock (the event's). */
  order(o: Order, at: number): void {
    this.#orders.set(o.clientOrderId, { order: o, at });
    // Ended orders go first; an entry whose answer has not come back yet is read from here (lifecycle).
    prune(this.#orders, RUNNER_MEMORY, (id) => isTerminalOrderState(this.#orders.get(id)!.order.state));
    const leg = this.#legs.get(o.clientOrderId);
    if (leg !== undefined && !isZero(o.filledQty)) this.#release(leg);
    for (const st of this.#strategies.values()) {
      if (!st.orders.includes(o.clientOrderId)) continue;
      if (isTerminalOrderState(o.state)) this.#set({ ...st, orders: st.orders.filter((id) => id !== o.clientOrderId) });
    }
    const pending = [...this.#pending.values()].find((p) => p.entryId === o.clientOrderId);
    if (pending === undefined) return;
    const filled = !isZero(o.filledQty);
    if (o.state === 'filled' || (isTerminalOrderState(o.state) && filled)) {
      this.#pending.delete(pending.proposalId);
      const st = this.#strategies.get(pending.strategy);
      if (st !== undefined) {
        this.#set({ ...st, fills: st.fills + 1, holds: pending.side === 'buy' ? o.filledQty : neg(o.filledQty) });
        this.#heldOn.set(st.name, pending.symbol);
        this.#unconfirmed.set(st.name, at);
      }
      this.#hooks.filled(pending, o.filledQty);
    } else if (isTerminalOrderState(o.state)) {
      this.#pending.delete(pending.proposalId);
      this.#hooks.ended(pending.proposalId, `entry ${o.clientOrderId} ${o.state}${o.reason === undefined ? '' : `: ${o.reason}`}; no stop or target placed`);
    }
  }

  /** A stop or target placed for a strategy: its fill ends what the strategy holds. */
  leg(clientOrderId: string, strategy: string): void {
    this.#legs.set(clientOrderId, strategy);
    const st = this.#strategies.get(strategy);
    if (st !== undefined) this.#set({ ...st, orders: [...st.orders, clientOrderId] });
  }

  #set(st: StrategyState): void {
    const old = this.#strategies.get(st.name);
    this.#strategies.set(st.name, st);
    if (old !== undefined && old.status === st.status && old.tier === st.tier && old.fills === st.fills) return;
    this.#hooks.lifecycle?.(new Map([...this.#strategies.values()].map((x) => [x.name, { status: x.status, tier: x.tier, fills: x.fills }])));
  }

  /**
   * A retire's close as it is sent: never more than what the strategy still holds nor the live
   * position (either may have shrunk since Enter showed it); none when either is gone.
   */
  capClose(p: Proposal): Proposal {
    const held = this.#strategies.get(p.strategy)?.holds ?? '0';
    const orders = p.orders.flatMap((o) => {
      const live = this.positionOf(o.symbol);
      if (o.type !== 'market' || isZero(held) || isZero(live) || sign(live) !== sign(held) || sign(live) !== (o.side === 'sell' ? 1 : -1)) return [];
      let qty = o.qty;
      for (const cap of [abs(held), abs(live)]) if (gt(qty, cap)) qty = cap;
      return [{ ...o, qty }];
    });
    return { ...p, orders };
  }

  /** What a sent proposal does to its strategy. */
  lifecycle(p: Proposal, ids: string[]): void {
    const st = this.#strategies.get(p.strategy);
    if (st === undefined) return;
    switch (p.action) {
      case 'apply':
      case 'fan-out': {
        const entry = ids[0];
        const signal = p.signal;
        const stop = p.orders.find((o) => o.type === 'stop' && o.account === this.#account);
        const target = p.orders.find((o) => o.type === 'take-profit' && o.account === this.#account);
        const lead = p.orders.find((o) => o.account === this.#account && o.type === 'limit');
        if (entry === undefined || signal === undefined || lead === undefined) return;
        this.#set({ ...st, orders: [...st.orders, entry] });
        if (stop?.price !== undefined && target?.price !== undefined) {
          this.#pending.set(p.id, { proposalId: p.id, strategy: p.strategy, entryId: entry, symbol: p.symbol, stop: stop.price, target: target.price, side: signal.side });
          // An entry that filled before its answer came back.
          const known = this.#orders.get(entry);
          if (known !== undefined) this.order(known.order, known.at);
        }
        return;
      }
      case 'retire':
        this.#release(st.name);
        this.#set({ ...this.#strategies.get(st.name)!, status: 'retired', orders: [], holds: '0' });
        return;
      case 'revive':
        this.#set({ ...st, status: 'active', tier: 1, fills: 0 });
        return;
      case 'promote':
        this.#set({ ...st, tier: st.tier + 1, fills: 0 });
        return;
    }
  }
}
