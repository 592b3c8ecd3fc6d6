/**
 * The state folder's order journal as the entry opens it, for a single session and a desk alike:
 * the file every intent is appended to, and the reader a restart's recovery resolves from
 * (docs/journal.md, "Recovery").
 */
import type { Logger } from 'pino';
import type { JournalRecord } from '../core/journal.js';
import { errorMessage } from '../core/error-message.js';
import type { JournalFile } from '../engine/journal-file.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { StartupError } from './target.js';

/** The journal in the state folder, scrubbed with the process's registered secrets. */
export async function openJournal(env: ProcessEnv): Promise<JournalFile> {
  const { JournalFile } = await import('../engine/journal-file.js');
  const { quantdeckStateDir } = await import('../log/xdg.js');
  const { scrub } = await import('../log/secret-registry.js');
  try {
    return new JournalFile(quantdeckStateDir(env), { scrub });
  } catch (err) {
    throw new StartupError(`cannot open the order journal in the state folder: ${errorMessage(err)}; nothing was sent`);
  }
}

/**
 * The journal as it stood when first asked, read once for the whole process (up to five rotated
 * files: a second or more on a busy machine) however many engines ask; each keeps its own
 * account's records. Lines it had to skip are logged once.
 */
export async function journalReaderOf(env: ProcessEnv, logger: Logger): Promise<() => readonly JournalRecord[]> {
  const { readJournal } = await import('../engine/journal-file.js');
  const { quantdeckStateDir } = await import('../log/xdg.js');
  const dir = quantdeckStateDir(env);
  let records: readonly JournalRecord[] | undefined;
  return () => {
    if (records === undefined) {
      const read = readJournal(dir);
      for (const problem of read.problems) logger.warn({ problem }, 'journal');
      records = read.records;
    }
    return records;
  };
}
