/**
 * The engine over TLS against the local venue's `tls` mode: the venue's CA is trusted through the
 * CA file the engine is given (verification stays on: without it the connect is refused), N
 * sequential orders ride the keep-alive connections already open (no new handshake), the user
 * stream runs over wss, and after the venue closes the idle connections the next request resumes
 * the TLS session instead of a full handshake. Handshakes are counted by the venue itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { HttpTransportError } from '../../src/engine/http.js';
import { CaFileError } from '../../src/engine/trust.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, settledOf, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

const ticket = ticketFor('BTCUSDT', '0.002');

describe('the engine over TLS (local venue with a CA made at start)', () => {
  let sim: SimHandle;
  let engine: Engine;
  const log = new EventLog();

  beforeAll(async () => {
    sim = await startTestSim({ tls: true });
    expect(sim.restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    engine = testEngine(sim, log, { caFile: sim.caFile!, streams: true, stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } } });
    await engine.start();
    await until(() => engine.streams.every((s) => s.state === 'live'), 20_000, 'every socket live over wss');
  });

  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('without the CA file the venue is refused (verification is on), and a bad CA file is a named error', async () => {
    const untrusting = testEngine(sim, new EventLog());
    try {
      const err = await untrusting.rest.run(untrusting.adapter.serverTime()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpTransportError);
      expect(String((err as Error).message)).toMatch(/certificate/i);
    } finally {
      await untrusting.stop();
    }
    const notPem = join(sim.keyDir, 'not-a-ca.pem');
    writeFileSync(notPem, 'hello');
    expect(() => testEngine(sim, new EventLog(), { caFile: notPem })).toThrow(CaFileError);
    expect(() => testEngine(sim, new EventLog(), { caFile: join(sim.keyDir, 'missing.pem') })).toThrow(/cannot read/);
  });

  it('N sequential orders ride the open keep-alive connection: no new TLS handshake', async () => {
    const before = await sim.control.stats();
    expect(before.tlsHandshakes).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      const order = await settledOf(engine, await engine.place(ticket({ side: i % 2 === 0 ? 'buy' : 'sell' })));
      expect(order.state).toBe('filled');
    }
    const after = await sim.control.stats();
    expect(after.httpRequests - before.httpRequests).toBeGreaterThanOrEqual(20);
    expect(after.tlsHandshakes).toBe(before.tlsHandshakes);
  });

  it('after the venue closes the idle connections, the next request resumes the TLS session', async () => {
    const before = await sim.control.stats();
    expect(await sim.control.dropSockets('http')).toBeGreaterThan(0);
    // The client learns of the close when the FIN arrives; a request that raced it failed before
    // it was sent (a GET, nothing placed) and the next one connects again.
    let serverTime: number | undefined;
    for (let attempt = 1; serverTime === undefined; attempt++) {
      if (attempt > 20) throw new Error('no request got through after the connections were closed');
      serverTime = await engine.rest.run(engine.adapter.serverTime()).catch(() => undefined);
    }
    const after = await sim.control.stats();
    expect(after.tlsHandshakes).toBeGreaterThan(before.tlsHandshakes);
    expect(after.tlsResumed - before.tlsResumed).toBe(after.tlsHandshakes - before.tlsHandshakes);
  });
});
