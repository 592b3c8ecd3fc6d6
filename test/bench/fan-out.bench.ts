// A fan-out to ten accounts on three dialects in one process (binance-usdm ×4, OKX ×3, Bybit ×3,
// local venues in worker threads): from the call to the desk's fanOut (what a `y` to the fan-out
// question runs) to the moment a loopback TCP tap in front of each venue's REST port first
// receives the bytes of that account's order POST, for the LAST of the ten — bytes that reached a
// socket, not a handler call. Issue #20's goal: within 5 ms. Limit orders far under the book, so
// they rest and each sample is cancelled before the next.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createDeskActions, type DeskMember } from '../../src/engine/desk-actions.js';
import type { Engine } from '../../src/engine/engine.js';
import { type SimHandle, startSimWorker } from '../../src/sim/index.js';
import type { OrderTicket } from '../../src/store/actions.js';
import { bybitCredentials, bybitEngine } from '../engine/bybit-helpers.js';
import { okxCredentials, okxEngine } from '../engine/okx-helpers.js';
import { EventLog, simCredentials, testEngine } from '../engine/rest-helpers.js';
import { until } from '../support/until.js';
import { type BenchSection, percentile } from './section.js';

const SAMPLES = Number(process.env['QD_BENCH_FANOUTS'] ?? 50);
/** The order POSTs' paths (binance-usdm, OKX, Bybit), as the taps match them. */
const ORDER_PATH = /^\/(fapi\/v1\/order|api\/v5\/trade\/order|v5\/order\/create)\b/;
const PAUSE_MS = 400;

/**
 * The taps run in a worker thread of their own: a tap on the desk's loop would see bytes only when
 * that loop is next free, so it would time the loop, not the wire. Each order POST's first bytes are
 * stamped there (`performance.timeOrigin + now()`, a clock both threads share) as they arrive.
 */
const TAP_WORKER = `
const { parentPort } = require('node:worker_threads');
const { createServer, connect } = require('node:net');
const ORDER_LINE = ${String(/^POST \/(fapi\/v1\/order|api\/v5\/trade\/order|v5\/order\/create)\b/m)};
const servers = [];
parentPort.on('message', (m) => {
  if (m.type === 'close') { for (const s of servers) s.close(); parentPort.close(); return; }
  const target = new URL(m.target);
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (d) => {
      const at = performance.timeOrigin + performance.now();
      if (ORDER_LINE.test(d.toString('latin1'))) parentPort.postMessage({ type: 'seen', slot: m.slot, at });
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  servers.push(server);
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', slot: m.slot, port: server.address().port }));
});
`;

interface Taps {
  /** A relay to `target` whose order POSTs are reported for `slot`; resolves with its URL. */
  open(slot: number, target: string): Promise<string>;
  close(): Promise<void>;
}

function startTaps(onSeen: (slot: number, at: number) => void): Taps {
  const worker = new Worker(TAP_WORKER, { eval: true });
  const listening = new Map<number, (port: number) => void>();
  worker.on('message', (m: { type: string; slot: number; at: number; port: number }) => {
    if (m.type === 'seen') onSeen(m.slot, m.at);
    else listening.get(m.slot)?.(m.port);
  });
  return {
    open: (slot, target) =>
      new Promise((resolve) => {
        listening.set(slot, (port) => resolve(`http://127.0.0.1:${port}`));
        worker.postMessage({ type: 'tap', slot, target });
      }),
    close: async () => {
      worker.postMessage({ type: 'close' });
      await new Promise((r) => worker.once('exit', r));
    },
  };
}

const now = () => performance.timeOrigin + performance.now();

