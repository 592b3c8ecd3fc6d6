/**
 * What the signal stack (src/engine/signals/runner.ts) tells the store: one event type, whose
 * `part` says which slice of `QuantState.signals` it brings (src/store/signals.ts folds it). The
 * runner pushes these into the same sink as the engine's own events, so the batcher paces them
 * with everything else.
 */
import type { Alert, Brief, GateResult, Proposal, RefusalReason, Signal } from '../../core/signals/types.js';

export type SignalsEvent =
  /** A symbol's brief, replacing its last. */
  | { type: 'signals'; at: number; part: 'brief'; brief: Brief }
  /** A new alert (the store keeps the last `limits.alerts`). */
  | { type: 'signals'; at: number; part: 'alert'; alert: Alert }
  /** The synthesizer's current signals (replacing the last), and why the LLM's were refused, if they were. */
  | {
      type: 'signals';
      at: number;
      part: 'signals';
      signals: Signal[];
      source: 'rules' | 'llm';
      refusal?: { reason: RefusalReason; message: string };
    }
  /** A strategy's walk-forward gate on a symbol, replacing its last. */
  | { type: 'signals'; at: number; part: 'gate'; gate: GateResult }
  /** A proposal, new or changed (by id). */
  | { type: 'signals'; at: number; part: 'proposal'; proposal: Proposal }
  /** Whether the account's automatic mode is on (the Signals pane's title says so). */
  | { type: 'signals'; at: number; part: 'auto'; auto: boolean; why?: string };
