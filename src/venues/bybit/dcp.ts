/**
 * Bybit's disconnect-cancel (DCP, docs/venues.md §3.8): the window request. The switch itself is the
 * `dcp.future` topic on the private socket (stream.ts); the adapter's dead-man spec joins the two.
 */
import type { RequestPlan } from '../venue.js';
import { costsOf, POOL } from './limits.js';
import { parseEnvelope } from './parse.js';
import { bybitPlan } from './requests.js';

/** DCP applies to one product group; perpetuals and futures are `DERIVATIVES`. */
export const DCP_PRODUCT = 'DERIVATIVES';

/**
 * POST /v5/order/disconnected-cancel-all: the DCP window, whole seconds in [3, 300]. Setting it is
 * safe to repeat, so it is not `mutating` for the retry rules.
 */
export function dcpWindowPlan(timeoutMs: number): RequestPlan<void> {
  const seconds = Math.max(3, Math.min(300, Math.round(timeoutMs / 1000)));
  return bybitPlan({
    name: 'deadmanArm',
    method: 'POST',
    path: '/v5/order/disconnected-cancel-all',
    lane: 'critical',
    costs: costsOf(POOL.dcp),
    signed: true,
    mutating: false,
    body: { product: DCP_PRODUCT, timeWindow: seconds },
    parse: parseEnvelope,
  });
}
