/**
 * L3's optional LLM (docs/signals.md §L3): one `POST {url}/chat/completions` per synthesis to an
 * OpenAI-compatible endpoint, asking for the strict JSON schema of the signals. The body is built
 * only from the `SynthInput` (src/core/signals/llm-request.ts); the key, resolved by the entry
 * through custody, is the Authorization header and nothing else. Every way the answer can fail is
 * a named refusal, never a throw: `timeout` (the deadline, or the caller's abort), `http` (no reply,
 * or a status that is not 2xx), `oversized` (more bytes than the budget allows: reading stops
 * there), and what the reply reader says (`malformed`, `out-of-range`, `budget`).
 *
 * Redirects are not followed (undici's default): a 3xx is an `http` refusal, so the key never
 * travels to a host the profile did not name.
 */
import { Agent, type Dispatcher, request } from 'undici';
import { errorMessage } from '../../core/error-message.js';
import { SecretScrubber } from '../../core/redact.js';
import { revealSecret, type Secret } from '../../core/secret.js';
import { DEFAULT_REPLY_LIMITS, readLlmReply, type ReplyLimits } from '../../core/signals/llm-reply.js';
import { llmRequestBody } from '../../core/signals/llm-request.js';
import type { SynthInput, SynthResult, Synthesizer } from '../../core/signals/types.js';
import { neutralise } from '../../core/untrusted.js';

export const DEFAULT_LLM_TIMEOUT_MS = 15_000;
export const DEFAULT_LLM_MAX_TOKENS = 1024;

export interface LlmOptions {
  /** The API base: the request goes to `${url}/chat/completions`. */
  url: string;
  model: string;
  apiKey: Secret;
  /** The whole exchange (connect, send, reply read) within this. */
  timeoutMs?: number;
  /** The reply's token budget (`max_tokens`). */
  maxTokens?: number;
  /** Reply bytes read at most; past it the reply is `oversized`. Default: 16 KiB + 16 bytes a token. */
  maxReplyBytes?: number;
  /** Identifying text out of the alerts' words (src/core/signals/llm-request.ts termRedactor). */
  redact?: (text: string) => string;
  /** Range checks on the signals (llm-reply.ts). */
  limits?: Partial<Omit<ReplyLimits, 'maxTokens'>>;
  /** Where a line about each exchange goes; the key is scrubbed from it and controls neutralised. */
  log?: (line: string) => void;
  /** Tests and the entry may share one; default: an agent of this synthesizer's own. */
  dispatcher?: Dispatcher;
}

export interface LlmSynthesizer extends Synthesizer {
  readonly name: 'llm';
  /** The request body this input would send (what the wire test reads, and `--explain` may show). */
  requestBody(input: SynthInput): string;
  close(): Promise<void>;
}

type Refusal = Extract<SynthResult, { ok: false }>;

const EXCERPT = 120;

export function llmSynthesizer(options: LlmOptions): LlmSynthesizer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const maxTokens = options.maxTokens ?? DEFAULT_LLM_MAX_TOKENS;
  const maxReplyBytes = options.maxReplyBytes ?? 16_384 + 16 * maxTokens;
  const limits: ReplyLimits = { ...DEFAULT_REPLY_LIMITS, ...options.limits, maxTokens };
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const own = options.dispatcher === undefined ? new Agent({ connections: 2, connect: { timeout: timeoutMs } }) : undefined;
  const dispatcher = options.dispatcher ?? (own as Dispatcher);
  // This key's own scrubber: a line about the exchange never carries it, whatever the process registered.
  const scrubber = new SecretScrubber();
  scrubber.register(options.apiKey);
  const say = (line: string) => options.log?.(scrubber.scrub(neutralise(line)));
  const refused = (r: Refusal, ms: number): Refusal => {
    say(`llm ${options.model}: refused (${r.reason}) after ${ms} ms: ${r.message}`);
    return r;
  };

  const body = (input: SynthInput) =>
    llmRequestBody(input, { model: options.model, maxTokens, ...(options.redact === undefined ? {} : { redact: options.redact }) });

  async function synthesize(input: SynthInput, abort?: AbortSignal): Promise<SynthResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = abort === undefined ? deadline : AbortSignal.any([deadline, abort]);
    const stopped = (): Refusal => ({
      ok: false,
      reason: 'timeout',
      message: deadline.aborted ? `no reply within ${timeoutMs} ms` : 'cancelled before the reply',
    });
    let text: string;
    try {
      const res = await request(endpoint, {
        method: 'POST',
        dispatcher,
        signal,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${revealSecret(options.apiKey)}`,
        },
        body: body(input),
      });
      const read = await readCapped(res.body, maxReplyBytes, Number(res.headers['content-length'] ?? Number.NaN));
      if (read === undefined) {
        return refused({ ok: false, reason: 'oversized', message: `the reply is over ${maxReplyBytes} bytes` }, elapsed());
      }
      if (res.statusCode < 200 || res.statusCode > 299) {
        const excerpt = read.replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
        return refused({ ok: false, reason: 'http', message: `HTTP ${res.statusCode}${excerpt === '' ? '' : `: ${scrubber.scrub(neutralise(excerpt))}`}` }, elapsed());
      }
      text = read;
    } catch (error) {
      if (signal.aborted) return refused(stopped(), elapsed());
      return refused({ ok: false, reason: 'http', message: `no reply: ${scrubber.scrub(neutralise(errorMessage(error)))}` }, elapsed());
    }
    const result = readLlmReply(text, input, limits);
    if (!result.ok) return refused(result, elapsed());
    say(`llm ${options.model}: ${result.signals.length} signal(s) in ${elapsed()} ms`);
    return result;
  }

  return {
    name: 'llm',
    synthesize,
    requestBody: body,
    close: async () => {
      await own?.close();
    },
  };
}

/** The body as text, or undefined past `cap` bytes (read no further: the socket is dropped). */
async function readCapped(body: Dispatcher.ResponseData['body'], cap: number, declared: number): Promise<string | undefined> {
  if (Number.isFinite(declared) && declared > cap) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > cap) {
      body.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
