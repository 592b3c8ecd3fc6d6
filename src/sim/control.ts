// The control API over loopback HTTP: a SimControl that talks to `/_sim/...` of a running sim. The worker
// handle uses it, and so can any other process (`quantdeck sim` in another terminal, a chaos script).
//
// Every request carries `Authorization: Bearer <token>` (the run's control token, `SimHandle.controlToken`;
// `quantdeck sim` prints it as `control-token TOKEN`), Host 127.0.0.1:PORT, no Origin, and a JSON body
// (`{}` when there is nothing to say) on anything but GET; see server/control-routes.ts for why.
//
// Endpoints (JSON bodies and replies; loopback only; never metered, never faulted):
//   GET    /_sim/faults                 → current FaultPlan
//   POST   /_sim/faults                 body: FaultPlan, or {"plan":"<--faults string>"}  (replace)
//   PATCH  /_sim/faults                 same body, merged into the current plan
//   DELETE /_sim/faults                 clear every fault
//   POST   /_sim/regime                 {"regime":"calm"|"volatile"}
//   GET    /_sim/clock                  → {"serverTime":ms}
//   POST   /_sim/clock                  {"skewMs":N} (absolute offset) or {"jumpMs":N} (step)
//   POST   /_sim/drop-sockets           {"kind":"all"|"user"|"market"|"http"} → {"dropped":N}
//   POST   /_sim/expire-listen-keys     → {"expired":N}
//   GET    /_sim/orders                 → AcceptedOrder[]
//   GET    /_sim/fills                  → SimFill[]
//   POST   /_sim/tick                   {"n":N}
//   POST   /_sim/price                  {"symbol":"BTCUSDT","price":"65000.0"}
//   POST   /_sim/reset-limits
//   POST   /_sim/flow                   {"fillsPerSecond":N} (0 stops the order flow)
//   GET    /_sim/stats                  → SimStats
import { readFileSync } from 'node:fs';
import type { FaultPlan } from './faults/plan.js';
import type { AcceptedOrder, Regime, SimControl, SimFill, SimStats } from './types.js';

/**
 * A SimControl over the loopback control endpoint of the sim at `restUrl`, with the run's control token.
 * A sim serving https (`--tls`) is trusted through its CA file (`caFile`), never by skipping verification.
 */
export function httpControl(restUrl: string, token: string, caFile?: string): SimControl {
  let send: Promise<typeof fetch> | undefined;
  const sender = () =>
    (send ??= (async () => {
      if (caFile === undefined) return fetch;
      const { Agent, fetch: undiciFetch } = await import('undici');
      const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
      return ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
    })());
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const auth = { authorization: `Bearer ${token}` };
    const res = await (await sender())(`${restUrl}/_sim/${path}`, {
      method,
      headers: method === 'GET' ? auth : { ...auth, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sim control ${method} /_sim/${path}: HTTP ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  const planBody = (plan: FaultPlan | string) => (typeof plan === 'string' ? { plan } : plan);
  return {
    setFaults: (plan) => call('POST', 'faults', planBody(plan)),
    patchFaults: (plan) => call('PATCH', 'faults', planBody(plan)),
    getFaults: () => call<FaultPlan>('GET', 'faults'),
    clearFaults: () => call('DELETE', 'faults'),
    setRegime: (regime: Regime) => call('POST', 'regime', { regime }),
    skewClock: (ms) => call('POST', 'clock', { skewMs: ms }),
    jumpClock: (ms) => call('POST', 'clock', { jumpMs: ms }),
    serverTime: async () => (await call<{ serverTime: number }>('GET', 'clock')).serverTime,
    dropSockets: async (kind = 'all') =>
      (await call<{ dropped: number }>('POST', 'drop-sockets', { kind })).dropped,
    expireListenKeys: async () => (await call<{ expired: number }>('POST', 'expire-listen-keys', {})).expired,
    acceptedOrders: () => call<AcceptedOrder[]>('GET', 'orders'),
    fills: () => call<SimFill[]>('GET', 'fills'),
    tick: (n = 1) => call('POST', 'tick', { n }),
    setPrice: (symbol, price) => call('POST', 'price', { symbol, price }),
    resetLimits: () => call('POST', 'reset-limits', {}),
    setFlow: (fillsPerSecond) => call('POST', 'flow', { fillsPerSecond }),
    stats: () => call<SimStats>('GET', 'stats'),
  };
}
