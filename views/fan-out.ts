/**
 * A desk's group actions in the cockpit (docs/desk.md "Fan-out"): `:fan GROUP` makes the ticket
 * target a group, and Enter then asks ONE question listing every account with its size (and each
 * skipped one with its reason); `:group GROUP cancelall|flatten|close N%` asks one question listing
 * the accounts and what each would do. A yes hands the group to the desk's actions, which answer
 * one line per account; the message line shows them all, and stays while any was not sent.
 *
 * The sizes in the question come from every account's own store through the same sizing the
 * desk's actions use (src/core/fan-out.ts), so what is asked is what is sent.
 */
import { closeSize, isValidPercent } from '../src/core/close-size.js';
import { abs, add, div, eq, gt, isDecimal, sign } from '../src/core/decimal.js';
import { equityIn, fanOutSize } from '../src/core/fan-out.js';
import { resolveName } from '../src/core/nearest.js';
import type { OrderTicket } from '../src/store/actions.js';
import type { Desk, GroupOutcome } from '../src/store/desk.js';
import { errorMessage } from '../src/core/error-message.js';
import type { QuantState } from '../src/store/state.js';
import { selectedAccount } from './accounts.js';
import { formatPrice, formatSize } from './quantity.js';
import { findOrder, type Line } from './outcome.js';
import { type DeskKeyContext, type GroupCall, type KeyContext, type KeyOutcome, type Message, type MessageLevel, say, type UiState } from './ui-state.js';

const stay = (ui: UiState): KeyOutcome => ({ ui, effects: [] });
const warn = (ui: UiState, ctx: KeyContext, text: string): KeyOutcome => stay(say(ui, ctx, text, 'warn'));

/** The word that sends a ticket to every account of the desk, group or not. */
export const ALL = 'all';
const NO_DESK = 'one account in this session: a group needs a desk (--accounts, --group, --demo-desk)';

/** A group's accounts by its name (case-insensitive), `all` for every account; or why not. */
function groupOf(name: string, desk: DeskKeyContext): { name: string; accounts: readonly string[] } | { error: string } {
  if (name.toLowerCase() === ALL) return { name: ALL, accounts: desk.accounts.map((a) => a.name) };
  const names = Object.keys(desk.groups);
  const found = resolveName(name, names);
  if ('name' in found) return { name: found.name, accounts: desk.groups[found.name] ?? [] };
  const near = found.closest.length > 0 ? `did you mean ${found.closest.join(' or ')}?` : `the groups are ${[...names, ALL].join(', ')}`;
  return { error: `no group '${name}' on this desk — ${near}` };
}

/** `:fan GROUP` (the ticket goes to the group), `:fan off` (back to the selected account), `:fan` says which. */
export function fanCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const desk = ctx.desk;
  if (desk === undefined) return warn(ui, ctx, NO_DESK);
  const [word, ...extra] = args;
  const groups = [...Object.keys(desk.groups), ALL].join(', ');
  if (extra.length > 0) return warn(ui, ctx, `:fan GROUP|off — the desk's groups: ${groups}`);
  if (word === undefined) {
    const now = ui.fan === undefined ? 'tickets go to the selected account only' : `tickets go to group ${ui.fan}`;
    return stay(say(ui, ctx, `${now} — :fan GROUP|off; the desk's groups: ${groups}`));
  }
  if (word.toLowerCase() === 'off') {
    const { fan: _off, ...rest } = ui;
    return stay(say(rest, ctx, 'tickets go to the selected account only'));
  }
  const group = groupOf(word, desk);
  if ('error' in group) return warn(ui, ctx, group.error);
  const next = { ...ui, fan: group.name };
  return stay(say(next, ctx, `tickets go to group ${group.name} (${group.accounts.join(', ')}): Enter asks first, listing each account's size — :fan off ends it`));
}

/** The group a fanned ticket goes to, for the ticket line ('→ desk: a, b, c'); undefined when none. */
export function fanTarget(ui: Pick<UiState, 'fan'>, desk: Pick<DeskKeyContext, 'groups'> & { accounts: readonly { name: string }[] } | undefined): string | undefined {
  if (ui.fan === undefined || desk === undefined) return undefined;
  const accounts = ui.fan === ALL ? desk.accounts.map((a) => a.name) : (desk.groups[ui.fan] ?? []);
  return `→ group ${ui.fan} (${accounts.length}): ${accounts.join(', ')}`;
}

