/**
 * Real venue input to start fuzzing from: one short session of the engine against the local venue
 * (any dialect), recording every REST reply body by request name and every WebSocket frame each
 * socket received. Mutations of real replies reach deeper into a parser than random JSON does.
 */
import { cmp, div, mul } from '../../src/core/decimal.js';
import { roundPrice, roundToStep } from '../../src/core/rounding.js';
import { profileOf, simCredentials } from '../../src/chaos/profiles.js';
import { Engine } from '../../src/engine/engine.js';
import { memoryNonceFloor } from '../../src/engine/nonce-floor.js';
import { type SimDialect, startSim } from '../../src/sim/index.js';
import type { StreamSpec } from '../../src/venues/stream-types.js';
import { venueAdapter } from '../../src/venues/index.js';
import type { VenueAdapter } from '../../src/venues/venue.js';

export interface Captured {
  venue: string;
  symbol: string;
  adapter: VenueAdapter;
  /** Clean 2xx reply bodies by request name (the last one seen). */
  bodies: Map<string, unknown>;
  /** Text frames by socket name ('user', 'market'), at most 200 each. */
  frames: Map<string, string[]>;
}

/** Waits for `check` at most `ms` and goes on either way: a capture takes what it got. */
async function upTo(check: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!check() && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
}

export async function capture(venue: string): Promise<Captured> {
  const profile = profileOf(venue);
  const adapter = venueAdapter(venue);
  const frames = new Map<string, string[]>();
  const record = (spec: StreamSpec): StreamSpec => ({
    ...spec,
    parse: (text) => {
      const list = frames.get(spec.name) ?? [];
      if (list.length < 200) list.push(text);
      frames.set(spec.name, list);
      return spec.parse(text);
    },
  });
  const recording: VenueAdapter = {
    ...adapter,
    stream: {
      user: (urls) => record(adapter.stream.user(urls)),
      market: (urls, s) => adapter.stream.market(urls, s).map(record),
    },
  };
  const sim = await startSim({ dialect: profile.dialect as SimDialect, tickMs: 50, seed: 'fuzz' });
  let quoted = false;
  let ask: string | undefined;
  const engine = new Engine({
    venue: recording,
    env: 'sim',
    credentials: simCredentials(profile, sim.accounts[0]!),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: profile.symbol,
    sink: {
      push: (e) => {
        if (e.type !== 'ticker') return;
        quoted = true;
        ask = e.ask;
      },
    },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    // A fresh sim key each run, signed by this process alone: its nonce floor (Kraken) in memory.
    nonceFloor: memoryNonceFloor,
    timeSync: { burst: 2, resyncBurst: 2 },
  });
  const bodies = new Map<string, unknown>();
  const send = engine.http.send.bind(engine.http);
  engine.http.send = async (req) => {
    const res = await send(req);
    if (
      res.status < 300 &&
      adapter.checkReply({ status: res.status, headers: res.headers, body: res.body }) === undefined
    ) {
      bodies.set(req.name, res.body);
    }
    return res;
  };
  try {
    await engine.start();
    await upTo(() => quoted && engine.streams.every((s) => s.state === 'live'), 20_000);
    const i = engine.instrument!;
    // Three steps of the minimum, or twice the minimum notional where that is more (Coinbase's
    // base minimum is one satoshi, its quote minimum 1 USD: three satoshis were refused).
    const price = ask;
    const byNotional =
      price !== undefined && /^\d/.test(price) && cmp(price, '0') > 0 ? roundToStep(div(mul(i.minNotional, '2'), price, 12, 'up'), i.stepSize, 'up') : '0';
    const qty = cmp(byNotional, mul(i.minQty, '3')) > 0 ? byNotional : mul(i.minQty, '3');
    const market = await engine.place({
      symbol: i.symbol,
      side: 'buy',
      type: 'market',
      qty,
      reduceOnly: false,
      postOnly: false,
    });
    if (market.ok) {
      await engine.orders.get(market.clientOrderId!)!.settled;
      await engine.rest
        .run(adapter.queryOrder({ symbol: i.symbol, clientOrderId: market.clientOrderId! }))
        .catch(() => undefined);
    }
    const book = (await engine.rest.run(adapter.openOrders(i.symbol)).catch(() => [])).length;
    const pos = adapter.positions === undefined ? [] : await engine.rest.run(adapter.positions());
    const mark = pos[0]?.markPrice ?? pos[0]?.entryPrice;
    if (mark !== undefined) {
      const stepped = roundPrice(mul(mark, '0.95'), i.tickSize, 'buy');
      const limit = await engine.place({
        symbol: i.symbol,
        side: 'buy',
        type: 'limit',
        qty,
        price: stepped,
        reduceOnly: false,
        postOnly: false,
      });
      if (limit.ok) {
        await engine.orders.get(limit.clientOrderId!)!.settled;
        await engine.cancel(limit.clientOrderId!);
      }
    }
    await engine.rest.run(adapter.balances());
    await engine.rest.run(adapter.fills({ symbol: i.symbol, startTime: Date.now() - 3_600_000 }));
    await engine.cancelAll();
    await engine.flatten();
    await upTo(() => (frames.get('user')?.length ?? 0) >= 3 + book, 20_000);
  } finally {
    await engine.stop();
    await sim.close();
  }
  return { venue, symbol: profile.symbol, adapter, bodies, frames };
}
