/**
 * What `npm run mutate` mutates, and the test files that must kill each file's mutants. A pure
 * file is held to its own unit tests (so a score says what those tests pin, not what some
 * distant integration test happens to touch); the order manager is held to the tests that drive
 * it against the local venue.
 */
// The cockpit's key logic, a pure function of (UI state, key, store snapshot): held to the tests
// that call it directly, key by key. The ink tests (flows, help, panes, layout) drive the same keys
// through the screen and would take hours here; they pin the wiring, these pin the behaviour. Every
// test file of test/views/controller/ belongs in this list.
const CONTROLLER_TESTS = [
  'test/views/controller/focus.test.ts',
  'test/views/controller/ticket.test.ts',
  'test/views/controller/confirm.test.ts',
  'test/views/controller/command-line.test.ts',
  'test/views/controller/main-keys.test.ts',
  'test/views/controller/exits.test.ts',
  'test/views/controller/ticket-timing.test.ts',
  'test/views/controller/amend.test.ts',
  'test/views/controller/protect-commands.test.ts',
  // Its Protection section keys (Tab there, c, +/-, :amend), :stop/:tp/:bracket and C's questions
  // about stops are called directly there too; its few ink tests run only for the mutants they reach.
  'test/views/protection.test.tsx',
];

// L1, the brief: its indicators and frames are held to the hand-computed and property tests.
const L1_TESTS = ['test/core/signals/indicators.test.ts', 'test/core/signals/brief.test.ts', 'test/core/signals/brief-properties.test.ts'];

