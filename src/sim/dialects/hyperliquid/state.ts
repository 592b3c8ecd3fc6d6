// What the Hyperliquid dialect remembers beside the matching engine: the universe, who is who
// (master addresses and the agents that sign for them), the cloid of each order, why orders were
// canceled (scheduleCancel, reduce-only), each fill's starting position, and traded volume (which
// raises the address allowance).
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { Order } from '../../matching/orders.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import { type Coin, type Universe, universeOf } from './format.js';
import { AddressAllowance } from './limits.js';

export class VenueState {
  readonly universe: Universe;
  /** Master address → account id. */
  readonly masters = new Map<string, string>();
  /** Account id → master address. */
  readonly masterOf = new Map<string, string>();
  /** `${accountId}|${cloid}` → order id. */
  readonly byCloid = new Map<string, number>();
  readonly cloidOf = new Map<number, string>();
  /** Order id → the venue's cancel status word when it is not plain `canceled`. */
  readonly cancelReason = new Map<number, string>();
  /** Trade id → signed position before the fill. */
  readonly startPosition = new Map<number, string>();
  /** Market order a trigger order sent → the trigger's oid, under which the venue shows it. */
  readonly triggerOf = new Map<number, number>();
  /** A normalTpsl parent's oid → its TP/SL children, placed at the parent's first fill. */
  readonly waitingForFill = new Map<number, Array<() => void>>();
  /** Account id → USDC volume traded. */
  readonly volume = new Map<string, string>();

  readonly allowance: AddressAllowance;

  constructor(
    readonly core: SimCore,
    addressBuffer: number,
  ) {
    this.universe = universeOf(core);
    this.allowance = new AddressAllowance(addressBuffer);
    for (const key of core.keys.values()) {
      if (key.type !== 'evm' || key.walletAddress === undefined) continue;
      this.masters.set(key.walletAddress, key.accountId);
      this.masterOf.set(key.accountId, key.walletAddress);
    }
  }

  /** The account a signer acts for: an approved agent's master, or a master signing for itself. */
  accountOfSigner(signer: string): { accountId: string; master: string } | undefined {
    const key = this.core.keys.get(signer);
    if (key !== undefined && key.type === 'evm' && key.walletAddress !== undefined) {
      return { accountId: key.accountId, master: key.walletAddress };
    }
    const own = this.masters.get(signer);
    return own === undefined ? undefined : { accountId: own, master: signer };
  }

  coinOfIndex(a: number): Coin | undefined {
    return this.universe.list[a];
  }

  coinOfSymbol(symbol: string): Coin {
    const c = this.universe.bySymbol.get(symbol);
    if (c === undefined) throw new Error(`sim: symbol ${symbol} has no Hyperliquid coin`);
    return c;
  }

  rememberCloid(accountId: string, cloid: string, orderId: number): void {
    this.byCloid.set(`${accountId}|${cloid}`, orderId);
    this.cloidOf.set(orderId, cloid);
  }

  orderByCloid(accountId: string, cloid: string): Order | undefined {
    const id = this.byCloid.get(`${accountId}|${cloid.toLowerCase()}`);
    return id === undefined ? undefined : this.core.engine.orders.get(id);
  }

  /** The oid the venue shows for an engine order (a fired trigger's market order shows the trigger's). */
  venueOid(orderId: number): number {
    return this.triggerOf.get(orderId) ?? orderId;
  }

  /** A trigger order of the account by oid, or by cloid. */
  triggerById(accountId: string, oid: number): TriggerOrder | undefined {
    const t = this.core.engine.triggers.all.get(oid);
    return t?.accountId === accountId ? t : undefined;
  }

  triggerByCloid(accountId: string, cloid: string): TriggerOrder | undefined {
    const id = this.byCloid.get(`${accountId}|${cloid.toLowerCase()}`);
    return id === undefined ? undefined : this.triggerById(accountId, id);
  }

  orderById(accountId: string, oid: number): Order | undefined {
    const o = this.core.engine.orders.get(oid);
    return o?.accountId === accountId ? o : undefined;
  }

  addVolume(accountId: string, quote: string): void {
    this.volume.set(accountId, D.add(this.volume.get(accountId) ?? '0', quote));
  }

  volumeOf(accountId: string): string {
    return this.volume.get(accountId) ?? '0';
  }
}
