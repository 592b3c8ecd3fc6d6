// The loopback control endpoint `/_sim/...`: the in-process SimControl served as JSON over HTTP (the
// endpoint list is in ../control.ts). It steers the venue's clock, faults and prices, so only the
// process that started the sim may use it. A request must, in this order:
//   come from loopback                          else 403
//   carry no Origin header (a browser page)     else 403
//   name the listening address in Host          else 403 (a DNS-rebinding page names its own host)
//   carry `Authorization: Bearer <token>`       else 401 (the per-run token; another local user lacks it)
//   send its body as application/json          else 415 (a form post cannot set it without a preflight)
import { namedErrorMessage } from '../../core/error-message.js';
import { timingSafeEqual } from 'node:crypto';
import type { FaultPlan } from '../faults/plan.js';
import type { SimControl } from '../types.js';
import type { ControlHandler, SimHttpReply, SimHttpRequest } from './http.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const json = (status: number, value: unknown): SimHttpReply => ({
  status,
  body: value === undefined ? '' : JSON.stringify(value),
});

function body(req: SimHttpRequest): Record<string, unknown> {
  if (req.rawBody.trim() === '') return {};
  const v = JSON.parse(req.rawBody) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

function planOf(b: Record<string, unknown>): FaultPlan | string {
  return typeof b.plan === 'string' ? b.plan : (b as FaultPlan);
}

function header(req: SimHttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function tokenMatches(given: string | undefined, token: Buffer): boolean {
  const m = given === undefined ? null : /^Bearer (\S+)$/.exec(given);
  if (m === null) return false;
  const b = Buffer.from(m[1]!, 'utf8');
  return b.length === token.length && timingSafeEqual(b, token);
}

/** Why a control request is refused, or undefined when it may steer the sim. */
export function controlRefusal(req: SimHttpRequest, token: Buffer): SimHttpReply | undefined {
  if (!LOOPBACK.has(req.remote)) return json(403, { error: 'control endpoint is loopback only' });
  if (req.headers.origin !== undefined) return json(403, { error: 'control endpoint refuses requests with an Origin header' });
  if (header(req, 'host') !== req.local) return json(403, { error: `control endpoint answers Host ${req.local} only` });
  if (!tokenMatches(header(req, 'authorization'), token)) return json(401, { error: 'control endpoint needs the run\'s control token' });
  const type = header(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (req.method !== 'GET' && type !== 'application/json')
    return json(415, { error: 'control endpoint accepts application/json only' });
  if (req.method === 'GET' && req.rawBody !== '') return json(400, { error: 'GET carries no body' });
  return undefined;
}

export function controlHandler(control: SimControl, token: string): ControlHandler {
  const secret = Buffer.from(token, 'utf8');
  return async (req) => {
    const refused = controlRefusal(req, secret);
    if (refused !== undefined) return refused;
    const route = `${req.method} ${req.path.slice('/_sim/'.length)}`;
    try {
      const b = req.method === 'GET' ? {} : body(req);
      switch (route) {
        case 'GET faults':
          return json(200, await control.getFaults());
        case 'POST faults':
          await control.setFaults(planOf(b));
          return json(200, await control.getFaults());
        case 'PATCH faults':
          await control.patchFaults(planOf(b));
          return json(200, await control.getFaults());
        case 'DELETE faults':
          await control.clearFaults();
          return json(200, {});
        case 'POST regime':
          if (b.regime !== 'calm' && b.regime !== 'volatile')
            return json(400, { error: 'regime must be calm or volatile' });
          await control.setRegime(b.regime);
          return json(200, { regime: b.regime });
        case 'GET clock':
          return json(200, { serverTime: await control.serverTime() });
        case 'POST clock':
          if (typeof b.skewMs === 'number') await control.skewClock(b.skewMs);
          else if (typeof b.jumpMs === 'number') await control.jumpClock(b.jumpMs);
          else return json(400, { error: 'give skewMs or jumpMs (numbers)' });
          return json(200, { serverTime: await control.serverTime() });
        case 'POST drop-sockets': {
          const kind = b.kind ?? 'all';
          if (kind !== 'all' && kind !== 'user' && kind !== 'market' && kind !== 'http')
            return json(400, { error: 'kind: all, user, market or http' });
          return json(200, { dropped: await control.dropSockets(kind) });
        }
        case 'POST expire-listen-keys':
          return json(200, { expired: await control.expireListenKeys() });
        case 'GET orders':
          return json(200, await control.acceptedOrders());
        case 'GET fills':
          return json(200, await control.fills());
        case 'POST tick':
          await control.tick(typeof b.n === 'number' ? b.n : 1);
          return json(200, {});
        case 'POST price':
          if (typeof b.symbol !== 'string' || typeof b.price !== 'string')
            return json(400, { error: 'give symbol and price (strings)' });
          await control.setPrice(b.symbol, b.price);
          return json(200, {});
        case 'POST reset-limits':
          await control.resetLimits();
          return json(200, {});
        case 'POST flow':
          if (typeof b.fillsPerSecond !== 'number')
            return json(400, { error: 'give fillsPerSecond (a number; 0 stops the flow)' });
          await control.setFlow(b.fillsPerSecond);
          return json(200, { fillsPerSecond: b.fillsPerSecond });
        case 'GET stats':
          return json(200, await control.stats());
        default:
          return json(404, { error: `unknown control route ${route}` });
      }
    } catch (e) {
      return json(400, { error: namedErrorMessage(e) });
    }
  };
}
