// Determinism with a seed, the loopback control endpoint, the worker-thread sim, regimes, and the CLI.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpControl, type SimHandle, startSim, startSimWorker } from '../../src/sim/index.js';
import { TestClient } from './client.js';

async function book(sim: SimHandle): Promise<string> {
  return (await new TestClient(sim).call('GET', '/fapi/v1/ticker/bookTicker')).json
    .map(
      (t: { symbol: string; bidPrice: string; askPrice: string; bidQty: string }) =>
        `${t.symbol} ${t.bidPrice} ${t.askPrice} ${t.bidQty}`,
    )
    .join('\n');
}

async function scenario(seed: string): Promise<{ prices: string; fills: string }> {
  const sim = await startSim({ seed, tickMs: 0 });
  try {
    const c = new TestClient(sim);
    await sim.control.tick(40);
    const first = await book(sim);
    await c.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '3.000',
    });
    await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '10.000',
    });
    await sim.control.setRegime('volatile');
    await sim.control.tick(40);
    const second = await book(sim);
    const fills = (await sim.control.fills())
      .map((f) => `${f.symbol} ${f.side} ${f.price} ${f.qty} ${f.commission}`)
      .join('\n');
    return { prices: `${first}\n${second}`, fills };
  } finally {
    await sim.close();
  }
}

describe('determinism', () => {
  it('same seed, same prices and fills; another seed, other prices', async () => {
    const a = await scenario('seed-42');
    const b = await scenario('seed-42');
    const other = await scenario('seed-43');
    expect(a.prices).toBe(b.prices);
    expect(a.fills).toBe(b.fills);
    expect(a.fills.split('\n').length).toBeGreaterThan(2);
    expect(other.prices).not.toBe(a.prices);
  });

  it('the volatile regime moves prices more than the calm one', async () => {
    const sim = await startSim({ seed: 'regimes', tickMs: 0 });
    try {
      const path = async (n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          await sim.control.tick();
          out.push(
            Number(
              (await new TestClient(sim).call('GET', '/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' })).json
                .markPrice,
            ),
          );
        }
        return out;
      };
      const spread = (xs: number[]) => Math.max(...xs) / Math.min(...xs) - 1;
      const calm = spread(await path(60));
      await sim.control.setRegime('volatile');
      const volatile = spread(await path(60));
      expect(volatile).toBeGreaterThan(calm * 2);
    } finally {
      await sim.close();
    }
  });
});

describe('loopback control endpoint', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ seed: 'control', tickMs: 0 });
  });
  afterAll(() => sim.close());

  const auth = () => ({ authorization: `Bearer ${sim.controlToken}` });
  const post = (method: string, path: string, body: unknown) =>
    fetch(`${sim.restUrl}/_sim/${path}`, {
      method,
      body: JSON.stringify(body),
      headers: { ...auth(), 'content-type': 'application/json' },
    });

  it('sets, patches, reads and clears the fault plan from a --faults string or JSON', async () => {
    const set = await post('POST', 'faults', { plan: 'html-502=x2, delay=5ms' });
    expect(await set.json()).toEqual({ html502: { times: 2 }, delay: { ms: 5 } });
    const patched = await post('PATCH', 'faults', { unknownStatus: { times: 1 } });
    expect(await patched.json()).toEqual({
      html502: { times: 2 },
      delay: { ms: 5 },
      unknownStatus: { times: 1 },
    });
    expect((await fetch(`${sim.restUrl}/fapi/v1/time`)).status).toBe(502);
    const bad = await post('POST', 'faults', { plan: 'explode' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(
      /FaultPlanError: unknown fault 'explode'/,
    );
    await post('DELETE', 'faults', {});
    expect(await (await fetch(`${sim.restUrl}/_sim/faults`, { headers: auth() })).json()).toEqual({});
  });

  it('serves the whole SimControl (httpControl)', async () => {
    const ctl = httpControl(sim.restUrl, sim.controlToken);
    await ctl.skewClock(-5000);
    expect(Date.now() - (await ctl.serverTime())).toBeGreaterThan(4000);
    await ctl.skewClock(0);
    await ctl.setRegime('volatile');
    await ctl.setPrice('BTCUSDT', '60000');
    const t = (await new TestClient(sim).call('GET', '/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' }))
      .json;
    expect(Number(t.bidPrice)).toBeCloseTo(60000, -1);
    await ctl.tick(3);
    expect(await ctl.dropSockets('market')).toBe(0);
    expect(await ctl.expireListenKeys()).toBe(0);
    expect(await ctl.acceptedOrders()).toEqual([]);
    expect(await ctl.fills()).toEqual([]);
    await ctl.resetLimits();
    expect((await ctl.stats()).httpRequests).toBeGreaterThan(0);
    const bad = await post('POST', 'regime', { regime: 'wild' });
    expect(bad.status).toBe(400);
  });
});

