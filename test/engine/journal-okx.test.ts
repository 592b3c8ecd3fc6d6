/**
 * The journal on a venue that answers a place and a cancel with an acknowledgement only (OKX, the
 * local venue's OKX dialect): the ack is journaled as the venue said it, and the end the engine
 * then asks for is journaled once, as `closed`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { JournalFile, readJournal } from '../../src/engine/journal-file.js';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxEngine, okxPriceAt, startOkxSim } from './okx-helpers.js';
import { EventLog, ticketFor, until } from './rest-helpers.js';

const dir = join(mkdtempSync(join(tmpdir(), 'qd-journal-okx-')), 'quantdeck');
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

let sim: SimHandle;
let engine: Engine;
let journal: JournalFile;
const ticket = ticketFor(INST, '1');

const stepsOf = (id: string) =>
  readJournal(dir)
    .records.filter((r) => r.clientOrderId === id)
    .map((r) => (r.state === undefined ? r.event : `${r.event} ${r.state}`));

function idOf(r: Awaited<ReturnType<Engine['place']>>): string {
  if (!r.ok) throw new Error(r.error);
  return r.clientOrderId as string;
}

describe('the journal against the local venue speaking OKX', () => {
  beforeAll(async () => {
    sim = await startOkxSim({ seed: 5 });
    journal = new JournalFile(dir);
    // Streams on: a market order's fill reaches the engine by the private socket, as in a session.
    engine = okxEngine(sim, new EventLog(), { accountLabel: 'okx-desk', journal, streams: true });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    journal.close();
    await sim.close();
  });

  it('a resting limit cancelled, and a market buy: each ack as the venue gave it, each end once', async () => {
    const price = await okxPriceAt(sim, 0.97);
    const resting = idOf(await engine.place(ticket({ type: 'limit', price })));
    const acked = await engine.orders.get(resting)!.settled;
    expect(await engine.cancel(resting)).toMatchObject({ ok: true });
    await until(() => stepsOf(resting).at(-1) === 'closed canceled');
    expect(stepsOf(resting)).toEqual(['intent', 'sent', `acked ${acked.state}`, 'cancel', 'closed canceled']);

    // The venue acknowledges the market order; its fill comes by the stream and is its end.
    const bought = idOf(await engine.place(ticket({})));
    await until(() => engine.orders.get(bought)?.order.state === 'filled', undefined, 'the market buy filled');
    await until(() => stepsOf(bought).some((s) => s.endsWith(' filled')), undefined, 'its end journaled');
    const steps = stepsOf(bought);
    expect(steps.slice(0, 2)).toEqual(['intent', 'sent']);
    // Acked as the venue said (`new`, or `filled` when the stream told first), and ended once.
    expect(['acked new,closed filled', 'acked filled']).toContain(steps.slice(2).join(','));
    for (const r of readJournal(dir).records) expect(r).toMatchObject({ account: 'okx-desk', venue: 'okx', env: 'sim' });
  }, 120_000);
});