const midOf = (s: QuantState): string | undefined => {
  const t = s.ticker;
  if (t === null || !isDecimal(t.bid) || !isDecimal(t.ask) || !gt(t.bid, '0') || !gt(t.ask, '0')) return undefined;
  return div(add(t.bid, t.ask), '2', 12, 'half_even');
};

/**
 * Enter on a fanned ticket: the one question, each account's size in its own units (or why it is
 * skipped). The ticket's size is the selected (lead) account's.
 */
export function fanOutQuestion(ui: UiState, ctx: KeyContext, order: OrderTicket, what: string): KeyOutcome {
  const desk = ctx.desk;
  if (desk === undefined || ui.fan === undefined) return warn(ui, ctx, NO_DESK);
  const group = groupOf(ui.fan, desk);
  if ('error' in group) return warn(ui, ctx, group.error);
  // The lead is the account whose store the ticket was built on (the one on screen).
  const lead = desk.accounts.find((a) => a.state === ctx.state)?.name ?? selectedAccount(ui, desk.accounts.map((a) => a.name));
  const leadInstrument = ctx.state.session?.instrument;
  if (lead === undefined || leadInstrument === undefined) return warn(ui, ctx, 'the selected account has no instrument yet: nothing to size the group by');
  const leadTicket = { side: order.side, type: order.type, qty: order.qty, ...(order.price === undefined ? {} : { price: order.price }) };
  let sent = 0;
  const parts = group.accounts.map((name) => {
    const account = desk.accounts.find((a) => a.name === name);
    if (account === undefined) return `${name} skipped: not on the desk`;
    const s = account.state;
    const instrument = s.session?.instrument;
    const size = fanOutSize(leadTicket, leadInstrument, {
      instrument,
      sizing: account.sizing,
      equity: instrument === undefined ? undefined : equityIn(Object.values(s.balances), instrument.quote),
      mid: midOf(s),
    });
    if (size.kind === 'skip') return `${name} skipped: ${size.reason}`;
    sent++;
    // A price is said only where the account's tick moved it: ten accounts fit the question.
    const at = size.price === undefined || (order.price !== undefined && eq(size.price, order.price)) ? '' : ` @ ${formatPrice(size.price, instrument)}`;
    return `${name} ${formatSize(size.qty, instrument)}${at}`;
  });
  if (sent === 0) return warn(ui, ctx, `fan-out to ${group.name}: nothing to send — ${parts.join(' · ')}`);
  const text = `Fan-out ${what} to ${group.name}: ${parts.join(' · ')} — send to ${sent} account${sent === 1 ? '' : 's'}?`;
  const call: GroupCall = { label: `fan-out ${order.side.toUpperCase()} to ${group.name}`, run: (d) => d.fanOut(group.accounts, order, lead) };
  return stay({ ...ui, mode: 'confirm', ticket: null, confirm: { kind: 'group', text, group: call }, message: null });
}

type GroupVerb = 'cancelall' | 'flatten' | 'close';

/** What one account would do, from its store: its open orders, or its position's close. */
function accountPlan(verb: GroupVerb, s: QuantState | undefined, percent: string): string {
  if (s === undefined) return 'not on the desk';
  if (verb === 'cancelall') {
    const n = Object.values(s.orders).filter((o) => o.trigger === undefined).length;
    return `${n} open`;
  }
  const symbol = s.session?.symbol;
  const p = symbol === undefined ? undefined : s.positions[symbol];
  if (p === undefined || sign(p.qty) === 0) return 'flat';
  const ins = s.session?.instrument;
  if (verb === 'flatten') return `${sign(p.qty) > 0 ? 'SELL' : 'BUY'} ${formatSize(abs(p.qty), ins)}`;
  const size = closeSize(p.qty, percent, ins?.symbol === p.symbol ? ins.stepSize : undefined);
  if (size === 'flat') return 'flat';
  if (size === 'below-step') return 'less than one step';
  return `${size.side.toUpperCase()} ${formatSize(size.qty, ins)}`;
}

