/**
 * The signal stack's lines in the order journal (docs/journal.md "Audit", docs/signals.md §Audit):
 * every brief, alert, signal, refusal, gate result, proposal and decision, stamped like an order
 * step (time, account, venue, env) and written to the same JSON-lines file, so a decision can be
 * traced to the client order ids it produced and from them to their outcomes.
 *
 * An audit line has `audit` where an order step has `event` and `clientOrderId`: the order
 * journal's reader (`parseJournal`) sets it aside, so a restart's recovery never sees one, and
 * `quantdeck journal` shows them only when asked (`--audit`).
 */
import type { AuditEntry } from './signals/types.js';
import { neutralise } from './untrusted.js';
import { textTable } from './text-table.js';

/** The same version as an order step's (src/core/journal.ts JOURNAL_VERSION; not imported: that module reads this one). */
const AUDIT_VERSION = 1;

export interface AuditRecord {
  v: typeof AUDIT_VERSION;
  at: string;
  account: string;
  venue: string;
  env: string;
  audit: AuditEntry;
}

const KINDS = new Set<string>(['brief', 'alert', 'signal', 'refusal', 'gate', 'proposal', 'decision']);

/** A parsed line as an audit record, or undefined when it is not one. */
export function asAuditRecord(value: unknown): AuditRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (r['v'] !== AUDIT_VERSION) return undefined;
  for (const field of ['at', 'account', 'venue', 'env']) if (typeof r[field] !== 'string') return undefined;
  if (Number.isNaN(Date.parse(r['at'] as string))) return undefined;
  const audit = r['audit'];
  if (audit === null || typeof audit !== 'object' || !KINDS.has((audit as Record<string, unknown>)['kind'] as string)) return undefined;
  return value as AuditRecord;
}

const n = (x: number | undefined, digits = 4): string => (x === undefined || !Number.isFinite(x) ? '?' : x.toFixed(digits));

/** One line a trader reads: what the step said. */
export function describeAudit(e: AuditEntry): string {
  switch (e.kind) {
    case 'brief': {
      const frames = Object.values(e.brief.frames)
        .map((f) => (f === undefined ? '' : `${f.timeframe} ${f.trend}`))
        .filter((x) => x !== '');
      return `${e.brief.symbol} agreement ${n(e.brief.agreement, 2)}${frames.length === 0 ? '' : `: ${frames.join(', ')}`}`;
    }
    case 'alert':
      return `${e.alert.severity} ${e.alert.rule}: ${e.alert.text}`;
    case 'signal': {
      const s = e.signal;
      return `${s.source}${s.strategy === undefined ? '' : `/${s.strategy}`} ${s.side} ${s.symbol} ${s.horizon} entry ${s.entry} stop ${s.stop} target ${s.target} (confidence ${n(s.confidence, 2)}): ${s.rationale}`;
    }
    case 'refusal':
      return `${e.synthesizer} refused (${e.reason}): ${e.message}`;
    case 'gate': {
      const g = e.gate;
      const passes = Object.entries(g.passes)
        .filter(([, ok]) => ok === true)
        .map(([tf]) => tf);
      return `${g.strategy} ${g.symbol}: aggregate EV ${n(g.aggregate.meanPct)} % [${n(g.aggregate.lowPct)}, ${n(g.aggregate.highPct)}] over ${g.aggregate.trades} trades; passes ${passes.length === 0 ? 'none' : passes.join(', ')}`;
    }
    case 'proposal': {
      const p = e.proposal;
      const ids = p.clientOrderIds === undefined || p.clientOrderIds.length === 0 ? '' : ` → ${p.clientOrderIds.join(', ')}`;
      return `${p.id} ${p.action} ${p.strategy} ${p.symbol} ${p.status}: ${p.orders.length} order(s)${ids}${p.outcome === undefined ? '' : ` (${p.outcome})`}; ${p.reason}`;
    }
    case 'decision':
      return `${e.proposalId} ${e.decision}${e.clientOrderIds.length === 0 ? '' : ` → ${e.clientOrderIds.join(', ')}`}${e.note === undefined ? '' : ` (${e.note})`}`;
  }
}

const COLUMNS = ['time', 'account', 'venue', 'kind', 'what'] as const;

/** The audit lines as a table, oldest first, every cell neutralised (a model's words are untrusted). */
export function auditTable(records: readonly AuditRecord[]): string {
  const rows = records.map((r) =>
    [r.at, r.account, r.env === 'live' ? r.venue : `${r.venue} ${r.env}`, r.audit.kind, describeAudit(r.audit)].map((c) => neutralise(c)),
  );
  return textTable(COLUMNS, rows);
}
