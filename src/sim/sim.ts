import type { SimHandle, SimOptions } from './types.js';

/** Starts a sim on 127.0.0.1 in this thread. */
export async function startSim(_options: SimOptions = {}): Promise<SimHandle> {
  throw new Error('startSim: not implemented yet');
}
