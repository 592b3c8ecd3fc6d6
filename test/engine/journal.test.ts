/**
 * The journal as the real engine writes it against the local venue, into real files in a
 * throwaway XDG state folder: the orders placed and cancelled here, and exactly their steps; an
 * ambiguous send and how it was resolved; a venue refusal that quotes the key and a signature,
 * which never reaches the file.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { JournalRecord } from '../../src/core/journal.js';
import { SecretScrubber } from '../../src/core/redact.js';
import { revealSecret } from '../../src/core/secret.js';
import type { Engine } from '../../src/engine/engine.js';
import { JournalFile, readJournal } from '../../src/engine/journal-file.js';
import { quantdeckStateDir } from '../../src/log/xdg.js';
import type { SimHandle } from '../../src/sim/index.js';
import { scanForSecrets } from '../support/secret-scan.js';
import { EventLog, simCredentials, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

const home = mkdtempSync(join(tmpdir(), 'qd-journal-engine-'));
const stateDir = quantdeckStateDir({ HOME: home, XDG_STATE_HOME: join(home, 'state') });
afterAll(() => rmSync(home, { recursive: true, force: true }));

let sim: SimHandle;
let engine: Engine;
let journal: JournalFile;
const ticket = ticketFor('BTCUSDT', '0.002');

/** The journal's steps for one client id, as `event[ state]` words, in order. */
function stepsOf(id: string): string[] {
  return readJournal(stateDir)
    .records.filter((r) => r.clientOrderId === id)
    .map((r) => (r.state === undefined ? r.event : `${r.event} ${r.state}`));
}

function recordsOf(id: string): JournalRecord[] {
  return readJournal(stateDir).records.filter((r) => r.clientOrderId === id);
}

async function priceAt(factor: string): Promise<string> {
  const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
  return round(mul(t.bidPrice, factor), 1, 'half_even');
}

function idOf(r: Awaited<ReturnType<Engine['place']>>): string {
  if (!r.ok) throw new Error(r.error);
  return r.clientOrderId as string;
}

