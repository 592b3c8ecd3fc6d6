/**
 * Leak test, part 2 (the cockpit): the real program (`npm start`) in tmux against the local venue,
 * trading with KNOWN planted keys (`--sim-keys FILE`, the `quantdeck sim --keys` format) at
 * `--log-level debug`, through every failure of the fault menu — socket drop, clock stepped back
 * (timestamp refused, resync), a dropped order response (query by client id), a 429 storm — and
 * an order the venue rejects (a perps venue's price band; on Kraken and Coinbase a post-only buy that
 * would take the ask). The spot venues: Kraken's base64 secret, Coinbase's EC key (planted as PEM).
 * Kraken's base64 secret is also looked for as the bytes it stands for. Every frame polled, the pane's whole history, the program's stderr
 * (redirected to a file inside the tmux command) and the log file are scanned for the secrets in
 * every form (raw, base64, hex, escaped…) and for signatures: zero occurrences.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bestBid,
  type CockpitRun,
  count,
  escaped,
  isLive,
  startCockpitRun,
  TMUX,
} from '../e2e/cockpit-run.js';
import { needs } from '../support/system-program.js';
import { assertNoSecrets, type Haystack, type Planted, scanForSecrets } from '../support/secret-scan.js';

interface LeakCase {
  venue: string;
  symbol: string;
  /** The planted key, in the `--keys` file's shape. */
  key: { type: 'hmac' | 'evm' | 'ec'; apiKey?: string; secret: string; passphrase?: string };
  /** Whether a 2 s venue clock step is outside the venue's timestamp window (Binance: 1 s ahead). */
  clockRefused: boolean;
  /**
   * A limit buy the venue rejects: at `factor` × the bid, post-only where that is what fails (a
   * perps venue's price band refuses 10 % of the market; Kraken takes any price, but not a
   * post-only buy that would take the ask).
   */
  rejected: { factor: number; postOnly: boolean };
  /** Spot venues sign with base64 secrets: their decoded bytes are needles too. */
  base64Secret?: boolean;
  /** A token the venue signs with (Coinbase's JWT) has a shape of its own to look for. */
  tokenShape?: RegExp;
}

/** A CDP-style EC key (P-256, SEC1 PEM) made for this run: the secret planted in the Coinbase case. */
const CDP_PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
/** A PEM's body lines (its key bytes in base64, 64 to a line): what a leaked key would show. */
const pemLines = (pem: string) => pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));

const HMAC = {
  apiKey: 'LEAKCOCKPITKEY4f9a2c7e1b8d3a6c5e0f7b2d9a4c1e8f',
  secret: 'LEAKCOCKPITSECRET8c3e6a1f9b4d7c2e5a0f3b8d1c6e9a',
  passphrase: 'LEAKPASS7e2c9a4f',
};
const FAR = { factor: 0.1, postOnly: false };
const CASES: readonly LeakCase[] = [
  { venue: 'binance-usdm', symbol: 'BTCUSDT', key: { type: 'hmac', ...HMAC }, clockRefused: true, rejected: FAR },
  { venue: 'okx', symbol: 'BTC-USDT-SWAP', key: { type: 'hmac', ...HMAC }, clockRefused: false, rejected: FAR },
  // Bybit refuses a timestamp 1 s or more ahead of its clock (10002), like Binance.
  { venue: 'bybit', symbol: 'BTCUSDT', key: { type: 'hmac', apiKey: HMAC.apiKey, secret: HMAC.secret }, clockRefused: true, rejected: FAR },
  {
    venue: 'hyperliquid',
    symbol: 'BTC',
    // The agent wallet's private key; its address is public (shown masked) and not planted.
    key: { type: 'evm', secret: '0x5eaf1c0ffee7d3b2a9c8e1f4a6b5d7c9e2f3a4b6c8d0e1f2a3b4c5d6e7f8a9b0' },
    clockRefused: false,
    rejected: FAR,
  },
  {
    venue: 'kraken',
    symbol: 'BTC/USD',
    // Kraken's secrets are base64 of 64 bytes (HMAC-SHA512 keys). Nonces, not timestamps: a venue
    // clock step refuses nothing.
    key: { type: 'hmac', apiKey: HMAC.apiKey, secret: Buffer.from(`${HMAC.secret}LEAKKRAKEN0123456789`).toString('base64') },
    clockRefused: false,
    rejected: { factor: 1.002, postOnly: true },
    base64Secret: true,
  },
  {
    venue: 'coinbase',
    symbol: 'BTC-USD',
    key: { type: 'ec', apiKey: 'organizations/1eac0c0c-0a1e-4e4e-9c0c-1eac0c0c0c0c/apiKeys/5ec2e7c0-0a1e-4e4e-9c0c-1eac0c0c0c0c', secret: CDP_PEM },
    // A venue clock step is judged against the token's nbf/exp; no timestamp refusal is claimed.
    clockRefused: false,
    // Coinbase takes any limit price; a post-only buy through the ask is INVALID_LIMIT_PRICE_POST_ONLY.
    rejected: { factor: 1.002, postOnly: true },
    tokenShape: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
  },
];