/** `:group GROUP cancelall|flatten|close N%`: one question listing each account and what it would do. */
export function groupCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const desk = ctx.desk;
  if (desk === undefined) return warn(ui, ctx, NO_DESK);
  const usage = ':group GROUP cancelall|flatten|close N%, e.g. :group desk close 50%';
  const [name, verbWord, amount, ...extra] = args;
  if (name === undefined || verbWord === undefined || extra.length > 0) return warn(ui, ctx, `what, and on which group? — ${usage}`);
  const verbs: Readonly<Record<string, GroupVerb>> = { cancelall: 'cancelall', ca: 'cancelall', flatten: 'flatten', flat: 'flatten', close: 'close' };
  const verb: GroupVerb | undefined = verbs[verbWord.toLowerCase()];
  if (verb === undefined) return warn(ui, ctx, `'${verbWord}' is not cancelall, flatten or close — ${usage}`);
  const percent = (amount ?? '').replace(/%$/, '');
  if (verb === 'close' && !isValidPercent(percent)) return warn(ui, ctx, `close how much? a percent above 0 and at most 100 — ${usage}`);
  if (verb !== 'close' && amount !== undefined) return warn(ui, ctx, `${verb} takes no amount — ${usage}`);
  const group = groupOf(name, desk);
  if ('error' in group) return warn(ui, ctx, group.error);
  const parts = group.accounts.map((a) => `${a} ${accountPlan(verb, desk.accounts.find((x) => x.name === a)?.state, percent)}`).join(' · ');
  const n = group.accounts.length;
  const on = `on ${group.name} (${n} account${n === 1 ? '' : 's'})`;
  const [text, call]: [string, GroupCall] =
    verb === 'cancelall'
      ? [`Cancel ALL open orders ${on}: ${parts} — protective orders kept?`, { label: `cancel all on ${group.name}`, run: (d) => d.cancelAll(group.accounts) }]
      : verb === 'flatten'
        ? [`Flatten ${on}: ${parts} — at market, reduce-only?`, { label: `flatten ${group.name}`, run: (d) => d.flatten(group.accounts) }]
        : [`Close ${percent} % ${on}: ${parts} — at market, reduce-only?`, { label: `close ${percent} % on ${group.name}`, run: (d) => d.closePart(group.accounts, percent) }];
  return stay({ ...ui, mode: 'confirm', confirm: { kind: 'group', text, group: call }, message: null });
}

/**
 * The message line of a group's answer: every account's line, the level of the worst. With
 * `stateOf` (each account's store now), a sent order is followed to its outcome on its venue: a
 * venue's refusal after the send is a failure of that account, read like one. The line stays
 * (sticky) while any account was skipped, failed or refused: a partial success must be read.
 */
