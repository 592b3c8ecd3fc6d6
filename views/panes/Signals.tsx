/**
 * The Signals pane (`S`, docs/signals.md): the session symbol's brief in one line, the latest
 * alerts, the synthesizer's signals (and why an LLM's were refused), each strategy's gate, and the
 * gatekeeper's proposals, newest first — j/k choose one ('>'), Enter shows exactly the orders it
 * would send (ProposalOrders), `y` there sends them, `n` declines. Every text a model or a venue
 * wrote goes through clip (neutralised).
 */
import { Box, Text } from 'ink';
import { gt, lt, sub } from '../../src/core/decimal.js';
import { describeProposedOrder } from '../../src/core/signals/gatekeeper.js';
import type { Proposal, ProposedOrder } from '../../src/core/signals/types.js';
import type { QuantState, TickerStatus } from '../../src/store/state.js';
import { useQuant } from '../context.js';
import { clip } from '../format.js';
import { proposalRows } from '../signals.js';
import { Rule } from '../widgets/Rule.js';

const selectSignals = (s: QuantState) => s.signals;
const selectSymbol = (s: QuantState) => s.session?.symbol;

const STATUS_COLOUR: Readonly<Record<Proposal['status'], string>> = { open: 'yellow', sent: 'green', declined: 'gray', expired: 'gray', failed: 'red' };

const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(3)}%` : '—');

export function proposalLine(p: Proposal): string {
  const what = p.signal === undefined ? '' : ` ${p.signal.side} ${p.signal.symbol} ${p.signal.horizon}`;
  const ids = p.clientOrderIds === undefined || p.clientOrderIds.length === 0 ? '' : ` → ${p.clientOrderIds.join(' ')}`;
  const outcome = p.outcome === undefined ? '' : ` · ${p.outcome}`;
  return `${p.id} ${p.action.toUpperCase()} ${p.strategy}${what} · ${p.orders.length} order(s) · ${p.status}${ids}${outcome}`;
}

export function Signals({ width, rows, selected }: { width: number; rows: number; selected: string | undefined }) {
  const sig = useQuant(selectSignals);
  const symbol = useQuant(selectSymbol);
  const brief = symbol === undefined ? undefined : sig.briefs[symbol];
  const lines: { key: string; text: string; colour?: string; bold?: boolean; dim?: boolean }[] = [];
  if (brief === undefined) lines.push({ key: 'brief', text: 'brief: waiting for bars…', dim: true });
  else {
    const frames = Object.values(brief.frames)
      .map((f) => (f === undefined ? '' : `${f.timeframe} ${f.trend === 'up' ? '↑' : f.trend === 'down' ? '↓' : '→'}`))
      .filter((x) => x !== '');
    lines.push({ key: 'brief', text: `brief ${brief.symbol}: ${frames.join(' ') || 'no timeframe has enough bars yet'} · agreement ${brief.agreement.toFixed(2)}` });
  }
  const alerts = sig.alerts.slice(-2);
  for (const a of alerts) lines.push({ key: `alert:${a.id}`, text: `alert ${a.severity} ${a.rule}: ${a.text}`, colour: a.severity === 'critical' ? 'red' : a.severity === 'warn' ? 'yellow' : undefined });
  if (sig.refusal !== null) lines.push({ key: 'refusal', text: `LLM refused (${sig.refusal.reason}): ${sig.refusal.message} — the rules model's signals shown`, colour: 'yellow' });
  if (sig.signals.length === 0) lines.push({ key: 'sig', text: `signals${sig.source === null ? '' : ` (${sig.source})`}: none now`, dim: true });
  for (const s of sig.signals)
    lines.push({ key: `sig:${s.symbol}:${s.side}:${s.entry}`, text: `signal ${s.source}: ${s.side} ${s.symbol} ${s.horizon} entry ${s.entry} stop ${s.stop} target ${s.target} · conf ${s.confidence.toFixed(2)} · ${s.rationale}` });
  const gates = Object.values(sig.gates).filter((g) => g.symbol === symbol);
  for (const g of gates) {
    const passes = Object.entries(g.passes)
      .filter(([, ok]) => ok === true)
      .map(([tf]) => tf);
    lines.push({
      key: `gate:${g.strategy}`,
      text: `gate ${g.strategy}: EV ${pct(g.aggregate.meanPct)} [${pct(g.aggregate.lowPct)}, ${pct(g.aggregate.highPct)}] n=${g.aggregate.trades} · passes ${passes.length === 0 ? 'none' : passes.join(' ')}`,
      colour: passes.length > 0 ? 'green' : undefined,
    });
  }
  const proposals = proposalRows({ signals: sig } as QuantState);
  const open = proposals.filter((p) => p.status === 'open').length;
  const title = `Signals${symbol === undefined ? '' : ` · ${symbol}`} · ${open} open proposal${open === 1 ? '' : 's'}${sig.auto.on ? ' · AUTO' : ''}`;
  const chosen = proposals.find((p) => p.id === selected) ?? proposals.find((p) => p.status === 'open') ?? proposals[0];
  const room = Math.max(0, rows - 1 - lines.length - 1);
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={title} width={width} focused right="j/k choose · Enter its orders · q back" />
      {lines.map((l) => (
        <Text key={l.key} color={l.colour} dimColor={l.dim} bold={l.bold} wrap="truncate">
          {clip(l.text, width)}
        </Text>
      ))}
      <Text bold wrap="truncate">
        {clip(proposals.length === 0 ? 'proposals: none yet' : 'proposals (newest first):', width)}
      </Text>
      {proposals.slice(0, room).map((p) => (
        <Text key={p.id} color={STATUS_COLOUR[p.status]} inverse={p === chosen} wrap="truncate">
          {clip(`${p === chosen ? '>' : ' '} ${proposalLine(p)}`, width)}
        </Text>
      ))}
    </Box>
  );
}

