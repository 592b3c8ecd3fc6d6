import type { SimHttpRequest } from '../../server/http.js';
import type { SimStats } from '../../types.js';

/** One REST request seen: counted in all, and by `METHOD /path`. */
export function countRequest(stats: SimStats, req: Pick<SimHttpRequest, 'method' | 'path'>): void {
  stats.httpRequests++;
  const key = `${req.method} ${req.path}`;
  stats.requests[key] = (stats.requests[key] ?? 0) + 1;
}
