/**
 * The one place Hyperliquid requests become bytes. Two shapes, both `POST` with a JSON body:
 * - `/info`: unsigned queries `{"type":…, "user": <master address>, …}`; the master (not the
 *   agent that signs) owns the orders, fills and positions (HL-NONCE "API wallets").
 * - `/exchange`: L1 actions `{"action", "nonce", "signature", "vaultAddress", "expiresAfter"}`.
 *   The action object is built in the venue's key order (the msgpack hash depends on it), signed
 *   by the agent key through sign.ts, and the very same object is serialised once as the body
 *   (invariant 1). `expiresAfter` = venue time + the validity window, so an order held up on the
 *   way is refused rather than placed late, and "never seen" can be believed after the window.
 * The builders of each request are order-plans.ts (orders) and requests.ts (the rest).
 */
import { SigningError } from '../shared/signing-error.js';
import type { Costs, Credentials, Env, Lane, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { infoCosts } from './limits.js';
import { signL1Action } from './sign.js';
import { isMainnet } from './urls.js';

const VENUE = 'hyperliquid';
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json' };

/** The master account the agent trades for, lower-case; every user query names it. */
export function masterAddress(credentials: Credentials): string {
  const wallet = credentials.walletAddress;
  if (wallet === undefined || !ADDRESS.test(wallet)) {
    throw new SigningError(VENUE, 'credentials lack the master wallet address (0x + 40 hex digits)');
  }
  return wallet.toLowerCase();
}

export interface Built {
  env: Env;
  now: number;
}

export interface InfoSpec<T> {
  name: string;
  lane: Lane;
  weight: number;
  body(ctx: SignContext): Record<string, unknown>;
  parse(body: unknown, built: Built): T;
}

/** The one place `/info` requests become bytes. */
export function infoPlan<T>(spec: InfoSpec<T>): RequestPlan<T> {
  const costs = infoCosts(spec.weight);
  let built: Built | undefined;
  return {
    name: spec.name,
    lane: spec.lane,
    costs,
    signed: false,
    mutating: false,
    build(ctx: SignContext): WireRequest {
      // Unsigned and untimed: the clock may not be synced yet (exchangeStatus is how it gets synced).
      built = { env: ctx.credentials.env, now: 0 };
      const body = JSON.stringify(spec.body(ctx));
      return { name: spec.name, method: 'POST', path: '/info', query: '', body, headers: JSON_HEADERS, lane: spec.lane, costs };
    },
    parse: (reply) => spec.parse(reply.body, built ?? { env: 'sim', now: 0 }),
  };
}

export interface ActionSpec<T> {
  name: string;
  lane: Lane;
  costs: Costs;
  mutating: boolean;
  /** The action object in the venue's key order; may read the asset table of `ctx`'s environment. */
  action(ctx: SignContext): Record<string, unknown>;
  parse(body: unknown, built: Built): T;
}

/** The one place `/exchange` actions are signed and turned into bytes. */
export function actionPlan<T>(spec: ActionSpec<T>): RequestPlan<T> {
  let built: Built | undefined;
  return {
    name: spec.name,
    lane: spec.lane,
    costs: spec.costs,
    signed: true,
    mutating: spec.mutating,
    build(ctx: SignContext): WireRequest {
      const { credentials } = ctx;
      if (credentials.privateKey === undefined) throw new SigningError(VENUE, 'credentials lack the agent private key');
      const now = Math.floor(ctx.venueNow());
      built = { env: credentials.env, now };
      const action = spec.action(ctx);
      const nonce = ctx.nextNonce();
      const expiresAfter = ctx.recvWindowMs > 0 ? now + ctx.recvWindowMs : null;
      const signature = signL1Action(credentials.privateKey, {
        action,
        nonce,
        vaultAddress: null,
        expiresAfter,
        isMainnet: isMainnet(credentials.env),
      });
      const body = JSON.stringify({ action, nonce, signature, vaultAddress: null, expiresAfter });
      return { name: spec.name, method: 'POST', path: '/exchange', query: '', body, headers: JSON_HEADERS, lane: spec.lane, costs: spec.costs };
    },
    parse: (reply) => spec.parse(reply.body, built ?? { env: 'sim', now: 0 }),
  };
}
