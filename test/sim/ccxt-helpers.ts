// What the ccxt-against-the-sim tests share: pointing a ccxt exchange at the sim (every API base URL
// on loopback, any other URL refused, each request recorded), and reading the error a call threw.
import { expect } from 'vitest';
import type { SimHandle } from '../../src/sim/index.js';

interface Fetching {
  urls: unknown;
  fetch(url: string, method?: string, headers?: unknown, body?: unknown): Promise<unknown>;
}

/** Swaps the host of every API base URL for the sim's; `record` sees each request ccxt sends. */
export function pointAtSim(ex: Fetching, sim: SimHandle, record: (url: URL, method: string, body: unknown) => void): void {
  const api = (ex.urls as { api: Record<string, string> }).api;
  for (const [name, url] of Object.entries(api)) api[name] = url.replace(/^https?:\/\/[^/]+/, sim.restUrl);
  const send = ex.fetch.bind(ex);
  ex.fetch = async (url, method, headers, body) => {
    if (!url.startsWith(`${sim.restUrl}/`)) throw new Error(`ccxt tried a non-loopback URL: ${url}`);
    record(new URL(url), method ?? 'GET', body);
    return send(url, method, headers, body);
  };
}

/** The error `call` threw, with its class checked; the test fails if it resolved. */
export async function refusal(call: Promise<unknown>, kind: new (...args: never[]) => Error): Promise<string> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(kind);
  return (err as Error).message;
}

/** Runs `call` with the venue's clock `ms` ahead (the client's timestamps are stale), then clears it. */
export async function withStaleClock<T>(sim: SimHandle, ms: number, call: () => Promise<T>): Promise<T> {
  await sim.control.jumpClock(ms);
  try {
    return await call();
  } finally {
    await sim.control.clearFaults();
  }
}
