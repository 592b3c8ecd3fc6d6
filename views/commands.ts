/**
 * The command line (`:`): one table of commands, each with its names, a line of help and what
 * it does. `:help` and the help overlay list the table, Tab completes a name from it, and an
 * unknown name is answered with the nearest ones. Adding a command is adding a row.
 *
 * A command that a key also does goes through that key's binding (`press`), so it meets the same
 * guards (account down, SIM only) and the same confirmations: `:cancelall` asks like `C` does.
 * Nothing typed here sends an order by itself: `:buy`/`:sell` open the ticket filled in, and
 * Enter sends it after the ticket's own checks; `:close` and `:reverse` ask first, like `X`.
 */
import { closeSize, isValidPercent } from '../src/core/close-size.js';
import { abs, isDecimal, sign } from '../src/core/decimal.js';
import { nearestNames } from '../src/core/nearest.js';
import { selectOpenOrders, selectSymbolPosition, selectTradingBlock } from '../src/store/selectors.js';
import { formatSize } from './quantity.js';
import type { ActionId } from './keymap.js';
import { acctCommand, completeAccount } from './accounts.js';
import { amendCommand } from './amend.js';
import { fanCommand, groupCommand } from './fan-out.js';
import { askQuit } from './quit.js';
import { bracketCommand, protectCommand } from './protect-commands.js';
import { selectIsSpot } from '../src/store/spot-selectors.js';
import { spotAmountWord, spotFlatten } from './spot-flatten.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';
import { symbolCommand } from './symbol-picker.js';
import { autoCommand } from './signals.js';

/** Runs a key's binding of the main screen as if its key were pressed. */
export type Press = (ui: UiState, action: ActionId) => KeyOutcome;

