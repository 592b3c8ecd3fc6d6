// `POST /info`: the unsigned queries (HL info endpoint). Queries name the MASTER address; an agent's
// address or an unknown one simply has no orders, fills or balance, as on the venue.
import * as D from '../../../core/decimal.js';
import { DEFAULT_LEVERAGE } from '../../matching/accounts.js';
import { simOpenInterest } from '../../market/open-interest.js';
import type { Order } from '../../matching/orders.js';
import { BadBody } from './actions.js';
import { clearinghouse, fillJson, frontendOrder, levels, statusWord } from './format.js';
import type { VenueState } from './state.js';
import { triggerJson, triggerStatusWord } from './triggers.js';
import { candleSnapshot } from './klines.js';

type Obj = Record<string, unknown>;

const MAX_FILLS = 2000;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function user(body: Obj): string {
  const u = body['user'];
  if (typeof u !== 'string' || !ADDRESS.test(u)) throw new BadBody('user: expected a 42-character 0x address');
  return u.toLowerCase();
}

function coinOf(body: Obj): string {
  const c = body['coin'];
  if (typeof c !== 'string') throw new BadBody('coin: expected a string');
  return c;
}

function time(body: Obj, key: string): number | undefined {
  const t = body[key];
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'number' || !Number.isSafeInteger(t)) throw new BadBody(`${key}: expected a ms timestamp`);
  return t;
}

export function infoReply(v: VenueState, body: Obj): unknown {
  const core = v.core;
  const type = body['type'];
  switch (type) {
    case 'exchangeStatus':
      return { specialStatuses: null, time: core.clock.now() };
    case 'meta':
      return meta(v);
    case 'spotMeta':
      // No spot pairs here; USDC, the perps' collateral, is the one token (clients load it as a currency).
      return {
        universe: [],
        tokens: [{ name: 'USDC', szDecimals: 8, weiDecimals: 8, index: 0, tokenId: `0x${'0'.repeat(32)}`, isCanonical: true, evmContract: null, fullName: null }],
      };
    case 'userAbstraction':
      // The account mode (HL "query a user's abstraction state"): plain separate perp and spot balances.
      user(body);
      return 'default';
    case 'metaAndAssetCtxs':
      return [meta(v), assetCtxs(v)];
    case 'candleSnapshot':
      return candleSnapshot(v, body);
    case 'allMids': {
      const out: Record<string, string> = {};
      for (const c of v.universe.list) out[c.coin] = D.normalize(core.market.get(c.spec.symbol)!.mid);
      return out;
    }
    case 'l2Book': {
      const c = v.universe.byCoin.get(coinOf(body));
      if (c === undefined) return null;
      const book = core.market.get(c.spec.symbol)!.book;
      return { coin: c.coin, time: core.clock.now(), levels: [levels(book.bids, 20), levels(book.asks, 20)] };
    }
    case 'clearinghouseState': {
      const id = v.masters.get(user(body));
      return clearinghouse(core, id === undefined ? undefined : core.accounts.get(id), v.universe);
    }
    case 'activeAssetData':
      return activeAssetData(v, body);
    case 'openOrders':
    case 'frontendOpenOrders': {
      const id = v.masters.get(user(body));
      if (id === undefined) return [];
      // Waiting trigger (TP/SL) orders are open orders too.
      const rows = [
        ...core.engine.openOrders(id).map((o) => ({ time: o.time, row: frontendOrder(o, v.coinOfSymbol(o.symbol).coin, v.cloidOf.get(o.orderId)) })),
        ...core.engine.triggers.open(id).map((t) => ({ time: t.time, row: triggerJson(t, v.coinOfSymbol(t.symbol).coin, v.cloidOf.get(t.triggerId)) })),
      ];
      return rows.sort((a, b) => b.time - a.time).map((r) => r.row);
    }
    case 'userFills':
    case 'userFillsByTime':
      return fills(v, body, type === 'userFillsByTime');
    case 'orderStatus':
      return orderStatus(v, body);
    case 'userRateLimit': {
      const id = v.masters.get(user(body));
      const volume = id === undefined ? '0' : v.volumeOf(id);
      return { cumVlm: D.normalize(volume), nRequestsUsed: id === undefined ? 0 : v.allowance.used(id), nRequestsCap: v.allowance.cap(volume), nRequestsSurplus: 0 };
    }
    case 'userRole': {
      const address = user(body);
      const key = core.keys.get(address);
      if (key?.type === 'evm' && key.walletAddress !== undefined) return { role: 'agent', data: { user: key.walletAddress } };
      return v.masters.has(address) ? { role: 'user' } : { role: 'missing' };
    }
    default:
      throw new BadBody(`type: unknown variant \`${String(type)}\``);
  }
}

function meta(v: VenueState): unknown {
  return {
    universe: v.universe.list.map((c) => ({ name: c.coin, szDecimals: c.szDecimals, maxLeverage: c.spec.maxLeverage, marginTableId: c.spec.maxLeverage })),
  };
}

