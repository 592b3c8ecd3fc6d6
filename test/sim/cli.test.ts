// `quantdeck sim --dialect D` for every dialect of the registry: the listening line, the control
// token, and the demo credentials one per line in the dialect's words; each credential set signs a
// request the venue accepts, the token steers the sim, and SIGTERM stops it. With --tls it serves
// https/wss and prints the CA file a client trusts; without that CA a client refuses the venue.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash, createHmac, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { httpControl, SIM_DIALECT_IDS } from '../../src/sim/index.js';
import { cdpJwt } from './coinbase-client.js';
import { signAction } from './hyperliquid-client.js';
import { b64hmac } from './okx-client.js';

const ROOT = resolve(import.meta.dirname, '../..');
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(async () => {
  if (child !== undefined && child.exitCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  child = undefined;
});

/** Starts `quantdeck sim` and returns its stdout lines once `lines` of them are printed. */
async function startCli(args: string[], lines: number): Promise<string[]> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--tick-ms', '0', ...args], { cwd: ROOT });
  child = c;
  let out = '';
  return new Promise((done, fail) => {
    c.once('exit', (code) => fail(new Error(`exited ${code} after: ${out}`)));
    c.stdout.on('data', (d) => {
      out += d;
      const all = out.split('\n');
      if (all.length > lines) done(all.slice(0, lines));
    });
  });
}

