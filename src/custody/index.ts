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
// The venue call `keys check` is handed (the entry's goes through the engine).
export type { FetchPermissions } from './keys-check.js';
export { type LoadOptions, loadAccount, loadCredentials } from './load-credentials.js';
export {
  evaluatePermissions,
  type PreflightResult,
  summarizePermissions,
  type Verdict,
} from './preflight.js';
export { type AccountEntry, loadProfile, type Profile, profilePath } from './profile.js';
export { keyFacts, venueFamily } from './key-family.js';
