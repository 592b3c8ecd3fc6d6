/**
 * HTTP for venue REST: one undici Pool per origin with keep-alive, connect/headers/body
 * timeouts, and nothing between the signer and the socket: method, path, query, body and headers
 * are sent exactly as the adapter built them (invariant 1). Replies are parsed as JSON; anything
 * else (an HTML error page, an empty body) becomes a named error carrying the status, the headers
 * (rate feedback still applies) and a short excerpt, never a crash (invariant 8).
 *
 * Failures say whether the request may have reached the venue: a refused or timed-out connect
 * never did (`safe`); a reset or timeout after the bytes left may have (`ambiguous`).
 */
import { errorMessage } from '../core/error-message.js';
import type { SecureContext } from 'node:tls';
import { type Dispatcher, errors as undiciErrors, Pool, util as undiciUtil } from 'undici';
import { neutralise, neutraliseParsed } from '../core/untrusted.js';
import type { FailureClass, WireRequest } from '../venues/venue.js';

export interface HttpOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Sockets per origin. */
  connections: number;
  /** Idle sockets are kept this long (the venue's own idle timeout is longer). */
  keepAliveMs: number;
  /** Non-JSON bodies are quoted up to this many characters in errors. */
  excerptChars: number;
  /** TLS trust beyond Node's roots (trust.ts); verification itself is never turned off. */
  secureContext?: SecureContext;
}

export const DEFAULT_HTTP: HttpOptions = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  connections: 8,
  keepAliveMs: 60_000,
  excerptChars: 120,
};

/** A reply with a JSON body. Times are local monotonic ms (performance.now()). */
export interface HttpResult {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: unknown;
  sentAt: number;
  receivedAt: number;
}

/** Any failure of a request; `failure` tells the caller what it may do next. */
export interface RequestFailure {
  readonly request: string;
  readonly failure: FailureClass;
}

const FAILURE_CLASSES: ReadonlySet<string> = new Set<FailureClass>(['safe', 'backoff', 'clock', 'auth', 'rejected', 'ambiguous']);

/** Whether a thrown value is a failed request: an Error carrying a known failure class (what may be done next). */
export function isRequestFailure(err: unknown): err is Error & Pick<RequestFailure, 'failure'> {
  return err instanceof Error && 'failure' in err && typeof err.failure === 'string' && FAILURE_CLASSES.has(err.failure);
}

export type TransportPhase = 'connect' | 'response';

/** No usable reply: connection refused, reset, timed out. */
export class HttpTransportError extends Error implements RequestFailure {
  override readonly name = 'HttpTransportError';
  readonly failure: FailureClass;
  constructor(
    readonly request: string,
    readonly phase: TransportPhase,
    readonly reason: string,
    /** The venue's host (and port), so a trader reads which address could not be reached. */
    readonly host?: string,
  ) {
    super(
      phase === 'connect' && host !== undefined
        ? `${request}: could not reach ${host}: ${reason}`
        : `${request}: ${phase === 'connect' ? 'could not connect' : 'no reply'} (${reason})`,
    );
    this.failure = phase === 'connect' ? 'safe' : 'ambiguous';
  }
}

