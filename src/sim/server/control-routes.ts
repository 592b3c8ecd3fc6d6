// The loopback control endpoint `/_sim/...`: the in-process SimControl served as JSON over HTTP (the
// endpoint list is in ../control.ts). Requests from anything but loopback are refused.
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

export function controlHandler(control: SimControl): ControlHandler {
  return async (req) => {
    if (!LOOPBACK.has(req.remote)) return json(403, { error: 'control endpoint is loopback only' });
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
          if (b.regime !== 'calm' && b.regime !== 'violent')
            return json(400, { error: 'regime must be calm or violent' });
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
          if (kind !== 'all' && kind !== 'user' && kind !== 'market')
            return json(400, { error: 'kind: all, user or market' });
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
        case 'GET stats':
          return json(200, await control.stats());
        default:
          return json(404, { error: `unknown control route ${route}` });
      }
    } catch (e) {
      return json(400, { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  };
}
