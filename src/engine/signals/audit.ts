/**
 * The signal stack's `AuditSink` on the order journal (docs/journal.md "Audit"): each entry
 * stamped with the time, the account, the venue and the env, and appended to the same file as the
 * order steps (scrubbed and escaped there). A failing write is the caller's to report: the runner
 * logs it and goes on, as the engine does for an order step.
 */
import type { AuditEntry, AuditSink } from '../../core/signals/types.js';
import type { AuditLineSink } from '../journal-file.js';

export interface AuditStamp {
  account: string;
  venue: string;
  env: string;
}

export function journalAudit(file: AuditLineSink, stamp: AuditStamp, now: () => number = Date.now): AuditSink {
  return {
    audit(entry: AuditEntry): void {
      file.appendAudit({ v: 1, at: new Date(now()).toISOString(), ...stamp, audit: entry });
    },
  };
}
