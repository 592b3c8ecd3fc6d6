/**
 * THE keymap: every key the cockpit answers, in one table. The input handler resolves keys
 * through it and the help overlay (`?`) is generated from it, so the two cannot disagree.
 */
import type { Key } from 'ink';
import { FAULTS } from '../src/store/sim-actions.js';

/** Where the keyboard is: the main screen or one of the layers over it. */
export type Mode = 'main' | 'ticket' | 'edit' | 'confirm' | 'faults' | 'log' | 'help' | 'command' | 'pick' | 'signals' | 'proposal';

export type ActionId =
  | 'buy'
  | 'sell'
  | 'focus-next'
  | 'focus-prev'
  | 'account-next'
  | 'account-prev'
  | 'down'
  | 'up'
  | 'cancel-selected'
  | 'amend-up'
  | 'amend-down'
  | 'cancel-all'
  | 'flatten'
  | 'reconnect'
  | 'deadman'
  | 'faults'
  | 'regime'
  | 'log'
  | 'help'
  | 'back'
  | 'command'
  | 'interrupt'
  | 'preset'
  | 'tick-up'
  | 'tick-down'
  | 'ticks-up'
  | 'ticks-down'
  | 'toggle-market'
  | 'toggle-reduce'
  | 'toggle-post'
  | 'toggle-ioc'
  | 'edit-price'
  | 'edit-size'
  | 'send'
  | 'type'
  | 'erase'
  | 'accept'
  | 'confirm'
  | 'dismiss'
  | 'choose'
  | 'page-down'
  | 'page-up'
  | 'newest'
  | 'oldest'
  | 'complete'
  | 'pick-symbol'
  | 'signals'
  | 'show-proposal'
  | 'send-proposal'
  | 'decline-proposal';

/**
 * A key name: a printable character ('b', 'C', '?'), or one of: tab, shift+tab, enter, escape,
 * up, down, left, right, pageup, pagedown, backspace, ctrl+c; or a class: 'digit' (0-9 and '.'),
 * 'char' (any printable character), 'any' (any key not bound otherwise in the mode).
 */
export type KeyName = string;

export interface Binding {
  action: ActionId;
  modes: Mode[];
  keys: KeyName[];
  /** What the key does, for the help overlay. */
  help: string;
  /** Only offered against the local venue. */
  simOnly?: boolean;
  /** Changes the account: refused (with the reason) while the account is not live. */
  guarded?: boolean;
}

