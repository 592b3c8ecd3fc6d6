/**
 * Hyperliquid endpoints per environment (docs/venues.md §6.8): one REST origin serving `POST /info` and
 * `POST /exchange`, and one WebSocket at `/ws` for both account and market subscriptions. The
 * local venue serves the same paths on 127.0.0.1; the caller passes its base URLs and `/ws` is
 * appended here when missing.
 */
import { UnknownEnvironmentError } from '../shared/errors.js';
import type { Env, VenueUrls } from '../venue.js';

export const HYPERLIQUID_ENVS: readonly Env[] = ['sim', 'testnet', 'live'];

export const WS_PATH = '/ws';

const FIXED: Readonly<Partial<Record<Env, VenueUrls>>> = {
  live: {
    rest: 'https://api.hyperliquid.xyz',
    wsPublic: `wss://api.hyperliquid.xyz${WS_PATH}`,
    wsPrivate: `wss://api.hyperliquid.xyz${WS_PATH}`,
  },
  testnet: {
    rest: 'https://api.hyperliquid-testnet.xyz',
    wsPublic: `wss://api.hyperliquid-testnet.xyz${WS_PATH}`,
    wsPrivate: `wss://api.hyperliquid-testnet.xyz${WS_PATH}`,
  },
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withPath(base: string, path: string): string {
  const url = trimSlash(base);
  return url.endsWith(path) ? url : url + path;
}

/**
 * Which phantom-agent source an environment signs for: 'a' on mainnet only. The local venue
 * verifies testnet signatures, so nothing signed for it can ever be replayed on mainnet.
 */
export function isMainnet(env: Env): boolean {
  return env === 'live';
}

export function hyperliquidUrls(env: Env, sim?: VenueUrls): VenueUrls {
  if (env === 'sim') {
    if (sim === undefined) throw new UnknownEnvironmentError('hyperliquid', env, 'start the local venue and pass its URLs');
    return {
      rest: trimSlash(sim.rest),
      wsPublic: withPath(sim.wsPublic, WS_PATH),
      wsPrivate: withPath(sim.wsPrivate, WS_PATH),
    };
  }
  const urls = FIXED[env];
  if (urls === undefined) throw new UnknownEnvironmentError('hyperliquid', env, 'Hyperliquid offers a testnet, not a demo mode');
  return urls;
}
