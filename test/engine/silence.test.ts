// Silence, named: the bookkeeping (what a connection owes and when), then the stream state machine
// against a loopback peer that answers every ping and sends nothing else — the way a venue keeps a
// socket it moved the stream away from.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SILENT, SilenceWatch, unheardTrades } from '../../src/engine/silence.js';
import type { StreamIssue } from '../../src/engine/stream-options.js';
import { StreamSocket } from '../../src/engine/stream.js';
import { type Peer, Recorder, startPeer, testSpec } from './stream-helpers.js';

function watch(role: 'market' | 'account', expects?: Array<'ticker' | 'mark'>) {
  const reports: Array<[boolean, string]> = [];
  const w = new SilenceWatch({ role, ...(expects === undefined ? {} : { expects }), report: (s, r) => reports.push([s, r]) });
  return { w, reports };
}

describe('SilenceWatch', () => {
  it('a market connection owes every expected event type by its deadline; what came is not enough', () => {
    const { w, reports } = watch('market', ['ticker', 'mark']);
    w.live(0);
    w.saw('ticker');
    w.saw('trade');
    w.deadline(5_000);
    expect(reports).toEqual([[true, `${SILENT} (no mark within 5000 ms of going live)`]]);
    expect(w.silent).toContain('no mark');
    w.saw('ticker');
    expect(reports).toHaveLength(1);
    w.saw('mark');
    expect(reports.at(-1)).toEqual([false, 'delivering again']);
    expect(w.silent).toBeUndefined();
  });

  it('a market connection that delivered what it owes, or is not live yet, is never reported', () => {
    const { w, reports } = watch('market', ['mark']);
    w.deadline(5_000);
    w.live(0);
    w.saw('mark');
    w.deadline(5_000);
    expect(reports).toEqual([]);
  });

  it('without expectations any data event pays the debt', () => {
    const { w, reports } = watch('market');
    w.live(0);
    w.deadline(100);
    expect(reports[0]?.[1]).toBe(`${SILENT} (no data within 100 ms of going live)`);
    w.saw('trade');
    expect(reports.at(-1)?.[0]).toBe(false);
  });

  it('an account connection that delivered nothing is suspected at a pass that recovers our trades, reported at the next', () => {
    const { w, reports } = watch('account');
    expect(w.afterPeriodicPass('1 trade')).toBe(false); // not live
    w.live(0);
    expect(w.afterPeriodicPass(undefined)).toBe(false); // nothing recovered, nothing suspected
    expect(w.afterPeriodicPass('1 trade')).toBe(false); // suspected: the event may be ms away
    expect(reports).toEqual([]);
    expect(w.afterPeriodicPass(undefined)).toBe(true); // a whole window later, still nothing
    expect(reports).toEqual([[true, `${SILENT} (1 trade)`]]);
    expect(w.afterPeriodicPass(undefined)).toBe(false); // once per suspicion
    expect(w.afterPeriodicPass('2 trades')).toBe(false);
    expect(w.afterPeriodicPass(undefined)).toBe(true); // a later recovery counts again
    w.saw('order');
    expect(reports.at(-1)).toEqual([false, 'delivering again']);
  });

  it('an account connection that speaks is lossy at worst, never silent; a new connection starts over', () => {
    const { w, reports } = watch('account');
    w.live(0);
    expect(w.afterPeriodicPass('1 trade')).toBe(false);
    w.saw('account'); // the late event came within the window
    expect(w.afterPeriodicPass(undefined)).toBe(false);
    expect(w.afterPeriodicPass('3 trades')).toBe(false);
    expect(w.afterPeriodicPass(undefined)).toBe(false);
    expect(reports).toEqual([]);
    w.reset();
    w.live(10);
    expect(w.afterPeriodicPass('4 trades')).toBe(false);
    expect(w.afterPeriodicPass(undefined)).toBe(true);
  });

  it('a pass speaks of silence only when it is periodic, completed, and recovered fills', () => {
    const fill = { kind: 'fill-recovered' as const, text: 'recovered 1 BTCUSDT fill' };
    const pass = { type: 'reconcile' as const, at: 1, trigger: 'periodic' as const, corrections: [fill, { kind: 'balance-changed' as const, text: 'b' }] };
    expect(unheardTrades(pass)).toBe(
      '1 trade(s) of ours found by the periodic REST check and not sent on this stream within a resync window: recovered 1 BTCUSDT fill',
    );
    expect(unheardTrades({ ...pass, corrections: [] })).toBeUndefined();
    expect(unheardTrades({ ...pass, trigger: 'reconnect' })).toBeNull();
    expect(unheardTrades({ ...pass, error: 'snapshot refused' })).toBeNull();
  });

  it('a market watch never judges passes, an account watch never judges deadlines', () => {
    const m = watch('market', ['mark']);
    m.w.live(0);
    expect(m.w.afterPeriodicPass('x')).toBe(false);
    expect(m.w.afterPeriodicPass(undefined)).toBe(false);
    const a = watch('account');
    a.w.live(0);
    a.w.deadline(1);
    expect(a.reports).toEqual([]);
  });
});

