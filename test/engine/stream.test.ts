// The stream state machine over real loopback sockets against a tiny WebSocket peer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StreamIssue } from '../../src/engine/stream-options.js';
import { StreamSocket } from '../../src/engine/stream.js';
import type { StreamSpec } from '../../src/venues/stream-types.js';
import type { RequestPlan } from '../../src/venues/venue.js';
import { type Peer, Recorder, sleep, startPeer, testSpec } from './stream-helpers.js';

let peer: Peer;
let quiet: Peer;
const open: StreamSocket[] = [];

beforeAll(async () => {
  peer = await startPeer();
  quiet = await startPeer({ autoPong: false });
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
  for (const p of [peer, quiet]) {
    p.onConnect = () => {};
    p.onText = () => {};
  }
});

afterAll(async () => {
  await peer.close();
  await quiet.close();
});

function socket(spec: StreamSpec, rec: Recorder, extra: Partial<ConstructorParameters<typeof StreamSocket>[0]> = {}) {
  const issues: StreamIssue[] = [];
  const s = new StreamSocket({
    spec,
    onEvent: rec.event,
    onStatus: rec.status,
    onIssue: (i) => {
      issues.push(i);
      rec.poke();
    },
    backoff: { firstMs: 5, baseMs: 5, capMs: 20, stableMs: 60_000 },
    random: () => 1,
    ...extra,
  });
  open.push(s);
  return { s, issues };
}