describe('the journal the engine writes, against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 11 });
    const credentials = simCredentials(sim);
    // As custody does at load: the key's secret and id are registered with the scrubber the entry hands the journal.
    const scrubber = new SecretScrubber();
    scrubber.register(credentials.apiSecret as never);
    scrubber.register(credentials.apiKey);
    journal = new JournalFile(stateDir, { scrub: (t) => scrubber.scrub(t) });
    engine = testEngine(sim, new EventLog(), {
      accountLabel: 'desk-a',
      journal,
      http: { headersTimeoutMs: 1_500, bodyTimeoutMs: 1_500 },
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    journal.close();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('holds exactly the intents placed and cancelled here, each with its outcome, stamped with the account', async () => {
    const before = readJournal(stateDir).records.length;
    // A reduce-only sell with no position: the venue refuses it.
    const refused = idOf(await engine.place(ticket({ side: 'sell', reduceOnly: true })));
    expect((await engine.orders.get(refused)!.settled).state).toBe('rejected');

    const bought = idOf(await engine.place(ticket({ qty: '0.004' })));
    expect((await engine.orders.get(bought)!.settled).state).toBe('filled');

    const price = await priceAt('0.97');
    const resting = idOf(await engine.place(ticket({ type: 'limit', price, postOnly: true })));
    expect((await engine.orders.get(resting)!.settled).state).toBe('new');
    const lower = await priceAt('0.96');
    expect(await engine.amend(resting, { price: lower })).toMatchObject({ ok: true });
    expect(await engine.cancel(resting)).toMatchObject({ ok: true });

    const two = [idOf(await engine.place(ticket({ type: 'limit', price }))), idOf(await engine.place(ticket({ type: 'limit', price })))];
    for (const id of two) await engine.orders.get(id)!.settled;
    expect(await engine.cancelAll()).toMatchObject({ ok: true });

    await until(() => stepsOf(two[1] as string).includes('closed canceled'));
    expect(stepsOf(bought)).toEqual(['intent', 'sent', 'acked filled']);
    expect(stepsOf(resting)).toEqual(['intent', 'sent', 'acked new', 'amend', 'amended new', 'cancel', 'closed canceled']);
    expect(recordsOf(resting).find((r) => r.event === 'amend')?.amendTo).toEqual({ price: lower, qty: '0.002' });
    for (const id of two) expect(stepsOf(id)).toEqual(['intent', 'sent', 'acked new', 'cancel', 'closed canceled']);
    expect(stepsOf(refused)).toEqual(['intent', 'sent', 'rejected']);

    const mine = readJournal(stateDir).records.slice(before);
    // Exactly these five intents, and nothing of any other order.
    expect(new Set(mine.map((r) => r.clientOrderId))).toEqual(new Set([bought, resting, ...two, refused]));
    for (const r of mine) expect(r).toMatchObject({ v: 1, account: 'desk-a', venue: 'binance-usdm', env: 'sim' });
    expect(recordsOf(bought)[0]?.intent).toEqual({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.004', reduceOnly: false, postOnly: false });
    expect(recordsOf(resting)[0]?.intent).toMatchObject({ type: 'limit', price, postOnly: true });
    expect(recordsOf(two[0] as string).find((r) => r.event === 'cancel')?.via).toBe('cancel-all');
    expect(recordsOf(resting).find((r) => r.event === 'cancel')?.via).toBe('cancel');
    expect(recordsOf(refused).at(-1)?.reason).toMatch(/-2022|reduce/i);
    // The send's idempotency facts: which send, and until when the venue could still take it.
    const sent = recordsOf(bought)[1] as JournalRecord;
    expect(sent.send).toBe(1);
    expect(Date.parse(sent.validUntil as string) - Date.parse(sent.at)).toBeGreaterThanOrEqual(3_000);
    expect(recordsOf(bought)[2]?.venueOrderId).toMatch(/\S/);
    // Time order within each intent.
    for (const id of [bought, resting, refused]) {
      const times = recordsOf(id).map((r) => Date.parse(r.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  }, 120_000);

  it('an ambiguous send is journaled as such, then how the query resolved it; one send', async () => {
    await sim.control.setFaults({ dropResponse: { times: 1 } });
    const id = idOf(await engine.place(ticket({})));
    expect((await engine.orders.get(id)!.settled).state).toBe('filled');
    expect((await sim.control.stats()).faultsFired['dropResponse']).toBe(1);
    expect(stepsOf(id)).toEqual(['intent', 'sent', 'ambiguous', 'resolved filled']);
    expect(recordsOf(id).filter((r) => r.event === 'sent')).toHaveLength(1);
  }, 120_000);

  it('a journal that cannot be written: trading goes on, and the failure is logged once', async () => {
    const log = new EventLog();
    const failing = testEngine(sim, log, {
      journal: {
        append() {
          throw new Error('ENOSPC: no space left on device, write');
        },
      },
    });
    await failing.start();
    try {
      for (let i = 0; i < 2; i++) {
        const id = idOf(await failing.place(ticket({})));
        expect((await failing.orders.get(id)!.settled).state).toBe('filled');
      }
      const lines = log.of('log').filter((e) => e.text.startsWith('journal:'));
      expect(lines.map((e) => [e.level, e.text])).toEqual([
        ['error', 'journal: ENOSPC: no space left on device, write (trading goes on; this step is not journaled)'],
      ]);
    } finally {
      await failing.stop();
    }
  }, 120_000);

  it('a venue refusal that quotes the secret, the key and a signature: none of them reaches the file', async () => {
    const credentials = simCredentials(sim);
    const secret = revealSecret(credentials.apiSecret as never);
    const apiKey = revealSecret(credentials.apiKey);
    const signature = 'a3f1c9d27b4e8f60a3f1c9d27b4e8f60a3f1c9d27b4e8f60a3f1c9d27b4e8f60';
    await sim.control.setFaults({
      refuseText: { times: 1, text: `bad request: secret=${secret} key ${apiKey} at /fapi/v1/order?symbol=BTCUSDT&signature=${signature}` },
    });
    const id = idOf(await engine.place(ticket({})));
    expect((await engine.orders.get(id)!.settled).state).toBe('rejected');
    const rejected = recordsOf(id).find((r) => r.event === 'rejected');
    // The step is there, with the venue's words minus what was secret.
    expect(rejected?.reason).toContain('bad request');
    expect(rejected?.reason).toContain('[redacted]');
    const files = readdirSync(stateDir).map((f) => ({ name: f, text: readFileSync(join(stateDir, f)) }));
    expect(files.length).toBeGreaterThan(0);
    expect(
      scanForSecrets(files, [
        { label: 'api secret', value: secret },
        { label: 'api key', value: apiKey },
        { label: 'signature', value: signature },
      ]),
    ).toEqual([]);
  }, 120_000);
});
