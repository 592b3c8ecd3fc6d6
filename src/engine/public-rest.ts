/**
 * A key-less REST runner for a venue's public data (`quantdeck backtest` reading kline history): the
 * engine's own parts — the HTTP client, the venue clock, the rate budget of the adapter's pools and
 * its lanes, the request executor — without an account. Nothing signed goes through it: a plan that
 * asks for a signature is refused before it is built, so no key is ever needed or read, whatever the
 * environment (docs/signals.md §Backtest history).
 */
import { RateBudget } from '../core/budget.js';
import { Secret } from '../core/secret.js';
import type { Env, RequestPlan, SignContext, VenueAdapter, VenueUrls } from '../venues/venue.js';
import { HttpClient, type HttpOptions, isRequestFailure } from './http.js';
import { Lanes } from './lanes.js';
import { RestExecutor } from './rest.js';
import { TimeSync } from './time-sync.js';

/** A signed plan was handed to the public runner (a bug: nothing public is signed). */
export class SignedPlanError extends Error {
  override readonly name = 'SignedPlanError';
}

export interface PublicRestOptions {
  adapter: VenueAdapter;
  env: Env;
  urls: VenueUrls;
  http?: Partial<HttpOptions>;
}

/** The waits before each resend of a request refused for load. */
const BACKOFF_MS = [1_000, 2_000, 4_000];

export class PublicRest {
  readonly adapter: VenueAdapter;
  readonly env: Env;
  readonly urls: VenueUrls;
  readonly timeSync: TimeSync;
  readonly lanes: Lanes;
  /** Requests sent, by plan name (a test counts the pages). */
  readonly sent = new Map<string, number>();
  readonly #http: HttpClient;
  readonly #rest: RestExecutor;

  constructor(o: PublicRestOptions) {
    this.adapter = o.adapter;
    this.env = o.env;
    this.urls = o.urls;
    this.#http = new HttpClient(o.urls.rest, o.http);
    const venueNowLoose = () => this.timeSync.venueNowLoose();
    this.timeSync = new TimeSync({
      sample: async () => {
        const r = await this.#rest.runTimed(this.#checked(o.adapter.serverTime()));
        return { sentAt: r.sentAt, receivedAt: r.receivedAt, serverTime: r.value };
      },
    });
    this.lanes = new Lanes(new RateBudget(o.adapter.pools), {
      venueNow: venueNowLoose,
      holdAllWhileLimited: o.adapter.capabilities.rateLimitHoldsAll === true,
    });
    // Unsigned plans read only the environment (OKX's demo header) and the clock from the context.
    const credentials = { venue: o.adapter.id, env: o.env, apiKey: new Secret('', 'no key: public data') };
    const context = (): SignContext => ({
      credentials,
      venueNow: () => this.timeSync.venueNow(),
      nextNonce: () => {
        throw new SignedPlanError('a public read takes no nonce');
      },
      recvWindowMs: o.adapter.recvWindowMs,
      restHost: new URL(o.urls.rest).host,
    });
    this.#rest = new RestExecutor({
      adapter: o.adapter,
      http: this.#http,
      lanes: this.lanes,
      signContext: context,
      venueNowLoose,
      resyncClock: (reason) => this.timeSync.resync(reason),
    });
  }

  #checked<T>(plan: RequestPlan<T>): RequestPlan<T> {
    if (plan.signed) throw new SignedPlanError(`${plan.name} is signed; the public runner sends no key`);
    return plan;
  }

  /** The venue clock, sampled once (a burst) so bars are judged closed on the venue's time. */
  async start(): Promise<void> {
    await this.timeSync.resync('public data', 3);
  }

  /**
   * Runs one public plan through the budget (background or not, as the plan says). A refusal for load
   * (429: the venue counted requests this runner's fresh budget never saw, a run a moment before) is
   * sent again after a wait, at most `BACKOFF_MS.length` times: it was not processed, and a read changes nothing.
   */
  readonly run = async <T>(plan: RequestPlan<T>): Promise<T> => {
    this.#checked(plan);
    for (let attempt = 0; ; attempt++) {
      this.sent.set(plan.name, (this.sent.get(plan.name) ?? 0) + 1);
      try {
        return await this.#rest.run(plan);
      } catch (err) {
        const wait = BACKOFF_MS[attempt];
        if (wait === undefined || !isRequestFailure(err) || err.failure !== 'backoff') throw err;
        this.retries++;
        await new Promise((done) => setTimeout(done, wait));
      }
    }
  };

  /** Requests sent again after a refusal for load. */
  retries = 0;

  venueNow(): number {
    return this.timeSync.venueNow();
  }

  async close(): Promise<void> {
    this.timeSync.stop();
    this.lanes.close();
    await this.#http.close();
  }
}
