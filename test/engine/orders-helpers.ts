/**
 * An order manager of its own over an engine's real adapter and REST path, with its own book, for
 * tests that pin what the manager itself sends: every request plan it hands to the REST path is
 * recorded (name and lane) as it leaves, and again once its answer is in.
 */
import { AccountState } from '../../src/engine/account.js';
import type { Engine } from '../../src/engine/engine.js';
import { OrderManager, type OrderManagerDeps } from '../../src/engine/orders.js';
import type { RequestPlan } from '../../src/venues/venue.js';
import { EventLog } from './rest-helpers.js';

export interface ObservedManager {
  manager: OrderManager;
  book: AccountState;
  /** What the book emitted (order events in order). */
  log: EventLog;
  /** Every plan the manager sent, as it left: `name lane`. */
  sent: string[];
  /** The names of the plans whose answer (or failure) is in, in the order they came. */
  answered: string[];
  /** The states the book showed for one order, in order. */
  statesOf(clientOrderId: string): string[];
}

let managers = 0;

export function observedManager(
  engine: Engine,
  over: Partial<OrderManagerDeps> = {},
  bookOptions: { maxClosedOrders?: number } = {},
): ObservedManager {
  const log = new EventLog();
  const book = new AccountState({ sink: log, ...bookOptions });
  const sent: string[] = [];
  const answered: string[] = [];
  // A fresh prefix per manager: ids stay unique on a venue shared by the file's tests.
  const prefix = `qdM${(++managers).toString(36)}${Date.now().toString(36)}x`;
  let n = 0;
  const run = async <T>(plan: RequestPlan<T>): Promise<T> => {
    sent.push(`${plan.name} ${plan.lane}`);
    try {
      return await engine.rest.run(plan);
    } finally {
      answered.push(plan.name);
    }
  };
  const manager = new OrderManager({
    adapter: engine.adapter,
    run,
    newClientOrderId: () => `${prefix}${++n}`,
    book,
    emit: (event) => log.push(event),
    ...over,
  });
  const statesOf = (id: string) =>
    log
      .of('order')
      .filter((e) => e.order.clientOrderId === id)
      .map((e) => e.order.state);
  return { manager, book, log, sent, answered, statesOf };
}
