// L3's LLM path against a stub endpoint on 127.0.0.1 (real HTTP): a valid reply becomes signals;
// every other reply is a named refusal, and the composite then gives the rules model's signals
// with the refusal beside them (docs/signals.md §L3).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { rulesModel, rulesSignals } from '../../../src/core/signals/rules-model.js';
import type { RefusalReason } from '../../../src/core/signals/types.js';
import { type LlmOptions, llmSynthesizer } from '../../../src/engine/signals/llm.js';
import { auditOf, compositeSynthesizer, signalsEvent } from '../../../src/engine/signals/synthesizer.js';
import { completion, input, json, llmSignal, type Stub, startStub } from './llm-stub.js';

const KEY = 'sk-test-9f8e7d6c5b4a39281706';
let stub: Stub;
const logs: string[] = [];

beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.seen.length = 0;
  logs.length = 0;
});

function synth(over: Partial<LlmOptions> = {}) {
  return llmSynthesizer({
    url: stub.url,
    model: 'small-1',
    apiKey: new Secret(KEY, 'llm key'),
    timeoutMs: 2_000,
    maxTokens: 256,
    log: (line) => logs.push(line),
    ...over,
  });
}

const signalsReply = (...signals: Record<string, unknown>[]) => completion(JSON.stringify({ signals }));

/** The LLM refuses with `reason`, and the composite still gives the rules model's signals. */
async function expectRefusal(reason: RefusalReason, over: Partial<LlmOptions> = {}): Promise<string> {
  const llm = synth(over);
  try {
    const answer = await llm.synthesize(input());
    expect(answer).toMatchObject({ ok: false, reason });
    const outcome = await compositeSynthesizer(rulesModel(), llm).run(input());
    expect(outcome.source).toBe('rules');
    expect(outcome.signals).toEqual(rulesSignals(input()));
    expect(outcome.signals).toHaveLength(1);
    expect(outcome.refusal).toMatchObject({ reason });
    expect(signalsEvent(outcome, 5)).toMatchObject({ type: 'signals', part: 'signals', source: 'rules', refusal: { reason } });
    expect(auditOf(outcome).map((e) => e.kind)).toEqual(['signal', 'refusal']);
    return answer.ok ? '' : answer.message;
  } finally {
    await llm.close();
  }
}

