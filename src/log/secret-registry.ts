import {
  SecretScrubber,
  redactError as redactErrorWith,
  redactValue as redactValueWith,
} from '../core/redact.js';
import type { Secret } from '../core/secret.js';
import { neutraliseLines } from '../core/untrusted.js';

// One scrubber per process: custody registers every secret it loads, and every sink (the log
// file, the crash handler, error messages shown to the user) scrubs through it.
const scrubber = new SecretScrubber();

/** Call for every secret as soon as it is loaded; from then on its value never reaches a sink. */
export function registerSecret(secret: Secret | undefined): void {
  if (secret !== undefined) scrubber.register(secret);
}

/** Registered secrets (raw, base64, hex…), signatures and auth tokens out of a piece of text. */
export function scrub(text: string): string {
  return scrubber.scrub(text);
}

/** `redactError` from src/core/redact.ts, with the process's registered secrets. */
export function redactError<E extends Error>(error: E): E;
export function redactError(error: unknown): Error;
export function redactError(error: unknown): Error {
  return redactErrorWith(error, scrub);
}

/** A copy of any value, safe to log or show. */
export function redactValue(value: unknown): unknown {
  return redactValueWith(value, scrub);
}

/**
 * The message of anything thrown, scrubbed and with its control characters made visible (it may
 * quote a venue or a file): for error output to the user. Line feeds are kept.
 */
export function safeMessage(error: unknown): string {
  return neutraliseLines(redactError(error).message);
}