export interface CommandSpec {
  /** The name shown first; aliases also run it. */
  name: string;
  aliases?: readonly string[];
  /** Arguments, for the help line ('' when none). */
  args?: string;
  help: string;
  run(ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome;
}

const stay = (ui: UiState): KeyOutcome => ({ ui, effects: [] });
const warn = (ui: UiState, ctx: KeyContext, text: string): KeyOutcome => stay(say(ui, ctx, text, 'warn'));

/**
 * `:buy [SIZE] [PRICE|mkt]`: the ticket opened as `b`/`s` open it, then the typed size (the
 * preset no longer drives it) and the typed price (fixed: it stops following the book) or market.
 */
function ticketCommand(side: 'buy' | 'sell') {
  return (ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome => {
    const [size, price, ...extra] = args;
    const usage = `:${side} [SIZE] [PRICE|mkt], e.g. :${side} 0.002 64000`;
    if (extra.length > 0) return warn(ui, ctx, `too many values — ${usage}`);
    if (size !== undefined && !isDecimal(size)) return warn(ui, ctx, `size '${size}' is not a number — ${usage}`);
    const market = price !== undefined && /^(mkt|market)$/i.test(price);
    if (price !== undefined && !market && !isDecimal(price))
      return warn(ui, ctx, `price '${price}' is not a number (or mkt) — ${usage}`);
    const opened = press(ui, side);
    const t = opened.ui.ticket;
    if (opened.ui.mode !== 'ticket' || t === null) return opened;
    let ticket = t;
    if (size !== undefined) ticket = { ...ticket, qty: size, preset: null };
    if (market) ticket = { ...ticket, type: 'market' };
    else if (price !== undefined) ticket = { ...ticket, type: 'limit', price, priceFixed: true };
    return { ui: { ...opened.ui, ticket }, effects: opened.effects };
  };
}

/** `:cancel [ID]`: the named order (its client id, or the end of it) selected, then cancelled like `c`. */
function cancelCommand(ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome {
  const [id, ...extra] = args;
  if (extra.length > 0) return warn(ui, ctx, 'one order at a time — :cancel [ID]; :cancelall cancels every order');
  if (id === undefined) return press(ui, 'cancel-selected');
  const orders = selectOpenOrders(ctx.state);
  const exact = orders.find((o) => o.clientOrderId === id || o.venueOrderId === id);
  const ending = orders.filter((o) => o.clientOrderId.endsWith(id));
  const order = exact ?? (ending.length === 1 ? ending[0] : undefined);
  if (order === undefined) {
    const why = ending.length > 1 ? `${ending.length} open orders end in '${id}': type more of the id` : `no open order '${id}'`;
    return warn(ui, ctx, `${why} — the ids are in Open orders`);
  }
  return press({ ...ui, focus: 'orders', selectedOrder: order.clientOrderId }, 'cancel-selected');
}

/** `:deadman [on|off]`: `D` when it would do what was asked; otherwise says it already is. */
function deadmanCommand(ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome {
  const [want, ...extra] = args;
  if (extra.length > 0 || (want !== undefined && want !== 'on' && want !== 'off'))
    return warn(ui, ctx, ":deadman [on|off] — without a word it switches");
  const armed = ctx.state.deadman.armed;
  if (want === 'on' && armed) return stay(say(ui, ctx, "the dead-man's switch is already armed"));
  if (want === 'off' && !armed) return stay(say(ui, ctx, "the dead-man's switch is already off"));
  return press(ui, 'deadman');
}

/** The symbol's leverage and mode as the venue last said them, in words. */
function heldLeverage(ctx: KeyContext, symbol: string): string {
  const known = ctx.state.leverage[symbol];
  return known === undefined ? 'not read yet' : `${known.leverage}x${known.marginMode === undefined ? '' : ` ${known.marginMode}`}`;
}

/**
 * `:lev` reads the account's leverage for the symbol again; `:lev N` sets it on the venue (its
 * leverage endpoint, its refusals), then reads what the venue holds.
 */
function leverageCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const symbol = ctx.state.session?.symbol;
  if (symbol === undefined) return warn(ui, ctx, 'no session yet');
  if (selectIsSpot(ctx.state)) return warn(ui, ctx, `${symbol} is spot: no leverage — an order spends what the account holds`);
  const [value, ...extra] = args;
  const usage = ':lev [N], e.g. :lev 10 — without a number it reads the leverage again';
  if (extra.length > 0) return warn(ui, ctx, `too many values — ${usage}`);
  if (value === undefined) {
    return {
      ui: say(ui, ctx, `${symbol} leverage: ${heldLeverage(ctx, symbol)}; asking the venue…`),
      effects: [{ kind: 'call', label: 'leverage', run: (a) => a.readLeverage() }],
    };
  }
  const n = /^\d{1,4}x?$/i.test(value) ? Number.parseInt(value, 10) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) return warn(ui, ctx, `'${value}' is not a leverage (a whole number of 1 or more) — ${usage}`);
  return {
    ui: say(ui, ctx, `${symbol}: setting leverage ${n}x (now ${heldLeverage(ctx, symbol)})…`),
    effects: [{ kind: 'call', label: 'leverage', run: (a) => a.setLeverage(n) }],
  };
}

/** `:margin` says the mode; `:margin cross|isolated` sets it on the venue, then reads it back. */
function marginCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const symbol = ctx.state.session?.symbol;
  if (symbol === undefined) return warn(ui, ctx, 'no session yet');
  if (selectIsSpot(ctx.state)) return warn(ui, ctx, `${symbol} is spot: no margin mode — nothing is borrowed`);
  const [want, ...extra] = args;
  const mode = want?.toLowerCase();
  if (extra.length > 0 || (mode !== undefined && mode !== 'cross' && mode !== 'isolated'))
    return warn(ui, ctx, ':margin cross|isolated — without a word it says the mode');
  if (mode === undefined) return stay(say(ui, ctx, `${symbol} margin: ${heldLeverage(ctx, symbol)}`));
  return {
    ui: say(ui, ctx, `${symbol}: setting ${mode} margin (now ${heldLeverage(ctx, symbol)})…`),
    effects: [{ kind: 'call', label: 'margin', run: (a) => a.setMarginMode(mode) }],
  };
}

/** `:regime [calm|volatile]` (SIM): `v` when the asked regime is not the current one. */
function regimeCommand(ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome {
  const [want, ...extra] = args;
  if (extra.length > 0 || (want !== undefined && want !== 'calm' && want !== 'volatile'))
    return warn(ui, ctx, ':regime [calm|volatile] — without a word it switches');
  const current = ctx.state.sim?.regime;
  if (want !== undefined && current === want) return stay(say(ui, ctx, `the price regime is already ${want}`));
  return press(ui, 'regime');
}

/** The session symbol's position, or a warning outcome saying why there is none to act on. */
function heldPosition(ui: UiState, ctx: KeyContext, verb: string): { qty: string; symbol: string } | KeyOutcome {
  const block = selectTradingBlock(ctx.state);
  if (block !== null) return warn(ui, ctx, `:${verb}: refused, ${block}`);
  const p = selectSymbolPosition(ctx.state);
  if (p === null || sign(p.qty) === 0) return warn(ui, ctx, `no ${ctx.state.session?.symbol ?? ''} position to ${verb}`);
  return p;
}

/**
 * `:close PERCENT` (25%, 50, 100%): that share of the position at market, reduce-only, after a
 * yes. The question shows the size from the position on screen; the engine sizes the order from
 * the venue's position when it sends, and reduce-only keeps a racing fill from flipping it.
 */
function closeCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  if (selectIsSpot(ctx.state)) return spotCloseCommand(ui, ctx, args);
  const usage = ':close PERCENT, e.g. :close 50%  (25%, 50%, 100% …)';
  const [word, ...extra] = args;
  if (word === undefined || extra.length > 0) return warn(ui, ctx, `how much? — ${usage}`);
  const percent = word.replace(/%$/, '');
  if (!isValidPercent(percent)) return warn(ui, ctx, `'${word}' is not a percent above 0 and at most 100 — ${usage}`);
  const held = heldPosition(ui, ctx, 'close');
  if ('ui' in held) return held;
  const ins = ctx.state.session?.instrument;
  const size = closeSize(held.qty, percent, ins?.symbol === held.symbol ? ins.stepSize : undefined);
  if (size === 'flat') return warn(ui, ctx, `no ${held.symbol} position to close`);
  if (size === 'below-step') return warn(ui, ctx, `${percent} % of the position is less than one size step — :close 100% closes it all`);
  const text = `Close ${percent} % of ${held.symbol}: ${size.side.toUpperCase()} ${formatSize(size.qty, ins)} at market, reduce-only?`;
  return stay({ ...ui, mode: 'confirm', confirm: { kind: 'close', text, percent }, message: null });
}

/** `:close PERCENT [session|all]` on spot: that share of the base, sold back to the quote, after a yes. */
function spotCloseCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const usage = ':close PERCENT [session|all], e.g. :close 50% all — of what the session bought, or of all that is free';
  const [word, which, ...extra] = args;
  if (word === undefined || extra.length > 0) return warn(ui, ctx, `how much? — ${usage}`);
  const percent = word.replace(/%$/, '');
  if (!isValidPercent(percent)) return warn(ui, ctx, `'${word}' is not a percent above 0 and at most 100 — ${usage}`);
  const amount = spotAmountWord(which);
  if (which !== undefined && amount === undefined) return warn(ui, ctx, `'${which}' is neither session nor all — ${usage}`);
  return spotFlatten(ui, ctx, 'close', amount, percent);
}

