// Actions that take risk off hold the sink's screen refreshes while they run: the close is sent
// before the cockpit spends a frame. The hold is released once the action resolves (a close
// resolves once its order is handed to the HTTP client), and only those actions hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, positionQtyOf, settledOf, startTestSim, testEngine, ticketFor } from './rest-helpers.js';

/** Records, in one sequence, the events pushed and each hold and release. */
class HoldingLog extends EventLog {
  readonly steps: string[] = [];
  held = 0;
  override push(event: EngineEvent): void {
    super.push(event);
    if (event.type === 'order' && event.order.reduceOnly) this.steps.push(`close order ${event.order.state}`);
  }
  hold(maxMs: number): () => void {
    this.held++;
    this.steps.push(`hold ${maxMs}`);
    return () => this.steps.push('release');
  }
}

let sim: SimHandle;
let engine: Engine;
let log: HoldingLog;
const ticket = ticketFor('BTCUSDT', '0.002');

describe('urgent actions hold the screen refreshes', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    log = new HoldingLog();
    engine = testEngine(sim, log);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });

  it('a flatten holds from before its position read until its close is sent; a plain order does not hold', async () => {
    await settledOf(engine, await engine.place(ticket({ qty: '0.004' })));
    expect(log.held).toBe(0);
    expect(await positionQtyOf(engine, 'BTCUSDT')).toBe('0.004');

    log.steps.length = 0;
    const flat = await engine.flatten();
    expect(flat).toMatchObject({ ok: true });
    // The close was handed out (pending_new) inside the hold, which ended when flatten resolved.
    expect(log.steps).toEqual(['hold 200', 'close order pending_new', 'release']);
    await settledOf(engine, flat);
  });

  it('cancel-all holds and releases, also when there is nothing to cancel', async () => {
    log.steps.length = 0;
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    expect(log.steps).toEqual(['hold 200', 'release']);
  });
});