export const TARGETS: Readonly<Record<string, readonly string[]>> = {
  // The walk-forward evaluator and the EV gate (#21), held to their own tests: the planted edge,
  // the noise, the no-look-ahead properties, the simulator's hand-made bars, the t-interval.
  'src/core/signals/walk-forward.ts': ['test/core/signals/walk-forward.test.ts', 'test/core/signals/walk-forward-folds.test.ts', 'test/core/signals/ev.test.ts', 'test/core/signals/no-look-ahead.test.ts'],
  'src/core/signals/trade-sim.ts': ['test/core/signals/trade-sim.test.ts', 'test/core/signals/no-look-ahead.test.ts', 'test/core/signals/walk-forward.test.ts'],
  'src/core/signals/ev.ts': ['test/core/signals/ev.test.ts'],
  'src/core/signals/frame.ts': L1_TESTS,
  'src/core/signals/brief.ts': L1_TESTS,
  'src/core/signals/ema.ts': L1_TESTS,
  // The watcher's plain-mean averageTrueRange lives here too: its tests hold it.
  'src/core/signals/atr.ts': [...L1_TESTS, 'test/core/signals/watcher.test.ts'],
  'src/core/signals/volatility.ts': L1_TESTS,
  'src/core/signals/range.ts': L1_TESTS,
  'src/core/signals/ring.ts': L1_TESTS,
  'src/core/amend-target.ts': ['test/core/amend-target.test.ts', 'test/core/amend-trigger-target.test.ts'],
  'src/core/backoff.ts': ['test/core/backoff.test.ts', 'test/core/retry.test.ts'],
  'src/core/budget.ts': ['test/core/budget.test.ts'],
  'src/core/client-order-id.ts': ['test/core/client-order-id.test.ts'],
  'src/core/clock.ts': ['test/core/clock.test.ts', 'test/core/clock-samples.test.ts'],
  'src/core/close-size.ts': ['test/core/close-size.test.ts'],
  'src/core/command-line.ts': ['test/core/command-line.test.ts'],
  'src/core/decimal.ts': ['test/core/decimal.test.ts', 'test/core/rounding.test.ts'],
  'src/core/error-message.ts': ['test/core/error-message.test.ts'],
  'src/core/fill-average.ts': ['test/core/fill-average.test.ts'],
  'src/core/nearest.ts': ['test/core/nearest.test.ts'],
  'src/core/order-guard.ts': ['test/core/order-guard.test.ts'],
  'src/core/order-state.ts': ['test/core/order-state.test.ts'],
  'src/core/reconcile.ts': ['test/core/reconcile.test.ts'],
  'src/core/protection.ts': ['test/core/protection.test.ts', 'test/core/amend-trigger-target.test.ts'],
  'src/core/redact.ts': ['test/core/redact.test.ts', 'test/core/redact-error.test.ts'],
  'src/core/retry.ts': ['test/core/retry.test.ts'],
  'src/core/risk.ts': ['test/core/risk.test.ts'],
  'src/core/rounding.ts': ['test/core/rounding.test.ts'],
  'src/core/slippage.ts': ['test/core/slippage.test.ts'],
  'src/core/sliding-count.ts': ['test/core/sliding-count.test.ts'],
  'src/core/secret.ts': ['test/core/secret.test.ts', 'test/core/redact.test.ts'],
  'src/core/secret-forms.ts': ['test/core/secret-forms.test.ts', 'test/core/redact.test.ts'],
  'src/core/types.ts': ['test/core/types.test.ts'],
  'src/core/untrusted.ts': ['test/core/untrusted.test.ts'],
  'src/engine/orders.ts': [
    'test/engine/ambiguous-send.test.ts',
    'test/engine/orders-book.test.ts',
    'test/engine/orders-cancel.test.ts',
    'test/engine/resolver-races.test.ts',
    'test/engine/reported-before-failure.test.ts',
    'test/engine/orders.test.ts',
    'test/engine/okx-orders.test.ts',
    'test/engine/hyperliquid-orders.test.ts',
  ],
  // The resolver loop (send, query, wait out the window, re-send), held to the tests that drive
  // its hard cases one at a time: the whole file's set runs for hours here.
  'src/engine/orders.ts:279-324': ['test/engine/ambiguous-send.test.ts', 'test/engine/resolver-races.test.ts'],
  // Its heart, measurable in a quarter of an hour: query limit, "never seen" inside the window,
  // re-send; and what lands inside its backoff sleep (a close).
  'src/engine/orders.ts:289-312': ['test/engine/ambiguous-send.test.ts', 'test/engine/resolver-races.test.ts'],
  // The check after the backoff sleep (an order known meanwhile, a close): its own tests.
  'src/engine/orders.ts:292-292': ['test/engine/ambiguous-send.test.ts', 'test/engine/resolver-races.test.ts'],
  // One send and one status query (#send, #query): what each answer or failure makes of the order.
  'src/engine/orders.ts:327-360': ['test/engine/ambiguous-send.test.ts', 'test/engine/reported-before-failure.test.ts'],
  // A failed send of an order the venue has already reported (it stays as reported).
  'src/engine/orders.ts:342-348': ['test/engine/ambiguous-send.test.ts', 'test/engine/reported-before-failure.test.ts'],
  // The loop's first send and its give-up report (or quiet stop when the engine closes).
  'src/engine/orders.ts:279-288': ['test/engine/ambiguous-send.test.ts'],
  'src/engine/orders.ts:313-324': ['test/engine/ambiguous-send.test.ts'],
  // The placement record, the manager's fields and its error type: the two fast files reach them all.
  'src/engine/orders.ts:1-102': ['test/engine/orders-book.test.ts', 'test/engine/orders-cancel.test.ts'],
  // Placement (the book's first entry, the settled promise, the clocks, the resolve options) and
  // the book's change listener (a stream report stops a resolver; a forgotten order is dropped).
  'src/engine/orders.ts:103-147': ['test/engine/ambiguous-send.test.ts', 'test/engine/orders-book.test.ts'],
  // cancel, cancel-all (one request or list-and-batch; a failed one; protective orders kept or
  // included), flatten, close; and which failed cancel is worth a status query (near the end).
  'src/engine/orders.ts:148-278': [
    'test/engine/orders-cancel.test.ts',
    'test/engine/orders-cancel-partial.test.ts',
    'test/engine/protection-binance.test.ts',
    'test/engine/protection-okx.test.ts',
  ],
  // Cancel-all's list-and-batch rounds: their cap and the "list stopped shrinking" stop, against a
  // venue that cancels part of each batch.
  'src/engine/orders.ts:234-248': [
    'test/engine/orders-cancel-partial.test.ts',
    'test/engine/orders-cancel.test.ts',
    'test/engine/protection-okx.test.ts',
    'test/engine/protection-hyperliquid.test.ts',
  ],
  // The protective-order lines alone (cancel by the venue's id, cancel-all's keep/include, the
  // venue's cancel-all for them, batches, one by one), against every venue's protection tests.
  'src/engine/orders.ts:155-245': [
    'test/engine/orders-cancel.test.ts',
    'test/engine/orders-cancel-partial.test.ts',
    'test/engine/protection-binance.test.ts',
    'test/engine/protection-okx.test.ts',
    'test/engine/protection-bybit.test.ts',
    'test/engine/protection-hyperliquid.test.ts',
  ],
  'src/engine/orders.ts:386-391': ['test/engine/orders-cancel.test.ts'],
  // How a protective order is found again (refOf).
  'src/engine/orders.ts:392-399': ['test/engine/orders-cancel.test.ts', 'test/engine/protection-okx.test.ts'],
  // #adopt, #move, #sleep (and no sleep after close).
  'src/engine/orders.ts:361-385': [
    'test/engine/ambiguous-send.test.ts',
    'test/engine/orders-cancel.test.ts',
    'test/engine/resolver-races.test.ts',
  ],
  // #adopt alone: a venue's answer ends the resolution even when the book refuses it.
  'src/engine/orders.ts:363-366': [
    'test/engine/ambiguous-send.test.ts',
    'test/engine/orders-cancel.test.ts',
    'test/engine/resolver-races.test.ts',
  ],
  'src/engine/order-resolve.ts': ['test/engine/order-resolve.test.ts'],
  'views/controller.ts': CONTROLLER_TESTS,
  // What the controller hands on: the amend keys and command, C's questions, :stop/:tp/:bracket.
  'views/amend.ts': CONTROLLER_TESTS,
  'views/cancel-all.ts': CONTROLLER_TESTS,
  'views/protect-commands.ts': CONTROLLER_TESTS,
};
