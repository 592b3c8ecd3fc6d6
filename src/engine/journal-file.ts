/**
 * The journal on disk (docs/journal.md): JSON lines appended to `journal.jsonl` in the state
 * folder the entry names, rotated by size into `journal.1.jsonl` … `journal.<keep-1>.jsonl`. The
 * signal stack's audit lines go beside it, to `audit.jsonl` with a rotation of its own: a brief and
 * gate results every minute or so would otherwise rotate the order steps away within days.
 *
 * Crash safety: each record is one `write` of one whole line (text and line end together) on a
 * descriptor opened O_APPEND, made synchronously before the engine goes on, so a `kill -9` finds
 * every earlier line in the kernel already and can cut short at most the line being written. A
 * writer that opens a file whose last byte is not a line end (the tail of such a cut) writes one
 * first, so its first record never joins the torn one; the reader skips and reports torn lines.
 * Not fsynced: the page cache outlives the process, and a flush per step would sit between the
 * intent and its send (a power cut may lose the last lines, never tear an earlier one).
 *
 * No secrets: every string of a record goes through the scrubber the entry hands over (the
 * process's registered secrets and the signature patterns: src/core/redact.ts), and characters a
 * terminal acts on are written as escapes, so `tail -f` of the file is safe too.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { type JournalRecord, parseJournal } from '../core/journal.js';
import type { AuditRecord } from '../core/journal-audit.js';
import { redactValue, scrubSensitivePatterns } from '../core/redact.js';
import { escapeRawInJson } from '../core/untrusted.js';

/** 4 MiB per file: a busy day's intents (a step is about 300 bytes). */
export const JOURNAL_MAX_BYTES = 4 * 1024 * 1024;
/** Files kept, the current one included: at most KEEP × MAX_BYTES on disk. */
export const JOURNAL_KEEP = 5;
export const JOURNAL_FILE = 'journal.jsonl';
/** The audit lines' own file, rotated as the journal is but apart from it (docs/journal.md "Audit"). */
export const AUDIT_FILE = 'audit.jsonl';

/** Where the engine's journal steps go (the file below, or anything a test hands in). */
export interface JournalSink {
  append(record: JournalRecord): void;
}

/** Where the signal stack's audit lines go: the journal's sibling `audit.jsonl` (src/core/journal-audit.ts). */
export interface AuditLineSink {
  appendAudit(record: AuditRecord): void;
}

export interface JournalFileOptions {
  maxBytes?: number;
  /** Files kept, the current one included (at least 2). */
  keep?: number;
  /** Secrets out of every string (default: the signature patterns only; the entry passes the process's scrubber). */
  scrub?: (text: string) => string;
  /** The file's name in the folder (default `journal.jsonl`; the audit's is `audit.jsonl`). */
  name?: string;
}

/** The journal's files, oldest first: `journal.4.jsonl` … `journal.1.jsonl`, `journal.jsonl` (or the audit's). */
export function journalFiles(dir: string, keep = JOURNAL_KEEP, name = JOURNAL_FILE): string[] {
  const out: string[] = [];
  for (let i = keep - 1; i >= 1; i--) out.push(rotatedName(dir, i, name));
  out.push(join(dir, name));
  return out.filter((f) => existsSync(f));
}

function rotatedName(dir: string, n: number, name: string): string {
  return join(dir, name.replace(/\.jsonl$/, `.${n}.jsonl`));
}

export class JournalFile implements JournalSink, AuditLineSink {
  readonly file: string;
  readonly maxBytes: number;
  readonly keep: number;
  readonly #dir: string;
  readonly #name: string;
  readonly #options: JournalFileOptions;
  readonly #scrub: (text: string) => string;
  /** The audit lines' file, opened at the first one. */
  #audit: JournalFile | undefined;
  #fd: number;
  /** The inode and device the descriptor is open on: another writer's rotation renames it away. */
  #ino = 0;
  #dev = 0;
  #closed = false;
  rotations = 0;

