/**
 * Binance USD-M listen key: the token in the user data stream's URL. `POST /fapi/v1/listenKey`
 * returns the account's active key (extending it when one exists), `PUT` extends it by 60 min,
 * `DELETE` closes it; a PUT on a key the venue no longer knows answers -1125 and the key must be
 * re-created. Security type USER_STREAM: the API key header, no signature. Weight 1 each.
 */
import { revealSecret } from '../../core/secret.js';
import type { StreamTokenSpec } from '../stream-types.js';
import type { Costs, HttpMethod, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { VenueParseError } from '../venue.js';
import { WEIGHTS, weight } from './limits.js';

const PATH = '/fapi/v1/listenKey';

/** Valid 60 min after the last keep-alive; half of that leaves room for a failed attempt. */
export const LISTEN_KEY_KEEPALIVE_MS = 30 * 60_000;

/** Binance's code for "This listenKey does not exist." */
export const INVALID_LISTEN_KEY_CODE = '-1125';

const COSTS: Costs = weight(WEIGHTS.listenKey);

function plan<T>(name: string, method: HttpMethod, parse: (body: unknown) => T): RequestPlan<T> {
  return {
    name,
    lane: 'background',
    costs: COSTS,
    signed: false,
    mutating: false,
    build(ctx: SignContext): WireRequest {
      return {
        name,
        method,
        path: PATH,
        query: '',
        body: '',
        headers: { 'X-MBX-APIKEY': revealSecret(ctx.credentials.apiKey) },
        lane: 'background',
        costs: COSTS,
      };
    },
    parse: (reply) => parse(reply.body),
  };
}

function parseListenKey(body: unknown): string {
  const key = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['listenKey'] : undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 256) {
    throw new VenueParseError('listenKey', JSON.stringify(body)?.slice(0, 120) ?? String(body));
  }
  return key;
}

export function createListenKey(): RequestPlan<string> {
  return plan('listenKey.create', 'POST', parseListenKey);
}

export function keepAliveListenKey(): RequestPlan<void> {
  return plan('listenKey.keepAlive', 'PUT', () => undefined);
}

export function closeListenKey(): RequestPlan<void> {
  return plan('listenKey.close', 'DELETE', () => undefined);
}

/**
 * True for an error that says the key is gone: -1125 (or the adapter's decoded meaning) carried
 * by the engine's HTTP error, whatever its class, as `code`/`meaning` or under `info`.
 */
export function isListenKeyGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Record<string, unknown>;
  const info = typeof e['info'] === 'object' && e['info'] !== null ? (e['info'] as Record<string, unknown>) : e;
  return String(info['code']) === INVALID_LISTEN_KEY_CODE || info['meaning'] === 'listen_key_invalid';
}

/** The listen key as a stream token. USD-M has one key per API key: PUT/DELETE take no parameter. */
export const listenKeyToken: StreamTokenSpec = {
  create: createListenKey,
  keepAlive: { everyMs: LISTEN_KEY_KEEPALIVE_MS, request: () => keepAliveListenKey() },
  isGone: isListenKeyGone,
  close: () => closeListenKey(),
};
