/** What a venue adapter declares of one rate pool (core/budget.ts says how each window counts). */
export interface PoolSpec {
  id: string;
  limit: number;
  windowMs: number;
  /**
   * Whom the venue counts: the machine's IP ('ip': every session of this process on the venue
   * spends it, and may share one count of it, core/shared-pools.ts) or the account ('account').
   */
  kind: 'ip' | 'account';
  /**
   * 'fixed' (default), 'sliding', or 'allowance': `limit` is a running total that never resets
   * (the venue raises it: setLimit), and once it is spent one request is granted per `windowMs`.
   */
  window?: 'fixed' | 'sliding' | 'allowance' | 'decaying';
  /** Share of the limit only the critical lane may spend, 0..1 (default: budget option, 0.2). */
  reserveShare?: number;
  /**
   * sliding only: a held grant's debit does not expire while its request is in flight and runs a
   * window from its reply (`settle`). For venues that report no count of their own (OKX).
   */
  countFromReply?: boolean;
  /**
   * decaying only: the venue takes its drain off in steps this far apart, not continuously (Kraken:
   * "every couple of seconds"), so its level can stand up to one step's drain above ours; the
   * budget keeps that much of the limit free on both lanes.
   */
  drainStepMs?: number;
}
