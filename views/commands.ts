/**
 * The command line (`:`): one table of commands, each with its names, a line of help and what
 * it does. `:help` and the help overlay list the table, Tab completes a name from it, and an
 * unknown name is answered with the nearest ones. Adding a command is adding a row.
 */
import { nearestNames } from '../src/core/nearest.js';
import { askQuit } from './quit.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

export interface CommandSpec {
  /** The name shown first; aliases also run it. */
  name: string;
  aliases?: readonly string[];
  /** Arguments, for the help line ('' when none). */
  args?: string;
  help: string;
  run(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome;
}

const stay = (ui: UiState): KeyOutcome => ({ ui, effects: [] });

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'quit',
    aliases: ['q', 'qa', 'exit'],
    help: 'quit (says first what stays open on the venue)',
    run: (ui, ctx) => askQuit(ui, ctx),
  },
  {
    name: 'help',
    aliases: ['h', '?'],
    help: 'list these commands and every key',
    run: (ui) => stay({ ...ui, mode: 'help', scroll: { ...ui.scroll, help: 0 } }),
  },
  {
    name: 'log',
    help: 'the event log view',
    run: (ui) => stay({ ...ui, mode: 'log', scroll: { ...ui.scroll, log: 0 } }),
  },
];

const namesOf = (c: CommandSpec) => [c.name, ...(c.aliases ?? [])];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => namesOf(c).includes(name));
}

/** The nearest command names to a word nobody defined (aliases count, names are shown). */
export function nearestCommands(word: string, limit = 3): string[] {
  const byName = new Map(COMMANDS.flatMap((c) => namesOf(c).map((n) => [n, c.name] as const)));
  const near = nearestNames(word, [...byName.keys()], limit * 2).map((n) => byName.get(n)!);
  return [...new Set(near)].slice(0, limit);
}

/** Tab: the typed word completed as far as the names that start with it agree. */
export function completeCommand(typed: string): { text: string; candidates: string[] } {
  if (typed.includes(' ')) return { text: typed, candidates: [] };
  const candidates = COMMANDS.map((c) => c.name).filter((n) => n.startsWith(typed));
  if (candidates.length === 0) return { text: typed, candidates };
  let common = candidates[0]!;
  for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
  const text = candidates.length === 1 ? `${common} ` : common;
  return { text, candidates };
}

/** One line per command, for `:help` and the help overlay. */
export function commandHelpLines(): string[] {
  return COMMANDS.map((c) => {
    const names = [c.name, ...(c.aliases ?? [])].map((n) => `:${n}`).join(' ');
    return `${`${names}${c.args ? ` ${c.args}` : ''}`.padEnd(18)} ${c.help}`;
  });
}

export function runCommandLine(ui: UiState, ctx: KeyContext): KeyOutcome {
  const [word = '', ...args] = ui.command.trim().split(/\s+/);
  const back: UiState = { ...ui, mode: 'main', command: '' };
  if (word === '') return stay(back);
  const command = findCommand(word);
  if (command !== undefined) return command.run(back, ctx, args);
  const near = nearestCommands(word);
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `:${n}`).join(' or ')}?` : ':help lists the commands';
  return stay(say(back, ctx, `no command ':${word}' — ${hint}`, 'warn'));
}
