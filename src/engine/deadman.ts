/**
 * Dead-man's switch, two kinds (venue.ts `DeadmanSpec`):
 * - timer: a venue-side "cancel all my orders unless I check in within T" (Binance
 *   countdownCancelAll, OKX cancel-all-after, Hyperliquid scheduleCancel). Armed while the session
 *   runs, re-armed every T/4 on the critical lane so a single lost request never lets it fire,
 *   disarmed on a clean exit. If the program dies or loses the network, the venue cancels.
 * - disconnect: the venue cancels once the private socket has been gone for T (Bybit DCP).
 *     armed, socket up ──socket down at t──► armed, deadline t+T ──socket live──► armed, socket up
 *   Arming sets T over REST once and subscribes the venue's topic on the private socket (and again
 *   on every reconnect, through `subscription`). Nothing to re-arm, and nothing can disarm it: the
 *   venue counts a socket that leaves the topic as gone, so `disarm` refuses and says why.
 * The deadline the venue would act at goes to the store so the trader sees the countdown.
 */
import { errorMessage } from '../core/error-message.js';
import type { DeadmanEvent, LogEvent } from './events.js';
import type { DeadmanSpec, DisconnectDeadmanSpec, RequestPlan } from '../venues/venue.js';

export interface DeadmanDeps {
  spec: DeadmanSpec;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  /** Symbols to guard when the venue's timer is per symbol. */
  symbols(): readonly string[];
  emit(event: DeadmanEvent | LogEvent): void;
  /** Default: the adapter's default, clamped to its range. */
  timeoutMs?: number;
  wallNow?(): number;
  /** The private socket, for a disconnect switch: sends a frame if it is open (false if not). */
  socket?: { send(frame: string): boolean };
}

/** What the switch cannot do on this venue (a disconnect switch has no off). */
export class DeadmanError extends Error {
  override readonly name = 'DeadmanError';
}

export class Deadman {
  readonly timeoutMs: number;
  readonly counters = { arms: 0, failures: 0 };
  readonly #d: DeadmanDeps;
  #timer: NodeJS.Timeout | undefined;
  #armed = false;
  #deadline: number | undefined;
  #ticking: Promise<void> | undefined;
  /** Disconnect switch: wall ms the private socket went down, while it is down. */
  #downAt: number | undefined;

  constructor(deps: DeadmanDeps) {
    this.#d = deps;
    const { minTimeoutMs, maxTimeoutMs, defaultTimeoutMs } = deps.spec;
    this.timeoutMs = Math.min(maxTimeoutMs, Math.max(minTimeoutMs, deps.timeoutMs ?? defaultTimeoutMs));
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** Local wall ms at which the venue would cancel, if armed. */
  get deadline(): number | undefined {
    return this.#deadline;
  }

  #wall(): number {
    return this.#d.wallNow?.() ?? Date.now();
  }

