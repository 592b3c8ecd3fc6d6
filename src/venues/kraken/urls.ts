/**
 * Kraken spot endpoints (docs/venues.md §5.4, §5.7). Spot has no testnet or sandbox: live and the
 * local venue only. REST paths start at `/0/`; the v2 sockets are `/v2` on two hosts, public and
 * authenticated. The local venue serves the same paths on 127.0.0.1; the caller passes its base
 * URLs and the socket path is appended here when missing.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

export const KRAKEN_ENVS: readonly Env[] = ['sim', 'live'];

export const WS_PATH = '/v2';

const LIVE: VenueUrls = {
  rest: 'https://api.kraken.com',
  wsPublic: `wss://ws.kraken.com${WS_PATH}`,
  wsPrivate: `wss://ws-auth.kraken.com${WS_PATH}`,
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withPath(base: string, path: string): string {
  const url = trimSlash(base);
  return url.endsWith(path) ? url : url + path;
}

export function krakenUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined)
      throw new UnknownEnvironmentError('kraken', env, 'start the local venue and pass its URLs');
    return {
      rest: trimSlash(sim.rest),
      wsPublic: withPath(sim.wsPublic, WS_PATH),
      wsPrivate: withPath(sim.wsPrivate, WS_PATH),
    };
  }
  if (env === 'live') return LIVE;
  throw new UnknownEnvironmentError('kraken', env, 'Kraken spot has no testnet or demo environment');
}