/** A reply whose body is not JSON: an HTML error page from a gateway, an empty body. */
export class NonJsonReplyError extends Error implements RequestFailure {
  override readonly name = 'NonJsonReplyError';
  readonly failure: FailureClass;
  constructor(
    readonly request: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly excerpt: string,
    readonly sentAt: number,
    readonly receivedAt: number,
  ) {
    super(`${request}: HTTP ${status} with a non-JSON reply: ${excerpt === '' ? '(empty body)' : excerpt}`);
    // A gateway page in front of the venue says nothing about whether the order got through.
    this.failure =
      status === 429 || status === 418 || status === 403
        ? 'backoff'
        : status >= 500 || status === 408 || (status >= 200 && status < 300)
          ? 'ambiguous'
          : 'rejected';
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function classify(request: string, err: unknown, host: string): HttpTransportError {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const text = errorMessage(err);
  if (err instanceof undiciErrors.ConnectTimeoutError || (typeof code === 'string' && CONNECT_CODES.has(code))) {
    return new HttpTransportError(request, 'connect', `${String(code ?? 'connect timeout')}`, host);
  }
  if (err instanceof undiciErrors.HeadersTimeoutError) return new HttpTransportError(request, 'response', 'headers timeout');
  if (err instanceof undiciErrors.BodyTimeoutError) return new HttpTransportError(request, 'response', 'body timeout');
  return new HttpTransportError(request, 'response', typeof code === 'string' ? `${code}: ${text}` : text);
}

/**
 * One reply read whole, through undici's dispatch handler interface rather than `Pool.request`:
 * the request API wraps every reply in an AsyncResource, a Node Readable stream and its consume
 * machinery, only for the body to be read whole at once — ~20 % of a loopback round trip
 * (docs/speed.md, "The place-order round trip against ccxt"). What comes out is what
 * `request` + `body.text()` gave: the final status (1xx informational replies skipped), header
 * names lower-cased with repeated values joined by ', ', values as Latin-1, the body decoded as
 * UTF-8 without a leading byte-order mark. Errors are undici's own, unchanged, for `classify`.
 */
class WholeReply implements Dispatcher.DispatchHandler {
  status = 0;
  headers: Record<string, string> = {};
  readonly #chunks: Buffer[] = [];
  #length = 0;
  readonly #resolve: (reply: WholeReply) => void;
  readonly #reject: (err: Error) => void;

  constructor(resolve: (reply: WholeReply) => void, reject: (err: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onConnect(): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true;
    this.status = statusCode;
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = undiciUtil.headerNameToString(rawHeaders[i]!);
      const value = rawHeaders[i + 1]!.toString('latin1');
      // hasOwn: a header named like an Object.prototype member is still only its own value.
      out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
    }
    this.headers = out;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.#resolve(this);
  }

  onError(err: Error): void {
    this.#reject(err);
  }

  /** The body as text: UTF-8, a leading byte-order mark skipped (as undici's `text()` does). */
  text(): string {
    if (this.#length === 0) return '';
    const buffer = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    return buffer.toString('utf8', start);
  }
}

function shorten(text: string, max: number): string {
  const oneLine = neutralise(text.replace(/\s+/g, ' ').trim());
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

export class HttpClient {
  readonly origin: string;
  readonly #host: string;
  readonly #pool: Pool;
  readonly #opts: HttpOptions;
  #closed = false;

  constructor(baseUrl: string, options: Partial<HttpOptions> = {}) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.#host = url.host;
    this.#opts = { ...DEFAULT_HTTP, ...options };
    this.#pool = new Pool(this.origin, {
      connections: this.#opts.connections,
      pipelining: 1,
      keepAliveTimeout: this.#opts.keepAliveMs,
      keepAliveMaxTimeout: this.#opts.keepAliveMs,
      connectTimeout: this.#opts.connectTimeoutMs,
      ...(this.#opts.secureContext === undefined ? {} : { connect: { secureContext: this.#opts.secureContext } }),
      headersTimeout: this.#opts.headersTimeoutMs,
      bodyTimeout: this.#opts.bodyTimeoutMs,
    });
  }

  /** Sends the request's bytes verbatim. Throws HttpTransportError or NonJsonReplyError. */
  async send(req: WireRequest): Promise<HttpResult> {
    if (this.#closed) throw new HttpTransportError(req.name, 'connect', 'client closed');
    const path = req.query === '' ? req.path : `${req.path}?${req.query}`;
    const sentAt = performance.now();
    let status: number;
    let headers: Record<string, string>;
    let text: string;
    try {
      const reply = await new Promise<WholeReply>((resolve, reject) => {
        this.#pool.dispatch(
          {
            method: req.method,
            path,
            headers: req.headers as Record<string, string>,
            body: req.body === '' ? null : req.body,
          },
          new WholeReply(resolve, reject),
        );
      });
      status = reply.status;
      headers = reply.headers;
      text = reply.text();
    } catch (err) {
      throw classify(req.name, err, this.#host);
    }
    const receivedAt = performance.now();
    if (text.length === 0) throw new NonJsonReplyError(req.name, status, headers, '', sentAt, receivedAt);
    let body: unknown;
    try {
      // Venue text (messages, symbols) enters the program with its controls made visible.
      body = neutraliseParsed(text, JSON.parse(text));
    } catch {
      throw new NonJsonReplyError(req.name, status, headers, shorten(text, this.#opts.excerptChars), sentAt, receivedAt);
    }
    return { status, headers, body, sentAt, receivedAt };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }
}