/** `:flatten [session|all]`: `X`; on spot the word chooses the amount (without it, the smaller). */
function flattenCommand(ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome {
  if (!selectIsSpot(ctx.state)) return key('flatten')(ui, ctx, args, press);
  const [which, ...extra] = args;
  const amount = spotAmountWord(which);
  if (extra.length > 0 || (which !== undefined && amount === undefined))
    return warn(ui, ctx, ':flatten [session|all] — what the session bought, or all that is free; without a word, the smaller');
  return spotFlatten(ui, ctx, 'flatten', amount);
}

/** `:reverse`: a reduce-only close, then the other side once flat (the engine's reverse), after a yes. */
function reverseCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  if (selectIsSpot(ctx.state)) return warn(ui, ctx, 'spot cannot go short: nothing to reverse — :flatten sells the base back');
  if (args.length > 0) return warn(ui, ctx, `:reverse takes no values (got '${args.join(' ')}')`);
  const held = heldPosition(ui, ctx, 'reverse');
  if ('ui' in held) return held;
  const ins = ctx.state.session?.instrument;
  const side = sign(held.qty) > 0 ? 'SELL' : 'BUY';
  const now = sign(held.qty) > 0 ? 'long' : 'short';
  const size = formatSize(abs(held.qty), ins);
  const text = `Reverse ${held.symbol} (${now} ${size}): close, then ${side} ${size} once flat, at market?`;
  return stay({ ...ui, mode: 'confirm', confirm: { kind: 'reverse', text }, message: null });
}

