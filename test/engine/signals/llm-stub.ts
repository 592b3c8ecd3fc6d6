/**
 * A stand-in for an OpenAI-compatible endpoint on 127.0.0.1, speaking real HTTP: each test sets
 * how it answers, and every request it read is kept (headers and body) for the test to look at.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Brief, SynthInput } from '../../../src/core/signals/types.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = (req: Seen, res: ServerResponse) => void;

export interface Stub {
  url: string;
  seen: Seen[];
  answer: Answer;
  close(): Promise<void>;
}

export async function startStub(): Promise<Stub> {
  const seen: Seen[] = [];
  const open = new Set<ServerResponse>();
  const stub: Stub = {
    url: '',
    seen,
    answer: (_req, res) => res.end(),
    close: () =>
      new Promise<void>((resolve) => {
        // A held reply (the slow case) would keep the server open: end them first.
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      open.add(res);
      res.on('close', () => open.delete(res));
      stub.answer(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}

/** A chat-completions reply whose message content is `content` (JSON text). */
export function completion(content: string, over: { finish_reason?: string; completion_tokens?: number } = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'small-1',
    choices: [{ index: 0, finish_reason: over.finish_reason ?? 'stop', message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 400, completion_tokens: over.completion_tokens ?? 80, total_tokens: 480 },
  });
}

export function json(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

export const AT = 1_700_000_000_000;

export function brief(over: Partial<Brief> = {}): Brief {
  const frame = (timeframe: '1m' | '1h', atr: number) => ({
    timeframe,
    bars: 120,
    last: 50_000,
    emaSlope: 0.0008,
    trend: 'up' as const,
    realizedVol: 0.003,
    atr,
    rangePosition: 0.35,
    volumeRatio: 1.2,
  });
  return { symbol: 'BTCUSDT', at: AT, frames: { '1m': frame('1m', 25), '1h': frame('1h', 200) }, agreement: 1, ...over };
}

export function input(over: Partial<SynthInput> = {}): SynthInput {
  return { brief: brief(), alerts: [], positions: [], tick: '0.10', ...over };
}

/** One well-formed signal as a model would write it. */
export function llmSignal(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    symbol: 'BTCUSDT',
    side: 'buy',
    confidence: 0.62,
    horizon: '1h',
    entry: '50010.03',
    stop: '49700',
    target: '50600',
    rationale: 'trend up on every timeframe, room left in the range',
    ...over,
  };
}
