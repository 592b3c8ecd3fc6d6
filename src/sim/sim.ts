// Wires one sim together: clock, market, accounts, matching engine, fault runtime, WebSocket hub, the
// dialect and the listener; runs the market ticker and the periodic faults; exposes the control API.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAccounts } from './accounts.js';
import { SimClock } from './clock.js';
import type { Dialect, SimCore } from './core.js';
import { DEFAULT_DIALECT, dialectSpec, isSimDialect, SIM_DIALECT_IDS } from './dialects/registry.js';
import { withOverrides } from './dialects/spec.js';
import type { FaultPlan } from './faults/plan.js';
import { FaultRuntime, toPlan } from './faults/runtime.js';
import { removeKeyDir, tempKeyDir } from './key-dir.js';
import { Market } from './market/market.js';
import { defaultSymbols } from './market/symbols.js';
import { type MatchEvent, MatchingEngine } from './matching/engine.js';
import { liquidateDue } from './matching/margin.js';
import { controlHandler } from './server/control-routes.js';
import { listen } from './server/http.js';
import { WsHub } from './server/ws-hub.js';
import { localTlsIdentity } from './tls/certificate.js';
import type { SimControl, SimHandle, SimOptions, SimStats } from './types.js';

/** A bad option (unknown symbol, regime, dialect...): named, with what was expected. */
export class SimOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimOptionError';
  }
}

function periodic(ms: number | undefined, fn: () => void): NodeJS.Timeout | undefined {
  if (ms === undefined || ms <= 0) return undefined;
  const t = setInterval(fn, ms);
  t.unref();
  return t;
}

/** Starts a sim on 127.0.0.1 in this thread. */
export async function startSim(options: SimOptions = {}): Promise<SimHandle> {
  const keyDir = options.keyDir ?? tempKeyDir();
  try {
    return await startIn(options, keyDir);
  } catch (e) {
    removeKeyDir(keyDir);
    throw e;
  }
}

