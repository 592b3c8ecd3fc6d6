/**
 * What L3 asks an LLM (docs/signals.md §L3): an OpenAI-compatible chat-completions body built ONLY
 * from a `SynthInput`, field by field. Nothing is spread from the input: an object that carries
 * more than its type says (an account name on a position, a key on an alert) loses it here, and
 * the alerts' free text passes through the caller's `redact` (the entry's account names, wallet
 * address, key ids) before it is written. The key itself never enters the body: it is the
 * transport's Authorization header (src/engine/signals/llm.ts).
 */
import { type Brief, type FrameBrief, type SynthInput, TIMEFRAMES } from './types.js';

/** At most this many signals are asked for (and accepted: llm-reply.ts). */
export const MAX_LLM_SIGNALS = 4;
/** The newest alerts sent, and the characters of each one's text. */
export const MAX_LLM_ALERTS = 20;
export const MAX_ALERT_TEXT = 200;
/** A rationale longer than this is cut (the pane shows one line). */
export const MAX_RATIONALE = 240;

/** The signals' JSON schema, strict: every field required, nothing else allowed. */
export function signalsSchema(symbol: string): Record<string, unknown> {
  const decimal = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$', description: 'A price, a decimal string on the tick.' };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['signals'],
    properties: {
      signals: {
        type: 'array',
        maxItems: MAX_LLM_SIGNALS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['symbol', 'side', 'confidence', 'horizon', 'entry', 'stop', 'target', 'rationale'],
          properties: {
            symbol: { type: 'string', enum: [symbol] },
            side: { type: 'string', enum: ['buy', 'sell'] },
            confidence: { type: 'number', description: 'From 0 to 1.' },
            horizon: { type: 'string', enum: [...TIMEFRAMES] },
            entry: decimal,
            stop: { ...decimal, description: 'Below the entry for a buy, above it for a sell.' },
            target: { ...decimal, description: 'Above the entry for a buy, below it for a sell.' },
            rationale: { type: 'string', description: `Why, in one line of at most ${MAX_RATIONALE} characters.` },
          },
        },
      },
    },
  };
}

/** The freshest price the brief has: the shortest timeframe's last. */
export function briefLast(brief: Brief): number | undefined {
  for (const tf of TIMEFRAMES) {
    const frame = brief.frames[tf];
    if (frame !== undefined && Number.isFinite(frame.last) && frame.last > 0) return frame.last;
  }
  return undefined;
}

const SYSTEM = [
  "You are the signal synthesizer of a trader's cockpit.",
  'The user message is JSON: a market brief of one symbol over several timeframes (trend, EMA slope,',
  'realized volatility, ATR, where price sits in its range 0..1, volume ratio), recent alerts, and open',
  'positions (qty signed, negative = short).',
  `Propose at most ${MAX_LLM_SIGNALS} trade signals for that symbol, or none when nothing is worth taking.`,
  'Prices are decimal strings on the given tick, the entry near the last price; a buy has its stop below',
  'the entry and its target above it, a sell the reverse. Confidence is from 0 to 1. The horizon is one',
  'of the timeframes. The rationale is one line. Answer only with JSON matching the schema.',
].join(' ');

function frameView(f: FrameBrief): Record<string, unknown> {
  return {
    timeframe: f.timeframe,
    bars: f.bars,
    last: f.last,
    emaSlope: f.emaSlope,
    trend: f.trend,
    realizedVol: f.realizedVol,
    atr: f.atr,
    rangePosition: f.rangePosition,
    volumeRatio: f.volumeRatio,
  };
}

/** The user message's content: the input, field by field, identifying text redacted. */
export function briefForLlm(input: SynthInput, redact: (text: string) => string = (t) => t): Record<string, unknown> {
  const { brief } = input;
  const frames = TIMEFRAMES.flatMap((tf) => {
    const f = brief.frames[tf];
    return f === undefined ? [] : [frameView(f)];
  });
  const alerts = input.alerts.slice(-MAX_LLM_ALERTS).map((a) => ({
    rule: a.rule,
    severity: a.severity,
    ...(a.symbol === undefined ? {} : { symbol: a.symbol }),
    ageSeconds: Math.round((brief.at - a.at) / 1000),
    text: redact(a.text).slice(0, MAX_ALERT_TEXT),
  }));
  const positions = input.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, entryPrice: p.entryPrice }));
  return {
    symbol: brief.symbol,
    tick: input.tick,
    last: briefLast(brief) ?? null,
    agreement: brief.agreement,
    ...(brief.fundingRate === undefined ? {} : { fundingRate: brief.fundingRate }),
    ...(brief.openInterest === undefined ? {} : { openInterest: brief.openInterest }),
    frames,
    alerts,
    positions,
  };
}

export interface LlmRequestOptions {
  model: string;
  maxTokens: number;
  /** Identifying text out of the alerts' words (the entry's account names, wallet, key ids). */
  redact?: (text: string) => string;
}

/** The chat-completions request body, as JSON text. */
export function llmRequestBody(input: SynthInput, options: LlmRequestOptions): string {
  return JSON.stringify({
    model: options.model,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: JSON.stringify(briefForLlm(input, options.redact)) },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'signals', strict: true, schema: signalsSchema(input.brief.symbol) },
    },
    max_tokens: options.maxTokens,
  });
}

/**
 * A redactor for the given terms: each one, where it stands as a word of its own (not inside a
 * longer name), becomes `[account]`. Terms shorter than 2 characters are ignored.
 */
export function termRedactor(terms: readonly string[]): (text: string) => string {
  const usable = [...new Set(terms.filter((t) => t.length >= 2))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return (t) => t;
  const escaped = usable.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![A-Za-z0-9._-])(?:${escaped.join('|')})(?![A-Za-z0-9_-])`, 'gi');
  return (text) => text.replace(pattern, '[account]');
}