describe('the LLM synthesizer against a stub endpoint', () => {
  it('turns a valid reply into signals on the tick, asking with the strict schema, the budget and the bearer key', async () => {
    stub.answer = (_req, res) => json(res, signalsReply(llmSignal()));
    const llm = synth();
    const answer = await llm.synthesize(input());
    await llm.close();
    expect(answer).toEqual({
      ok: true,
      signals: [
        {
          symbol: 'BTCUSDT',
          side: 'buy',
          confidence: 0.62,
          horizon: '1h',
          entry: '50010', // onto the 0.10 tick
          stop: '49700',
          target: '50600',
          rationale: 'trend up on every timeframe, room left in the range',
          source: 'llm',
        },
      ],
    });
    const [req] = stub.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(req?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req?.body ?? '{}');
    expect(body.model).toBe('small-1');
    expect(body.max_tokens).toBe(256);
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'signals', strict: true } });
    expect(body.response_format.json_schema.schema.properties.signals.items.properties.symbol.enum).toEqual(['BTCUSDT']);
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(JSON.parse(body.messages[1].content)).toMatchObject({ symbol: 'BTCUSDT', tick: '0.10', last: 50_000 });
    expect(logs).toEqual([expect.stringMatching(/^llm small-1: 1 signal\(s\) in \d+ ms$/)]);
  });

  it('the composite gives the LLM its say when it answers', async () => {
    stub.answer = (_req, res) => json(res, signalsReply(llmSignal({ side: 'sell', stop: '50300', target: '49500' })));
    const llm = synth();
    const outcome = await compositeSynthesizer(rulesModel(), llm).run(input());
    await llm.close();
    expect(outcome).toMatchObject({ source: 'llm', signals: [{ side: 'sell', source: 'llm' }] });
    expect(outcome.refusal).toBeUndefined();
  });

  it('refuses a body that is not JSON as malformed', async () => {
    stub.answer = (_req, res) => json(res, '{"choices": [');
    expect(await expectRefusal('malformed')).toBe('the reply is not a JSON object');
  });

  it('refuses message content that is not JSON as malformed', async () => {
    stub.answer = (_req, res) => json(res, completion('Sure! Here are my signals: buy'));
    expect(await expectRefusal('malformed')).toBe('the message content is not JSON');
  });

  it('refuses the wrong schema as malformed: a side that is not buy/sell, a missing field, an extra field, numbers for prices', async () => {
    for (const [bad, says] of [
      [llmSignal({ side: 'long' }), /side is not buy or sell/],
      [(({ stop: _s, ...rest }) => rest)(llmSignal()), /lacks stop/],
      [llmSignal({ leverage: 50 }), /unknown field "leverage"/],
      [llmSignal({ entry: 50_010 }), /entry is not a decimal string/],
      [llmSignal({ horizon: '15m' }), /horizon is not a timeframe/],
    ] as const) {
      stub.answer = (_req, res) => json(res, signalsReply(bad));
      expect(await expectRefusal('malformed')).toMatch(says);
    }
    stub.answer = (_req, res) => json(res, completion(JSON.stringify([llmSignal()])));
    expect(await expectRefusal('malformed')).toMatch(/not \{"signals"/);
  });

  it('refuses out-of-range signals by name: a price far from the last, a stop on the wrong side, confidence outside 0..1, another symbol', async () => {
    for (const [bad, says] of [
      [llmSignal({ entry: '60000' }), /entry 60000 is more than 5% from the last price 50000/],
      [llmSignal({ stop: '50100' }), /stop 50100 is on the wrong side of the buy entry 50010/],
      [llmSignal({ side: 'sell', stop: '50300', target: '50600' }), /target 50600 is on the wrong side of the sell entry/],
      [llmSignal({ confidence: 1.4 }), /confidence 1.4 is outside 0..1/],
      [llmSignal({ confidence: -0.1 }), /confidence -0.1 is outside 0..1/],
      [llmSignal({ symbol: 'ETHUSDT' }), /signal 0 is for "ETHUSDT", not BTCUSDT/],
      [llmSignal({ target: '90000' }), /target 90000 is more than 25% from the entry/],
    ] as const) {
      stub.answer = (_req, res) => json(res, signalsReply(bad));
      expect(await expectRefusal('out-of-range')).toMatch(says);
    }
  });

  it('refuses a reply cut at its token budget as budget', async () => {
    stub.answer = (_req, res) => json(res, completion('{"signals": [{"symbol": "BTC', { finish_reason: 'length' }));
    expect(await expectRefusal('budget')).toBe('the reply ran past its budget of 256 tokens');
    stub.answer = (_req, res) => json(res, completion(JSON.stringify({ signals: [] }), { completion_tokens: 9000 }));
    await expectRefusal('budget');
  });

  it('refuses a slow reply as timeout, past the deadline', async () => {
    // Headers and never a body: the deadline must cover the read, not only the wait for headers.
    stub.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices": ');
    };
    expect(await expectRefusal('timeout', { timeoutMs: 300 })).toBe('no reply within 300 ms');
    stub.answer = () => {}; // not even headers
    await expectRefusal('timeout', { timeoutMs: 300 });
  });

  it("says the caller's abort was a cancel, not the deadline", async () => {
    stub.answer = () => {};
    const llm = synth();
    const abort = new AbortController();
    const pending = llm.synthesize(input(), abort.signal);
    abort.abort();
    expect(await pending).toEqual({ ok: false, reason: 'timeout', message: 'cancelled before the reply' });
    await llm.close();
  });

  it('refuses an oversized reply, declared or streamed, without reading past the cap', async () => {
    const big = signalsReply(llmSignal({ rationale: 'x'.repeat(40_000) }));
    stub.answer = (_req, res) => json(res, big);
    expect(await expectRefusal('oversized', { maxReplyBytes: 8_192 })).toBe('the reply is over 8192 bytes');
    stub.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to read first
      for (let i = 0; i < 40; i++) res.write('x'.repeat(1024));
      res.end();
    };
    await expectRefusal('oversized', { maxReplyBytes: 8_192 });
  });

  it('refuses a 500 with an HTML page as http, quoting a neutralised excerpt', async () => {
    stub.answer = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad \u001b[31mGateway</h1></body></html>');
    };
    const message = await expectRefusal('http');
    expect(message).toMatch(/^HTTP 500: <html><body><h1>502 Bad \\x1b\[31mGateway/);
    expect(message).not.toContain('\u001b');
  });

  it('refuses a redirect as http (never follows it with the key)', async () => {
    stub.answer = (_req, res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    };
    expect(await expectRefusal('http')).toBe('HTTP 307');
    expect(stub.seen.every((s) => s.url === '/v1/chat/completions')).toBe(true);
  });

  it('refuses an endpoint that is not there as http', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await expectRefusal('http', { url: `http://127.0.0.1:${port}/v1` })).toMatch(/^no reply: /);
  });

  it('keeps the key out of every log line, even when the endpoint echoes it back', async () => {
    stub.answer = (req, res) => json(res, JSON.stringify({ error: { message: `bad key ${req.headers['authorization']}` } }), 401);
    const message = await expectRefusal('http');
    expect(message).not.toContain(KEY);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(line).not.toContain(KEY);
    expect(logs.join('\n')).toMatch(/refused \(http\)/);
  });
});
