import type { VenueUrls } from './venue.js';

const LOOPBACK_HTTP = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/;

/**
 * The address of a running local venue (`quantdeck sim` prints `rest=http://127.0.0.1:PORT`, or
 * https under `--tls`) as the engine's URLs: REST on it, both streams on the same port over ws
 * (wss). Undefined for anything not on loopback: a key of the local venue is never sent anywhere else.
 */
export function localVenueUrls(baseUrl: string): VenueUrls | undefined {
  if (!LOOPBACK_HTTP.test(baseUrl)) return undefined;
  const rest = baseUrl.replace(/\/$/, '');
  const ws = rest.replace(/^http/, 'ws');
  return { rest, wsPublic: ws, wsPrivate: ws };
}