export default async function fanOutBench(): Promise<BenchSection> {
  // The venues run in worker threads, as the demo desk's do: their work is not on the desk's loop.
  const sims: SimHandle[] = await Promise.all([
    startSimWorker({ dialect: 'binance-usdm', tickMs: 0, seed: 7, accounts: [{}, {}, {}, {}] }),
    startSimWorker({ dialect: 'okx', tickMs: 0, seed: 7, accounts: [{}, {}, {}] }),
    startSimWorker({ dialect: 'bybit', tickMs: 0, seed: 7, accounts: [{}, {}, {}] }),
  ]);
  const [binance, okx, bybit] = sims as [SimHandle, SimHandle, SimHandle];
  // Each account's engine behind its own tap: the time its order's first bytes arrive.
  const seenAt: number[] = [];
  const taps = startTaps((slot, at) => {
    if (seenAt[slot] === 0) seenAt[slot] = at;
  });
  const engines: Engine[] = [];
  // The same moment seen from inside: undici publishes bodySent right after it handed the request's
  // last bytes to the socket (a TCP write goes to the kernel at once), on the desk's own thread.
  const slotOf = new Map<string, number>();
  const writtenAt: number[] = [];
  const onSent = (m: unknown) => {
    const request = (m as { request: { origin: string; method: string; path: string } }).request;
    const slot = slotOf.get(request.origin);
    if (slot !== undefined && request.method === 'POST' && ORDER_PATH.test(request.path) && writtenAt[slot] === 0) writtenAt[slot] = now();
  };
  subscribe('undici:request:bodySent', onSent);
  const make = async (sim: SimHandle, build: (url: string) => Engine) => {
    const slot = engines.length;
    engines.push(undefined as unknown as Engine);
    const url = await taps.open(slot, sim.restUrl);
    slotOf.set(new URL(url).origin, slot);
    engines[slot] = build(url);
  };
  const urls = (sim: SimHandle, rest: string) => ({ rest, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl });
  for (let i = 0; i < 4; i++) await make(binance, (url) => testEngine(binance, new EventLog(), { credentials: simCredentials(binance, i), simUrls: urls(binance, url) }));
  for (let i = 0; i < 3; i++) await make(okx, (url) => okxEngine(okx, new EventLog(), { credentials: okxCredentials(okx, i), simUrls: urls(okx, url) }));
  for (let i = 0; i < 3; i++) await make(bybit, (url) => bybitEngine(bybit, new EventLog(), { credentials: bybitCredentials(bybit, i), simUrls: urls(bybit, url) }));
  try {
    await Promise.all(engines.map((e) => e.start()));
    const members: DeskMember[] = engines.map((e, i) => ({ name: `acct-${i}`, engine: () => e }));
    const desk = createDeskActions(members);
    const names = members.map((m) => m.name);
    const bid = ((await (await fetch(`${binance.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string }).bidPrice;
    const price = (Math.round(Number(bid) * 0.97 * 10) / 10).toFixed(1);
    const ticket: OrderTicket = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.01', price, reduceOnly: false, postOnly: false };
    const lastOnWire: number[] = [];
    const lastWritten: number[] = [];
    // Garbage collections on the desk's thread (start and end, on `now()`'s clock): a sample a pause
    // fell inside is told apart from one the loop was slow for another reason.
    const gcs: Array<{ from: number; to: number }> = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push({ from: performance.timeOrigin + e.startTime, to: performance.timeOrigin + e.startTime + e.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    /** Per sample: GC pause ms inside it. */
    const gcInside: number[] = [];
    let skipped = 0;
    for (let n = 0; n < SAMPLES; n++) {
      seenAt.length = 0;
      for (let i = 0; i < engines.length; i++) {
        seenAt[i] = 0;
        writtenAt[i] = 0;
      }
      const t0 = now();
      const out = await desk.fanOut(names, ticket, names[0]);
      skipped += out.filter((o) => o.status !== 'sent').length;
      const expected = out.map((o, i) => (o.status === 'sent' ? i : -1)).filter((i) => i >= 0);
      await until(() => expected.every((i) => seenAt[i]! > 0), 'every order on the wire');
      const last = Math.max(...expected.map((i) => seenAt[i]!));
      lastOnWire.push(last - t0);
      if (expected.every((i) => writtenAt[i]! > 0)) lastWritten.push(Math.max(...expected.map((i) => writtenAt[i]!)) - t0);
      // The observer's entries arrive a turn later: read them once the sample's orders have settled.
      const sample = { t0, last };
      if (process.env['QD_BENCH_FANOUT_DEBUG'] !== undefined)
        console.log(`tap ${expected.map((i) => Math.round((seenAt[i]! - t0) * 10) / 10).join(' ')} · written ${expected.map((i) => Math.round((writtenAt[i]! - t0) * 10) / 10).join(' ')}`);
      await Promise.all(out.map((o, i) => (o.clientOrderId === undefined ? undefined : engines[i]!.orders.get(o.clientOrderId)?.settled)));
      gcInside.push(gcs.filter((g) => g.to > sample.t0 && g.from < sample.last).reduce((ms, g) => ms + Math.min(g.to, sample.last) - Math.max(g.from, sample.t0), 0));
      await desk.cancelAll(names);
      // A trader's fan-outs are seconds apart: the venues' order pools (Bybit's 10 a second per
      // account) refill between samples, so the figure is the send path, not the budget's pacing.
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    gcObserver.disconnect();
    unsubscribe('undici:request:bodySent', onSent);
    const w50 = percentile(lastWritten, 50);
    const w99 = percentile(lastWritten, 99);
    const over = lastOnWire.map((ms, i) => ({ ms, gc: gcInside[i] ?? 0 })).filter((x) => x.ms > 5);
    const p50 = percentile(lastOnWire, 50);
    const p99 = percentile(lastOnWire, 99);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      title: `fan-out to ten accounts on three dialects (binance-usdm ×4, OKX ×3, Bybit ×3), call → last order's bytes on the wire, in process`,
      rows: [
        { run: `fanOut → last of 10 orders on the wire (${lastOnWire.length} fan-outs)`, p50_ms: round(p50), p99_ms: round(p99), max_ms: round(Math.max(...lastOnWire)) },
        { run: `fanOut → last of 10 orders written to its socket, in process (${lastWritten.length})`, p50_ms: round(w50), p99_ms: round(w99), max_ms: round(Math.max(...lastWritten)) },
      ],
      notes: [
        `last order on the wire p50 ${round(p50)} ms, p99 ${round(p99)} ms (goal ≤ 5 ms); accounts not sent over the run: ${skipped}`,
        `${over.length} of ${lastOnWire.length} fan-outs over 5 ms, ${over.filter((x) => x.gc > 0).length} of them with a GC pause inside (${over.map((x) => `${round(x.ms)}${x.gc > 0 ? ` gc ${round(x.gc)}` : ''}`).join(', ') || 'none'})`,
      ],
      figures: { 'desk.fanout_last_p50_ms': round(p50), 'desk.fanout_last_p99_ms': round(p99) },
    };
  } finally {
    await Promise.all(engines.map((e) => e?.stop().catch(() => undefined)));
    await taps.close();
    await Promise.all(sims.map((s) => s.close()));
  }
}