describe('stream state machine', () => {
  it('goes connecting → live for a market socket and delivers events', async () => {
    const rec = new Recorder();
    peer.onConnect = (ws) => ws.send(JSON.stringify({ px: '100.5' }));
    const { s } = socket(testSpec(peer.url), rec);
    s.start();
    await rec.until(() => rec.events.length === 1);
    expect(rec.states()).toEqual(['connecting', 'live']);
    expect(rec.events[0]).toMatchObject({ type: 'trade', price: '100.5' });
    expect(rec.statuses.every((st) => st.socket === 'market' && st.role === 'market' && st.at > 0)).toBe(true);
  });

  it('logs in, waits for every subscribe ack, resyncs, then goes live (OKX-like dialect)', async () => {
    const rec = new Recorder();
    const sent: string[] = [];
    peer.onText = (ws, text) => {
      sent.push(text);
      if (text.includes('"login"')) ws.send(JSON.stringify({ event: 'login', code: '0' }));
      if (text.includes('"subscribe"')) ws.send(JSON.stringify({ event: 'subscribe' }));
    };
    let resyncs = 0;
    const spec = testSpec(peer.url, {
      name: 'private',
      role: 'account',
      login: { frame: (ctx) => JSON.stringify({ op: 'login', ts: ctx.venueNow() }), timeoutMs: 1000 },
      subscribe: { frames: () => ['{"op":"subscribe","a":1}', '{"op":"subscribe","a":2}'], acks: 2, timeoutMs: 1000 },
    });
    const { s } = socket(spec, rec, {
      signContext: () => ({ venueNow: () => 1234 }) as never,
      resync: async () => {
        resyncs++;
      },
    });
    s.start();
    await rec.until(() => s.state === 'live');
    expect(rec.states()).toEqual(['connecting', 'authenticating', 'subscribing', 'resyncing', 'live']);
    expect(sent[0]).toBe('{"op":"login","ts":1234}');
    expect(sent.slice(1, 3)).toHaveLength(2);
    expect(resyncs).toBe(1);
  });

  it('treats a refused login as a failed attempt and keeps retrying', async () => {
    const rec = new Recorder();
    peer.onText = (ws, text) => {
      if (text.includes('login')) ws.send(JSON.stringify({ event: 'login', code: '60009', msg: 'Login failed.' }));
    };
    const spec = testSpec(peer.url, { login: { frame: () => '{"op":"login"}', timeoutMs: 1000 } });
    const { s } = socket(spec, rec, { signContext: () => ({}) as never });
    s.start();
    await rec.until(() => rec.count('reconnecting') >= 2);
    const first = rec.statuses.find((st) => st.state === 'reconnecting');
    expect(first?.reason).toContain('login refused: Login failed.');
    expect(s.state).not.toBe('live');
  });

  it('finds a missing pong (WS ping frames) and reconnects', async () => {
    const rec = new Recorder();
    const spec = testSpec(quiet.url, {
      heartbeat: { kind: 'ws-ping', intervalMs: 30, pongTimeoutMs: 60, silenceMs: 10_000 },
    });
    const { s } = socket(spec, rec);
    s.start();
    await rec.until(() => rec.count('reconnecting') >= 1);
    expect(rec.statuses.find((st) => st.state === 'reconnecting')?.reason).toBe('no pong within 60 ms');
  });

  it('keeps a socket whose WS pings are answered', async () => {
    const rec = new Recorder();
    // Pings every 20 ms; the limits are wide so a busy machine's late pong is not what is tested.
    const spec = testSpec(peer.url, { heartbeat: { kind: 'ws-ping', intervalMs: 20, pongTimeoutMs: 3_000, silenceMs: 5_000 } });
    let answered = 0;
    const { s } = socket(spec, rec);
    s.start();
    await rec.until(() => s.state === 'live');
    // The peer answers each ping it receives (ws does so itself): ten answered pings, no reconnect.
    peer.sockets.at(-1)?.on('ping', () => answered++);
    await rec.until(() => answered >= 10);
    expect(rec.states()).toEqual(['connecting', 'live']);
  });

  it('finds an unanswered application ping, and a silent line', async () => {
    const rec = new Recorder();
    const pings: string[] = [];
    peer.onText = (_ws, text) => pings.push(text);
    const spec = testSpec(peer.url, { heartbeat: { kind: 'app', ping: 'ping', intervalMs: 20, pongTimeoutMs: 60, silenceMs: 10_000 } });
    const { s } = socket(spec, rec);
    s.start();
    await rec.until(() => rec.count('reconnecting') >= 1);
    expect(pings[0]).toBe('ping');
    expect(rec.statuses.find((st) => st.state === 'reconnecting')?.reason).toBe('no pong within 60 ms');
    await s.stop();

    const rec2 = new Recorder();
    const silent = testSpec(peer.url, { heartbeat: { kind: 'app', ping: 'ping', intervalMs: 10_000, pongTimeoutMs: 10_000, silenceMs: 80 } });
    const second = socket(silent, rec2).s;
    second.start();
    await rec2.until(() => rec2.count('reconnecting') >= 1);
    expect(rec2.statuses.find((st) => st.state === 'reconnecting')?.reason).toBe('silent for 80 ms');
  });

  it('answers an application pong and stays live', async () => {
    const rec = new Recorder();
    peer.onText = (ws, text) => {
      if (text === 'ping') ws.send('pong');
    };
    const spec = testSpec(peer.url, { heartbeat: { kind: 'app', ping: 'ping', intervalMs: 20, pongTimeoutMs: 3_000, silenceMs: 5_000 } });
    const { s } = socket(spec, rec);
    s.start();
    await rec.until(() => s.counters.frames > 10);
    expect(rec.states()).toEqual(['connecting', 'live']);
    expect(s.counters.frames).toBeGreaterThan(3);
  });

  it('backs off with growing attempt numbers, never gives up, and resets after a stable period', async () => {
    const rec = new Recorder();
    let refuse = 3;
    peer.onConnect = (ws) => {
      if (refuse-- > 0) ws.close(1011, 'go away');
    };
    const { s } = socket(testSpec(peer.url), rec, { backoff: { firstMs: 5, baseMs: 5, capMs: 20, stableMs: 50 } });
    s.start();
    // A market socket is live on open, so each refusal ends a live connection.
    await rec.until(() => rec.count('reconnecting') === 3 && s.state === 'live');
    const attempts = rec.statuses.filter((st) => st.state === 'reconnecting').map((st) => st.attempt);
    expect(attempts).toEqual([1, 2, 3]);
    const r = rec.statuses.filter((st) => st.state === 'reconnecting');
    expect(r[0]?.reason).toBe('socket closed (1011 go away)');
    for (const st of r) expect(st.nextRetryAt).toBeGreaterThanOrEqual(st.at);
    await sleep(100);
    peer.sockets.at(-1)?.terminate();
    await rec.until(() => rec.count('reconnecting') === 4);
    expect(rec.statuses.filter((st) => st.state === 'reconnecting').at(-1)?.attempt).toBe(1);
    await rec.until(() => s.state === 'live');
  });

  it('counts malformed, oversized and unknown frames and goes on', async () => {
    const rec = new Recorder();
    peer.onConnect = (ws) => {
      ws.send('{"px":');
      ws.send(`{"px":"${'9'.repeat(70_000)}"}`);
      ws.send('{"event":"surprise"}');
      ws.send('{"px":"101"}');
    };
    const { s, issues } = socket(testSpec(peer.url), rec);
    s.start();
    await rec.until(() => rec.events.length === 1);
    expect(rec.events[0]).toMatchObject({ type: 'trade', price: '101' });
    expect(s.counters).toMatchObject({ malformed: 1, oversized: 1, unknown: 1 });
    expect(issues.map((i) => i.kind)).toEqual(['malformed', 'oversized', 'unknown']);
    expect(issues[0]).toMatchObject({ socket: 'market', message: 'frame is not JSON', excerpt: '{"px":', count: 1 });
    expect(issues[1]?.message).toMatch(/frame of 70009 bytes dropped \(max 65536\)/);
    expect(issues[1]?.excerpt?.length).toBeLessThan(120);
    expect(rec.states()).toEqual(['connecting', 'live']);
  });

  it('holds account events that arrive while resyncing and applies them after the snapshot', async () => {
    const rec = new Recorder();
    peer.onConnect = (ws) => ws.send('{"px":"1"}');
    const order: string[] = [];
    let release: () => void = () => {};
    const spec = testSpec(peer.url, { role: 'account', name: 'user' });
    const { s } = socket(spec, rec, {
      resync: () =>
        new Promise<void>((resolve) => {
          order.push('snapshot');
          release = () => {
            order.push('applied');
            resolve();
          };
        }),
      onEvent: (ev) => {
        order.push(`event ${ev.type}`);
        rec.event(ev);
      },
    });
    s.start();
    await rec.until(() => s.state === 'resyncing');
    await sleep(50);
    expect(rec.events).toHaveLength(0);
    release();
    await rec.until(() => s.state === 'live');
    expect(order).toEqual(['snapshot', 'applied', 'event trade']);
    expect(rec.statuses.at(-1)?.reason).toBe('1 held events applied');
  });

  it('retries when the resync fails, and never shows the socket live before one succeeds', async () => {
    const rec = new Recorder();
    let calls = 0;
    const { s, issues } = socket(testSpec(peer.url, { role: 'account' }), rec, {
      resync: async () => {
        if (++calls < 3) throw new Error('HTTP 503');
      },
    });
    s.start();
    await rec.until(() => s.state === 'live');
    expect(rec.states()).toEqual([
      'connecting', 'resyncing', 'reconnecting', 'connecting', 'resyncing', 'reconnecting', 'connecting', 'resyncing', 'live',
    ]);
    expect(rec.statuses[2]?.reason).toBe('resync failed: HTTP 503');
    expect(issues.filter((i) => i.kind === 'resync')).toHaveLength(2);
  });

  it('reconnects on demand and closes cleanly', async () => {
    const rec = new Recorder();
    const { s } = socket(testSpec(peer.url), rec);
    s.start();
    await rec.until(() => s.state === 'live');
    const before = peer.paths.length;
    s.reconnect();
    await rec.until(() => rec.count('live') === 2);
    expect(rec.states()).toEqual(['connecting', 'live', 'reconnecting', 'connecting', 'live']);
    expect(rec.statuses[2]?.reason).toBe('reconnect requested');
    expect(peer.paths.length).toBe(before + 1);
    await s.stop('user quit');
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'user quit' });
    await sleep(50);
    expect(rec.statuses.at(-1)?.state).toBe('closed');
  });
});

