import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpTransportError, NonJsonReplyError } from '../../src/engine/http.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { WireRequest } from '../../src/venues/venue.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';

const wire = (over: Partial<WireRequest>): WireRequest => ({
  name: 'probe',
  method: 'GET',
  path: '/echo',
  query: '',
  body: '',
  headers: {},
  lane: 'background',
  costs: {},
  ...over,
});

describe('http against a raw loopback server', () => {
  let server: Server;
  let base: string;
  let client: HttpClient;
  const seen: Array<{ url: string; body: string; headers: Record<string, unknown> }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body, headers: req.headers });
        if (req.url?.startsWith('/empty')) {
          res.writeHead(503).end();
        } else if (req.url?.startsWith('/odd')) {
          // An informational 103 first, then: a repeated header, a header named like an
          // Object.prototype member, a Latin-1 value, and a UTF-8 body behind a byte-order mark,
          // sent in two pieces that split the euro sign's three bytes.
          res.writeEarlyHints({ link: '</x>; rel=preload' });
          res.writeHead(200, { 'x-rep': ['a', 'b'], constructor: 'c', 'x-latin': 'caf\u00e9', 'content-type': 'application/json' });
          const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":"\u20ac x"}', 'utf8')]);
          const cut = bytes.indexOf(0xe2) + 1;
          res.write(bytes.subarray(0, cut));
          setTimeout(() => res.end(bytes.subarray(cut)), 20);
        } else if (req.url?.startsWith('/hang')) {
          // never answers: the headers timeout must fire
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': '7' });
          res.end(JSON.stringify({ url: req.url, body }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new HttpClient(base, { headersTimeoutMs: 300, bodyTimeoutMs: 300 });
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends path, query, body and headers byte for byte', async () => {
    const query = 'a=%40x%2Cy&b=%E2%82%AC&c=1.50&signature=ABC%2B%2F%3D';
    const res = await client.send(
      wire({ method: 'POST', query, body: 'k=v%20w', headers: { 'X-MBX-APIKEY': 'key', 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: `/echo?${query}`, body: 'k=v%20w' });
    expect(seen.at(-1)?.headers['x-mbx-apikey']).toBe('key');
    expect(res.headers['x-mbx-used-weight-1m']).toBe('7');
    expect(res.receivedAt).toBeGreaterThanOrEqual(res.sentAt);
  });

  it('reads a reply as request + text() did: 1xx skipped, repeated headers joined, Latin-1 values, a UTF-8 body without its BOM', async () => {
    const res = await client.send(wire({ path: '/odd' }));
    expect(res.status).toBe(200);
    expect(res.headers['x-rep']).toBe('a, b');
    expect(Object.hasOwn(res.headers, 'constructor')).toBe(true);
    expect(res.headers['constructor']).toBe('c');
    expect(res.headers['x-latin']).toBe('caf\u00e9');
    expect(res.headers['link']).toBeUndefined();
    expect(res.body).toEqual({ ok: '\u20ac x' });
  });

  it('an empty body is a named error with its status, not a crash', async () => {
    const err = await client.send(wire({ path: '/empty' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonJsonReplyError);
    expect((err as NonJsonReplyError).status).toBe(503);
    expect((err as NonJsonReplyError).failure).toBe('ambiguous');
    expect((err as Error).message).toContain('(empty body)');
  });

  it('a reply that never comes is ambiguous; a refused connection is safe', async () => {
    const hang = await client.send(wire({ path: '/hang' })).catch((e: unknown) => e);
    expect(hang).toBeInstanceOf(HttpTransportError);
    expect((hang as HttpTransportError).failure).toBe('ambiguous');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const nowhere = new HttpClient(`http://127.0.0.1:${port}`);
    const refused = await nowhere.send(wire({})).catch((e: unknown) => e);
    await nowhere.close();
    expect(refused).toBeInstanceOf(HttpTransportError);
    expect((refused as HttpTransportError).failure).toBe('safe');
    expect((refused as HttpTransportError).phase).toBe('connect');
    // A trader reads which address could not be reached, and why.
    expect((refused as Error).message).toBe(`probe: could not reach 127.0.0.1:${port}: ECONNREFUSED`);
  });
});

describe('http against the local venue', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("a gateway's HTML 502 page becomes NonJsonReplyError with status and excerpt; the next request works", async () => {
    const log = new EventLog();
    const engine = testEngine(sim, log);
    await engine.start();
    await sim.control.setFaults({ html502: { times: 1, scope: 'GET /fapi/v3/balance' } });
    const err = await engine.rest.run(engine.adapter.balances()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonJsonReplyError);
    expect((err as NonJsonReplyError).status).toBe(502);
    expect((err as NonJsonReplyError).excerpt).toContain('502 Bad Gateway');
    expect((err as NonJsonReplyError).excerpt.length).toBeLessThanOrEqual(121);
    const balances = await engine.rest.run(engine.adapter.balances());
    expect(balances.find((b) => b.asset === 'USDT')?.wallet).toBeDefined();
    await sim.control.clearFaults();
    await engine.stop();
  });
});
