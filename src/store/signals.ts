/**
 * Folds the signal stack's events into `QuantState.signals` (docs/signals.md). Each part replaces
 * only its own slice, so a new alert does not re-render the Brief pane. Text from a model or a
 * venue is neutralised by the views when shown, not here: the journal keeps what was said.
 */
import type { SignalsEvent } from '../engine/signals/events.js';
import type { SignalsStatus, StoreLimits } from './state.js';

export function foldSignals(prev: SignalsStatus, e: SignalsEvent, limits: StoreLimits): SignalsStatus {
  switch (e.part) {
    case 'brief':
      return { ...prev, briefs: { ...prev.briefs, [e.brief.symbol]: e.brief } };
    case 'alert':
      return { ...prev, alerts: [...prev.alerts, e.alert].slice(-limits.alerts) };
    case 'signals':
      return {
        ...prev,
        signals: e.signals,
        source: e.source,
        refusal: e.refusal === undefined ? null : { ...e.refusal, at: e.at },
      };
    case 'gate':
      return { ...prev, gates: { ...prev.gates, [`${e.gate.strategy} ${e.gate.symbol}`]: e.gate } };
    case 'proposal': {
      const rest = prev.proposals.filter((p) => p.id !== e.proposal.id);
      return { ...prev, proposals: [...rest, e.proposal].slice(-limits.proposals) };
    }
    case 'auto':
      return { ...prev, auto: e.why === undefined ? { on: e.auto } : { on: e.auto, why: e.why } };
  }
}