/** `openInterest` counts both sides (the venue's sum of absolute position sizes), in coins. */
function assetCtxs(v: VenueState): unknown[] {
  const now = v.core.clock.now();
  return v.universe.list.map((c) => {
    const m = v.core.market.get(c.spec.symbol)!;
    const bid = m.book.bestBid()?.price ?? m.mid;
    const ask = m.book.bestAsk()?.price ?? m.mid;
    return {
      funding: '0.0000125',
      openInterest: D.normalize(D.mul(simOpenInterest(v.core.seed, c.spec, v.core.accounts.values(), now), '2')),
      prevDayPx: D.normalize(m.stats.open),
      dayNtlVlm: D.normalize(m.stats.quoteVolume),
      premium: '0.0',
      oraclePx: D.normalize(m.mid),
      markPx: D.normalize(m.mark),
      midPx: D.normalize(m.mid),
      impactPxs: [D.normalize(bid), D.normalize(ask)],
      dayBaseVlm: D.normalize(m.stats.volume),
    };
  });
}

/** userFills: newest first, at most 2000. userFillsByTime: [startTime, endTime], oldest first, at most 2000. */
function fills(v: VenueState, body: Obj, byTime: boolean): unknown[] {
  const id = v.masters.get(user(body));
  if (id === undefined) return [];
  const mine = v.core.engine.fills.filter((f) => f.accountId === id);
  const json = (f: (typeof mine)[number]) =>
    fillJson({ ...f, orderId: v.venueOid(f.orderId) }, v.coinOfSymbol(f.symbol).coin, v.startPosition.get(f.tradeId) ?? '0');
  if (!byTime) return mine.slice(-MAX_FILLS).reverse().map(json);
  const start = time(body, 'startTime');
  if (start === undefined) throw new BadBody('startTime: missing field');
  const end = time(body, 'endTime') ?? Number.MAX_SAFE_INTEGER;
  return mine.filter((f) => f.time >= start && f.time <= end).slice(0, MAX_FILLS).map(json);
}

function orderStatus(v: VenueState, body: Obj): unknown {
  const id = v.masters.get(user(body));
  const oid = body['oid'];
  let order: Order | undefined;
  if (typeof oid === 'number' && Number.isSafeInteger(oid)) order = id === undefined ? undefined : v.orderById(id, oid);
  else if (typeof oid === 'string' && /^0x[0-9a-fA-F]{32}$/.test(oid)) order = id === undefined ? undefined : v.orderByCloid(id, oid);
  else throw new BadBody('oid: expected an order id or a 16-byte 0x-hex cloid');
  if (order === undefined) {
    const t = id === undefined ? undefined : typeof oid === 'number' ? v.triggerById(id, oid) : v.triggerByCloid(id, oid);
    if (t === undefined) return { status: 'unknownOid' };
    // Once fired, the market order it sent is the order under that oid.
    const sent = t.orderId === undefined ? undefined : v.core.engine.orders.get(t.orderId);
    if (sent !== undefined) {
      const shown = { ...sent, orderId: t.triggerId };
      return {
        status: 'order',
        order: { order: frontendOrder(shown, v.coinOfSymbol(sent.symbol).coin, v.cloidOf.get(t.triggerId)), status: statusWord(shown, undefined), statusTimestamp: sent.updateTime },
      };
    }
    return {
      status: 'order',
      order: {
        order: triggerJson(t, v.coinOfSymbol(t.symbol).coin, v.cloidOf.get(t.triggerId)),
        status: triggerStatusWord(t, v.cancelReason.get(t.triggerId)),
        statusTimestamp: t.updateTime,
      },
    };
  }
  return {
    status: 'order',
    order: {
      order: frontendOrder(order, v.coinOfSymbol(order.symbol).coin, v.cloidOf.get(order.orderId)),
      status: statusWord(order, v.cancelReason.get(order.orderId)),
      statusTimestamp: order.updateTime,
    },
  };
}


/**
 * `activeAssetData` (HL info "Retrieve a user's active asset data"): the account's leverage for a
 * coin with or without a position, what it could trade each way, and the mark. An address with no
 * account gets the venue's default (cross, the coin's cap at most); an unknown coin gets null.
 */
function activeAssetData(v: VenueState, body: Obj): unknown {
  const address = user(body);
  const c = v.universe.byCoin.get(coinOf(body));
  if (c === undefined) return null;
  const id = v.masters.get(address);
  const account = id === undefined ? undefined : v.core.accounts.get(id);
  const marks = v.core.engine.marks();
  const mark = v.core.market.get(c.spec.symbol)!.mark;
  const value = account?.leverageOf(c.spec.symbol) ?? Math.min(DEFAULT_LEVERAGE, c.spec.maxLeverage);
  const available = account === undefined ? '0' : D.max(account.available(marks), '0');
  const size = D.isZero(mark) ? '0' : D.div(D.mul(available, String(value)), mark, c.szDecimals, 'floor');
  return {
    user: address,
    coin: c.coin,
    leverage: { type: account?.marginModeOf(c.spec.symbol) ?? 'cross', value },
    maxTradeSzs: [D.normalize(size), D.normalize(size)],
    availableToTrade: [D.normalize(available), D.normalize(available)],
    markPx: D.normalize(mark),
  };
}
