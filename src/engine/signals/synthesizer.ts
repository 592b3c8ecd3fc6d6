/**
 * L3 as the runner uses it (docs/signals.md §L3): the LLM when the profile configures one, the
 * rules model otherwise — and whenever the LLM's answer is refused, the rules model's signals with
 * the refusal beside them, so the Signals pane always has the default's advice and says why the
 * LLM's is not shown. The outcome is exactly what the store's `signals` part carries.
 */
import type { AuditEntry, RefusalReason, Signal, SynthInput, Synthesizer } from '../../core/signals/types.js';
import type { SignalsEvent } from './events.js';

export interface SynthOutcome {
  signals: Signal[];
  source: 'rules' | 'llm';
  /** Why the LLM's answer was not used (the rules model's signals are the ones given). */
  refusal?: { reason: RefusalReason; message: string };
}

export interface CompositeSynthesizer {
  /** Whether an LLM is asked first. */
  readonly llm: boolean;
  run(input: SynthInput, abort?: AbortSignal): Promise<SynthOutcome>;
  close(): Promise<void>;
  /** The LLM's own deadline (ms), when one is asked: the runner's backstop waits a margin longer. */
  readonly timeoutMs?: number;
  /** The rules model's outcome with `refusal` beside it: what the runner shows when its backstop fires. */
  fallback?(input: SynthInput, refusal: NonNullable<SynthOutcome['refusal']>): Promise<SynthOutcome>;
}

export function compositeSynthesizer(
  rules: Synthesizer,
  llm?: Synthesizer & { close?: () => Promise<void> },
  options: { timeoutMs?: number } = {},
): CompositeSynthesizer {
  async function fromRules(input: SynthInput, refusal?: SynthOutcome['refusal']): Promise<SynthOutcome> {
    const r = await rules.synthesize(input);
    // The rules model does not refuse; were it to, nothing is advised and its reason is shown.
    const outcome: SynthOutcome = r.ok ? { signals: r.signals, source: 'rules' } : { signals: [], source: 'rules', refusal: { reason: r.reason, message: r.message } };
    return refusal === undefined || outcome.refusal !== undefined ? outcome : { ...outcome, refusal };
  }
  return {
    llm: llm !== undefined,
    ...(llm === undefined || options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    fallback: fromRules,
    async run(input, abort) {
      if (llm === undefined) return fromRules(input);
      const answer = await llm.synthesize(input, abort);
      if (answer.ok) return { signals: answer.signals, source: 'llm' };
      return fromRules(input, { reason: answer.reason, message: answer.message });
    },
    close: async () => {
      await llm?.close?.();
    },
  };
}

/** The store's event for an outcome. */
export function signalsEvent(outcome: SynthOutcome, at: number): SignalsEvent {
  return {
    type: 'signals',
    at,
    part: 'signals',
    signals: outcome.signals,
    source: outcome.source,
    ...(outcome.refusal === undefined ? {} : { refusal: outcome.refusal }),
  };
}

/** What the journal keeps of an outcome: each signal, and the LLM's refusal when there was one. */
export function auditOf(outcome: SynthOutcome): AuditEntry[] {
  const entries: AuditEntry[] = outcome.signals.map((signal) => ({ kind: 'signal', signal }));
  if (outcome.refusal !== undefined) entries.push({ kind: 'refusal', synthesizer: 'llm', ...outcome.refusal });
  return entries;
}