/**
 * Where an entry stands against the touch now: a buy limit at or above the ask (a sell's at or under
 * the bid) takes the book at once; otherwise it rests at its price until the market comes back.
 */
export function entryAgainstTouch(o: ProposedOrder, ticker: Pick<TickerStatus, 'bid' | 'ask'> | undefined): string | undefined {
  if (o.type !== 'limit' || o.price === undefined || ticker === undefined) return undefined;
  const buy = o.side === 'buy';
  const touch = buy ? ticker.ask : ticker.bid;
  const word = buy ? 'ask' : 'bid';
  try {
    const rests = buy ? lt(o.price, touch) : gt(o.price, touch);
    if (!rests) return `the ${word} is ${touch} now: the entry takes it at once`;
    return `the ${word} is ${touch} now: the entry rests at ${o.price}, ${buy ? sub(touch, o.price) : sub(o.price, touch)} ${buy ? 'under' : 'over'} it, until the price comes back`;
  } catch {
    return undefined;
  }
}

const selectTickers = (s: QuantState) => s.tickers;

/** Enter on a proposal: exactly the orders `y` sends, its reason, where its entry stands now, and the keys. */
export function ProposalOrders({ width, rows, id }: { width: number; rows: number; id: string | undefined }) {
  const sig = useQuant(selectSignals);
  const tickers = useQuant(selectTickers);
  const p = sig.proposals.find((x) => x.id === id);
  if (p === undefined)
    return (
      <Box flexDirection="column" width={width} height={rows}>
        <Rule title="Proposal" width={width} focused />
        <Text>no such proposal</Text>
      </Box>
    );
  const many = new Set(p.orders.map((o) => o.account)).size > 1;
  const lines: { key: string; text: string; bold?: boolean; dim?: boolean }[] = [
    { key: 'why', text: `${p.action} ${p.strategy} ${p.symbol}: ${p.reason}`, dim: true },
    { key: 'head', text: p.orders.length === 0 && (p.cancels ?? []).length === 0 ? 'y sends no order: it changes the strategy only' : 'y sends exactly:', bold: true },
  ];
  // This account's entry: the one beside the stop (a fan-out's other members trade on their own books).
  const own = p.orders.find((o) => o.type === 'stop')?.account ?? p.orders[0]?.account;
  const entry = p.orders.find((o) => o.type === 'limit' && o.account === own);
  p.orders.forEach((o, i) => {
    const after = (o.type === 'stop' || o.type === 'take-profit') && p.action !== 'retire' ? '  (once the entry fills)' : '';
    lines.push({ key: `o${i}`, text: `  ${i + 1}. ${describeProposedOrder(o, many)}${after}` });
    // Where it stands now: taken at once, or resting at its price.
    const now = p.status === 'open' && o === entry ? entryAgainstTouch(o, tickers[o.symbol]) : undefined;
    if (now !== undefined) lines.push({ key: `o${i}:touch`, text: `     ${now}`, dim: true });
  });
  for (const id of p.cancels ?? []) lines.push({ key: `c:${id}`, text: `  cancel ${id}` });
  if (p.outcome !== undefined) lines.push({ key: 'outcome', text: `outcome: ${p.outcome}` });
  const keys = p.status === 'open' ? 'y send · n decline · q back' : `${p.status} · q back`;
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={`Proposal ${p.id}`} width={width} focused right={keys} />
      {lines.map((l) => (
        <Text key={l.key} bold={l.bold} dimColor={l.dim} wrap="truncate">
          {clip(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