describe('stream token (listen key)', () => {
  function tokenSpec(url: string): { spec: StreamSpec; rest: <T>(p: RequestPlan<T>) => Promise<T>; calls: string[]; gone: { on: boolean } } {
    const calls: string[] = [];
    const gone = { on: false };
    let n = 0;
    const plan = (name: string): RequestPlan<never> => ({ name }) as RequestPlan<never>;
    const rest = async <T>(p: RequestPlan<T>): Promise<T> => {
      calls.push(p.name);
      if (p.name === 'create') return `key${++n}` as T;
      if (p.name === 'keep' && gone.on) throw Object.assign(new Error('This listenKey does not exist.'), { code: '-1125' });
      return undefined as T;
    };
    const spec = testSpec(url, {
      name: 'user',
      role: 'account',
      url: (token) => `${url}/ws/${token}`,
      token: {
        create: () => plan('create'),
        keepAlive: { everyMs: 30, request: () => plan('keep') },
        isGone: (e) => (e as { code?: string }).code === '-1125',
        close: () => plan('close'),
      },
    });
    return { spec, rest, calls, gone };
  }

  it('creates the token before connecting, keeps it alive, re-creates it when gone', async () => {
    const rec = new Recorder();
    const t = tokenSpec(peer.url);
    const start = peer.paths.length;
    const { s, issues } = socket(t.spec, rec, { rest: t.rest, resync: async () => {} });
    s.start();
    await rec.until(() => t.calls.filter((c) => c === 'keep').length >= 2);
    expect(peer.paths.slice(start)).toEqual(['/ws/key1']);
    t.gone.on = true;
    await rec.until(() => peer.paths.length === start + 2 && s.state === 'live');
    t.gone.on = false;
    expect(peer.paths.slice(start)).toEqual(['/ws/key1', '/ws/key2']);
    expect(rec.statuses.find((st) => st.state === 'reconnecting')?.reason).toBe('stream token invalid');
    expect(issues.some((i) => i.kind === 'token' && i.message.includes('This listenKey does not exist.'))).toBe(true);
    await s.stop();
    expect(t.calls.at(-1)).toBe('close');
  });

  it('re-creates the token when the venue says it expired on the socket', async () => {
    const rec = new Recorder();
    const t = tokenSpec(peer.url);
    t.spec.parse = (text) =>
      text === 'expired' ? { ok: true, events: [{ type: 'token-expired', time: 1 }] } : { ok: true, events: [] };
    const start = peer.paths.length;
    peer.onConnect = (ws, path) => {
      if (path.endsWith('key1')) setTimeout(() => ws.send('expired'), 20);
    };
    const { s } = socket(t.spec, rec, { rest: t.rest });
    s.start();
    await rec.until(() => rec.count('live') === 2);
    expect(peer.paths.slice(start)).toEqual(['/ws/key1', '/ws/key2']);
    expect(rec.statuses.find((st) => st.state === 'reconnecting')?.reason).toBe('stream token expired');
  });

  it('keeps retrying when the token cannot be created', async () => {
    const rec = new Recorder();
    const t = tokenSpec(peer.url);
    let failures = 2;
    const rest = async <T>(p: RequestPlan<T>): Promise<T> => {
      if (p.name === 'create' && failures-- > 0) throw new Error('HTTP 418 banned');
      return t.rest(p);
    };
    const { s } = socket(t.spec, rec, { rest });
    s.start();
    await rec.until(() => s.state === 'live');
    expect(rec.statuses[1]?.reason).toBe('stream token not created: HTTP 418 banned');
    expect(rec.count('reconnecting')).toBe(2);
  });
});
