/**
 * The session symbol's position as the venue holds it now, asked on the critical lane: what an exit
 * (`:close`, `:reverse`) and a protective order are sized from, never the mirror, which can lag a
 * fill. Undefined when flat, and on a venue without positions (spot), which is not asked.
 */
import { isZero } from '../core/decimal.js';
import type { Position } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';
import type { RestExecutor } from './rest.js';

export interface LivePositionDeps {
  symbol: string;
  adapter: Pick<RestAdapter, 'positions'>;
  rest: Pick<RestExecutor, 'run'>;
}

export async function livePosition(d: LivePositionDeps): Promise<Position | undefined> {
  const plan = d.adapter.positions?.();
  if (plan === undefined) return undefined;
  const positions = await d.rest.run({ ...plan, lane: 'critical' });
  const p = positions.find((x) => x.symbol === d.symbol);
  return p === undefined || isZero(p.qty) ? undefined : p;
}
