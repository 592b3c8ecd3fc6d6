/**
 * Bybit v5 endpoints per environment (docs/venues.md §3.7). Testnet and demo trading are separate
 * hosts with their own keys (a key of one answers 10003 on another). Demo trading serves private
 * streams only: its public market data is mainnet's. The local venue serves the same paths on
 * 127.0.0.1; the caller passes its base URLs and the stream paths are appended here when missing.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

export const BYBIT_ENVS: readonly Env[] = ['sim', 'testnet', 'demo', 'live'];

/** USDT/USDC perpetuals and futures share one public path. */
export const WS_PUBLIC_PATH = '/v5/public/linear';
export const WS_PRIVATE_PATH = '/v5/private';

const FIXED: Readonly<Partial<Record<Env, VenueUrls>>> = {
  live: {
    rest: 'https://api.bybit.com',
    wsPublic: `wss://stream.bybit.com${WS_PUBLIC_PATH}`,
    wsPrivate: `wss://stream.bybit.com${WS_PRIVATE_PATH}`,
  },
  testnet: {
    rest: 'https://api-testnet.bybit.com',
    wsPublic: `wss://stream-testnet.bybit.com${WS_PUBLIC_PATH}`,
    wsPrivate: `wss://stream-testnet.bybit.com${WS_PRIVATE_PATH}`,
  },
  demo: {
    rest: 'https://api-demo.bybit.com',
    wsPublic: `wss://stream.bybit.com${WS_PUBLIC_PATH}`,
    wsPrivate: `wss://stream-demo.bybit.com${WS_PRIVATE_PATH}`,
  },
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withPath(base: string, path: string): string {
  const url = trimSlash(base);
  return url.endsWith(path) ? url : url + path;
}

export function bybitUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined) throw new UnknownEnvironmentError('bybit', env, 'start the local venue and pass its URLs');
    return {
      rest: trimSlash(sim.rest),
      wsPublic: withPath(sim.wsPublic, WS_PUBLIC_PATH),
      wsPrivate: withPath(sim.wsPrivate, WS_PRIVATE_PATH),
    };
  }
  const urls = FIXED[env];
  if (urls === undefined) throw new UnknownEnvironmentError('bybit', env, 'not offered by the venue');
  return urls;
}
