/**
 * Binance USD-M endpoints per environment (docs/venues.md §1.7). The stream URLs are
 * the host's root: stream.ts appends the route (`/public`, `/market`, `/private`) each stream
 * needs — every environment has the routed paths. The sim has no fixed address: the caller passes
 * the URLs the local venue reported when it started.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

const FIXED: Readonly<Partial<Record<Env, VenueUrls>>> = {
  live: {
    rest: 'https://fapi.binance.com',
    wsPublic: 'wss://fstream.binance.com',
    wsPrivate: 'wss://fstream.binance.com',
    wsApi: 'wss://ws-fapi.binance.com/ws-fapi/v1',
  },
  testnet: {
    rest: 'https://testnet.binancefuture.com',
    wsPublic: 'wss://fstream.binancefuture.com',
    wsPrivate: 'wss://fstream.binancefuture.com',
    wsApi: 'wss://testnet.binancefuture.com/ws-fapi/v1',
  },
  // Demo trading has its own REST host; its streams and WebSocket API are the testnet's.
  demo: {
    rest: 'https://demo-fapi.binance.com',
    wsPublic: 'wss://fstream.binancefuture.com',
    wsPrivate: 'wss://fstream.binancefuture.com',
    wsApi: 'wss://testnet.binancefuture.com/ws-fapi/v1',
  },
};

export const BINANCE_USDM_ENVS: readonly Env[] = ['sim', 'testnet', 'demo', 'live'];

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

export function binanceUsdmUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined) throw new UnknownEnvironmentError('binance-usdm', env, 'start the local venue and pass its URLs');
    return {
      rest: trimSlash(sim.rest),
      wsPublic: trimSlash(sim.wsPublic),
      wsPrivate: trimSlash(sim.wsPrivate),
      ...(sim.wsApi === undefined ? {} : { wsApi: trimSlash(sim.wsApi) }),
    };
  }
  const urls = FIXED[env];
  if (urls === undefined) throw new UnknownEnvironmentError('binance-usdm', env, 'not offered by the venue');
  return urls;
}
