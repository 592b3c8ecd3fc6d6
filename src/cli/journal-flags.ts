/** `quantdeck journal`'s command line, as data (src/cli/commands.ts lists it; the code is in journal.ts). */
import type { CommandSpec } from '../core/command-line.js';
import { SINCE_FORMS } from '../core/journal.js';

export const JOURNAL_COMMAND: CommandSpec = {
  command: 'quantdeck journal',
  summary: 'print the order journal (every intent and its outcome, per account) as a table',
  options: [
    { name: 'since', value: 'TIME', help: `only steps at or after TIME: ${SINCE_FORMS}; a time without a zone is UTC` },
    { name: 'account', value: 'NAME', help: 'only this account (the profile name the session ran as)' },
    { name: 'audit', help: "the signal stack's lines instead (briefs, alerts, signals, refusals, gates, proposals, decisions and the client ids they produced)" },
  ],
  notes: `The journal is JSON lines in $XDG_STATE_HOME/quantdeck/journal.jsonl (default
~/.local/state/quantdeck), rotated by size; docs/journal.md describes the record.`,
};