async function startIn(options: SimOptions, keyDir: string): Promise<SimHandle> {
  const dialectName = options.dialect ?? DEFAULT_DIALECT;
  if (!isSimDialect(dialectName))
    throw new SimOptionError(`unknown dialect '${dialectName}' (known: ${SIM_DIALECT_IDS.join(', ')})`);
  const spec = dialectSpec(dialectName);
  const regime = options.regime ?? 'calm';
  if (regime !== 'calm' && regime !== 'volatile')
    throw new SimOptionError(`regime must be calm or volatile, got '${regime}'`);
  const trendBp = options.trendBp ?? 0;
  if (!Number.isFinite(trendBp) || Math.abs(trendBp) > 100)
    throw new SimOptionError(`trendBp must be a number of basis points within ±100, got '${String(options.trendBp)}'`);
  const seed = String(options.seed ?? Date.now());
  const initialPlan: FaultPlan = options.faults === undefined ? {} : toPlan(options.faults);
  const clock = new SimClock();
  const built = buildAccounts(options.accounts, keyDir, clock.now(), spec);
  const market = new Market(seed, regime, defaultSymbols.map((s) => spec.instruments(s)), () => clock.now(), {
    trendBp,
    tickMs: options.tickMs ?? 250,
  });
  const stats: SimStats = {
    httpRequests: 0,
    requests: {},
    errors: {},
    status429: 0,
    status418: 0,
    wsConnections: 0,
    wsDropped: 0,
    listenKeysExpired: 0,
    tlsHandshakes: 0,
    tlsResumed: 0,
    faultsFired: {},
  };
  const faults = new FaultRuntime(seed);
  const hub = new WsHub(faults, stats, {
    pingIntervalMs: options.pingIntervalMs ?? 180_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 600_000,
  });
  let dialect: Dialect | undefined;
  const engine = new MatchingEngine(market, built.states, clock, (e: MatchEvent) =>
    dialect?.onMatchEvent(e),
  );
  const core: SimCore = {
    seed,
    clock,
    market,
    engine,
    accounts: built.states,
    keys: built.keys,
    faults,
    hub,
    ledger: [],
    stats,
  };
  const d: Dialect = spec.create(core, withOverrides(spec.limits as object, options.limits), options);
  dialect = d;

  const tick = (n = 1) => {
    for (let i = 0; i < n; i++) {
      market.tick();
      for (const s of market.symbols.keys()) engine.matchResting(s);
      liquidateDue(engine, built.states, market, clock.now());
      d.onTick();
    }
  };
  const ticker = periodic(options.tickMs ?? 250, () => tick());

  // Order flow: other participants taking the accounts' resting orders at a steady rate, one step
  // of size per fill, round robin over the resting orders. A fill storm (soak, bench) that needs
  // no market move and no orders of ours beyond a few large resting ones. Not a backlog: a
  // starved timer loses the fills it missed (at most a tenth of a second's worth at once).
  let flowTimer: NodeJS.Timeout | undefined;
  let flowNext = 0;
  const setFlow = (fillsPerSecond: number) => {
    if (!Number.isFinite(fillsPerSecond) || fillsPerSecond < 0)
      throw new SimOptionError(`fills per second must be a number ≥ 0, got ${fillsPerSecond}`);
    clearInterval(flowTimer);
    flowTimer = undefined;
    if (fillsPerSecond === 0) return;
    let last = performance.now();
    let owed = 0;
    flowTimer = periodic(10, () => {
      const now = performance.now();
      owed = Math.min(owed + ((now - last) / 1000) * fillsPerSecond, fillsPerSecond / 10);
      last = now;
      const resting = engine.resting();
      if (resting.length === 0) {
        owed = 0;
        return;
      }
      for (; owed >= 1; owed--) {
        const order = resting[flowNext++ % resting.length]!;
        const step = market.get(order.symbol)?.spec.stepSize;
        if (step !== undefined) engine.takeResting(order.orderId, step);
      }
    });
  };

  let dropTimer: NodeJS.Timeout | undefined;
  let expireTimer: NodeJS.Timeout | undefined;
  faults.onChange = (plan, now) => {
    clock.skew(plan.clockOffsetMs ?? 0);
    clearInterval(dropTimer);
    clearInterval(expireTimer);
    dropTimer = periodic(plan.wsDropEveryMs, () => hub.dropAll('all'));
    expireTimer = periodic(plan.listenKeyExpireEveryMs, () => d.expireListenKeys());
    if (now.jumpClockMs !== undefined) clock.jump(now.jumpClockMs);
    if (now.banMs !== undefined) d.banNow(now.banMs);
    if (now.dropSockets) hub.dropAll('all');
    if (now.expireListenKeys) d.expireListenKeys();
    if (now.upgradeNotice) d.announceUpgrade?.();
  };
  faults.set(initialPlan);

  const control: SimControl = {
    setFaults: async (plan) => faults.set(plan),
    patchFaults: async (plan) => faults.patch(plan),
    getFaults: async () => faults.plan,
    clearFaults: async () => {
      clock.resetJumps();
      faults.clear();
    },
    setRegime: async (r) => {
      if (r !== 'calm' && r !== 'volatile')
        throw new SimOptionError(`regime must be calm or volatile, got '${r}'`);
      market.regime = r;
    },
    skewClock: async (ms) => {
      clock.resetJumps();
      faults.patch({ clockOffsetMs: ms });
    },
    jumpClock: async (ms) => clock.jump(ms),
    serverTime: async () => clock.now(),
    dropSockets: async (kind = 'all') => (kind === 'http' ? server.closeIdle() : hub.dropAll(kind)),
    expireListenKeys: async () => d.expireListenKeys(),
    acceptedOrders: async () => core.ledger.map((o) => ({ ...o })),
    fills: async () => engine.fills.map((f) => ({ ...f })),
    tick: async (n = 1) => tick(n),
    setPrice: async (symbol, price) => {
      const m = market.get(symbol);
      if (!m)
        throw new SimOptionError(
          `unknown symbol '${symbol}' (known: ${[...market.symbols.keys()].join(', ')})`,
        );
      m.setPrice(price, market.regime);
      engine.matchResting(symbol);
      liquidateDue(engine, built.states, market, clock.now());
      d.onTick();
    },
    resetLimits: async () => d.resetLimits(),
    setFlow: async (fillsPerSecond) => setFlow(fillsPerSecond),
    stats: async () => ({ ...stats, requests: { ...stats.requests }, errors: { ...stats.errors }, faultsFired: { ...faults.fired } }),
  };

  const controlToken = randomBytes(32).toString('base64url');
  const identity = options.tls === true ? localTlsIdentity() : undefined;
  let caFile: string | undefined;
  if (identity !== undefined) {
    caFile = join(keyDir, 'ca.pem');
    writeFileSync(caFile, identity.caPem, { mode: 0o644 });
  }
  const server = await listen(
    options.port ?? 0,
    d,
    controlHandler(control, controlToken),
    hub,
    spec.wording,
    identity === undefined
      ? undefined
      : {
          cert: identity.certPem,
          key: identity.keyPem,
          onHandshake: (resumed) => {
            stats.tlsHandshakes++;
            if (resumed) stats.tlsResumed++;
          },
        },
  );
  let closed = false;
  const secure = identity === undefined ? '' : 's';
  return {
    restUrl: `http${secure}://127.0.0.1:${server.port}`,
    wsUrl: `ws${secure}://127.0.0.1:${server.port}`,
    port: server.port,
    dialect: dialectName,
    accounts: built.accounts,
    keyDir,
    controlToken,
    ...(caFile === undefined ? {} : { caFile }),
    control,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      clearInterval(flowTimer);
      clearInterval(dropTimer);
      clearInterval(expireTimer);
      d.close();
      hub.close();
      await server.close();
      removeKeyDir(keyDir);
    },
  };
}
