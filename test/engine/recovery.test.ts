/**
 * A restart reads the journal and resolves what an earlier process left in flight, against the
 * local venue on loopback (docs/journal.md, "Recovery"). Each case leaves the journal as a process
 * that died at one point would have left it: an intent journaled and never sent; an order the venue
 * acked whose outcome never reached the journal; a send journaled whose request reaches the venue
 * only after the restart. The restarted engine says which (log line, journal step), adopts what is
 * placed, and never sends an intent again: the venue's own ledger is the witness.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientOrderIdGenerator } from '../../src/core/client-order-id.js';
import { mul, round } from '../../src/core/decimal.js';
import type { JournalEntry, JournalRecord } from '../../src/core/journal.js';
import type { OrderIntent } from '../../src/core/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { JournalFile, readJournal } from '../../src/engine/journal-file.js';
import type { SimHandle } from '../../src/sim/index.js';
import { venueAdapter } from '../../src/venues/index.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

const ACCOUNT = 'desk-r';
const home = mkdtempSync(join(tmpdir(), 'qd-recovery-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

let sim: SimHandle;
let dirs = 0;

/** A journal folder of its own per case, and its file. */
function freshJournal(): { dir: string; file: JournalFile } {
  const dir = join(home, `state-${++dirs}`);
  return { dir, file: new JournalFile(dir) };
}

/** A line as the engine stamps it (binance-usdm, sim, this account). */
function line(entry: JournalEntry, at = Date.now()): JournalRecord {
  return { v: 1, at: new Date(at).toISOString(), account: ACCOUNT, venue: 'binance-usdm', env: 'sim', ...entry };
}

/** A client id as a session of the venue makes them. */
function newId(): string {
  const spec = venueAdapter('binance-usdm').clientId;
  return new ClientOrderIdGenerator(spec, { randomBytes: randomBytes(8), startedAt: Date.now(), tag: spec.tag }).next();
}

async function priceAt(factor: string): Promise<string> {
  const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
  return round(mul(t.bidPrice, factor), 1, 'half_even');
}

async function accepted(id: string): Promise<number> {
  return (await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id).length;
}

function stepsOf(dir: string, id: string): string[] {
  return readJournal(dir)
    .records.filter((r) => r.clientOrderId === id)
    .map((r) => (r.state === undefined ? r.event : `${r.event} ${r.state}`));
}