/** Signed query strings (`…timestamp=N…`) anywhere in the output: their HMACs are needles too. */
function signedQueries(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/(?:[A-Za-z]+=[^\s"&]*&)*timestamp=\d{13}(?:&[A-Za-z]+=[^\s"&]*)*/g)) {
      found.add(m[0].replace(/&signature=[^&]*/, ''));
    }
  }
  return [...found];
}

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux).each(CASES)('nothing leaks from the cockpit ($venue, SIM, debug)', (c) => {
  const planted: Planted[] = [
    ...(c.key.apiKey === undefined ? [] : [{ label: 'api-key', value: c.key.apiKey }]),
    ...(c.key.type === 'ec'
      ? pemLines(c.key.secret).map((line, i) => ({ label: `private key line ${i + 1}`, value: line }))
      : [{ label: c.key.type === 'evm' ? 'agent private key' : 'api-secret', value: c.key.secret }]),
    // The key bytes a base64 secret stands for, as a log might write them (hex, or base64url).
    ...(c.base64Secret === true
      ? [
          { label: 'api-secret bytes (hex)', value: Buffer.from(c.key.secret, 'base64').toString('hex') },
          { label: 'api-secret bytes (base64url)', value: Buffer.from(c.key.secret, 'base64').toString('base64url') },
        ]
      : []),
    ...(c.key.passphrase === undefined ? [] : [{ label: 'passphrase', value: c.key.passphrase }]),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'qd-leak-cockpit-'));
  const keysFile = join(dir, 'sim-keys.json');
  const stderrFile = join(dir, 'stderr.txt');
  let run: CockpitRun;
  const frames: string[] = [];
  let hay: Haystack[] = [];

  beforeAll(() => {
    const keys = { accounts: [{ name: 'leak', keys: [c.key] }] };
    writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
    run = startCockpitRun(
      `leak-${c.venue}`,
      ['--venue', c.venue, '--log-level', 'debug', '--sim-keys', keysFile],
      {
        dir,
        shellTail: ` 2>${stderrFile}`,
      },
    );
    run.tty.frames = frames;
  });

  afterAll(() => run?.close());

  /** Opens the fault menu and fires fault N; resolves on the cockpit's answer. */
  async function fault(n: number, answer: RegExp): Promise<string> {
    const { tty } = run;
    tty.type('f');
    await tty.waitFor('the faults menu', (s) => s.includes('Faults (SIM)'));
    tty.type(String(n));
    return tty.waitFor(`fault ${n}'s answer`, (s) => answer.test(s));
  }

  /** A limit buy at `factor` × the bid (post-only if asked), typed like a trader. */
  async function limitBuy(factor: number, postOnly = false): Promise<void> {
    const { tty } = run;
    const bid = bestBid(tty.screen()) as number;
    tty.type('b');
    await tty.waitFor('the buy ticket', (s) => new RegExp(`BUY\\s+${escaped(c.symbol)} limit`).test(s));
    tty.type(postOnly ? '2op' : '2p');
    await tty.waitFor('price entry', (s) => s.includes('type digits'));
    tty.type(String(Math.floor(bid * factor)));
    tty.press('Enter', 'Enter');
  }

  /** `n` orders resting at the venue (state new), none still on its way. */
  const resting = (n: number) => (s: string) =>
    count(s, 'Open orders') === n && (s.match(/BUY\s+LMT\s.*\bnew\b/g) ?? []).length === n;

  it('trades with the planted key through every fault, a rejection and a clean quit', async () => {
    const { tty } = run;
    await tty.waitFor('the first frame', (s) => s.includes('QUANTDECK'), 40_000);
    const live = await tty.waitFor('both sockets live and a price', isLive, 30_000);
    expect(live).toMatch(/ · leak\b/); // the header names the planted key's account, not the generated demo one

    await fault(1, /dropped \d+ sockets?/);
    await tty.waitFor('live again', (s) => /user\s+● live [^↻\n]*↻\d/.test(s) && isLive(s));

    await fault(2, /venue clock stepped/);
    await limitBuy(0.98); // Binance: refused for its timestamp, resynced, sent again
    await tty.waitFor('the order after a clock resync', resting(1), 20_000);

    await fault(3, /next order response will be dropped/);
    await limitBuy(0.98); // matched, reply lost, found by its client id
    await tty.waitFor('the order whose reply was dropped', resting(2), 20_000);

    await limitBuy(c.rejected.factor, c.rejected.postOnly); // rejected by the venue (see LeakCase.rejected)
    await tty.waitFor('the rejection', (s) => /reject/i.test(s), 20_000);

    // Last: the storm's Retry-After holds every lane to the end of the venue's minute window;
    // quitting with orders open leaves the dead-man's switch armed, so the exit needs no lane.
    await fault(4, /429/);
    await limitBuy(0.98);
    await tty.waitFor('the 429', (s) => /rate limited \(429\)/.test(s), 20_000);

    tty.press('C-c');
    await tty.waitFor('the quit question', (s) => s.includes('Quit? '));
    tty.type('y');
    await tty.waitFor('the program exited', (s) => s.includes('QD_EXIT='), 75_000);
    expect(tty.lastScreen).toContain('QD_EXIT=0');

    hay = [
      ...frames.map((text, i) => ({ name: `frame ${i + 1}`, text })),
      { name: 'pane history', text: tty.history() },
      { name: 'stderr', text: readFileSync(stderrFile) },
      { name: 'log file', text: readFileSync(run.logFile) },
    ];
  }, 240_000);

  it('the run did what it was meant to (debug lines, each failure, the rejection)', () => {
    const lines = readFileSync(run.logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; event?: Record<string, unknown> });
    const events = lines.flatMap((l) => (l.event === undefined ? [] : [l.event]));
    const orderStates = events.flatMap((e) =>
      e['type'] === 'order' ? [(e['order'] as { state: string }).state] : [],
    );
    expect(lines.some((l) => l.level === 20)).toBe(true); // debug lines were written
    expect(lines.some((l) => l.msg === 'auth' || l.msg.includes('key'))).toBe(true);
    // Reconnected after the drop; clock resynced to the stepped-back venue; 429 budget hold.
    expect(events.some((e) => e['type'] === 'connection' && e['state'] === 'reconnecting')).toBe(true);
    if (c.clockRefused)
      expect(events.some((e) => e['type'] === 'clock' && (e['offsetMs'] as number) <= -1_500)).toBe(true);
    expect(events.some((e) => e['type'] === 'budget' && e['state'] === 'limited')).toBe(true);
    expect(orderStates).toContain('rejected');
    expect(lines.at(-1)?.msg).toBe('session ended');
    expect(frames.join('\n')).toMatch(/order \S+ rejected \(BUY .*\): \w/);
  });

  it('the scan finds what it looks for (it is not blind)', () => {
    const probe = [{ name: 'probe', text: `x ${Buffer.from(c.key.secret).toString('base64')} y` }];
    expect(scanForSecrets(probe, [{ label: 'p', value: c.key.secret }])).toContainEqual({
      where: 'probe',
      secret: 'p',
      form: 'base64',
      offset: 2,
    });
  });

  it('zero occurrences of the key, secret, passphrase or any signature in frames, stderr, log', () => {
    expect(hay.length).toBeGreaterThan(3);
    const texts = hay.map((h) => h.text.toString());
    const queries = signedQueries(texts);
    const secrets: Planted[] = [
      ...planted,
      ...queries.map((q, i) => ({
        label: `signature of query ${i + 1}`,
        value: createHmac('sha256', c.key.secret).update(q).digest('hex'),
      })),
    ];
    assertNoSecrets(hay, secrets);
    // Signatures of requests the output does not quote: nothing shaped like an HMAC-SHA256 hex
    // digest, and no signature parameter or header with a value.
    for (const h of hay) {
      const text = h.text.toString();
      expect(text, h.name).not.toMatch(/(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])/);
      expect(text, h.name).not.toMatch(/signature["=:\s]+(?!\[redacted\])[A-Za-z0-9+/=_-]{16}/i);
      if (c.tokenShape !== undefined) expect(text, h.name).not.toMatch(c.tokenShape);
      // Kraken's signature header by its name (its value is base64, not hex).
      expect(text, h.name).not.toMatch(/API-Sign["=:\s]+(?!\[redacted\])[A-Za-z0-9+/=]{16}/i);
    }
  });
});
