// Disconnection protection (DCP), as Bybit documents it (BYD `order/dcp.mdx`, `websocket/private/dcp.mdx`,
// `account/dcp-info.mdx`): a window per product (3-300 s, default 10) set by
// `POST /v5/order/disconnected-cancel-all`; it watches the private connections that subscribed the
// `dcp` topic (`dcp.future` for derivatives since the per-product topics came in). When every such
// connection of the account is gone, the timing starts from that first disconnection; a connection that
// comes back, subscribes and pings within the window resets it; otherwise every active order of the
// product is cancelled (cancelType `CancelByDCP`). The venue turns DCP on per account on request; here
// setting a window turns it on for that product.
export type DcpProduct = 'OPTIONS' | 'DERIVATIVES' | 'SPOT';
export const DCP_PRODUCTS: readonly DcpProduct[] = ['OPTIONS', 'DERIVATIVES', 'SPOT'];
export const DEFAULT_DCP_WINDOW_S = 10;

export interface DcpSetting {
  product: DcpProduct;
  dcpStatus: 'ON' | 'OFF';
  timeWindow: number;
}

/** The topics that make a private connection watched, per product this venue trades (linear: derivatives). */
export const DERIVATIVES_DCP_TOPICS: ReadonlySet<string> = new Set(['dcp', 'dcp.future']);

export class Dcp {
  readonly #windows = new Map<string, Map<DcpProduct, number>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** How many times DCP fired, per account (tests and the cockpit read it). */
  readonly fired = new Map<string, number>();

  constructor(readonly sweep: (accountId: string) => void) {}

  set(accountId: string, product: DcpProduct, seconds: number): void {
    let m = this.#windows.get(accountId);
    if (m === undefined) {
      m = new Map();
      this.#windows.set(accountId, m);
    }
    m.set(product, seconds);
  }

  settings(accountId: string): DcpSetting[] {
    const m = this.#windows.get(accountId);
    return DCP_PRODUCTS.map((product) => {
      const w = m?.get(product);
      return { product, dcpStatus: w === undefined ? 'OFF' : 'ON', timeWindow: w ?? DEFAULT_DCP_WINDOW_S };
    });
  }

  /** The last watched connection of the account is gone: the window starts, unless it already runs. */
  lost(accountId: string): void {
    const seconds = this.#windows.get(accountId)?.get('DERIVATIVES');
    if (seconds === undefined || this.#timers.has(accountId)) return;
    const t = setTimeout(() => {
      this.#timers.delete(accountId);
      this.fired.set(accountId, (this.fired.get(accountId) ?? 0) + 1);
      this.sweep(accountId);
    }, seconds * 1000);
    t.unref();
    this.#timers.set(accountId, t);
  }

  /** A watched connection pinged: the account is back, the timing resets. */
  alive(accountId: string): void {
    clearTimeout(this.#timers.get(accountId));
    this.#timers.delete(accountId);
  }

  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