const key =
  (action: ActionId) =>
  (ui: UiState, ctx: KeyContext, args: readonly string[], press: Press): KeyOutcome =>
    args.length > 0 ? warn(ui, ctx, `this command takes no values (got '${args.join(' ')}')`) : press(ui, action);

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'buy', aliases: ['b'], args: '[SIZE] [PRICE|mkt]', help: 'open a buy ticket filled in; Enter sends', run: ticketCommand('buy') },
  { name: 'sell', aliases: ['s'], args: '[SIZE] [PRICE|mkt]', help: 'open a sell ticket filled in; Enter sends', run: ticketCommand('sell') },
  { name: 'cancel', aliases: ['c'], args: '[ID]', help: 'cancel the selected order, or the one whose id ends in ID', run: cancelCommand },
  { name: 'amend', aliases: ['am'], args: 'PRICE [QTY]', help: 'move the selected order to PRICE (a stop/TP: its trigger; and QTY, the new total), amended on the venue', run: amendCommand },
  { name: 'cancelall', aliases: ['ca'], help: 'cancel ALL open orders (asks first)', run: key('cancel-all') },
  { name: 'flatten', aliases: ['flat', 'x'], args: '[session|all]', help: "close the position at market, reduce-only (asks first); on spot, sell the base back: 'session' what this session bought, 'all' all that is free (default the smaller)", run: flattenCommand },
  { name: 'close', args: 'PERCENT [session|all]', help: 'close that share of the position at market, reduce-only (asks first): :close 50%; on spot, that share of the base (as :flatten)', run: closeCommand },
  { name: 'stop', args: 'PRICE [all]', help: "a stop on the venue: the position at market once the mark crosses PRICE, reduce-only; 'all' closes whatever it is then", run: protectCommand('stop') },
  { name: 'tp', args: 'PRICE [all]', help: "a take-profit on the venue: the position at market once the mark crosses PRICE, reduce-only; 'all' closes whatever it is then", run: protectCommand('take_profit') },
  { name: 'bracket', args: 'STOP TARGET', help: 'a stop and a take-profit around the position, each the whole of it, reduce-only', run: bracketCommand },
  { name: 'sym', aliases: ['symbol'], args: 'SYMBOL', help: "trade SYMBOL: the ticket, cancel-all, flatten and the market pane follow it (/ searches the venue's symbols)", run: symbolCommand },
  { name: 'reverse', help: 'turn the position the other way: a reduce-only close at market, then the same size the other way once flat (asks first)', run: reverseCommand },
  { name: 'acct', aliases: ['account'], args: 'NAME', help: "show that account of the desk in every pane (Tab completes the name); without NAME, list them", run: acctCommand },
  { name: 'fan', args: 'GROUP|off', help: "send tickets to every account of GROUP ('all': the whole desk), each sized by its own rule; Enter asks once, listing each account's size", run: fanCommand },
  { name: 'group', aliases: ['g'], args: 'GROUP cancelall|flatten|close N%', help: 'cancel all, flatten or close N % on every account of GROUP at once (asks first, listing the accounts)', run: groupCommand },
  { name: 'reconnect', aliases: ['rc'], help: 'reconnect every socket now (a resync follows)', run: key('reconnect') },
  { name: 'deadman', aliases: ['dm'], args: '[on|off]', help: "arm or disarm the dead-man's switch (disarming asks)", run: deadmanCommand },
  { name: 'lev', aliases: ['leverage'], args: '[N]', help: "set the symbol's leverage on the venue (N), or read it again", run: leverageCommand },
  { name: 'margin', args: '[cross|isolated]', help: 'set cross or isolated margin on the venue, or say the mode', run: marginCommand },
  { name: 'regime', args: '[calm|volatile]', help: 'the local venue\'s price regime (SIM only)', run: regimeCommand },
  { name: 'faults', help: 'the faults menu (SIM only)', run: key('faults') },
  { name: 'signals', aliases: ['sig'], help: 'the Signals pane: the brief, alerts, signals, gates and proposals (as S)', run: key('signals') },
  { name: 'auto', args: '[on|off]', help: "the account's automatic mode: proposals sent without asking, through the guard (refused on mainnet unless the profile allows it)", run: (ui, ctx, args) => autoCommand(ui, ctx, args) },
  { name: 'log', help: 'the event log view', run: key('log') },
  { name: 'help', aliases: ['h', '?'], help: 'list these commands and every key', run: key('help') },
  { name: 'quit', aliases: ['q', 'qa', 'exit'], help: 'quit (says first what stays open on the venue)', run: (ui, ctx) => askQuit(ui, ctx) },
];