  constructor(dir: string, options: JournalFileOptions = {}) {
    this.maxBytes = options.maxBytes ?? JOURNAL_MAX_BYTES;
    this.keep = options.keep ?? JOURNAL_KEEP;
    if (!Number.isFinite(this.maxBytes) || this.maxBytes < 1024)
      throw new RangeError(`journal size cap must be at least 1024 bytes, got ${this.maxBytes}`);
    if (!Number.isInteger(this.keep) || this.keep < 2) throw new RangeError(`journal keeps at least 2 files, got ${this.keep}`);
    this.#dir = dir;
    this.#name = options.name ?? JOURNAL_FILE;
    this.#options = options;
    this.file = join(dir, this.#name);
    this.#scrub = options.scrub ?? scrubSensitivePatterns;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#fd = this.#open();
    this.#endTornTail();
  }

  #open(): number {
    const fd = openSync(this.file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    const st = fstatSync(fd);
    this.#ino = st.ino;
    this.#dev = st.dev;
    return fd;
  }

  /** A file left mid-line by a crash: the next record starts on a line of its own. */
  #endTornTail(): void {
    const size = fstatSync(this.#fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.#fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(this.#fd, '\n');
  }

  /**
   * Another cockpit writing the same journal may have rotated it: the name no longer names the
   * file this descriptor is open on, and the next line goes to the new one. Its size is read from
   * the file, not counted here, for the same reason.
   */
  #follow(): void {
    const st = statSync(this.file, { throwIfNoEntry: false });
    if (st !== undefined && st.ino === this.#ino && st.dev === this.#dev) return;
    closeSync(this.#fd);
    this.#fd = this.#open();
  }

  /** The line as written: redacted, one line, no raw control characters. */
  line(record: JournalRecord | AuditRecord): string {
    return `${escapeRawInJson(JSON.stringify(redactValue(record, this.#scrub)))}\n`;
  }

  append(record: JournalRecord): void {
    this.#write(record);
  }

  /** An audit line: to `audit.jsonl`, scrubbed and rotated as an order step is, but in files of its own. */
  appendAudit(record: AuditRecord): void {
    if (this.#closed) return;
    if (this.#name === AUDIT_FILE) {
      this.#write(record);
      return;
    }
    this.#audit ??= new JournalFile(this.#dir, { ...this.#options, name: AUDIT_FILE });
    this.#audit.#write(record);
  }

  #write(record: JournalRecord | AuditRecord): void {
    if (this.#closed) return;
    const line = Buffer.from(this.line(record), 'utf8');
    this.#follow();
    const size = fstatSync(this.#fd).size;
    if (size > 0 && size + line.length > this.maxBytes) this.#rotate();
    // One write of the whole line: a crash cuts at most this line short.
    let done = 0;
    while (done < line.length) done += writeSync(this.#fd, line, done, line.length - done);
  }

  /** Between lines only: the oldest file goes, each other moves one up, a new current one opens. */
  #rotate(): void {
    closeSync(this.#fd);
    rmSync(rotatedName(this.#dir, this.keep - 1, this.#name), { force: true });
    for (let i = this.keep - 2; i >= 1; i--) moveIfThere(rotatedName(this.#dir, i, this.#name), rotatedName(this.#dir, i + 1, this.#name));
    moveIfThere(this.file, rotatedName(this.#dir, 1, this.#name));
    this.#fd = this.#open();
    this.rotations++;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    this.#audit?.close();
  }
}

/** A rename that another writer's rotation may have done first. */
function moveIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export interface ReadJournal {
  records: JournalRecord[];
  /** The signal stack's audit lines, in time order: the journal's own (written before they had a file of their own); `readAudit` adds the audit file's. */
  audits: AuditRecord[];
  /** One line per file with skipped lines: which file, which lines, and whether its tail was torn. */
  problems: string[];
}

/** Every record of the journal's files, in time order (two writers may interleave across a rotation). */
export function readJournal(dir: string, keep = JOURNAL_KEEP): ReadJournal {
  return readFiles(journalFiles(dir, keep));
}

/**
 * The audit lines: the audit file's and those the journal holds from before they had one, in time
 * order (`records` is the journal's, as `readJournal` gives them).
 */
export function readAudit(dir: string, keep = JOURNAL_KEEP): ReadJournal {
  return readFiles([...journalFiles(dir, keep, AUDIT_FILE), ...journalFiles(dir, keep)]);
}

function readFiles(files: readonly string[]): ReadJournal {
  const out: ReadJournal = { records: [], audits: [], problems: [] };
  for (const file of files) {
    const parsed = parseJournal(readFileSync(file, 'utf8'));
    out.records.push(...parsed.records);
    out.audits.push(...parsed.audits);
    if (parsed.skipped.length === 0) continue;
    const name = basename(file);
    const torn = parsed.tornTail ? parsed.skipped.slice(-1) : [];
    const bad = parsed.skipped.filter((n) => !torn.includes(n));
    if (torn.length > 0) out.problems.push(`${name}: skipped a torn last line (line ${torn[0]}: a write cut short by a crash)`);
    if (bad.length > 0) out.problems.push(`${name}: skipped ${bad.length} unreadable line(s) (an earlier crash's cut-short write, or not a journal line): ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ' …' : ''}`);
  }
  // Stable: steps written in the same millisecond keep their file order. Each time is parsed once
  // (parsing in the comparator cost a restart's recovery over a second on a full journal).
  const keyed = out.records.map((r, i) => ({ r, ms: Date.parse(r.at), i }));
  keyed.sort((a, b) => a.ms - b.ms || a.i - b.i);
  out.records = keyed.map((k) => k.r);
  const audits = out.audits.map((r, i) => ({ r, ms: Date.parse(r.at), i }));
  audits.sort((a, b) => a.ms - b.ms || a.i - b.i);
  out.audits = audits.map((k) => k.r);
  return out;
}