export function groupOutcomeMessage(
  label: string,
  outcomes: readonly GroupOutcome[],
  stateOf?: (account: string) => QuantState | undefined,
): { text: string; level: MessageLevel; sticky: boolean; at?: number } {
  let at: number | undefined;
  const judged = outcomes.map((o): { o: GroupOutcome; rank: 0 | 1 | 2; text: string } => {
    if (o.status === 'failed') return { o, rank: 0, text: `${o.account} ✗ FAILED: ${o.message}` };
    if (o.status === 'skipped') return { o, rank: 1, text: `${o.account} – ${o.message.replace(/^skipped: /, 'skipped, ')}` };
    const sent = `${o.account} ✓${o.qty === undefined ? '' : ` ${o.qty}`}`;
    const state = stateOf?.(o.account);
    const order = o.clientOrderId === undefined || state === undefined ? undefined : findOrder(state, o.clientOrderId);
    if (order !== undefined) at = Math.max(at ?? 0, order.updatedAt);
    switch (order?.state) {
      case 'rejected':
        return { o, rank: 0, text: `${o.account} ✗ REFUSED by the venue: ${order.reason ?? 'no reason given'}` };
      case 'filled':
        return { o, rank: 2, text: `${sent} filled` };
      case 'partially_filled':
        return { o, rank: 2, text: `${sent} ${order.filledQty} filled` };
      case 'new':
        return { o, rank: 2, text: `${sent} resting` };
      case 'canceled':
      case 'expired':
        return { o, rank: 2, text: `${sent} ${order.state === 'canceled' ? 'cancelled' : 'expired'}${Number(order.filledQty) > 0 ? ` (${order.filledQty} filled)` : ''}` };
      case 'unknown':
        return { o, rank: 1, text: `${sent} no answer yet — asking the venue` };
      default:
        return { o, rank: 2, text: `${sent}${o.clientOrderId === undefined ? '' : ` (${o.clientOrderId})`}` };
    }
  });
  // What must be read first: the failed and refused, then the skipped, then the sent.
  const ordered = [...judged].sort((x, y) => x.rank - y.rank);
  const failed = judged.filter((j) => j.rank === 0).length;
  const notSent = outcomes.filter((o) => o.status !== 'sent').length;
  const level: MessageLevel = failed > 0 ? 'error' : judged.some((j) => j.rank === 1) ? 'warn' : 'info';
  const refused = judged.filter((j) => j.o.status === 'sent' && j.rank === 0).length;
  const counts = `${outcomes.length - notSent}/${outcomes.length} sent${refused > 0 ? `, ${refused} refused by the venue` : ''}`;
  const text = `${label}: ${counts} — ${ordered.map((j) => j.text).join(' · ')}`;
  return { text, level, sticky: level !== 'info', ...(at === undefined ? {} : { at }) };
}

/**
 * The desk as a key is judged against it: its groups and every account's store now. An account's
 * store is flushed when a question first reads it (a fan-out's sizes, a group's plan), so the
 * question sees every event its engine has sent — a fill a moment ago included — and not what its
 * batcher last folded; a key that reads no other account's store (most keys, the `y` that sends)
 * flushes nothing.
 */
export function deskKeyContext(desk: Desk | undefined): Pick<KeyContext, 'accounts' | 'desk'> {
  if (desk === undefined) return {};
  return {
    accounts: desk.accounts.map((a) => a.name),
    desk: {
      groups: desk.groups,
      accounts: desk.accounts.map((a) => {
        let read: QuantState | undefined;
        return {
          name: a.name,
          get state(): QuantState {
            if (read === undefined) {
              a.flush?.();
              read = a.store.getState();
            }
            return read;
          },
          ...(a.sizing === undefined ? {} : { sizing: a.sizing }),
        };
      }),
    },
  };
}

type Told = { text: string; level: MessageLevel; sticky?: true; group?: { label: string; outcomes: readonly GroupOutcome[] } };

/**
 * Runs a group action on the desk and tells the message line every account's line; the message
 * carries the outcomes, so the line goes on following each account's order (groupLine).
 */
export function runGroup(desk: Desk | undefined, call: GroupCall, tell: (m: Told) => void): void {
  const show = (m: { text: string; level: MessageLevel; sticky: boolean }, outcomes?: readonly GroupOutcome[]) =>
    tell({ text: m.text, level: m.level, ...(m.sticky ? { sticky: true as const } : {}), ...(outcomes === undefined ? {} : { group: { label: call.label, outcomes } }) });
  const actions = desk?.actions;
  if (actions === undefined) {
    show({ text: `${call.label}: not done — this desk has no group actions`, level: 'error', sticky: true });
    return;
  }
  call.run(actions).then(
    (outcomes) => show(groupOutcomeMessage(call.label, outcomes), outcomes),
    (err: unknown) => show({ text: `${call.label}: not done — ${errorMessage(err)}`, level: 'error', sticky: true }),
  );
}

/** The message line of a group's answer as of now, each account's order read from its own store. */
export function groupLine(m: Message & { group: NonNullable<Message['group']> }, desk: Desk | undefined): Line {
  const stateOf = (account: string) => desk?.accounts.find((a) => a.name === account)?.store.getState();
  const g = groupOutcomeMessage(m.group.label, m.group.outcomes, stateOf);
  return { text: g.text, level: g.level, sticky: g.sticky || m.sticky === true, at: Math.max(m.at, g.at ?? 0) };
}
