// The LLM path on the wire: a raw TCP listener on 127.0.0.1 keeps every byte the request sent, and
// the LLM's key appears once, in the Authorization header, while nothing that identifies the account
// — its name, its venue keys, its wallet address, its key ids and sources, the profile's path —
// appears anywhere. Built the way the entry builds it (src/cli/signals-synth.ts: the profile's
// signals.llm, its key through custody), and fed a SynthInput carrying what a careless caller
// might leave in it: positions with account fields, alerts that name the account.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../../src/core/secret.js';
import type { SynthInput } from '../../../src/core/signals/types.js';
import { loadCredentials } from '../../../src/custody/load-credentials.js';
import { validateProfile } from '../../../src/custody/profile.js';
import type { CustodyCredentials } from '../../../src/custody/credentials.js';
import { identifyingTerms, synthesizerFromProfile } from '../../../src/cli/signals-synth.js';
import { signalStackFor } from '../../../src/cli/signals-stack.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanForSecrets } from '../../support/secret-scan.js';
import { completion, input, llmSignal } from './llm-stub.js';

const LLM_KEY = 'sk-wire-5c2b7e19a0d4f38b6e21';
const BN_KEY = 'bnKeyWire7Q2mXv9PzL4sT8yR1uW6';
const BN_SECRET = 'bnSecretWire3F6hJ9kM2nP5qS8vY1';
const WALLET = '0x9a1B2c3D4e5F60718293a4B5c6D7e8F901234567';
const HL_PRIVATE = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const PROFILE_FILE = '/home/trader/.config/quantdeck/profile.json';

const processEnv = {
  LLM_API_KEY: LLM_KEY,
  BNWIRE_API_KEY: BN_KEY,
  BNWIRE_API_SECRET: BN_SECRET,
  HLWIRE_PRIVATE_KEY: HL_PRIVATE,
  HLWIRE_WALLET_ADDRESS: WALLET,
};

let server: Server;
let url = '';
const captured: Buffer[] = [];

