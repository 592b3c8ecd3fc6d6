import type { SimHandle, SimOptions } from './types.js';

/** Starts a sim in a worker thread; control goes over the loopback control endpoint. */
export async function startSimWorker(_options: SimOptions = {}): Promise<SimHandle> {
  throw new Error('startSimWorker: not implemented yet');
}
