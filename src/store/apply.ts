/**
 * Pure folding of engine events into state: `applyEvents(state, events) → state`. A whole batch
 * is folded with each touched slice copied once (not once per event), so 50 fills in one flush
 * cost one copy of the fill buffer. Untouched slices keep their identity, which is what lets a
 * view's selector skip re-rendering. Every buffer is trimmed to `state.limits`.
 */
import { isZero } from '../core/decimal.js';
import { neutralise } from '../core/untrusted.js';
import { isTerminalOrderState } from '../core/types.js';
import type { Fill, Instrument, Order } from '../core/types.js';
import { TRIGGER_WORD } from '../core/protection.js';
import type { EngineEvent, LogLevel } from '../engine/events.js';
import { foldSignals } from './signals.js';
import { foldSessionFill, holdingsFrom, spotForSession, spotInstrument } from './spot.js';
import { type LogEntry, type QuantState, type SocketStatus, type TickerStatus, trendLabel } from './state.js';

/** A flat position. A malformed qty is not zero: the row stays visible rather than vanishing. */
function isZeroDecimal(value: string): boolean {
  try {
    return isZero(value);
  } catch {
    return false;
  }
}

function describeOrder(o: Order): string {
  // A protective leg is a market order behind a trigger: its trigger is what the trader needs to read.
  const trigger = o.trigger === undefined ? undefined : `${TRIGGER_WORD[o.trigger.kind]} at ${o.trigger.price} (${o.trigger.by}) MKT`;
  const price = trigger ?? (o.type === 'market' || o.price === undefined ? 'MKT' : `@ ${o.price}`);
  return `${o.side.toUpperCase()} ${o.qty} ${o.symbol} ${price}`;
}

/**
 * A log line of this batch. A fill storm writes many more lines than the log keeps (one per fill
 * and order end), so the text of those is written in `finish` from the fill or the ended order,
 * and only for the lines kept.
 */
interface DraftLine {
  seq: number;
  at: number;
  level: LogLevel;
  text: string;
  source: string | undefined;
  fill: Fill | undefined;
  ended: Order | undefined;
}

function lineText(line: DraftLine): string {
  const { fill, ended } = line;
  if (fill !== undefined) return `fill ${fill.side.toUpperCase()} ${fill.qty} ${fill.symbol} @ ${fill.price} (${fill.clientOrderId ?? fill.venueOrderId})`;
  if (ended !== undefined)
    return `order ${ended.clientOrderId} ${ended.state} (${describeOrder(ended)})${ended.reason === undefined ? '' : `: ${ended.reason}`}`;
  return line.text;
}

/** The mutable working copy of one batch: slices are copied on first write. */
class Draft {
  readonly next: QuantState;
  private readonly copied = new Set<string>();
  private newFills: Fill[] = [];
  /** Trade ids of the fills held, by symbol (ids are unique per symbol only); built on the first fill. */
  private fillIds: Map<string, Set<string>> | undefined;
  /** `next.closedOrders` by client id; built on the first order report. */
  private closedById: Map<string, Order> | undefined;
  /**
   * The last `limits.log` lines of this batch, a ring (slot `count % limit`, objects reused once it
   * is full): the lines before them would leave the log in this same batch.
   */
  private readonly newLog: DraftLine[] = [];
  /** Lines written in this batch, kept or not. */
  private logCount = 0;

  constructor(readonly prev: QuantState) {
    this.next = { ...prev };
  }

  /** Copy a record/object slice once per batch and return the writable copy. */
  private own<K extends 'sockets' | 'orders' | 'positions' | 'balances'>(key: K): QuantState[K] {
    if (!this.copied.has(key)) {
      this.copied.add(key);
      this.next[key] = { ...this.prev[key] } as QuantState[K];
    }
    return this.next[key];
  }

  log(at: number, level: LogLevel, text: string, source?: string): void {
    this.line(at, level, source).text = text;
  }