function fields(lines: string[]): { rest: string; token: string; creds: Map<string, string> } {
  const m = /^sim listening rest=(http:\/\/127\.0\.0\.1:\d+) ws=ws:\/\/127\.0\.0\.1:\d+$/.exec(lines[0]!);
  if (m === null) throw new Error(`no listening line: ${lines[0]}`);
  const token = /^control-token (\S+)$/.exec(lines[1]!)?.[1];
  if (token === undefined) throw new Error(`no control-token line: ${lines[1]}`);
  const creds = new Map(lines.slice(2).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
  return { rest: m[1]!, token, creds };
}

describe('quantdeck sim --dialect', () => {
  it('usage names every dialect of the registry; an unknown one exits 2', async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--dialect', 'nowhere'], { cwd: ROOT });
    let err = '';
    c.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((r) => c.once('exit', r));
    expect(code).toBe(2);
    expect(err).toContain(`unknown dialect 'nowhere' (known: ${SIM_DIALECT_IDS.join(', ')})`);
  });

  it('binance-usdm: api-key and api-secret sign a USER_DATA request', async () => {
    const { rest, token, creds } = fields(await startCli(['--dialect', 'binance-usdm'], 6));
    expect([...creds.keys()]).toEqual(['api-key', 'api-secret', 'ed25519-api-key', 'ed25519-key']);
    const query = `timestamp=${Date.now()}`;
    const sig = createHmac('sha256', creds.get('api-secret')!).update(query).digest('hex');
    const r = await fetch(`${rest}/fapi/v2/balance?${query}&signature=${sig}`, { headers: { 'X-MBX-APIKEY': creds.get('api-key')! } });
    expect(r.status).toBe(200);
    expect(await httpControl(rest, token).serverTime()).toBeGreaterThan(0);
  });

  it('okx: api-key, api-secret and api-passphrase sign a private request', async () => {
    const { rest, token, creds } = fields(await startCli(['--dialect', 'okx'], 5));
    expect([...creds.keys()]).toEqual(['api-key', 'api-secret', 'api-passphrase']);
    const ts = new Date(await httpControl(rest, token).serverTime()).toISOString();
    const path = '/api/v5/account/balance';
    const r = await fetch(`${rest}${path}`, {
      headers: {
        'OK-ACCESS-KEY': creds.get('api-key')!,
        'OK-ACCESS-PASSPHRASE': creds.get('api-passphrase')!,
        'OK-ACCESS-TIMESTAMP': ts,
        'OK-ACCESS-SIGN': b64hmac(creds.get('api-secret')!, `${ts}GET${path}`),
      },
    });
    expect(await r.json()).toMatchObject({ code: '0' });
  });

  it('bybit: api-key and api-secret sign a private request', async () => {
    const { rest, token, creds } = fields(await startCli(['--dialect', 'bybit'], 4));
    expect([...creds.keys()]).toEqual(['api-key', 'api-secret']);
    const ts = String(await httpControl(rest, token).serverTime());
    const query = 'accountType=UNIFIED';
    const sign = createHmac('sha256', creds.get('api-secret')!).update(`${ts}${creds.get('api-key')}5000${query}`).digest('hex');
    const r = await fetch(`${rest}/v5/account/wallet-balance?${query}`, {
      headers: { 'X-BAPI-API-KEY': creds.get('api-key')!, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign },
    });
    expect(await r.json()).toMatchObject({ retCode: 0, result: { list: [{ accountType: 'UNIFIED' }] } });
  });

  it('kraken: api-key and a base64 api-secret sign a private request (API-Sign over path + SHA-256(nonce + body))', async () => {
    const { rest, creds } = fields(await startCli(['--dialect', 'kraken'], 4));
    expect([...creds.keys()]).toEqual(['api-key', 'api-secret']);
    expect(creds.get('api-secret')).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const path = '/0/private/Balance';
    const nonce = String(Date.now());
    const body = `nonce=${nonce}`;
    const inner = createHash('sha256').update(nonce + body).digest();
    const sign = createHmac('sha512', Buffer.from(creds.get('api-secret')!, 'base64')).update(path).update(inner).digest('base64');
    const r = await fetch(`${rest}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'API-Key': creds.get('api-key')!, 'API-Sign': sign },
      body,
    });
    expect(await r.json()).toEqual({ error: [], result: { ZUSD: '100000.0000', XXBT: '1.0000000000', XETH: '10.0000000000' } });
  });

  it('coinbase: api-key names organizations/…/apiKeys/…, private-key-file is an EC P-256 PEM (0600) whose ES256 JWT the venue takes', async () => {
    const { rest, creds } = fields(await startCli(['--dialect', 'coinbase'], 4));
    expect([...creds.keys()]).toEqual(['api-key', 'private-key-file']);
    const name = creds.get('api-key')!;
    expect(name).toMatch(/^organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}$/);
    const file = creds.get('private-key-file')!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pem = readFileSync(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const path = '/api/v3/brokerage/key_permissions';
    const now = Math.floor(Date.now() / 1000);
    const token = cdpJwt(name, key, `GET ${new URL(rest).host}${path}`, now);
    const r = await fetch(`${rest}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await r.json()).toMatchObject({ can_view: true, can_trade: true, can_transfer: false });
  });

  it('hyperliquid: private-key is an agent approved for wallet, the master; its order rests on the master', async () => {
    const { rest, creds } = fields(await startCli(['--dialect', 'hyperliquid'], 4));
    expect([...creds.keys()]).toEqual(['private-key', 'wallet']);
    expect(creds.get('private-key')).toMatch(/^0x[0-9a-f]{64}$/);
    expect(creds.get('wallet')).toMatch(/^0x[0-9a-f]{40}$/);
    const agent = new Wallet(creds.get('private-key')!);
    const post = async (path: string, body: unknown) =>
      (await fetch(`${rest}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    expect(await post('/info', { type: 'userRole', user: agent.address.toLowerCase() })).toEqual({
      role: 'agent',
      data: { user: creds.get('wallet') },
    });
    const mid = Number((await post('/info', { type: 'allMids' }))['BTC']);
    const action = { type: 'order', orders: [{ a: 0, b: true, p: String(Math.floor(mid * 0.9)), s: '0.01', r: false, t: { limit: { tif: 'Gtc' } } }], grouping: 'na' };
    const nonce = Date.now();
    const reply = await post('/exchange', { action, nonce, signature: signAction(agent, action, nonce), vaultAddress: null, expiresAfter: null });
    expect(reply.response.data.statuses[0]).toHaveProperty('resting');
    const open = await post('/info', { type: 'openOrders', user: creds.get('wallet') });
    expect(open).toHaveLength(1);
  });
  it('--tls: https and wss, a ca-file line; a client trusting that CA signs in, one that does not is refused; SIGTERM removes the file', async () => {
    const lines = await startCli(['--dialect', 'binance-usdm', '--tls'], 4);
    const rest = /^sim listening rest=(https:\/\/127\.0\.0\.1:\d+) ws=wss:\/\/127\.0\.0\.1:\d+$/.exec(lines[0]!)?.[1];
    expect(rest, lines[0]).toBeDefined();
    const token = /^control-token (\S+)$/.exec(lines[1]!)![1]!;
    const caFile = /^ca-file (\S+)$/.exec(lines[2]!)?.[1];
    expect(caFile, lines[2]).toBeDefined();
    const apiKey = /^api-key (\S+)$/.exec(lines[3]!)![1]!;
    const refused = await fetch(`${rest}/fapi/v1/time`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    const trusting = new Agent({ connect: { ca: readFileSync(caFile!, 'utf8') } });
    try {
      const r = await undiciFetch(`${rest}/fapi/v1/time`, { dispatcher: trusting, headers: { 'X-MBX-APIKEY': apiKey } });
      expect(r.status).toBe(200);
      expect(await httpControl(rest!, token, caFile).serverTime()).toBeGreaterThan(0);
    } finally {
      await trusting.close();
    }
    const gone = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGTERM');
    await gone;
    expect(existsSync(caFile!)).toBe(false);
  });
});
