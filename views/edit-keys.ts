/**
 * Typing keys (modes 'edit' and 'command'): a character, erase, accept or drop for a ticket's
 * field; for the command line also Tab completion (commands, the desk's accounts). Part of the
 * keyboard logic (views/controller.ts), pure like it.
 */
import { completeCommand } from './commands.js';
import type { Binding, KeyName } from './keymap.js';
import { acceptEdit, dropEdit, eraseChar, typeChar } from './ticket.js';
import { type KeyContext, say, type UiState } from './ui-state.js';

export function editKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): UiState {
  if (ui.mode === 'command') {
    if (b.action === 'type') return { ...ui, command: (ui.command + name).slice(0, 40), message: null };
    if (b.action === 'erase') return { ...ui, command: ui.command.slice(0, -1), message: null };
    if (b.action === 'complete') {
      const { text, candidates } = completeCommand(ui.command, ctx.accounts);
      const next = { ...ui, command: text };
      if (candidates.length > 1) return say(next, ctx, candidates.map((c) => (text.includes(' ') ? c : `:${c}`)).join('  '));
      if (candidates.length === 0 && ui.command.includes(' ') && ctx.accounts !== undefined)
        return say(next, ctx, `no account starts with '${ui.command.split(' ').pop()}' — the desk's: ${ctx.accounts.join(', ')}`, 'warn');
      if (candidates.length === 0) return say(next, ctx, `no command starts with '${ui.command}' — :help lists them`, 'warn');
      return next;
    }
    return { ...ui, mode: 'main', command: '' };
  }
  const t = ui.ticket!;
  if (b.action === 'type') return { ...ui, ticket: typeChar(t, name) };
  if (b.action === 'erase') return { ...ui, ticket: eraseChar(t) };
  if (b.action === 'accept') return { ...ui, mode: 'ticket', ticket: acceptEdit(t) };
  return { ...ui, mode: 'ticket', ticket: dropEdit(t) };
}