  /**
   * The next line's slot, its text left for the caller. Log lines quote venues (error messages,
   * symbols): kept only with their controls visible, made so in `finish` for the lines the log keeps.
   */
  private line(at: number, level: LogLevel, source: string | undefined): DraftLine {
    const seq = this.next.logSeq;
    this.next.logSeq += 1;
    const limit = this.next.limits.log;
    const n = this.logCount++;
    let line = n >= limit && limit > 0 ? this.newLog[n % limit] : undefined;
    if (line === undefined) {
      line = { seq, at, level, text: '', source, fill: undefined, ended: undefined };
      if (n < limit) this.newLog.push(line);
      return line;
    }
    line.seq = seq;
    line.at = at;
    line.level = level;
    line.text = '';
    line.source = source;
    line.fill = undefined;
    line.ended = undefined;
    return line;
  }

  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'session': {
        const session: QuantState['session'] = { venue: e.venue, env: e.env, account: e.account, symbol: e.symbol };
        if (e.instrument !== undefined) session.instrument = e.instrument;
        if (e.deadmanStops !== undefined) session.deadmanStops = e.deadmanStops;
        if (e.noDeadman === true) session.noDeadman = true;
        if (e.slippagePct !== undefined) session.slippagePct = e.slippagePct;
        // The ticket moved to another symbol (`:sym`): its ticker is that symbol's, if one streamed.
        if (this.next.session?.symbol !== e.symbol) this.next.ticker = this.next.tickers[e.symbol] ?? null;
        this.next.session = session;
        this.spotSession(e.instrument, e.at);
        break;
      }
      case 'instruments': {
        const instruments: Record<string, Instrument> = {};
        for (const i of e.instruments) instruments[i.symbol] = i;
        this.next.instruments = instruments;
        break;
      }
      case 'connection': {
        const sockets = this.own('sockets');
        const old = sockets[e.socket];
        const reconnects = (old?.reconnects ?? 0) + (e.state === 'reconnecting' && old?.state !== 'reconnecting' ? 1 : 0);
        const status: SocketStatus = { name: e.socket, role: e.role, state: e.state, since: e.at, reconnects };
        if (old?.state === e.state) status.since = old.since;
        if (e.reason !== undefined) status.reason = e.reason;
        if (e.attempt !== undefined) status.attempt = e.attempt;
        if (e.nextRetryAt !== undefined) status.nextRetryAt = e.nextRetryAt;
        if (old?.lastMessageAt !== undefined) status.lastMessageAt = old.lastMessageAt;
        sockets[e.socket] = status;
        if (old?.state !== e.state) {
          const why = e.reason === undefined ? '' : ` (${e.reason})`;
          const attempt = e.state === 'reconnecting' && e.attempt !== undefined ? ` attempt ${e.attempt}` : '';
          const level: LogLevel = e.state === 'reconnecting' ? 'warn' : e.state === 'live' ? 'info' : 'debug';
          this.log(e.at, level, `${e.socket} socket ${e.state}${attempt}${why}`, 'stream');
        }
        break;
      }
      case 'socket-activity': {
        const sockets = this.own('sockets');
        const old = sockets[e.socket];
        if (old !== undefined && (old.lastMessageAt ?? 0) < e.at) sockets[e.socket] = { ...old, lastMessageAt: e.at };
        break;
      }
      case 'socket-silence': {
        const sockets = this.own('sockets');
        const old = sockets[e.socket];
        if (old === undefined) break;
        const { silent: _was, ...rest } = old;
        sockets[e.socket] = e.silent ? { ...rest, silent: e.reason ?? 'connected but silent' } : rest;
        break;
      }
      case 'auth': {
        const { type: _type, ...auth } = e;
        this.next.auth = auth;
        const level: LogLevel = e.permissions.withdraw ? 'warn' : 'info';
        const withdraw = e.permissions.withdraw ? ' — key can WITHDRAW' : '';
        this.log(e.at, level, `authenticated: ${e.method}, key from ${e.keySource}, ${e.permissions.summary}${withdraw}`, 'auth');
        break;
      }
      case 'clock': {
        const limit = this.next.limits.clockHistory;
        const history = [...(this.next.clock?.history ?? []), e.offsetMs].slice(-limit);
        this.next.clock = {
          offsetMs: e.offsetMs,
          uncertaintyMs: e.uncertaintyMs,
          driftPpm: e.driftPpm,
          lastSyncAt: e.lastSyncAt,
          at: e.at,
          history,
        };
        break;
      }
      case 'budget': {
        const old = this.next.budget;
        const budget: QuantState['budget'] = { pools: e.pools, state: e.state, at: e.at };
        if (e.until !== undefined) budget.until = e.until;
        if (e.reason !== undefined) budget.reason = e.reason;
        this.next.budget = budget;
        if ((old?.state ?? 'normal') !== e.state) {
          const level: LogLevel = e.state === 'banned' ? 'error' : e.state === 'limited' ? 'warn' : 'info';
          const why = e.reason === undefined ? '' : `: ${e.reason}`;
          this.log(e.at, level, `rate budget ${e.state}${why}`, 'budget');
        }
        break;
      }
      case 'ticker': {
        const limits = this.next.limits;
        const old = this.next.tickers[e.symbol] ?? null;
        const bucketAt = Math.floor(e.at / limits.tickerBucketMs) * limits.tickerBucketMs;
        const price = Number(e.last);
        let history = old?.symbol === e.symbol ? old.history : [];
        if (old !== null && old.symbol === e.symbol && old.bucketAt === bucketAt && history.length > 0) {
          history = [...history.slice(0, -1), price];
        } else {
          history = [...history, price].slice(-limits.tickerHistory);
        }
        const ticker: TickerStatus = { symbol: e.symbol, bid: e.bid, ask: e.ask, last: e.last, at: e.at, history, bucketAt };
        this.next.tickers = keptTickers({ ...this.next.tickers, [e.symbol]: ticker }, this.next.session?.symbol, limits.tickers);
        if (this.next.session === null || this.next.session.symbol === e.symbol) this.next.ticker = ticker;
        break;
      }
      case 'order':
        this.upsertOrder(e.order, e.at);
        break;
      case 'orders-snapshot': {
        this.copied.add('orders');
        const orders: Record<string, Order> = {};
        for (const o of e.orders) if (!isTerminalOrderState(o.state)) orders[o.clientOrderId] = o;
        this.next.orders = orders;
        break;
      }
      case 'fill':
        this.addFill(e.fill, e.at);
        break;
      case 'positions': {
        if (e.snapshot) {
          this.copied.add('positions');
          this.next.positions = {};
        }
        const positions = this.own('positions');
        for (const p of e.positions) {
          if (isZeroDecimal(p.qty)) delete positions[p.symbol];
          else positions[p.symbol] = p;
        }
        break;
      }
      case 'balances': {
        if (e.snapshot) {
          this.copied.add('balances');
          this.next.balances = {};
        }
        const balances = this.own('balances');
        for (const b of e.balances) balances[b.asset] = b;
        const spot = spotInstrument(this.next.session?.instrument);
        if (spot !== undefined) this.next.holdings = holdingsFrom(balances, spot);
        break;
      }
      case 'leverage': {
        const old = this.next.leverage[e.leverage.symbol];
        this.next.leverage = { ...this.next.leverage, [e.leverage.symbol]: e.leverage };
        if (old?.leverage !== e.leverage.leverage || old?.marginMode !== e.leverage.marginMode) {
          const mode = e.leverage.marginMode === undefined ? '' : ` ${e.leverage.marginMode}`;
          this.log(e.at, 'info', `${e.leverage.symbol} leverage ${e.leverage.leverage}x${mode} (the account's, from the venue)`, 'account');
        }
        break;
      }
      case 'account-risk':
        this.next.accountRisk = e.risk;
        // In the asset equity is counted in: a venue that changed it would make the difference meaningless.
        if (this.next.equityAtStart === null || this.next.equityAtStart.asset !== e.risk.asset) this.next.equityAtStart = e.risk;
        break;
      case 'funding':
        this.next.funding = { ...this.next.funding, [e.funding.symbol]: e.funding };
        break;
      case 'reconcile': {
        const r = this.next.reconcile;
        const reconcile = { ...r, lastAt: e.at, lastTrigger: e.trigger, passes: r.passes + 1 };
        if (e.error !== undefined) {
          reconcile.lastError = e.error;
          this.log(e.at, 'error', `reconcile (${e.trigger}) failed: ${e.error}`, 'reconcile');
        } else {
          delete reconcile.lastError;
        }
        if (e.corrections.length > 0) {
          reconcile.lastCorrectionAt = e.at;
          reconcile.totalCorrections = r.totalCorrections + e.corrections.length;
          reconcile.corrections = [...e.corrections, ...r.corrections].slice(0, this.next.limits.corrections);
          for (const c of e.corrections) this.log(e.at, 'warn', `reconcile: ${c.text}`, 'reconcile');
        }
        this.next.reconcile = reconcile;
        break;
      }
      case 'deadman': {
        const old = this.next.deadman;
        const deadman: QuantState['deadman'] = { armed: e.armed };
        if (e.deadline !== undefined) deadman.deadline = e.deadline;
        if (e.timeoutMs !== undefined) deadman.timeoutMs = e.timeoutMs;
        if (e.onDisconnect === true) deadman.onDisconnect = true;
        this.next.deadman = deadman;
        if (old.armed !== e.armed) {
          const secs = e.timeoutMs === undefined ? '' : ` (${Math.round(e.timeoutMs / 1000)} s)`;
          this.log(e.at, e.armed ? 'info' : 'warn', `dead-man's switch ${e.armed ? 'armed' + secs : 'disarmed'}`, 'deadman');
        }
        break;
      }
      case 'log':
        this.log(e.at, e.level, e.text, e.source);
        break;
      case 'signals':
        this.next.signals = foldSignals(this.next.signals, e, this.next.limits);
        break;
      case 'sim': {
        const old = this.next.sim;
        this.next.sim = { regime: e.regime, activeFaults: e.activeFaults, ...(e.trendBp === undefined ? {} : { trendBp: e.trendBp }) };
        if (old?.regime !== e.regime) this.log(e.at, 'info', `SIM regime: ${e.regime}${trendLabel(e.trendBp)}`, 'sim');
        break;
      }
    }
  }

  /** A spot session gets its ledger and its holdings from the balances so far; leaving spot drops both. */
  private spotSession(instrument: Instrument | undefined, at: number): void {
    const spot = spotForSession(this.next.spot, instrument, at);
    if (spot === this.next.spot) return;
    this.next.spot = spot;
    const ins = spotInstrument(instrument);
    this.next.holdings = ins === undefined ? {} : holdingsFrom(this.next.balances, ins);
  }

  private upsertOrder(order: Order, at: number): void {
    const orders = this.own('orders');
    const old = orders[order.clientOrderId];
    if (old !== undefined && order.updatedAt < old.updatedAt) return; // an older view of the same order
    const id = order.clientOrderId;
    const closedById = this.closedIndex();
    const ended = closedById.get(id);
    // The same end told twice (the REST reply, then the stream): one log line, not two.
    if (ended !== undefined && ended.state === order.state) return;
    if (ended !== undefined && !isTerminalOrderState(order.state) && order.updatedAt <= ended.updatedAt) return;
    if (isTerminalOrderState(order.state)) {
      delete orders[id];
      const closed = this.next.closedOrders.filter((o) => o.clientOrderId !== id);
      closed.push(order);
      closedById.set(id, order);
      const kept = closed.slice(-this.next.limits.closedOrders);
      for (let i = 0; i < closed.length - kept.length; i++) closedById.delete(closed[i]!.clientOrderId);
      this.next.closedOrders = kept;
      const level: LogLevel = order.state === 'rejected' ? 'warn' : 'info';
      this.line(at, level, 'orders').ended = order;
      return;
    }
    orders[id] = order;
    if (old?.state !== order.state) {
      if (order.state === 'unknown') this.log(at, 'warn', `order ${id} status unknown — querying venue`, 'orders');
      else if (order.state === 'new' && old !== undefined) this.log(at, 'info', `order ${id} accepted (${describeOrder(order)})`, 'orders');
    }
  }

  /** The closed orders by client id, kept in step with `next.closedOrders` for the rest of the batch. */
  private closedIndex(): Map<string, Order> {
    if (this.closedById === undefined) {
      this.closedById = new Map();
      for (const o of this.next.closedOrders) this.closedById.set(o.clientOrderId, o);
    }
    return this.closedById;
  }

  private addFill(fill: Fill, at: number): void {
    if (this.fillIds === undefined) {
      this.fillIds = new Map();
      for (const f of this.prev.fills) this.symbolFillIds(f.symbol).add(f.tradeId);
    }
    const ids = this.symbolFillIds(fill.symbol);
    const held = ids.size;
    ids.add(fill.tradeId);
    if (ids.size === held) return; // a replay after resync: already counted
    this.newFills.push(fill);
    if (this.next.spot !== null) this.next.spot = foldSessionFill(this.next.spot, fill, this.next.clock?.offsetMs);
    this.line(at, 'info', 'fills').fill = fill;
  }

  private symbolFillIds(symbol: string): Set<string> {
    let ids = (this.fillIds as Map<string, Set<string>>).get(symbol);
    if (ids === undefined) {
      ids = new Set();
      (this.fillIds as Map<string, Set<string>>).set(symbol, ids);
    }
    return ids;
  }

  finish(eventCount: number): QuantState {
    const { limits } = this.next;
    if (this.newFills.length > 0) {
      const newestFirst = this.newFills.reverse();
      this.next.fills = [...newestFirst.slice(0, limits.fills), ...this.prev.fills].slice(0, limits.fills);
      this.next.fillCount = this.prev.fillCount + this.newFills.length;
    }
    const count = this.logCount;
    if (count > 0) {
      const limit = limits.log;
      const keep = count >= limit ? [] : this.prev.log.slice(-(limit - count));
      const kept: LogEntry[] = [];
      // The ring's oldest line is at `count % limit` once it has wrapped, at 0 before.
      const ring = this.newLog;
      const first = count > limit ? count % limit : 0;
      for (let i = 0; i < ring.length; i++) {
        const line = ring[(first + i) % ring.length]!;
        const entry: LogEntry = { seq: line.seq, at: line.at, level: line.level, text: neutralise(lineText(line)) };
        if (line.source !== undefined) entry.source = line.source;
        kept.push(entry);
      }
      this.next.log = [...keep, ...kept];
    }
    this.next.eventCount = this.prev.eventCount + eventCount;
    return this.next;
  }
}

/** Folds `events` (in order) into `state`; returns `state` itself when `events` is empty. */
export function applyEvents(state: QuantState, events: readonly EngineEvent[]): QuantState {
  if (events.length === 0) return state;
  const draft = new Draft(state);
  for (const e of events) draft.apply(e);
  return draft.finish(events.length);
}

export function applyEvent(state: QuantState, event: EngineEvent): QuantState {
  return applyEvents(state, [event]);
}

/** At most `limit` symbols' tickers: the one heard from longest ago leaves first, never the session's. */
function keptTickers(tickers: Record<string, TickerStatus>, session: string | undefined, limit: number): Record<string, TickerStatus> {
  const all = Object.values(tickers);
  if (all.length <= limit) return tickers;
  const oldest = all.filter((t) => t.symbol !== session).sort((a, b) => a.at - b.at)[0];
  if (oldest === undefined) return tickers;
  const { [oldest.symbol]: _gone, ...kept } = tickers;
  return kept;
}

