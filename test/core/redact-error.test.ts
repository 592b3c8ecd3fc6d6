// Errors on their way to a log or a pane: redactError (changes the error in place, keeps its
// class) and redactValue (copies it into pino's shape). What each keeps, drops and follows.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactError, redactValue } from '../../src/core/redact.js';

const SIGNED = 'GET /fapi/v1/order?timestamp=1&signature=abcdef0123456789';
const SCRUBBED = `GET /fapi/v1/order?timestamp=1&signature=${REDACTED}`;

class VenueLikeError extends Error {}

/** An error whose stack names the signed URL (a stack frame can carry it, not only the message). */
function withStack(message: string, frame: string): Error {
  const err = new Error(message);
  err.stack = `Error: ${message}\n    at send (${frame})`;
  return err;
}

describe('redactError', () => {
  it('scrubs a stack of its own, not only the message line', () => {
    const err = withStack('request failed', SIGNED);
    redactError(err);
    expect(err.stack).toBe(`Error: request failed\n    at send (${SCRUBBED})`);
  });

  it('leaves an error without a stack without one', () => {
    const err = new Error(SIGNED);
    err.stack = undefined;
    redactError(err);
    expect(err.message).toBe(SCRUBBED);
    expect(err.stack).toBeUndefined();
  });

  it('scrubs a message and stack once, also where they are own enumerable properties (a class field)', () => {
    const err = new Error('x');
    for (const [key, value] of [
      ['message', 'X-MBX-APIKEY: abcdef123456'],
      ['stack', 'Error: x\n    at send X-MBX-APIKEY: abcdef123456'],
    ]) {
      Object.defineProperty(err, key as string, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    redactError(err);
    expect(err.message).toBe(`X-MBX-APIKEY: ${REDACTED}`);
    expect(err.stack).toBe(`Error: x\n    at send X-MBX-APIKEY: ${REDACTED}`);
  });

  it('wraps text thrown as is, scrubbed, without quoting it', () => {
    expect(redactError(SIGNED).message).toBe(SCRUBBED);
    expect(redactError(SIGNED)).toBeInstanceOf(Error);
  });

  it('censors a sensitive own property and scrubs the others', () => {
    const err = Object.assign(new Error('x'), { apiKey: 'k-0123456789', url: SIGNED, attempts: 3 });
    redactError(err);
    expect(err.apiKey).toBe(REDACTED);
    expect(err.url).toBe(SCRUBBED);
    expect(err.attempts).toBe(3);
  });

  it('keeps its own status over the one a dropped request carrier held, and adds none that is not there', () => {
    const own = Object.assign(new Error('x'), { status: 400, response: { status: 502 } });
    redactError(own);
    expect(own.status).toBe(400);
    expect('response' in own).toBe(false);

    const none = Object.assign(new Error('x'), { request: { url: SIGNED } });
    redactError(none);
    expect('request' in none).toBe(false);
    expect('status' in none).toBe(false);

    // Node's IncomingMessage says statusCode; a status that is not a number is no status.
    const nodeReply = Object.assign(new Error('x'), { res: { statusCode: 404 } });
    expect((redactError(nodeReply) as Error & { status?: unknown }).status).toBe(404);
    const textual = Object.assign(new Error('x'), { response: { status: 'Bad Gateway' } });
    expect('status' in redactError(textual)).toBe(false);
    const empty = Object.assign(new Error('x'), { response: null, config: 'GET /x' });
    expect('status' in redactError(empty)).toBe(false);
  });

  it('adds no cause to an error that had none', () => {
    const err = redactError(new Error(SIGNED));
    expect('cause' in err).toBe(false);
  });

  it('redacts a cause set as a plain property in place, keeping its class and identity', () => {
    const inner = new VenueLikeError(SIGNED);
    const outer = Object.assign(new Error('outer'), { cause: inner });
    redactError(outer);
    expect(outer.cause).toBe(inner);
    expect(inner).toBeInstanceOf(VenueLikeError);
    expect(inner.message).toBe(SCRUBBED);
  });

  it('replaces a frozen cause by a scrubbed copy', () => {
    const inner = Object.freeze(new Error(SIGNED));
    const outer = new Error('outer', { cause: inner });
    redactError(outer);
    expect(outer.cause).not.toBe(inner);
    expect((outer.cause as Error).message).toBe(SCRUBBED);
  });

  it('redacts every error of an AggregateError (and of a plain errors property) in place', () => {
    const first = new VenueLikeError(SIGNED);
    const second = new Error(`token=${'t'.repeat(20)}`);
    const all = new AggregateError([first, second], 'both venues failed');
    redactError(all);
    expect(all.errors[0]).toBe(first);
    expect(first.message).toBe(SCRUBBED);
    expect(second.message).toBe(`token=${REDACTED}`);

    const listed = Object.assign(new Error('batch'), { errors: [new VenueLikeError(SIGNED)] });
    const before = listed.errors[0];
    redactError(listed);
    expect(listed.errors[0]).toBe(before);
    expect(listed.errors[0]?.message).toBe(SCRUBBED);
  });

  it('follows causes six deep and no further, so a cycle of causes ends', () => {
    const chain = Array.from({ length: 8 }, (_, i) => new Error(`${i} ${SIGNED}`));
    for (let i = 0; i < 7; i++) chain[i]!.cause = chain[i + 1];
    redactError(chain[0]);
    for (let i = 0; i < 7; i++) expect(chain[i]!.message, `cause ${i}`).toBe(`${i} ${SCRUBBED}`);
    expect(chain[7]!.message).toBe(`7 ${SIGNED}`);

    const a = new Error(SIGNED);
    const b = new Error(SIGNED, { cause: a });
    a.cause = b;
    expect(() => redactError(a)).not.toThrow();
    expect(b.message).toBe(SCRUBBED);
  });

  it('follows nested errors lists six deep and no further', () => {
    const chain = Array.from({ length: 8 }, (_, i) =>
      Object.assign(new Error(`${i} ${SIGNED}`), { errors: [] as Error[] }),
    );
    for (let i = 0; i < 7; i++) chain[i]!.errors = [chain[i + 1]!];
    redactError(chain[0]);
    for (let i = 0; i < 7; i++) expect(chain[i]!.message, `errors ${i}`).toBe(`${i} ${SCRUBBED}`);
    expect(chain[7]!.message).toBe(`7 ${SIGNED}`);
  });

  it('describes a thrown value that JSON cannot write (a bigint) by its type instead of failing', () => {
    expect(redactError({ size: 10n }).message).toBe('[object Object]');
  });

  it('censors a request carrier it cannot delete (not configurable)', () => {
    const err = new Error('x');
    Object.defineProperty(err, 'request', { value: { url: SIGNED }, enumerable: true, writable: true });
    redactError(err);
    expect((err as Error & { request?: unknown }).request).toBe(REDACTED);
  });

  it('replaces a frozen error in an errors list by a scrubbed copy', () => {
    const frozen = Object.freeze(new Error(SIGNED));
    const all = new AggregateError([frozen], 'x');
    redactError(all);
    expect(all.errors[0]).not.toBe(frozen);
    expect((all.errors[0] as Error).message).toBe(SCRUBBED);
    expect(Object.keys(all)).not.toContain('');
  });

  it('copies a frozen error without a stack without inventing one', () => {
    const bare = new Error(SIGNED);
    bare.stack = undefined;
    const out = redactError(Object.freeze(bare));
    expect(out.message).toBe(SCRUBBED);
    expect(out.stack).toBeUndefined();
  });

  it('copies a frozen error whole: its stack, cause and own properties, scrubbed', () => {
    const cause = new Error('inner');
    const frozen = Object.freeze(
      Object.assign(withStack('outer', SIGNED), { code: 'E_SIGN', apiKey: 'k-0123456789' }),
    );
    const out = redactError(frozen) as Error & { code?: string; apiKey?: string };
    expect(out.stack).toBe(`Error: outer\n    at send (${SCRUBBED})`);
    expect(out.code).toBe('E_SIGN');
    expect(out.apiKey).toBe(REDACTED);
    expect('cause' in out).toBe(false);

    const withCause = redactError(Object.freeze(new Error(SIGNED, { cause })));
    expect(withCause.cause).toBe(cause);
  });
});

describe('redactValue', () => {
  it('passes primitives through and keeps a Secret as the Secret it is', async () => {
    const { Secret } = await import('../../src/core/secret.js');
    const secret = new Secret('s'.repeat(32), 'api-secret');
    expect(redactValue({ a: null, n: 5, b: true, u: undefined, s: secret })).toEqual({
      a: null,
      n: 5,
      b: true,
      u: undefined,
      s: secret,
    });
    expect((redactValue({ s: secret }) as { s: unknown }).s).toBe(secret);
    expect(redactValue(null)).toBeNull();
    expect(redactValue(7)).toBe(7);
  });

  it('prints a URL as its scrubbed address and bytes as their count', () => {
    const out = redactValue({
      url: new URL(`https://127.0.0.1${SIGNED.slice(4)}`),
      body: new Uint8Array(32),
    });
    expect(out).toEqual({
      url: `https://127.0.0.1/fapi/v1/order?timestamp=1&signature=${REDACTED}`,
      body: '[32 bytes]',
    });
  });

  it('cuts nesting at six levels, through objects and arrays alike', () => {
    const objects = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(redactValue(objects)).toEqual({ a: { b: { c: { d: { e: { f: '[deep]' } } } } } });
    expect(redactValue([[[[[[[1]]]]]]])).toEqual([[[[[['[deep]']]]]]]);
  });

  it('reads only Maps and Headers as entries: an object with an entries method is an object', () => {
    const odd = { entries: () => [['apiKey', 'k-0123456789']], name: 'book' };
    const out = redactValue(odd) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['entries', 'name']);
    expect(out['name']).toBe('book');
    // A Map whose entries was shadowed is still logged (as its own properties), never thrown on.
    const shadowed = Object.assign(new Map([['k', 1]]), { entries: 'none' });
    expect(redactValue(shadowed)).toEqual({ entries: 'none' });
  });

  it('copies an error: stack scrubbed, cause followed, own status kept over a carrier’s, depth counted', () => {
    const err = Object.assign(withStack('failed', SIGNED), {
      status: 400,
      response: { status: 502 },
      detail: { a: { b: { c: { d: { e: { f: 1 } } } } } },
    });
    err.cause = new Error(`cause ${SIGNED}`);
    const out = redactValue(err) as Record<string, unknown>;
    expect(out['stack']).toBe(`Error: failed\n    at send (${SCRUBBED})`);
    expect(out['status']).toBe(400);
    expect(out['cause']).toMatchObject({ type: 'Error', message: `cause ${SCRUBBED}` });
    // The error is level 0, its property level 1: the sixth level is cut.
    expect(out['detail']).toEqual({ a: { b: { c: { d: { e: '[deep]' } } } } });
  });

  it('counts a copied cause one level below its error', () => {
    const cause = Object.assign(new Error('inner'), { detail: { a: { b: { c: { d: { e: 1 } } } } } });
    const out = redactValue(new Error('outer', { cause })) as { cause: Record<string, unknown> };
    // error 0, cause 1, detail 2: the sixth level is cut.
    expect(out.cause['detail']).toEqual({ a: { b: { c: { d: '[deep]' } } } });
  });

  it('copies an error without a stack or a cause without inventing them', () => {
    const err = new Error(SIGNED);
    err.stack = undefined;
    const out = redactValue(err) as Record<string, unknown>;
    expect(out).toStrictEqual({ type: 'Error', message: SCRUBBED });
  });
});