export const KEYMAP: readonly Binding[] = [
  { action: 'buy', modes: ['main'], keys: ['b'], help: 'buy ticket (limit at the best bid)', guarded: true },
  {
    action: 'sell',
    modes: ['main'],
    keys: ['s'],
    help: 'sell ticket (limit at the best ask)',
    guarded: true,
  },
  {
    action: 'focus-next',
    modes: ['main'],
    keys: ['tab'],
    help: 'focus next pane (orders, protection, fills, positions)',
  },
  { action: 'focus-prev', modes: ['main'], keys: ['shift+tab'], help: 'focus previous pane' },
  // A desk (several accounts, views/accounts.ts): every pane follows the selected account.
  { action: 'account-next', modes: ['main'], keys: ['a'], help: 'next account of the desk (every pane follows it)' },
  { action: 'account-prev', modes: ['main'], keys: ['A'], help: 'previous account of the desk' },
  { action: 'down', modes: ['main', 'faults', 'log', 'help', 'signals'], keys: ['j', 'down'], help: 'move down' },
  { action: 'up', modes: ['main', 'faults', 'log', 'help', 'signals'], keys: ['k', 'up'], help: 'move up' },
  {
    action: 'cancel-selected',
    modes: ['main'],
    keys: ['c'],
    help: 'cancel the selected order',
    guarded: true,
  },
  {
    action: 'amend-up',
    modes: ['main'],
    keys: ['+', '='],
    help: 'move the selected order (a stop/TP: its trigger) one tick up, amended on the venue',
    guarded: true,
  },
  {
    action: 'amend-down',
    modes: ['main'],
    keys: ['-', '_'],
    help: 'move the selected order (a stop/TP: its trigger) one tick down, amended on the venue',
    guarded: true,
  },
  {
    action: 'cancel-all',
    modes: ['main'],
    keys: ['C'],
    help: 'cancel ALL open orders (then y)',
    guarded: true,
  },
  {
    action: 'flatten',
    modes: ['main'],
    keys: ['X'],
    help: 'flatten the position at market (then y)',
    guarded: true,
  },
  { action: 'reconnect', modes: ['main'], keys: ['R'], help: 'reconnect every socket now (resync follows)' },
  {
    action: 'deadman',
    modes: ['main'],
    keys: ['D'],
    help: "arm the dead-man's switch, or disarm it (then y)",
    guarded: true,
  },
  { action: 'faults', modes: ['main'], keys: ['f'], help: 'faults menu', simOnly: true },
  {
    action: 'regime',
    modes: ['main'],
    keys: ['v'],
    help: 'switch price regime calm / volatile',
    simOnly: true,
  },
  { action: 'log', modes: ['main'], keys: ['l'], help: 'event log view' },
  { action: 'signals', modes: ['main'], keys: ['S'], help: 'Signals pane: brief, alerts, signals, gates, proposals (Enter: its orders)' },
  { action: 'pick-symbol', modes: ['main'], keys: ['/'], help: "symbol picker: type to search the venue's symbols, Enter trades the chosen one" },
  { action: 'help', modes: ['main'], keys: ['?'], help: 'this help' },
  {
    action: 'command',
    modes: ['main'],
    keys: [':'],
    help: 'command line (:q quits, :help lists commands, Tab completes)',
  },
  {
    action: 'interrupt',
    modes: ['main', 'ticket', 'edit', 'confirm', 'faults', 'log', 'help', 'command', 'pick', 'signals', 'proposal'],
    keys: ['ctrl+c'],
    help: 'quit (asks first while orders or positions are open, saying what stays)',
  },
  {
    action: 'back',
    modes: ['main', 'ticket', 'faults', 'log', 'help', 'signals', 'proposal'],
    keys: ['q', 'escape'],
    help: 'back / close',
  },
  { action: 'back', modes: ['help'], keys: ['?'], help: 'close help' },

  { action: 'preset', modes: ['ticket'], keys: ['1', '2', '3', '4', '5'], help: 'size preset 1-5' },
  { action: 'tick-up', modes: ['ticket'], keys: ['up', '+', '='], help: 'price up one tick' },
  { action: 'tick-down', modes: ['ticket'], keys: ['down', '-', '_'], help: 'price down one tick' },
  { action: 'ticks-up', modes: ['ticket'], keys: ['right'], help: 'price up ten ticks' },
  { action: 'ticks-down', modes: ['ticket'], keys: ['left'], help: 'price down ten ticks' },
  { action: 'toggle-market', modes: ['ticket'], keys: ['m'], help: 'market / limit' },
  { action: 'toggle-reduce', modes: ['ticket'], keys: ['r'], help: 'reduce-only on / off' },
  { action: 'toggle-post', modes: ['ticket'], keys: ['o'], help: 'post-only on / off (a limit that would take is refused)' },
  { action: 'toggle-ioc', modes: ['ticket'], keys: ['i'], help: 'IOC on / off (fill what crosses now, cancel the rest)' },
  { action: 'edit-price', modes: ['ticket'], keys: ['p'], help: 'type a price' },
  { action: 'edit-size', modes: ['ticket'], keys: ['z'], help: 'type a size' },
  {
    action: 'send',
    modes: ['ticket'],
    keys: ['enter'],
    help: 'send the order (checked first)',
    guarded: true,
  },

  { action: 'type', modes: ['edit'], keys: ['digit'], help: 'digits and . type the value' },
  { action: 'type', modes: ['command'], keys: ['char'], help: 'type a command (q = quit)' },
  { action: 'erase', modes: ['edit', 'command'], keys: ['backspace'], help: 'erase a character' },
  { action: 'accept', modes: ['edit'], keys: ['enter', 'tab'], help: 'accept the value' },
  { action: 'accept', modes: ['command'], keys: ['enter'], help: 'run the command' },
  { action: 'complete', modes: ['command'], keys: ['tab'], help: 'complete the command name' },
  { action: 'dismiss', modes: ['edit', 'command'], keys: ['escape'], help: 'drop what was typed' },

  { action: 'type', modes: ['pick'], keys: ['char'], help: 'type letters of the symbol (in order, any case: btcusd finds BTC-USD)' },
  { action: 'erase', modes: ['pick'], keys: ['backspace'], help: 'erase a letter' },
  { action: 'down', modes: ['pick'], keys: ['down', 'tab'], help: 'next match' },
  { action: 'up', modes: ['pick'], keys: ['up', 'shift+tab'], help: 'previous match' },
  { action: 'accept', modes: ['pick'], keys: ['enter'], help: 'the ticket, cancel-all and flatten trade the chosen symbol' },
  { action: 'dismiss', modes: ['pick'], keys: ['escape'], help: 'close the picker, symbol unchanged' },

  { action: 'confirm', modes: ['confirm'], keys: ['y'], help: 'yes, do it' },
  { action: 'dismiss', modes: ['confirm'], keys: ['any'], help: 'any other key: no (the default)' },

  {
    action: 'choose',
    modes: ['faults'],
    keys: [...FAULTS.map((f) => f.key), 'enter'],
    help: 'inject the fault (number or Enter)',
  },
  { action: 'show-proposal', modes: ['signals'], keys: ['enter'], help: 'show exactly the orders the selected proposal would send' },
  { action: 'send-proposal', modes: ['proposal'], keys: ['y'], help: 'send them, through the guard and the order manager as a typed order', guarded: true },
  { action: 'decline-proposal', modes: ['proposal'], keys: ['n'], help: 'decline the proposal: nothing is sent' },
  { action: 'page-down', modes: ['log'], keys: ['pagedown', ' '], help: 'page down' },
  { action: 'page-up', modes: ['log'], keys: ['pageup'], help: 'page up' },
  { action: 'newest', modes: ['log'], keys: ['G', 'end'], help: 'jump to the newest line' },
  { action: 'oldest', modes: ['log'], keys: ['g', 'home'], help: 'jump to the oldest line' },
];

