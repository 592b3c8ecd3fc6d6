/**
 * OKX endpoints per environment (docs/venues.md §2.7). Demo trading is the production REST host plus
 * the `x-simulated-trading: 1` header (requests.ts adds it for demo credentials) and its own
 * WebSocket host. The local venue serves the same paths on 127.0.0.1; the caller passes its base
 * URLs and the stream paths are appended here when missing.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

export const OKX_ENVS: readonly Env[] = ['sim', 'demo', 'live'];

export const WS_PUBLIC_PATH = '/ws/v5/public';
export const WS_PRIVATE_PATH = '/ws/v5/private';
/** Algo orders' channel (`orders-algo`) moved here from the private socket in 2023. */
export const WS_BUSINESS_PATH = '/ws/v5/business';

const FIXED: Readonly<Partial<Record<Env, VenueUrls>>> = {
  live: {
    rest: 'https://www.okx.com',
    wsPublic: `wss://ws.okx.com:8443${WS_PUBLIC_PATH}`,
    wsPrivate: `wss://ws.okx.com:8443${WS_PRIVATE_PATH}`,
    wsBusiness: `wss://ws.okx.com:8443${WS_BUSINESS_PATH}`,
  },
  demo: {
    rest: 'https://www.okx.com',
    wsPublic: `wss://wspap.okx.com:8443${WS_PUBLIC_PATH}`,
    wsPrivate: `wss://wspap.okx.com:8443${WS_PRIVATE_PATH}`,
    wsBusiness: `wss://wspap.okx.com:8443${WS_BUSINESS_PATH}`,
  },
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withPath(base: string, path: string): string {
  const url = trimSlash(base);
  return url.endsWith(path) ? url : url + path;
}

export function okxUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined) throw new UnknownEnvironmentError('okx', env, 'start the local venue and pass its URLs');
    return {
      rest: trimSlash(sim.rest),
      wsPublic: withPath(sim.wsPublic, WS_PUBLIC_PATH),
      wsPrivate: withPath(sim.wsPrivate, WS_PRIVATE_PATH),
      // The same host as the private socket, whether the caller gave its path or only the origin.
      wsBusiness: withPath(trimSlash(sim.wsPrivate).replace(/\/ws\/v5\/private$/, ''), WS_BUSINESS_PATH),
    };
  }
  const urls = FIXED[env];
  if (urls === undefined) throw new UnknownEnvironmentError('okx', env, 'OKX offers demo trading instead of a testnet');
  return urls;
}
