// The local venue's public surface. Start one in-process with `startSim`, or in a worker thread with
// `startSimWorker` (the cockpit does, so the sim's CPU never shares the UI's event loop); both return a
// `SimHandle` with URLs, demo accounts and the async `control` API. The same control API is served over
// loopback HTTP at `/_sim/...` (see server/control-routes.ts).
export type {
  AcceptedOrder,
  BinanceKeyPermissions,
  BybitKeyPermissions,
  HyperliquidKeyPermissions,
  KeyType,
  KrakenKeyPermissions,
  OkxKeyPermissions,
  Regime,
  SimAccount,
  SimAccountSpec,
  SimControl,
  SimDialect,
  SimFill,
  SimHandle,
  SimKey,
  SimKeyPermissions,
  SimKeySpec,
  SimLimits,
  SimOptions,
  SimStats,
} from './types.js';
export type { DelayFault, FaultActions, FaultPlan, FaultTrigger, OversizeFault } from './faults/plan.js';
export { parseFaultPlan, FaultPlanError } from './faults/parse.js';
export { startSim } from './sim.js';
export { DEFAULT_DIALECT, dialectSpec, isSimDialect, SIM_DIALECT_IDS } from './dialects/registry.js';
export { startSimWorker } from './worker.js';
export { httpControl } from './control.js';