/** What each mode is called in the help overlay, in display order. */
export const MODE_TITLES: ReadonlyArray<[Mode, string]> = [
  ['main', 'Main screen'],
  ['ticket', 'Order ticket'],
  ['edit', 'Typing a price or size'],
  ['confirm', 'Confirm bar'],
  ['faults', 'Faults menu (SIM)'],
  ['log', 'Log view'],
  ['command', 'Command line'],
  ['pick', 'Symbol picker (/)'],
  ['signals', 'Signals pane (S)'],
  ['proposal', "A proposal's orders (Enter)"],
  ['help', 'Help'],
];

/** An ink keypress as one key name of the table's vocabulary. */
export function keyName(input: string, key: Key): KeyName {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl || key.meta) return `ctrl+${input}`;
  return input;
}

const CONTROL_CHARS: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\u007F': 'backspace',
  '\b': 'backspace',
  '\u0003': 'ctrl+c',
  '\u001B': 'escape',
};

/**
 * The keys in one ink input event. ink hands a run of plain characters that arrived together
 * (a paste, `tmux send-keys`, a fast typist over a slow link) to useInput as ONE string: split
 * it so that `s`,`m`,Enter typed at once still does what the three keys do one by one.
 */
export function keyNames(input: string, key: Key): KeyName[] {
  const chars = [...input];
  const plainRun = chars.length > 1 && !input.startsWith('\u001B') && !key.ctrl && !key.meta;
  if (!plainRun) return [keyName(input, key)];
  return chars.map((ch) => CONTROL_CHARS[ch] ?? ch);
}

const isPrintable = (name: KeyName) => name.length === 1 && name >= ' ';

/** The binding a key triggers in a mode, or null. Exact keys win over the classes. */
export function resolveKey(mode: Mode, name: KeyName): Binding | null {
  const inMode = KEYMAP.filter((b) => b.modes.includes(mode));
  const exact = inMode.find((b) => b.keys.includes(name));
  if (exact !== undefined) return exact;
  if (/^[0-9.]$/.test(name)) {
    const digit = inMode.find((b) => b.keys.includes('digit'));
    if (digit !== undefined) return digit;
  }
  if (isPrintable(name)) {
    const char = inMode.find((b) => b.keys.includes('char'));
    if (char !== undefined) return char;
  }
  return inMode.find((b) => b.keys.includes('any')) ?? null;
}

/** How a key name is written in the help overlay. */
export function keyLabel(name: KeyName): string {
  const labels: Record<string, string> = {
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'shift+tab': 'S-Tab',
    backspace: 'Bksp',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    home: 'Home',
    end: 'End',
    'ctrl+c': 'Ctrl-C',
    digit: '0-9 .',
    char: 'a-z…',
    any: 'other',
    ' ': 'Space',
  };
  return labels[name] ?? name;
}
