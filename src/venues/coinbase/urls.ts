/**
 * Coinbase Advanced Trade endpoints (docs/venues.md §4.4, §4.7). Production REST is one host; its
 * paths start at `/api/v3/brokerage/`. The WebSocket has two hosts: market data (ticker, level2,
 * heartbeats) and user order data (user, heartbeats). The sandbox answers static mocked replies
 * without authentication and has no WebSocket: nothing can be traded there, so it is no environment
 * here (its address is kept for the docs' table). The local venue serves both sockets on its root
 * path; the caller passes its base URLs.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

export const COINBASE_ENVS: readonly Env[] = ['sim', 'live'];

const LIVE: VenueUrls = {
  rest: 'https://api.coinbase.com',
  wsPublic: 'wss://advanced-trade-ws.coinbase.com',
  wsPrivate: 'wss://advanced-trade-ws-user.coinbase.com',
};

/** Static mocked replies, no authentication, no WebSocket (docs/venues.md §4.7): not traded. */
export const SANDBOX_REST = 'https://api-sandbox.coinbase.com';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function coinbaseUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined)
      throw new UnknownEnvironmentError('coinbase', env, 'start the local venue and pass its URLs');
    return { rest: trimSlash(sim.rest), wsPublic: sim.wsPublic, wsPrivate: sim.wsPrivate };
  }
  if (env === 'live') return LIVE;
  throw new UnknownEnvironmentError(
    'coinbase',
    env,
    `Coinbase's sandbox (${SANDBOX_REST}) answers canned replies without authentication and has no WebSocket`,
  );
}

/** The host (and port, where not the default) a URL names: what the JWT's `uri` claim carries. */
export function hostOf(url: string): string {
  return new URL(url).host;
}
