/**
 * Counts what would have crashed the program: uncaught exceptions and unhandled rejections,
 * anywhere in the process, during the run. The handlers keep the process alive so the run can
 * finish and report the count (a crash that ends the run would hide everything after it). Each
 * one is remembered by name and scrubbed message only, for the report's log.
 */
import { safeMessage } from '../log/index.js';

export interface CrashCounts {
  crashes: number;
  unhandledRejections: number;
  /** First few, scrubbed: "TypeError: x is undefined". */
  samples: string[];
}

export class ProcessGuard {
  readonly counts: CrashCounts = { crashes: 0, unhandledRejections: 0, samples: [] };
  readonly #onException = (err: unknown): void => {
    this.counts.crashes++;
    this.#remember('uncaught', err);
  };
  readonly #onRejection = (reason: unknown): void => {
    this.counts.unhandledRejections++;
    this.#remember('unhandled rejection', reason);
  };
  #installed = false;

  install(): this {
    if (this.#installed) return this;
    this.#installed = true;
    process.on('uncaughtException', this.#onException);
    process.on('unhandledRejection', this.#onRejection);
    return this;
  }

  uninstall(): void {
    if (!this.#installed) return;
    this.#installed = false;
    process.off('uncaughtException', this.#onException);
    process.off('unhandledRejection', this.#onRejection);
  }

  #remember(kind: string, err: unknown): void {
    if (this.counts.samples.length >= 10) return;
    const name = err instanceof Error ? err.name : typeof err;
    this.counts.samples.push(`${kind}: ${name}: ${safeMessage(err)}`);
  }
}