describe('a socket open and answering pings that sends nothing', () => {
  let peer: Peer;
  const open: StreamSocket[] = [];

  beforeAll(async () => {
    peer = await startPeer();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.stop();
    peer.onConnect = () => {};
  });
  afterAll(async () => {
    await peer.close();
  });

  function silentSocket(rec: Recorder, greet = false) {
    const issues: StreamIssue[] = [];
    const silence: Array<[boolean, string]> = [];
    let pings = 0;
    peer.onConnect = (ws) => {
      ws.on('ping', () => pings++);
      if (greet) ws.send(JSON.stringify({ px: '100' }));
    };
    const s = new StreamSocket({
      spec: testSpec(peer.url, {
        heartbeat: { kind: 'ws-ping', intervalMs: 40, pongTimeoutMs: 1_000, silenceMs: 5_000 },
        expects: { events: ['trade'], withinMs: 60_000 },
      }),
      onEvent: rec.event,
      onStatus: rec.status,
      onIssue: (i) => {
        issues.push(i);
        rec.poke();
      },
      onSilence: (silent, reason) => {
        silence.push([silent, reason]);
        rec.poke();
      },
      expectWithinMs: 150,
      backoff: { firstMs: 5, baseMs: 5, capMs: 20, stableMs: 60_000 },
      random: () => 1,
    });
    open.push(s);
    return { s, issues, silence, pings: () => pings };
  }

  it('is reported once as connected but silent, stays live without reconnecting, and clears when data comes', async () => {
    const rec = new Recorder();
    const { s, issues, silence, pings } = silentSocket(rec);
    s.start();
    await rec.until(() => issues.length === 1);
    expect(issues[0]).toMatchObject({
      socket: 'market',
      kind: 'silent',
      count: 1,
      message: `${SILENT} (no trade within 150 ms of going live)`,
    });
    expect(silence).toEqual([[true, issues[0]!.message]]);
    expect(s.silent).toBe(issues[0]!.message);
    // Many heartbeats later (each answered) it is still the same live connection, reported once.
    const seen = pings();
    await rec.until(() => pings() >= seen + 10);
    expect(rec.states()).toEqual(['connecting', 'live']);
    expect(s.counters).toMatchObject({ reconnects: 0, silent: 1 });
    expect(issues).toHaveLength(1);
    peer.sockets.at(-1)!.send(JSON.stringify({ px: '101' }));
    await rec.until(() => silence.length === 2);
    expect(silence[1]).toEqual([false, 'delivering again']);
    expect(s.silent).toBeUndefined();
  });

  it('a reconnect starts a new watch: the new connection is judged, and counted, again', async () => {
    const rec = new Recorder();
    const { s, issues } = silentSocket(rec);
    s.start();
    await rec.until(() => issues.length === 1);
    s.reconnect('test asked');
    await rec.until(() => issues.length === 2);
    expect(issues[1]).toMatchObject({ kind: 'silent', count: 2 });
    expect(rec.states()).toEqual(['connecting', 'live', 'reconnecting', 'connecting', 'live']);
  });

  it('a socket that delivers in time is never reported', async () => {
    const rec = new Recorder();
    const { s, issues, pings } = silentSocket(rec, true);
    s.start();
    await rec.until(() => rec.events.length === 1);
    // Ten answered heartbeats of 40 ms: well past the 150 ms deadline.
    await rec.until(() => pings() >= 10);
    expect(issues.filter((i) => i.kind === 'silent')).toEqual([]);
    expect(s.silent).toBeUndefined();
  });
});