/** The restarted engine: the journal read from `dir`, written to `file`. */
async function restart(dir: string, file: JournalFile, log: EventLog): Promise<Engine> {
  const e = testEngine(sim, log, {
    accountLabel: ACCOUNT,
    journal: file,
    journalReader: () => readJournal(dir).records,
    resolve: { settleMs: 1_500, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
  });
  await e.start();
  return e;
}

describe('a restart resolves what the journal left in flight', () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 23 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('an intent journaled and never sent: resolved as never placed, said so, and not sent', async () => {
    const { dir, file } = freshJournal();
    const id = newId();
    file.append(line({ event: 'intent', clientOrderId: id, intent: { symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false } }));
    const log = new EventLog();
    const e = await restart(dir, file, log);
    try {
      expect(e.recovery?.inFlight).toBe(1);
      await e.recovery?.done;
      expect(stepsOf(dir, id)).toEqual(['intent', 'never-placed']);
      expect(readJournal(dir).records.at(-1)?.reason).toBe('the process stopped after journaling it and before sending it');
      expect(log.of('log').map((l) => l.text).find((t) => t.startsWith(`recovered ${id}`))).toMatch(/buy 0\.002 BTCUSDT market\): never placed \(the process stopped after journaling it and before sending it\); not sent again$/);
      expect(e.orders.get(id)?.order.state).toBe('rejected');
      expect(e.orders.counters.sends).toBe(0);
      expect(await accepted(id)).toBe(0);
      // A later order of the restarted session takes a new id.
      const r = await e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
      expect(r.ok && r.clientOrderId !== id).toBe(true);
    } finally {
      await e.stop();
      file.close();
    }
  }, 60_000);

  it('an order the venue acked whose outcome never reached the journal: resolved as placed, adopted, and cancel-all takes it', async () => {
    const { dir, file } = freshJournal();
    // The first process: its journal stops before the venue's answer is written (it died there).
    const first = testEngine(sim, new EventLog(), {
      accountLabel: ACCOUNT,
      journal: { append: (r) => (r.event === 'intent' || r.event === 'sent' ? file.append(r) : undefined) },
    });
    await first.start();
    const price = await priceAt('0.95');
    const placed = await first.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', price, qty: '0.002', reduceOnly: false, postOnly: true });
    if (!placed.ok) throw new Error(placed.error);
    const id = placed.clientOrderId as string;
    expect((await first.orders.get(id)!.settled).state).toBe('new');
    await first.stop();
    expect(stepsOf(dir, id)).toEqual(['intent', 'sent']);

    const log = new EventLog();
    const e = await restart(dir, file, log);
    try {
      await e.recovery?.done;
      expect(stepsOf(dir, id)).toEqual(['intent', 'sent', 'recovered new']);
      expect(log.of('log').map((l) => l.text).find((t) => t.startsWith(`recovered ${id}`))).toMatch(/placed, new \(venue \d+\); adopted as this session's/);
      expect(e.orders.get(id)?.order.state).toBe('new');
      expect(e.orders.counters.sends).toBe(0);
      // The session's own: cancel-all cancels it, and its end is journaled.
      expect(await e.cancelAll()).toMatchObject({ ok: true, message: expect.stringContaining('(1)') });
      await until(() => stepsOf(dir, id).includes('closed canceled'));
      expect(stepsOf(dir, id)).toEqual(['intent', 'sent', 'recovered new', 'cancel', 'closed canceled']);
      expect(await accepted(id)).toBe(1);
    } finally {
      await e.stop();
      file.close();
    }
  }, 60_000);

  it('a send whose request reaches the venue only after the restart: not judged before it can no longer arrive, then placed', async () => {
    const { dir, file } = freshJournal();
    const id = newId();
    const intent: OrderIntent = { clientOrderId: id, symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false };
    const { clientOrderId: _, ...facts } = intent;
    file.append(line({ event: 'intent', clientOrderId: id, intent: facts }));
    file.append(line({ event: 'sent', clientOrderId: id, send: 1, validUntil: new Date(Date.now() + 2_500).toISOString() }));
    const log = new EventLog();
    const e = await restart(dir, file, log);
    try {
      // The venue does not have it yet; the restart waits out the send's validity.
      await until(() => e.orders.counters.queries >= 1);
      expect(await accepted(id)).toBe(0);
      // The dead process's request arrives (held on the way).
      const late = await e.rest.run(e.adapter.placeOrder(intent));
      expect(late.clientOrderId).toBe(id);
      await e.recovery?.done;
      expect(stepsOf(dir, id)).toEqual(['intent', 'sent', 'recovered filled']);
      expect(e.orders.get(id)?.order.state).toBe('filled');
      expect(await accepted(id)).toBe(1);
    } finally {
      await e.stop();
      file.close();
    }
  }, 60_000);

  it('a send the venue never got: never placed once its validity has passed, and not sent again', async () => {
    const { dir, file } = freshJournal();
    const id = newId();
    file.append(line({ event: 'intent', clientOrderId: id, intent: { symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false } }));
    file.append(line({ event: 'sent', clientOrderId: id, send: 1, validUntil: new Date(Date.now() + 500).toISOString() }));
    file.append(line({ event: 'ambiguous', clientOrderId: id, reason: 'socket hang up' }));
    const e = await restart(dir, file, new EventLog());
    try {
      await e.recovery?.done;
      expect(stepsOf(dir, id)).toEqual(['intent', 'sent', 'ambiguous', 'never-placed']);
      expect(readJournal(dir).records.at(-1)?.reason).toBe('the venue does not have it after send #1 could no longer arrive');
      expect(e.orders.counters.sends).toBe(0);
      expect(await accepted(id)).toBe(0);
    } finally {
      await e.stop();
      file.close();
    }
  }, 60_000);

  it('a restarted session never makes an id the journal holds, even when its generator would', async () => {
    const { dir, file } = freshJournal();
    // The same seed as the session below: its first two ids are already journaled (ended stories).
    const seed = { randomBytes: randomBytes(8), startedAt: Date.now() };
    const spec = venueAdapter('binance-usdm').clientId;
    const same = new ClientOrderIdGenerator(spec, { ...seed, tag: spec.tag });
    const taken = [same.next(), same.next()];
    const third = same.next();
    for (const id of taken) {
      file.append(line({ event: 'intent', clientOrderId: id, intent: { symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false } }));
      file.append(line({ event: 'rejected', clientOrderId: id, reason: 'an earlier session' }));
    }
    const e = testEngine(sim, new EventLog(), { accountLabel: ACCOUNT, journal: file, journalReader: () => readJournal(dir).records, clientIdSeed: seed });
    await e.start();
    try {
      expect(e.recovery?.inFlight).toBe(0);
      const r = await e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
      expect(r).toMatchObject({ ok: true, clientOrderId: third });
      expect((await e.orders.get(third)!.settled).state).toBe('filled');
      for (const id of taken) expect(await accepted(id)).toBe(0);
    } finally {
      await e.stop();
      file.close();
    }
  }, 60_000);
});
