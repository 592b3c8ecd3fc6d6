import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import { redactValue } from '../core/redact.js';
import { escapeRawInJson } from '../core/untrusted.js';
import { DEFAULT_LOG_MAX_BYTES, RotatingFile } from './rotating-file.js';
import { scrub } from './secret-registry.js';
import { type Env, logFilePath } from './xdg.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface LogOptions {
  /** Default: $QUANTDECK_LOG_LEVEL, else `info`. */
  level?: LogLevel;
  /** Default: $XDG_STATE_HOME/quantdeck/quantdeck.log. */
  file?: string;
  /**
   * Size cap of the file: past it the file becomes `<file>.1` and a new one starts (rotating-file.ts).
   * Default: $QUANTDECK_LOG_MAX_MB megabytes, else 32 MiB.
   */
  maxBytes?: number;
  env?: Env;
}

export interface FileLogger {
  readonly logger: Logger;
  readonly file: string;
  /** Writes anything still buffered; safe to call from a crash handler. */
  flush(): void;
  close(): void;
}

function maxBytesFromEnv(env: Env): number {
  const mb = Number(env['QUANTDECK_LOG_MAX_MB']);
  return Number.isFinite(mb) && mb >= 1 ? Math.round(mb * 1024 * 1024) : DEFAULT_LOG_MAX_BYTES;
}

function isLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && (LEVELS as readonly string[]).includes(value);
}

// Strings are scrubbed once, on the whole serialized line (streamWrite); the walk handles keys.
const keepText = (text: string) => text;

// The formatter walk has already turned errors into redacted plain objects; an Error that
// reaches here another way gets the same copy. The caller's error object is never changed.
function serializeError(error: unknown): unknown {
  return error instanceof Error ? redactValue(error, keepText) : error;
}

/**
 * A pino logger that writes JSON lines to a file, never to stdout or stderr (the cockpit draws
 * there). Two layers keep secrets out: a `formatters.log` walk censors every field named like a
 * secret header or field (`X-MBX-APIKEY`, `OK-ACCESS-SIGN`, `signature`, `apiKey`, `passphrase`…)
 * at any depth, and a `streamWrite` hook scrubs every registered secret (raw, base64, hex…),
 * signature and auth token out of the serialized line whatever field it hid in. The same hook
 * writes the DEL, C1 and bidi characters JSON leaves raw as `\u` escapes, so reading the file on a
 * terminal never acts on text a venue, a file or a command line put in it. A line below
 * the level is never built, so a filtered call costs a function call.
 *
 * Why a walk and not pino's `redact` paths: the same ~290 paths (12 header names in two cases ×
 * 6 parents, 16 fields × 9 parents) cost ~400 µs per line here and still missed deeper nesting;
 * the walk costs a few µs and has no depth blind spot.
 */
export function openLogger(options: LogOptions = {}): FileLogger {
  const env = options.env ?? process.env;
  const file = options.file ?? logFilePath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const destination = new RotatingFile(file, options.maxBytes ?? maxBytesFromEnv(env));
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not ours to change (a shared log path): the content is scrubbed either way.
  }
  const requested = env['QUANTDECK_LOG_LEVEL'];
  const level: LogLevel = options.level ?? (isLevel(requested) ? requested : 'info');
  // Synchronous writes (RotatingFile): a crash line must reach the file before the process exits,
  // and one write(2) of a short line into the page cache costs microseconds.
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      formatters: { log: (record) => redactValue(record, keepText) as Record<string, unknown> },
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: (line) => escapeRawInJson(scrub(line)) },
    },
    destination,
  );
  if (requested !== undefined && requested !== '' && !isLevel(requested)) {
    logger.warn({ value: requested, allowed: LEVELS }, 'QUANTDECK_LOG_LEVEL is not a level; using info');
  }
  let closed = false;
  return {
    logger,
    file,
    flush() {
      if (closed) return;
      try {
        destination.flushSync();
      } catch {
        // Nothing buffered, or the fd is gone: nothing more can be saved.
      }
    },
    close() {
      if (closed) return;
      closed = true;
      destination.close();
    },
  };
}

let current: FileLogger | undefined;

/** Opens (or reopens with new options) the process's log file. Call once at start. */
export function initLogging(options: LogOptions = {}): FileLogger {
  current?.close();
  current = openLogger(options);
  return current;
}

/** The process's logger, opened with defaults on first use. */
export function processLog(): FileLogger {
  current ??= openLogger();
  return current;
}
