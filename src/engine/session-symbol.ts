/**
 * Which instrument a typed symbol names (`:sym`, the `/` picker, EngineActions.setSymbol): the
 * venue's spelling, matched case-insensitively; an unknown one is an error naming the closest.
 */
import { resolveName } from '../core/nearest.js';
import type { Instrument } from '../core/types.js';
import { neutralise } from '../core/untrusted.js';

export function instrumentFor(
  wanted: string,
  instruments: ReadonlyMap<string, Instrument>,
  venue: string,
): { instrument: Instrument } | { error: string } {
  const typed = wanted.trim();
  if (typed === '') return { error: 'no symbol given' };
  const found = resolveName(typed, [...instruments.keys()]);
  if ('name' in found) return { instrument: instruments.get(found.name)! };
  const closest = found.closest.length === 0 ? '' : ` — closest: ${found.closest.join(', ')}`;
  return { error: `${venue} lists no symbol ${neutralise(JSON.stringify(typed))}${closest}` };
}
