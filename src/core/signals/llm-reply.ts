/**
 * An LLM's chat-completions reply read into signals, or refused by name (docs/signals.md §L3).
 * The envelope and the content are both untrusted text: anything not exactly the schema is
 * `malformed`; a reply cut at its token budget is `budget`; a signal whose prices, side or
 * confidence do not make sense against the brief is `out-of-range` (and the whole reply with it: a
 * model that got one signal wrong is not trusted for the others). Prices are brought onto the tick
 * away from the entry (a stop never moves toward it), and the rationale's control characters are
 * neutralised here, at the edge.
 */
import { cmp, isDecimal } from '../decimal.js';
import { roundToStep } from '../rounding.js';
import { neutralise } from '../untrusted.js';
import { briefLast, MAX_LLM_SIGNALS, MAX_RATIONALE } from './llm-request.js';
import { type Signal, type SynthInput, type SynthResult, TIMEFRAMES, type Timeframe } from './types.js';

export interface ReplyLimits {
  /** The entry at most this fraction from the brief's last price (0.05 = 5 %). */
  maxEntryDistance: number;
  /** Stop and target at most this fraction from the entry. */
  maxBracketDistance: number;
  /** The token budget asked for: a reply that says it used more is refused. */
  maxTokens: number;
}

export const DEFAULT_REPLY_LIMITS: Omit<ReplyLimits, 'maxTokens'> = { maxEntryDistance: 0.05, maxBracketDistance: 0.25 };

type Refusal = Extract<SynthResult, { ok: false }>;
const refuse = (reason: Refusal['reason'], message: string): Refusal => ({ ok: false, reason, message: neutralise(message) });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The reply body (already size-capped by the transport) to signals, or a named refusal. */
export function readLlmReply(body: string, input: SynthInput, limits: ReplyLimits): SynthResult {
  const envelope = parseJson(body);
  if (!envelope.ok || !isObject(envelope.value)) return refuse('malformed', 'the reply is not a JSON object');
  const choices = envelope.value['choices'];
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (!isObject(choice) || !isObject(choice['message'])) return refuse('malformed', 'the reply has no choices[0].message');
  const usage = envelope.value['usage'];
  const used = isObject(usage) ? usage['completion_tokens'] : undefined;
  if (choice['finish_reason'] === 'length' || (typeof used === 'number' && used > limits.maxTokens)) {
    return refuse('budget', `the reply ran past its budget of ${limits.maxTokens} tokens`);
  }
  const message = choice['message'];
  if (typeof message['refusal'] === 'string' && message['refusal'] !== '') {
    return refuse('malformed', `the model declined: ${message['refusal'].slice(0, 120)}`);
  }
  const content = message['content'];
  if (typeof content !== 'string') return refuse('malformed', 'the reply has no message content');
  const parsed = parseJson(content);
  if (!parsed.ok) return refuse('malformed', 'the message content is not JSON');
  const shaped = shape(parsed.value, input.brief.symbol);
  if (typeof shaped === 'string') return shaped.startsWith('!') ? refuse('out-of-range', shaped.slice(1)) : refuse('malformed', shaped);
  const signals: Signal[] = [];
  for (const [i, raw] of shaped.entries()) {
    const checked = inRange(raw, input, limits);
    if (typeof checked === 'string') return refuse('out-of-range', `signal ${i}: ${checked}`);
    signals.push(checked);
  }
  return { ok: true, signals };
}

interface RawSignal {
  symbol: string;
  side: 'buy' | 'sell';
  confidence: number;
  horizon: Timeframe;
  entry: string;
  stop: string;
  target: string;
  rationale: string;
}

const FIELDS = ['symbol', 'side', 'confidence', 'horizon', 'entry', 'stop', 'target', 'rationale'];
const PRICE = /^[0-9]+(\.[0-9]+)?$/;

