/**
 * The signal stack's `AuditSink` beside the order journal (docs/journal.md "Audit"): each entry
 * stamped with the time, the account, the venue and the env, and appended to the audit's own file,
 * `audit.jsonl` (scrubbed and escaped as order steps are, rotated apart from them so the audit's
 * volume never rotates an order step away). A failing write is the caller's to report: the runner
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