const namesOf = (c: CommandSpec) => [c.name, ...(c.aliases ?? [])];

export function findCommand(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((c) => namesOf(c).includes(lower));
}

/** The nearest command names to a word nobody defined (aliases count, names are shown). */
export function nearestCommands(word: string, limit = 3): string[] {
  const byName = new Map(COMMANDS.flatMap((c) => namesOf(c).map((n) => [n, c.name] as const)));
  const near = nearestNames(word, [...byName.keys()], limit * 2).map((n) => byName.get(n)!);
  return [...new Set(near)].slice(0, limit);
}

/** Tab: the typed word completed as far as the names that start with it agree. */
export function completeCommand(typed: string, accounts: readonly string[] = []): { text: string; candidates: string[] } {
  // `:acct NAME`: the desk's account names complete like the commands do.
  const acct = /^(\S+) +(\S*)$/.exec(typed);
  if (acct !== null && findCommand(acct[1]!)?.name === 'acct') {
    const done = completeAccount(acct[2]!, accounts);
    return { text: `${acct[1]} ${done.text}`, candidates: done.candidates };
  }
  if (typed.includes(' ')) return { text: typed, candidates: [] };
  const candidates = COMMANDS.map((c) => c.name).filter((n) => n.startsWith(typed));
  if (candidates.length === 0) return { text: typed, candidates };
  let common = candidates[0]!;
  for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
  const text = candidates.length === 1 ? `${common} ` : common;
  return { text, candidates };
}

const usageOf = (c: CommandSpec) => `${namesOf(c).map((n) => `:${n}`).join(' ')}${c.args ? ` ${c.args}` : ''}`;

/** One line per command, for `:help` and the help overlay. */
export function commandHelpLines(): string[] {
  const width = Math.max(...COMMANDS.map((c) => usageOf(c).length));
  return COMMANDS.map((c) => `${usageOf(c).padEnd(width)}  ${c.help}`);
}

/** The README's command table, generated from the same rows (src/cli/key-table.ts writes it). */
export function commandTableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = ['| command | what |', '| --- | --- |'];
  for (const c of COMMANDS) rows.push(`| \`${cell(usageOf(c))}\` | ${cell(c.help)} |`);
  return rows.join('\n');
}

export function runCommandLine(ui: UiState, ctx: KeyContext, press: Press): KeyOutcome {
  const [word = '', ...args] = ui.command.trim().split(/\s+/);
  const back: UiState = { ...ui, mode: 'main', command: '' };
  if (word === '') return stay(back);
  const command = findCommand(word);
  if (command !== undefined) return command.run(back, ctx, args, press);
  const near = nearestCommands(word);
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `:${n}`).join(' or ')}?` : ':help lists the commands';
  return stay(say(back, ctx, `no command ':${word}' — ${hint}`, 'warn'));
}
