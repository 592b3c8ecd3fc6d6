/**
 * One REST request end to end (ARCHITECTURE.md "How a request travels"): wait in the lane →
 * build the bytes with a fresh venue timestamp → send them verbatim → feed the reply's rate
 * feedback to the budget → decode errors with the adapter's table → parse. A timestamp error
 * (-1021) triggers an immediate clock resync and ONE rebuilt retry: the venue rejected the first
 * attempt outright, so even an order is safe to send again.
 */
import type { HttpReply, RequestPlan, RestAdapter, SignContext, VenueErrorInfo } from '../venues/venue.js';
import { type HttpClient, NonJsonReplyError, type RequestFailure } from './http.js';
import type { Lanes } from './lanes.js';

/** The venue answered with an error it decoded. `code`/`meaning` are also on `info` for callers that read either. */
export class VenueRequestError extends Error implements RequestFailure {
  override readonly name = 'VenueRequestError';
  readonly failure: VenueErrorInfo['failure'];
  readonly code: string | undefined;
  readonly meaning: VenueErrorInfo['meaning'];
  readonly status: number;
  constructor(
    readonly request: string,
    readonly info: VenueErrorInfo,
  ) {
    super(`${request}: ${info.code === undefined ? `HTTP ${info.status}` : info.code} ${info.message}`);
    this.failure = info.failure;
    this.code = info.code;
    this.meaning = info.meaning;
    this.status = info.status;
  }
}

/** A reply with its local monotonic send/receive times (the clock estimator needs them). */
export interface Timed<T> {
  value: T;
  sentAt: number;
  receivedAt: number;
}

export interface RestDeps {
  adapter: RestAdapter;
  http: HttpClient;
  lanes: Lanes;
  /** Builds the sign context (credentials, venue clock, nonces, recvWindow) at send time. */
  signContext(): SignContext;
  /** Venue time if the clock is synced, else the best guess available (for budget windows). */
  venueNowLoose(): number;
  /** Resyncs the venue clock now; called once per request on a timestamp error. */
  resyncClock?(reason: string): Promise<void>;
}

export interface RestCounters {
  sent: number;
  clockRetries: number;
  errors: number;
}

export class RestExecutor {
  readonly counters: RestCounters = { sent: 0, clockRetries: 0, errors: 0 };
  readonly #d: RestDeps;

  constructor(deps: RestDeps) {
    this.#d = deps;
  }

  /** Matches the stream engine's `RestRunner`. */
  readonly run = async <T>(plan: RequestPlan<T>): Promise<T> => (await this.runTimed(plan)).value;

  async runTimed<T>(plan: RequestPlan<T>): Promise<Timed<T>> {
    try {
      return await this.#once(plan);
    } catch (err) {
      if (!(err instanceof VenueRequestError) || err.failure !== 'clock' || this.#d.resyncClock === undefined) {
        this.counters.errors++;
        throw err;
      }
      this.counters.clockRetries++;
      await this.#d.resyncClock(`${plan.name}: ${err.info.code ?? ''} ${err.info.message}`.trim());
      try {
        return await this.#once(plan);
      } catch (again) {
        this.counters.errors++;
        throw again;
      }
    }
  }

  async #once<T>(plan: RequestPlan<T>): Promise<Timed<T>> {
    const { adapter, http, lanes } = this.#d;
    const held = await lanes.enter(plan.lane, plan.costs, plan.name);
    const sentVenue = this.#d.venueNowLoose();
    let reply: HttpReply;
    let sentAt: number;
    let receivedAt: number;
    try {
      const wire = plan.build(this.#d.signContext());
      this.counters.sent++;
      const res = await http.send(wire);
      reply = { status: res.status, headers: res.headers, body: res.body };
      sentAt = res.sentAt;
      receivedAt = res.receivedAt;
    } catch (err) {
      // The venue counted the request, if it ever arrived, by now: the pools' windows run from here.
      if (err instanceof NonJsonReplyError) {
        // A gateway page still carries Retry-After and the venue's counters.
        const gateway = { status: err.status, headers: err.headers, body: undefined };
        lanes.feedback(adapter.rateFeedback(gateway, sentVenue, { name: plan.name, costs: plan.costs }), sentVenue, held);
        // A venue that answers some refusals in plain text (Coinbase's 401 `Unauthorized`) decodes them.
        const decoded = adapter.nonJsonReply?.(err.status, err.excerpt);
        if (decoded !== undefined) throw new VenueRequestError(plan.name, decoded);
      } else lanes.settle(held);
      throw err;
    }
    // The venue counted the request by the time its reply is here: the pools' windows run from now.
    lanes.feedback(adapter.rateFeedback(reply, this.#d.venueNowLoose(), { name: plan.name, costs: plan.costs }), sentVenue, held);
    const error = adapter.checkReply(reply) ?? plan.check?.(reply);
    if (error !== undefined) throw new VenueRequestError(plan.name, error);
    return { value: plan.parse(reply), sentAt, receivedAt };
  }
}