describe('the control endpoint refuses anyone but the process that started the sim', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ seed: 'control-guard', tickMs: 0 });
  });
  afterAll(() => sim.close());

  /** A clock step as each refused caller would send it, over a raw socket so Host can be anything. */
  function send(headers: Record<string, string>, body = '{"jumpMs":-60000}'): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: sim.port, method: 'POST', path: '/_sim/clock', headers, setHost: false },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const good = (): Record<string, string> => ({
    host: `127.0.0.1:${sim.port}`,
    authorization: `Bearer ${sim.controlToken}`,
    'content-type': 'application/json',
  });

  /** The refused request changed nothing: the venue clock is still the real clock. */
  async function clockUntouched(): Promise<void> {
    expect(Math.abs((await sim.control.serverTime()) - Date.now())).toBeLessThan(30_000);
  }

  it('a random token per run, not guessable from the port or the seed', async () => {
    const other = await startSim({ seed: 'control-guard', tickMs: 0 });
    try {
      expect(sim.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.controlToken).not.toBe(sim.controlToken);
    } finally {
      await other.close();
    }
  });

  it('a request with every check passed steps the clock (the refusals below differ by one header)', async () => {
    const r = await send(good(), '{"jumpMs":0}');
    expect(r.status).toBe(200);
  });

  it('no token, or a wrong one: 401', async () => {
    const { authorization: _, ...none } = good();
    expect((await send(none)).status).toBe(401);
    expect((await send({ ...good(), authorization: `Bearer ${'x'.repeat(43)}` })).status).toBe(401);
    expect((await send({ ...good(), authorization: sim.controlToken })).status).toBe(401);
    await clockUntouched();
  });

  it('a Host that is not the listening address (DNS rebinding): 403', async () => {
    const r = await send({ ...good(), host: `attacker.example:${sim.port}` });
    expect(r.status).toBe(403);
    expect(r.text).toContain(`Host 127.0.0.1:${sim.port}`);
    expect((await send({ ...good(), host: '127.0.0.1:1' })).status).toBe(403);
    await clockUntouched();
  });

  it('a body that is not application/json (a plain-text or form post): 415', async () => {
    expect((await send({ ...good(), 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send({ ...good(), 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const { 'content-type': _, ...untyped } = good();
    expect((await send(untyped)).status).toBe(415);
    await clockUntouched();
  });

  it('any Origin header (a web page), even with the right token: 403', async () => {
    expect((await send({ ...good(), origin: 'http://attacker.example' })).status).toBe(403);
    expect((await send({ ...good(), origin: `http://127.0.0.1:${sim.port}` })).status).toBe(403);
    await clockUntouched();
  });

  it('reads need the token too (the ledger and fills are the account\'s)', async () => {
    expect((await fetch(`${sim.restUrl}/_sim/orders`)).status).toBe(401);
    expect((await fetch(`${sim.restUrl}/_sim/orders`, { headers: { authorization: `Bearer ${sim.controlToken}` } })).status).toBe(200);
  });
});

describe('worker thread', () => {
  it('runs the sim off the main thread with the same handle', async () => {
    const sim = await startSimWorker({ seed: 'worker', tickMs: 0 });
    try {
      const c = new TestClient(sim);
      const r = await c.signed('POST', '/fapi/v1/order', {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.002',
        newClientOrderId: 'w-1',
      });
      expect(r.status).toBe(200);
      expect((await sim.control.acceptedOrders()).map((o) => o.clientOrderId)).toEqual(['w-1']);
      await sim.control.setFaults('html-502=x1');
      expect((await c.call('GET', '/fapi/v1/time')).status).toBe(502);
    } finally {
      await sim.close();
    }
    await expect(fetch(`${sim.restUrl}/fapi/v1/time`)).rejects.toThrow();
  });
});

describe('quantdeck sim', () => {
  it('prints the listening line and the demo key, and stops cleanly on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.tsx', 'sim', '--dialect', 'binance-usdm', '--seed', '7', '--tick-ms', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no output: ${out}`)), 100_000);
      // Every line up to the Ed25519 key file's: the output may come in several chunks.
      child.stdout.on('data', () => {
        if (/^ed25519-key \S+\.pem$/m.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^sim listening rest=http:\/\/127\.0\.0\.1:(\d+) ws=ws:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^control-token [A-Za-z0-9_-]{43}$/);
    expect(lines[2]).toMatch(/^api-key [A-Za-z0-9]{64}$/);
    expect(lines[3]).toMatch(/^api-secret [A-Za-z0-9]{64}$/);
    expect(lines.some((l) => /^ed25519-key \S+\.pem$/.test(l))).toBe(true);
    const port = /:(\d+) /.exec(lines[0]!)![1];
    expect((await fetch(`http://127.0.0.1:${port}/fapi/v1/ping`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('names a bad --faults plan and exits 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--faults', 'explode'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain("bad --faults: unknown fault 'explode'");
  });
});
