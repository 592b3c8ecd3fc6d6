/**
 * A synthetic engine for `quantdeck --demo-fixtures`, view development and the cockpit bench:
 * it emits the same EngineEvents a real session would (sockets, clock, budget, a random-walk
 * book, orders that rest and fill, positions, reconciles, faults that recover) and implements
 * CockpitActions, all in memory. It talks to no venue and proves nothing about the engine; the
 * real thing is src/engine against src/sim.
 */
import { abs, add, cmp, div, isZero, mul, neg, sign, sub } from '../core/decimal.js';
import type { Instrument, Order, Side } from '../core/types.js';
import { closeSize } from '../core/close-size.js';
import type { ConnectionState, CorrectionNote, EngineEvent, EventSink } from '../engine/events.js';
import type { ActionResult, CockpitActions, OrderTicket } from '../store/actions.js';
import type { FaultKind, SimActions } from '../store/sim-actions.js';
import { defaultVenue } from '../venues/descriptors.js';

export const DEMO_INSTRUMENT: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  kind: 'perp',
  tickSize: '0.1',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '5',
  pricePrecision: 1,
  qtyPrecision: 3,
};

export interface DemoFeed {
  actions: CockpitActions;
  start(): void;
  stop(): void;
}

/** The demo account trades at 10x cross: what its position row and its ticket's margin say. */
const DEMO_LEVERAGE = '10';

const ok = (message?: string, clientOrderId?: string): ActionResult => {
  const r: ActionResult = { ok: true };
  if (message !== undefined) r.message = message;
  if (clientOrderId !== undefined) r.clientOrderId = clientOrderId;
  return r;
};