/** Reads one request whole (headers, then content-length bytes) and answers one valid reply. */
function serve(socket: Socket): void {
  let bytes = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(bytes.subarray(0, end).toString('latin1'))?.[1] ?? 0);
    if (bytes.length < end + 4 + length) return;
    captured.push(bytes);
    const body = completion(JSON.stringify({ signals: [llmSignal()] }));
    socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('what leaves for the LLM', () => {
  it('holds the key only in the Authorization header, and nothing that names the account', async () => {
    const profile = validateProfile({
      version: 1,
      keys: {},
      accounts: {
        'desk-alpha': { venue: 'binance-usdm', env: 'testnet', key: 'env:BNWIRE' },
        'hl-vault-7': { venue: 'hyperliquid', env: 'testnet', key: 'env:HLWIRE' },
      },
      groups: { 'night-desk': ['desk-alpha', 'hl-vault-7'] },
      signals: { llm: { url, model: 'small-1', key: 'env:LLM', timeoutMs: 5_000, maxTokens: 256 } },
    });
    const credentials: CustodyCredentials[] = [
      await loadCredentials({ kind: 'env', prefix: 'BNWIRE' }, { venue: 'binance-usdm', env: 'testnet', processEnv }),
      await loadCredentials({ kind: 'env', prefix: 'HLWIRE' }, { venue: 'hyperliquid', env: 'testnet', processEnv }),
    ];
    const lines: string[] = [];
    const synth = await synthesizerFromProfile({ profile, credentials, profileFile: PROFILE_FILE, processEnv, log: (l) => lines.push(l) });

    // What a careless runner might hand over: more than SynthInput's type allows, account words in alert text.
    const careless = {
      ...input(),
      account: 'desk-alpha',
      apiKey: BN_KEY,
      alerts: [
        { id: 'a1', rule: 'no-stop', severity: 'warn', symbol: 'BTCUSDT', at: input().brief.at - 5_000, text: 'desk-alpha: BTCUSDT long without a stop', account: 'desk-alpha' },
        { id: 'a2', rule: 'disconnect', severity: 'info', at: input().brief.at - 9_000, text: `private stream of hl-vault-7 (${WALLET}) reconnected; key ${credentials[0]?.keyId} via env:BNWIRE, ${PROFILE_FILE}` },
      ],
      positions: [{ symbol: 'BTCUSDT', qty: '0.01', entryPrice: '49900', account: 'desk-alpha', walletAddress: WALLET, apiSecret: BN_SECRET }],
    } as unknown as SynthInput;
    const outcome = await synth.run(careless);
    await synth.close();
    expect(outcome).toMatchObject({ source: 'llm', signals: [{ side: 'buy' }] });

    expect(captured).toHaveLength(1); // the first request of the file
    const raw = captured[0] as Buffer;
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.subarray(0, split).toString('latin1');
    const body = raw.subarray(split + 4);

    // The key: exactly once in all the bytes, and that once is the Authorization header's value.
    expect(raw.toString('latin1').split(LLM_KEY)).toHaveLength(2);
    expect(head.split('\r\n').filter((l) => l.includes(LLM_KEY))).toEqual([`authorization: Bearer ${LLM_KEY}`]);

    const planted = [
      { label: 'llm api key', value: LLM_KEY },
      { label: 'account name', value: 'desk-alpha' },
      { label: 'second account name', value: 'hl-vault-7' },
      { label: 'group name', value: 'night-desk' },
      { label: 'venue api key', value: BN_KEY },
      { label: 'venue api secret', value: BN_SECRET },
      { label: 'wallet address', value: WALLET },
      { label: 'wallet address, lower case', value: WALLET.toLowerCase() },
      { label: 'agent private key', value: HL_PRIVATE },
      { label: 'masked key id', value: credentials[0]?.keyId ?? 'missing' },
      { label: 'key source', value: 'env:BNWIRE' },
      { label: 'profile path', value: PROFILE_FILE },
    ];
    expect(scanForSecrets([{ name: 'request body', text: body }], planted)).toEqual([]);
    expect(scanForSecrets([{ name: 'request head', text: head }], planted.slice(1))).toEqual([]);
    // The alerts still arrive, their account words replaced; the positions, without their extras.
    const user = JSON.parse(JSON.parse(body.toString('utf8')).messages[1].content);
    expect(user.alerts[0].text).toBe('[account]: BTCUSDT long without a stop');
    expect(user.positions).toEqual([{ symbol: 'BTCUSDT', qty: '0.01', entryPrice: '49900' }]);
    // And the log lines of the exchange hold no key either.
    expect(scanForSecrets([{ name: 'log', text: lines.join('\n') }], planted.slice(0, 1))).toEqual([]);
    expect(revealSecret(credentials[0]?.apiKey ?? (undefined as never))).toBe(BN_KEY);
  });

  it("the entry's stack (signalStackFor) hands the loaded credentials to the redactor", async () => {
    // The profile where the entry reads it (XDG_CONFIG_HOME), the credentials as the session loads them.
    const home = mkdtempSync(join(tmpdir(), 'qd-llm-wire-'));
    try {
      const env = { ...processEnv, XDG_CONFIG_HOME: home };
      mkdirSync(join(home, 'quantdeck'), { recursive: true });
      writeFileSync(
        join(home, 'quantdeck', 'profile.json'),
        JSON.stringify({ version: 1, keys: {}, accounts: {}, signals: { llm: { url, model: 'small-1', key: 'env:LLM', timeoutMs: 5_000, maxTokens: 256 } } }),
      );
      // The account is not in the profile (a --key flag, the local venue's demo key): only the credentials name it.
      const hl = await loadCredentials({ kind: 'env', prefix: 'HLWIRE' }, { venue: 'hyperliquid', env: 'testnet', processEnv });
      const logs: string[] = [];
      const stack = await signalStackFor({ account: 'acct', venue: 'hyperliquid', env: 'testnet', sink: { push: (ev) => void (ev.type === 'log' && logs.push(ev.text)) }, processEnv: env, credentials: [hl] });
      expect(logs.filter((l) => l.includes('not used'))).toEqual([]);
      expect(stack.synth.llm).toBe(true);
      const before = captured.length;
      const outcome = await stack.synth.run({
        ...input(),
        alerts: [{ id: 'a3', rule: 'disconnect', severity: 'info', at: input().brief.at - 9_000, text: `private stream of ${WALLET} reconnected; key ${hl.keyId} via ${hl.source}` }],
      } as SynthInput);
      stack.stop();
      expect(outcome).toMatchObject({ source: 'llm' });
      expect(captured).toHaveLength(before + 1);
      const raw = captured.at(-1) as Buffer;
      const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
      const planted = [
        { label: 'wallet address', value: WALLET },
        { label: 'wallet address, lower case', value: WALLET.toLowerCase() },
        { label: 'masked key id', value: hl.keyId },
        { label: 'key source', value: hl.source },
      ];
      expect(scanForSecrets([{ name: 'request body', text: body }], planted)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a file: LLM key once the cockpit is drawn: refused with the reason, never asked on the terminal', async () => {
    const home = mkdtempSync(join(tmpdir(), 'qd-llm-file-'));
    try {
      mkdirSync(join(home, 'quantdeck'), { recursive: true });
      const keyFile = join(home, 'llm.key');
      writeFileSync(join(home, 'quantdeck', 'profile.json'), JSON.stringify({ version: 1, keys: {}, accounts: {}, signals: { llm: { url, model: 'small-1', key: `file:${keyFile}` } } }));
      const logs: string[] = [];
      const stack = await signalStackFor({ account: 'acct', venue: 'hyperliquid', env: 'sim', sink: { push: (ev) => void (ev.type === 'log' && logs.push(ev.text)) }, processEnv: { XDG_CONFIG_HOME: home }, cockpitDrawn: true });
      stack.stop();
      expect(stack.synth.llm).toBe(false);
      expect(logs.join('\n')).toContain('cannot be asked once the cockpit is drawn');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('gathers every identifying term the entry knows', () => {
    const profile = validateProfile({
      version: 1,
      keys: { 'bn-stored': { venue: 'binance', env: 'testnet', ref: 'keyring:bn-stored', keyId: 'abcd…wxyz', createdAt: '2026-01-01' } },
      accounts: { main: { venue: 'binance-usdm', key: 'keyring:bn-stored' } },
    });
    expect(identifyingTerms({ profile, profileFile: PROFILE_FILE })).toEqual(['main', 'bn-stored', 'abcd…wxyz', 'keyring:bn-stored', 'keyring:bn-stored', PROFILE_FILE]);
  });
});
