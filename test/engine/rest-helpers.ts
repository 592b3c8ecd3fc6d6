/** Shared setup for the engine's request-side tests: a local venue and an engine against it. */
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { EngineEvent, EventSink } from '../../src/store/events.js';
import type { Credentials } from '../../src/venues/venue.js';

export class EventLog implements EventSink {
  readonly events: EngineEvent[] = [];
  push(event: EngineEvent): void {
    this.events.push(event);
  }
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }
}

export function simCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account has no HMAC key');
  return { venue: 'binance-usdm', env: 'sim', apiKey: new Secret(key.apiKey, 'sim api key'), apiSecret: key.secret };
}

export async function startTestSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ tickMs: 0, seed: 7, ...options });
}

export function testEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: 'binance-usdm',
    env: 'sim',
    credentials: simCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTCUSDT',
    sink: log,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 },
    recvWindowMs: 1_000,
    resolve: { settleMs: 1_500, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...options,
  });
}

/** Resolves when `check` holds, polling; rejects after `ms`. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