export function createDemoFeed(sink: EventSink, now: () => number = Date.now): DemoFeed {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const every = (ms: number, f: () => void) => {
    const t = setInterval(f, ms);
    timers.add(t);
  };
  const emit = (e: EngineEvent) => sink.push(e);
  const ins = DEMO_INSTRUMENT;

  let mid = 64_210;
  let volatile = false;
  let seq = 0;
  let trade = 0;
  let accountLive = false;
  let missedFills = 0;
  let dropNextResponse = false;
  let clockOffset = 12;
  let budgetUsed = 40;
  let deadman: { armed: boolean; deadline?: number } = { armed: false };
  let position = { qty: '0', entry: '0' };
  let wallet = '10000';
  const orders = new Map<string, Order>();
  const faults: string[] = [];

  const book = () => {
    const bid = (Math.round(mid * 10) / 10).toFixed(1);
    return { bid, ask: add(bid, ins.tickSize) };
  };
  const positionEvent = (): EngineEvent => {
    const mark = book().bid;
    const upnl = mul(sub(mark, position.entry), position.qty);
    return {
      type: 'positions',
      at: now(),
      snapshot: false,
      positions: [{ symbol: ins.symbol, qty: position.qty, entryPrice: position.entry, markPrice: mark, unrealizedPnl: upnl, leverage: DEMO_LEVERAGE, updatedAt: now() }],
    };
  };
  const balanceEvent = (): EngineEvent => {
    const locked = div(mul(abs(position.qty), position.entry), '10', 2, 'ceil');
    return { type: 'balances', at: now(), snapshot: false, balances: [{ asset: 'USDT', wallet, available: sub(wallet, locked), updatedAt: now() }] };
  };
  const connection = (socket: string, role: 'market' | 'account', state: ConnectionState, extra: { reason?: string; attempt?: number; nextRetryAt?: number } = {}) =>
    emit({ type: 'connection', at: now(), socket, role, state, ...extra });

  /** Books a fill into the position (exact decimals) and, while the stream is up, shows it. */
  const execute = (o: Order, qty: string, price: string, maker: boolean) => {
    const signed = o.side === 'buy' ? qty : neg(qty);
    const next = add(position.qty, signed);
    if (sign(position.qty) === 0 || sign(position.qty) === sign(signed)) {
      position.entry = div(add(mul(position.entry, abs(position.qty)), mul(price, qty)), abs(next), 1, 'half_up');
    } else if (sign(next) !== sign(position.qty) && !isZero(next)) {
      position.entry = price;
    } else {
      wallet = add(wallet, mul(sub(price, position.entry), o.side === 'buy' ? neg(qty) : qty));
    }
    position = { qty: next, entry: isZero(next) ? '0' : position.entry };
    const filled = add(o.filledQty, qty);
    const done = cmp(filled, o.qty) >= 0;
    const updated: Order = { ...o, filledQty: filled, avgPrice: price, state: done ? 'filled' : 'partially_filled', updatedAt: now() };
    if (done) orders.delete(o.clientOrderId);
    else orders.set(o.clientOrderId, updated);
    trade += 1;
    if (!accountLive) {
      missedFills += 1;
      return;
    }
    emit({ type: 'order', at: now(), order: updated });
    const fee = div(mul(mul(price, qty), maker ? '0.0002' : '0.0004'), '1', 4, 'half_up');
    emit({
      type: 'fill',
      at: now(),
      fill: { tradeId: `d${trade}`, venueOrderId: o.venueOrderId ?? '', clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, price, qty, fee, feeAsset: 'USDT', time: now(), maker },
    });
    emit(positionEvent());
    emit(balanceEvent());
  };

  const tick = () => {
    const step = (Math.random() - 0.5) * (volatile ? 12 : 0.6);
    mid = Math.max(1000, mid + step);
    const { bid, ask } = book();
    emit({ type: 'ticker', at: now(), symbol: ins.symbol, bid, ask, last: Math.random() < 0.5 ? bid : ask });
    emit({ type: 'socket-activity', at: now(), socket: 'market' });
    for (const o of [...orders.values()]) {
      if (o.type !== 'limit' || o.price === undefined || (o.state !== 'new' && o.state !== 'partially_filled')) continue;
      if ((o.side === 'buy' && cmp(ask, o.price) <= 0) || (o.side === 'sell' && cmp(bid, o.price) >= 0)) {
        execute(o, sub(o.qty, o.filledQty), o.price, true);
      }
    }
  };

  const connect = (why: 'startup' | 'reconnect', reason?: string) => {
    accountLive = false;
    const base = reason === undefined ? {} : { reason };
    if (why === 'reconnect') {
      connection('market', 'market', 'reconnecting', { ...base, attempt: 1, nextRetryAt: now() + 1200 });
      connection('user', 'account', 'reconnecting', { ...base, attempt: 1, nextRetryAt: now() + 1200 });
    }
    const t0 = why === 'reconnect' ? 1200 : 0;
    later(t0, () => {
      connection('market', 'market', 'connecting');
      connection('user', 'account', 'connecting');
    });
    later(t0 + 150, () => connection('user', 'account', 'authenticating'));
    later(t0 + 300, () => {
      connection('market', 'market', 'live');
      connection('user', 'account', 'subscribing');
    });
    later(t0 + 450, () => connection('user', 'account', 'resyncing'));
    later(t0 + 700, () => {
      const corrections: CorrectionNote[] = [];
      if (missedFills > 0) corrections.push({ kind: 'fill-recovered', text: `recovered ${missedFills} fill${missedFills === 1 ? '' : 's'} missed while disconnected` });
      missedFills = 0;
      emit({ type: 'orders-snapshot', at: now(), orders: [...orders.values()] });
      emit(positionEvent());
      emit(balanceEvent());
      emit({ type: 'reconcile', at: now(), trigger: why, corrections });
      accountLive = true;
      connection('user', 'account', 'live');
    });
  };

  const newOrder = (t: OrderTicket): Order => {
    seq += 1;
    const o: Order = { clientOrderId: `qd-${String(seq).padStart(4, '0')}`, venueOrderId: String(880_000 + seq), symbol: t.symbol, side: t.side, type: t.type, qty: t.qty, filledQty: '0', avgPrice: '0', state: 'pending_new', reduceOnly: t.reduceOnly, postOnly: t.postOnly, createdAt: now(), updatedAt: now() };
    if (t.price !== undefined) o.price = t.price;
    return o;
  };

  const place = async (t: OrderTicket): Promise<ActionResult> => {
    if (!accountLive) return { ok: false, error: 'account stream not live' };
    const o = newOrder(t);
    budgetUsed += 1;
    orders.set(o.clientOrderId, o);
    emit({ type: 'order', at: now(), order: o });
    if (dropNextResponse) {
      dropNextResponse = false;
      later(60, () => {
        const u = { ...o, state: 'unknown' as const, updatedAt: now() };
        orders.set(o.clientOrderId, u);
        emit({ type: 'order', at: now(), order: u });
        emit({ type: 'log', at: now(), level: 'warn', text: `no response for ${o.clientOrderId}: querying by client id`, source: 'orders' });
      });
      later(900, () => {
        const u = { ...o, state: 'new' as const, updatedAt: now() };
        orders.set(o.clientOrderId, u);
        emit({ type: 'order', at: now(), order: u });
        emit({ type: 'log', at: now(), level: 'info', text: `${o.clientOrderId} found at the venue: placed once`, source: 'orders' });
      });
      return ok('sent, response lost', o.clientOrderId);
    }
    later(30, () => {
      if (!orders.has(o.clientOrderId)) return;
      const acked: Order = { ...o, state: 'new', updatedAt: now() };
      if (t.type === 'market') {
        const { bid, ask } = book();
        execute(acked, t.qty, t.side === 'buy' ? ask : bid, false);
        return;
      }
      orders.set(o.clientOrderId, acked);
      emit({ type: 'order', at: now(), order: acked });
    });
    return ok('accepted', o.clientOrderId);
  };

  const cancel = async (id: string): Promise<ActionResult> => {
    const o = orders.get(id);
    if (o === undefined) return { ok: false, error: `${id} is not open` };
    emit({ type: 'order', at: now(), order: { ...o, state: 'pending_cancel', updatedAt: now() } });
    later(40, () => {
      orders.delete(id);
      emit({ type: 'order', at: now(), order: { ...o, state: 'canceled', reason: 'canceled by user', updatedAt: now() } });
    });
    return ok('cancel sent');
  };

  const injectFault = async (kind: FaultKind): Promise<ActionResult> => {
    if (kind === 'drop-socket') connect('reconnect', 'fault: socket dropped');
    if (kind === 'skew-clock') {
      clockOffset += 2000;
      faults.push('clock skew +2 s');
      emit({ type: 'sim', at: now(), regime: volatile ? 'volatile' : 'calm', activeFaults: [...faults] });
      emit({ type: 'log', at: now(), level: 'warn', text: '-1021 timestamp outside recvWindow: resync, then one retry', source: 'clock' });
      later(600, () => emit({ type: 'clock', at: now(), offsetMs: clockOffset, uncertaintyMs: 2.5, driftPpm: 0.6, lastSyncAt: now() }));
    }
    if (kind === 'drop-order-response') dropNextResponse = true;
    if (kind === 'rate-limit-storm') {
      const until = now() + 5000;
      emit({ type: 'budget', at: now(), state: 'limited', until, reason: '429 Too Many Requests', pools: pools(2300) });
      later(5000, () => emit({ type: 'budget', at: now(), state: 'normal', pools: pools(budgetUsed) }));
    }
    return ok(`fault ${kind} injected`);
  };

  const pools = (weight: number) => [
    { name: 'weight/1m', used: Math.min(2400, weight), limit: 2400, reserve: 240 },
    { name: 'orders/10s', used: Math.min(300, Math.max(0, budgetUsed - 40)), limit: 300, reserve: 30 },
  ];

  const sim: SimActions = {
    async setRegime(regime) {
      volatile = regime === 'volatile';
      emit({ type: 'sim', at: now(), regime, activeFaults: [...faults] });
      return ok(`regime ${regime}`);
    },
    injectFault,
  };

  const actions: CockpitActions = {
    place,
    cancel,
    async cancelAll() {
      const ids = [...orders.keys()];
      for (const id of ids) await cancel(id);
      return ok(`${ids.length} cancel${ids.length === 1 ? '' : 's'} sent`);
    },
    async flatten() {
      return this.closePart('100');
    },
    async amend() {
      return { ok: false, error: 'the demo feed does not amend orders: run against the local venue (npm start)' };
    },
    // The demo feed draws the cockpit without a venue: nothing rests anywhere to trigger.
    protect: async () => ({ ok: false, error: 'the demo feed rests no protective orders' }),
    bracket: async () => ({ ok: false, error: 'the demo feed rests no protective orders' }),
    async closePart(percent) {
      const size = closeSize(position.qty, percent, ins.stepSize);
      if (size === 'flat') return { ok: false, error: 'no position' };
      if (size === 'below-step') return { ok: false, error: 'less than one size step' };
      return place({ symbol: ins.symbol, side: size.side, type: 'market', qty: size.qty, reduceOnly: true, postOnly: false });
    },
    async reverse() {
      if (isZero(position.qty)) return { ok: false, error: 'no position' };
      const side: Side = sign(position.qty) > 0 ? 'sell' : 'buy';
      return place({ symbol: ins.symbol, side, type: 'market', qty: mul(abs(position.qty), '2'), reduceOnly: false, postOnly: false });
    },
    async reconnect() {
      connect('reconnect', 'user asked');
      return ok('reconnecting');
    },
    async toggleDeadman() {
      deadman = deadman.armed ? { armed: false } : { armed: true, deadline: now() + 60_000 };
      emit({ type: 'deadman', at: now(), ...deadman, timeoutMs: 60_000 });
      return ok(deadman.armed ? 'armed' : 'disarmed');
    },
    async readLeverage() {
      emit({ type: 'leverage', at: now(), leverage: { symbol: ins.symbol, leverage: DEMO_LEVERAGE, marginMode: 'cross' } });
      return ok(`${ins.symbol} leverage ${DEMO_LEVERAGE}x cross`);
    },
    async setLeverage() {
      return { ok: false, error: 'the demo feed has no venue to set leverage on' };
    },
    async setMarginMode() {
      return { ok: false, error: 'the demo feed has no venue to set a margin mode on' };
    },
    async setSymbol(symbol: string) {
      return symbol.toUpperCase() === ins.symbol ? ok(`the ticket already trades ${ins.symbol}`) : { ok: false, error: `the demo feed plays ${ins.symbol} only` };
    },
    async showSymbol() {
      return ok(`market streams: ${ins.symbol}`);
    },
    sim,
  };

  return {
    actions,
    start() {
      emit({ type: 'session', at: now(), venue: defaultVenue().id, env: 'sim', account: 'demo', symbol: ins.symbol, instrument: ins });
      emit({ type: 'leverage', at: now(), leverage: { symbol: ins.symbol, leverage: DEMO_LEVERAGE, marginMode: 'cross' } });
      emit({ type: 'auth', at: now(), method: 'HMAC-SHA256', keySource: 'demo fixtures', permissions: { read: true, trade: true, withdraw: false, ipRestricted: true, summary: 'read+trade, IP-bound' } });
      emit({ type: 'sim', at: now(), regime: 'calm', activeFaults: [] });
      emit({ type: 'deadman', at: now(), armed: false });
      emit({ type: 'balances', at: now(), snapshot: true, balances: [{ asset: 'USDT', wallet, available: wallet, updatedAt: now() }] });
      connect('startup');
      tick();
      every(100, tick);
      every(1000, () => accountLive && emit({ type: 'socket-activity', at: now(), socket: 'user' }));
      const sync = () => emit({ type: 'clock', at: now(), offsetMs: clockOffset + (Math.random() - 0.5) * 2, uncertaintyMs: 0.8 + Math.random(), driftPpm: 0.4, lastSyncAt: now() });
      sync();
      every(2000, sync);
      const budget = () => {
        budgetUsed = Math.max(40, budgetUsed - 1);
        emit({ type: 'budget', at: now(), state: 'normal', pools: pools(budgetUsed + Math.round(Math.random() * 20)) });
      };
      budget();
      every(3000, budget);
      every(30_000, () => accountLive && emit({ type: 'reconcile', at: now(), trigger: 'periodic', corrections: [] }));
      every(15_000, () => {
        if (!deadman.armed) return;
        deadman = { armed: true, deadline: now() + 60_000 };
        emit({ type: 'deadman', at: now(), ...deadman, timeoutMs: 60_000 });
      });
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
