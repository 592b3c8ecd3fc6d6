/**
 * L3 as the runner asks it (docs/signals.md §Runner): the synthesizer's signals, or the rules
 * model's with the refusal beside them, within a deadline. The composite (synthesizer.ts) falls
 * back itself and the deadline here is its backstop, 2 s past the LLM's own so the LLM's refusal
 * comes first; a plain synthesizer is given 15 s. Every refusal is audited.
 */
import { errorMessage } from '../../core/error-message.js';
import type { AuditEntry, SynthInput, SynthResult, Synthesizer } from '../../core/signals/types.js';
import type { CompositeSynthesizer, SynthOutcome } from './synthesizer.js';

const DEFAULT_SYNTH_TIMEOUT_MS = 15_000;
/** How much longer than the LLM's own deadline the backstop waits (its refusal should come first). */
const BACKSTOP_MARGIN_MS = 2_000;

export interface L3Call {
  synth: Synthesizer | CompositeSynthesizer;
  fallback?: Synthesizer;
  synthTimeoutMs?: number;
  audit: (entry: AuditEntry) => void;
}

/** L3's signals: the synthesizer's, or the fallback's with the refusal beside them. */
export async function runL3(o: L3Call, input: SynthInput): Promise<SynthOutcome> {
  const synth = o.synth;
  const limit = timeoutMs(o);
  if ('run' in synth) {
    // The composite falls back to the rules model itself; the timeout here is a backstop.
    const outcome = await timed(limit, (abort) => synth.run(input, abort));
    if (outcome === 'timeout') {
      const refusal = { reason: 'timeout' as const, message: `no answer within ${limit} ms` };
      o.audit({ kind: 'refusal', synthesizer: synth.llm ? 'llm' : 'rules', ...refusal });
      // The rules model's advice, not nothing: the backstop hides only what did not come.
      if (synth.fallback === undefined) return { signals: [], source: 'rules', refusal };
      const fallback = synth.fallback;
      const rules = await timed(limit, () => fallback(input, refusal));
      return rules === 'timeout' ? { signals: [], source: 'rules', refusal } : rules;
    }
    if (outcome.refusal !== undefined) o.audit({ kind: 'refusal', synthesizer: 'llm', ...outcome.refusal });
    return outcome;
  }
  const result = await synthesize(limit, synth, input);
  if (result.ok) return { signals: result.signals, source: synth.name };
  const refusal = { reason: result.reason, message: result.message };
  o.audit({ kind: 'refusal', synthesizer: synth.name, ...refusal });
  const fallback = o.fallback === undefined ? undefined : await synthesize(limit, o.fallback, input);
  return { signals: fallback?.ok === true ? fallback.signals : [], source: 'rules', refusal };
}

function timeoutMs(o: L3Call): number {
  if (o.synthTimeoutMs !== undefined) return o.synthTimeoutMs;
  const llm = 'run' in o.synth ? o.synth.timeoutMs : undefined;
  return llm === undefined ? DEFAULT_SYNTH_TIMEOUT_MS : llm + BACKSTOP_MARGIN_MS;
}

/** `run`'s answer, or 'timeout' (and `run`'s abort signal fired) once the synthesizer's time is up. */
async function timed<T>(limit: number, run: (abort: AbortSignal) => Promise<T>): Promise<T | 'timeout'> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, limit);
  });
  try {
    return await Promise.race([run(abort.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A synthesizer's answer, or a named refusal when it takes too long or throws. */
async function synthesize(limit: number, synth: Synthesizer, input: SynthInput): Promise<SynthResult> {
  try {
    const answer = await timed(limit, (abort) => synth.synthesize(input, abort));
    return answer === 'timeout' ? { ok: false, reason: 'timeout', message: `no answer within ${limit} ms` } : answer;
  } catch (err) {
    return { ok: false, reason: 'http', message: errorMessage(err) };
  }
}