  #targets(): Array<string | undefined> {
    return this.#d.spec.scope === 'account' ? [undefined] : [...new Set(this.#d.symbols())];
  }

  #disconnectSpec(): DisconnectDeadmanSpec | undefined {
    const spec = this.#d.spec;
    return spec.trigger === 'disconnect' ? spec : undefined;
  }

  /** Arms now and keeps re-arming every timeout/4. Rejects if the first arm fails. */
  async arm(): Promise<void> {
    this.#armed = true;
    await this.#rearm(true);
    const onDrop = this.#disconnectSpec();
    if (onDrop === undefined) this.#schedule();
    else this.#d.socket?.send(onDrop.frames.subscribe);
  }

  /** Stops re-arming and tells the venue to drop the timer; a disconnect switch refuses (DeadmanError). */
  async disarm(): Promise<void> {
    this.#armed = false;
    this.#stopTimer();
    await this.#ticking?.catch(() => undefined);
    const spec = this.#d.spec;
    if (spec.trigger === 'disconnect') {
      this.#armed = true;
      throw new DeadmanError(
        `the venue's disconnect-cancel cannot be switched off from here: it cancels the open orders ${Math.round(this.timeoutMs / 1000)} s after the last private socket that subscribed it goes (the venue's account manager turns it off)`,
      );
    }
    const targets = this.#targets();
    await Promise.all(targets.map((symbol) => this.#d.run(spec.disarm(symbol))));
    this.#deadline = undefined;
    this.#d.emit({ type: 'deadman', at: this.#wall(), armed: false });
  }

  /** Disconnect switch: frames the private socket subscribes on each connect while armed. */
  subscription(): { frames: string[]; acks: number } {
    const onDrop = this.#disconnectSpec();
    return onDrop !== undefined && this.#armed ? { frames: [onDrop.frames.subscribe], acks: 1 } : { frames: [], acks: 0 };
  }

  /**
   * Disconnect switch: the private socket went down (`live` false) or is live again. The venue's
   * window runs from the drop, so that is when the countdown starts; a live socket stops it.
   */
  socketState(live: boolean, at = this.#wall()): void {
    if (this.#disconnectSpec() === undefined) return;
    if (live) this.#downAt = undefined;
    else this.#downAt ??= at;
    if (!this.#armed) return;
    this.#emitArmed();
  }

  #emitArmed(): void {
    const onDrop = this.#disconnectSpec() !== undefined;
    if (onDrop) this.#deadline = this.#downAt === undefined ? undefined : this.#downAt + this.timeoutMs;
    const deadline = this.#deadline === undefined ? {} : { deadline: this.#deadline };
    this.#d.emit({ type: 'deadman', at: this.#wall(), armed: true, ...deadline, timeoutMs: this.timeoutMs, ...(onDrop ? { onDisconnect: true } : {}) });
  }

  /**
   * Disarms, but waits at most `limitMs`: a quit must not hang behind a rate limit (a 429 window can
   * hold every lane for a minute). Past the limit the switch stays armed at the venue, which then
   * cancels the open orders when it expires — the safe side of a quit.
   */
  async disarmWithin(limitMs: number): Promise<'disarmed' | 'failed' | 'left-armed'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'left-armed'>((resolve) => {
      timer = setTimeout(() => resolve('left-armed'), limitMs);
    });
    const disarmed = this.disarm().then(
      () => 'disarmed' as const,
      (err: unknown) => {
        this.#d.emit({ type: 'log', at: this.#wall(), level: 'warn', text: `disarm failed: ${errorMessage(err)}` });
        return 'failed' as const;
      },
    );
    const outcome = await Promise.race([disarmed, timedOut]);
    clearTimeout(timer);
    return outcome;
  }

  /** Stops re-arming WITHOUT disarming at the venue (what a crash looks like; tests use it). */
  abandon(): void {
    this.#armed = false;
    this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (!this.#armed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#ticking = this.#rearm(false).finally(() => {
        this.#ticking = undefined;
        this.#schedule();
      });
    }, Math.max(100, Math.floor(this.timeoutMs / 4)));
  }

  async #rearm(first: boolean): Promise<void> {
    const sentAt = this.#wall();
    const targets = this.#targets();
    const results = await Promise.allSettled(
      targets.map((symbol) => this.#d.run(this.#d.spec.arm(this.timeoutMs, symbol))),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!this.#armed) return;
    if (failed.length === 0) {
      this.counters.arms++;
      // The venue's timer started after we sent: counting from the send is the safe side.
      this.#deadline = sentAt + this.timeoutMs;
      this.#emitArmed();
      return;
    }
    this.counters.failures++;
    const why = errorMessage(failed[0]!.reason);
    this.#d.emit({
      type: 'log',
      at: this.#wall(),
      level: first ? 'error' : 'warn',
      source: 'deadman',
      text: `dead-man's switch re-arm failed (${why}); venue cancels at the last deadline if this persists`,
    });
    if (first) {
      this.#armed = false;
      throw failed[0]!.reason;
    }
  }
}