/** The schema, checked by hand: a list of signals or what is wrong (`!…`: a value out of range). */
function shape(value: unknown, symbol: string): RawSignal[] | string {
  if (!isObject(value) || Object.keys(value).some((k) => k !== 'signals') || !Array.isArray(value['signals'])) {
    return 'the content is not {"signals": [...]}';
  }
  const list: unknown[] = value['signals'];
  if (list.length > MAX_LLM_SIGNALS) return `!${list.length} signals, more than the ${MAX_LLM_SIGNALS} asked for`;
  const out: RawSignal[] = [];
  for (const [i, s] of list.entries()) {
    if (!isObject(s)) return `signal ${i} is not an object`;
    const extra = Object.keys(s).find((k) => !FIELDS.includes(k));
    if (extra !== undefined) return `signal ${i} has an unknown field ${JSON.stringify(extra.slice(0, 40))}`;
    const missing = FIELDS.find((k) => !(k in s));
    if (missing !== undefined) return `signal ${i} lacks ${missing}`;
    const { side, confidence, horizon, entry, stop, target, rationale } = s;
    if (typeof s['symbol'] !== 'string') return `signal ${i}: symbol is not a string`;
    if (side !== 'buy' && side !== 'sell') return `signal ${i}: side is not buy or sell`;
    if (typeof confidence !== 'number') return `signal ${i}: confidence is not a number`;
    if (typeof horizon !== 'string' || !(TIMEFRAMES as readonly string[]).includes(horizon)) return `signal ${i}: horizon is not a timeframe`;
    for (const [name, p] of [['entry', entry], ['stop', stop], ['target', target]] as const) {
      if (typeof p !== 'string' || !PRICE.test(p) || !isDecimal(p)) return `signal ${i}: ${name} is not a decimal string`;
    }
    if (typeof rationale !== 'string') return `signal ${i}: rationale is not a string`;
    // Checked after the shape: a symbol of another instrument is a value out of range, not a typo.
    if (s['symbol'] !== symbol) return `!signal ${i} is for ${JSON.stringify(String(s['symbol']).slice(0, 40))}, not ${symbol}`;
    out.push({ symbol, side, confidence, horizon: horizon as Timeframe, entry: entry as string, stop: stop as string, target: target as string, rationale });
  }
  return out;
}

/** One signal against the brief: on the tick, on the right sides, near the price; or why not. */
function inRange(s: RawSignal, input: SynthInput, limits: ReplyLimits): Signal | string {
  if (!Number.isFinite(s.confidence) || s.confidence < 0 || s.confidence > 1) return `confidence ${s.confidence} is outside 0..1`;
  const last = briefLast(input.brief);
  if (last === undefined) return 'the brief has no last price to check against';
  const long = s.side === 'buy';
  const tick = input.tick;
  const entry = roundToStep(s.entry, tick, 'nearest');
  const stop = roundToStep(s.stop, tick, long ? 'floor' : 'ceil');
  const target = roundToStep(s.target, tick, long ? 'ceil' : 'floor');
  if (cmp(entry, '0') <= 0 || cmp(stop, '0') <= 0 || cmp(target, '0') <= 0) return 'a price at or below zero';
  // Distances are checks, not prices: numbers are exact enough for a few per cent.
  const away = (p: string, from: number) => Math.abs(Number(p) - from) / from;
  if (away(entry, last) > limits.maxEntryDistance) {
    return `entry ${entry} is more than ${limits.maxEntryDistance * 100}% from the last price ${last}`;
  }
  if (cmp(stop, entry) !== (long ? -1 : 1)) return `stop ${stop} is on the wrong side of the ${s.side} entry ${entry}`;
  if (cmp(target, entry) !== (long ? 1 : -1)) return `target ${target} is on the wrong side of the ${s.side} entry ${entry}`;
  for (const [name, p] of [['stop', stop], ['target', target]] as const) {
    if (away(p, Number(entry)) > limits.maxBracketDistance) return `${name} ${p} is more than ${limits.maxBracketDistance * 100}% from the entry`;
  }
  const rationale = neutralise(s.rationale.replace(/\s+/g, ' ').trim()).slice(0, MAX_RATIONALE);
  return { symbol: s.symbol, side: s.side, confidence: s.confidence, horizon: s.horizon, entry, stop, target, rationale, source: 'llm' };
}
