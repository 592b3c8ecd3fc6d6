// What the rest of quantdeck uses from custody: load an account's credentials, judge a key's
// permissions, decide whether a session may start in its environment.
export type { CustodyCredentials } from './credentials.js';
export {
  confirmLive,
  decideEnvironment,
  type GuardDecision,
  resolveEnvironment,
} from './environment-guard.js';
export { CustodyError } from './errors.js';
export { formatKeyRef, type KeyRef, parseKeyRef } from './key-ref.js';
// The preflight on connect: ask the venue through the engine, judge with evaluatePermissions.
export { checkKeyPermissions, type FetchPermissions, type KeyCheck } from './keys-check.js';
export { fetchKeyPermissions, type PreflightVia, PreflightUnsupportedError } from '../engine/preflight.js';
export { type LoadOptions, loadAccount, loadCredentials } from './load-credentials.js';
export {
  evaluatePermissions,
  type PreflightResult,
  summarizePermissions,
  type Verdict,
} from './preflight.js';
export { type AccountEntry, loadProfile, type Profile, profilePath } from './profile.js';
export { permissionQuery, type VenueFamily, venueFamily } from './venues.js';
