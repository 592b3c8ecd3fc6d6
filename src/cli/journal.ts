/**
 * `quantdeck journal [--since TIME] [--account NAME] [--audit]`: the journal's files read oldest
 * first, the steps that pass the filters printed as a table (src/core/journal.ts), every cell
 * neutralised; with `--audit`, the signal stack's lines instead (src/core/journal-audit.ts). A
 * torn or unreadable line is skipped and named on stderr; the exit code stays 0 (what could be
 * read was printed). A bad --since is a usage error (exit 2).
 */
import { CommandLineError, formatHelp, parseCommand, usageErrorText } from '../core/command-line.js';
import { errorMessage } from '../core/error-message.js';
import { auditTable } from '../core/journal-audit.js';
import { filterJournal, journalTable, parseSince, SINCE_FORMS, type JournalFilter } from '../core/journal.js';
import { neutralise } from '../core/untrusted.js';
import { readAudit, readJournal } from '../engine/journal-file.js';
import { type Env, quantdeckStateDir } from '../log/xdg.js';
import { JOURNAL_COMMAND } from './journal-flags.js';

export interface JournalIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Env;
  now(): number;
}

const PROCESS_IO: JournalIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: Date.now };

export async function main(argv: string[], io: JournalIo = PROCESS_IO): Promise<number> {
  const filter: JournalFilter = {};
  let audit = false;
  try {
    const parsed = parseCommand(JOURNAL_COMMAND, argv);
    if (parsed.help) {
      io.stdout.write(formatHelp(JOURNAL_COMMAND));
      return 0;
    }
    const since = parsed.values.get('since');
    if (since !== undefined) {
      const ms = parseSince(since, io.now());
      if (ms === undefined) throw new CommandLineError(`--since: '${neutralise(since)}' is not a time; give ${SINCE_FORMS}`);
      filter.sinceMs = ms;
    }
    const account = parsed.values.get('account');
    if (account !== undefined) filter.account = account;
    audit = parsed.switches.has('audit');
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    io.stderr.write(usageErrorText(JOURNAL_COMMAND, err.message));
    return 2;
  }
  let read: ReturnType<typeof readJournal>;
  try {
    read = (audit ? readAudit : readJournal)(quantdeckStateDir(io.env));
  } catch (err) {
    io.stderr.write(`quantdeck journal: cannot read the journal: ${neutralise(errorMessage(err))}\n`);
    return 1;
  }
  for (const problem of read.problems) io.stderr.write(`quantdeck journal: ${neutralise(problem)}\n`);
  if (audit) {
    const audits = read.audits.filter(
      (r) => (filter.account === undefined || r.account === filter.account) && (filter.sinceMs === undefined || Date.parse(r.at) >= filter.sinceMs),
    );
    io.stdout.write(audits.length === 0 ? 'no audit lines match: the signal stack wrote none yet\n' : `${auditTable(audits)}\n`);
    return 0;
  }
  const records = filterJournal(read.records, filter);
  if (records.length === 0) {
    io.stdout.write(read.records.length === 0 ? 'the journal is empty: no order was placed yet\n' : 'no journal steps match\n');
    return 0;
  }
  io.stdout.write(`${journalTable(records)}\n`);
  return 0;
}
