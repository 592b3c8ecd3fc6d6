import type { Fill } from '../../core/types.js';
import type { FillsPage, RequestPlan } from '../venue.js';

/** The fills of one page, for callers that do not follow the venue's cursor. */
export function fillsOfPage(page: RequestPlan<FillsPage>): RequestPlan<Fill[]> {
  return { ...page, parse: (reply) => page.parse(reply).fills };
}
