// The fault plan at run time: decides, request by request and frame by frame, whether a fault fires.
// `times` counts down inside the live plan (so `getFaults` shows what is left), `every` counts matching
// requests, `probability` draws from a seeded stream so a seeded run misbehaves the same way twice.
import { Rng } from '../market/random.js';
import {
  mergePlans,
  defaultScopes,
  type FaultPlan,
  type FaultTrigger,
  type RequestFaultName,
  type WsFaultName,
} from './plan.js';
import { parseFaultPlan } from './parse.js';

/** What the runtime needs to know about a request; the dialect classifies its routes into `kind`. */
export interface RequestInfo {
  kind: 'order' | 'cancel' | 'query' | 'other';
  method: string;
  path: string;
}

export function toPlan(plan: FaultPlan | string): FaultPlan {
  return typeof plan === 'string' ? parseFaultPlan(plan) : plan;
}

function matchesRequest(scope: string, req: RequestInfo): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'order':
    case 'cancel':
    case 'query':
      return req.kind === scope;
    case 'trade':
      return req.kind === 'order' || req.kind === 'cancel';
    default: {
      const space = scope.indexOf(' ');
      const method = space > 0 ? scope.slice(0, space).toUpperCase() : undefined;
      const path = space > 0 ? scope.slice(space + 1).trim() : scope;
      if (method !== undefined && method !== req.method) return false;
      return path.endsWith('*') ? req.path.startsWith(path.slice(0, -1)) : req.path === path;
    }
  }
}

export class FaultRuntime {
  #plan: FaultPlan = {};
  readonly #seen = new Map<string, number>();
  readonly #rng: Rng;
  readonly fired: Record<string, number> = {};
  /** Requests the `hold` fault is holding: each waits for its release. */
  readonly #held = new Set<() => void>();
  /** Called after every change with the new plan and the one-off actions to perform. */
  onChange: (plan: FaultPlan, now: NonNullable<FaultPlan['now']>) => void = () => {};

  constructor(seed: string) {
    this.#rng = new Rng(`${seed}/faults`);
  }

  get plan(): FaultPlan {
    return structuredClone(this.#plan);
  }

  /** A new plan replaces the old one, its holds included: every held request goes on. */
  set(plan: FaultPlan | string): void {
    const p = toPlan(plan);
    this.#seen.clear();
    this.#release();
    const { now, ...rest } = p;
    this.#plan = structuredClone(rest);
    this.onChange(this.plan, now ?? {});
  }

  patch(plan: FaultPlan | string): void {
    const p = toPlan(plan);
    this.#plan = mergePlans(this.#plan, structuredClone(p));
    if (p.now?.releaseHeld === true) this.#release();
    this.onChange(this.plan, p.now ?? {});
  }

  clear(): void {
    this.set({});
  }

  #decide(
    name: RequestFaultName | WsFaultName,
    trigger: FaultTrigger | undefined,
    matches: (scope: string) => boolean,
  ): boolean {
    if (!trigger) return false;
    if (!matches(trigger.scope ?? defaultScopes[name])) return false;
    const seen = (this.#seen.get(name) ?? 0) + 1;
    this.#seen.set(name, seen);
    if (trigger.every !== undefined && seen % Math.max(1, trigger.every) !== 0) return false;
    if (trigger.probability !== undefined && this.#rng.next() >= trigger.probability) return false;
    if (trigger.times !== undefined) {
      if (trigger.times <= 0) return false;
      trigger.times--;
      if (trigger.times === 0) delete this.#plan[name];
    }
    this.fired[name] = (this.fired[name] ?? 0) + 1;
    return true;
  }

  /** Whether request fault `name` fires for this request (consumes a `times` count when it does). */
  fires(name: RequestFaultName, req: RequestInfo): boolean {
    return this.#decide(name, this.#plan[name], (scope) => matchesRequest(scope, req));
  }

  /** Resolves when a request the `hold` fault fired on may go on. */
  held(): Promise<void> {
    return new Promise((resolve) => this.#held.add(resolve));
  }

  get heldCount(): number {
    return this.#held.size;
  }

  #release(): void {
    for (const go of this.#held) go();
    this.#held.clear();
  }

  /** The message of the `refuseText` fault when it fires for this request, else undefined. */
  refusal(req: RequestInfo, fallback: string): string | undefined {
    const text = this.#plan.refuseText?.text ?? fallback;
    return this.fires('refuseText', req) ? text : undefined;
  }

  /** The delay (ms) to apply, or 0. */
  delayMs(name: 'delay' | 'delayAfter', req: RequestInfo): number {
    const t = this.#plan[name];
    return t && this.fires(name, req) ? t.ms : 0;
  }

  /** Whether WebSocket fault `name` fires before a message pushed on a `user` or `market` socket. */
  firesWs(name: WsFaultName, socketKind: 'user' | 'market'): boolean {
    return this.#decide(name, this.#plan[name], (scope) => scope === 'any' || scope === socketKind);
  }

  /** How many orders of a batch cancel request the venue cancels (all when no fault says otherwise). */
  get batchCancelMax(): number {
    return this.#plan.batchCancelMax ?? Number.POSITIVE_INFINITY;
  }

  get ignorePings(): boolean {
    return this.#plan.ignorePings === true;
  }

  get noServerPings(): boolean {
    return this.#plan.noServerPings === true;
  }

  get oversizeBytes(): number {
    return this.#plan.wsOversized?.bytes ?? 2 * 1024 * 1024;
  }
}
