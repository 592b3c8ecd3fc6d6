/**
 * The soak's local venue, in a process of its own: the soak measures the cockpit's memory, and a
 * venue (which keeps every fill it ever made, as a real one does) must not be counted in it. Tells
 * the parent what a client needs over the IPC channel — URLs, control token, the demo account with
 * its key material revealed (the local venue's own demo key, which `quantdeck sim` prints too) —
 * then runs until the parent disconnects or sends SIGTERM.
 */
import { revealSecret } from '../core/secret.js';
import { DEFAULT_DIALECT, startSim, type SimDialect } from '../sim/index.js';

export interface VenueReady {
  restUrl: string;
  wsUrl: string;
  controlToken: string;
  /** A SimAccount whose keys' `secret` and `passphrase` are plain strings (IPC carries JSON). */
  account: unknown;
}

/**
 * The venue's order flow, set over the IPC channel rather than `POST /_sim/flow`: the soak sets it
 * before and after every drained sample, and over HTTP that was a fetch (Node's own undici, web
 * streams, webidl) on a new connection each time, code the cockpit never runs, which the JIT kept
 * optimising through the run and which read as the cockpit's code space growing (docs/memory.md).
 */
export interface FlowRequest {
  type: 'flow';
  id: number;
  fillsPerSecond: number;
}
export interface FlowReply {
  type: 'flow-set';
  id: number;
  error?: string;
}

const dialect = (process.argv[2] ?? DEFAULT_DIALECT) as SimDialect;
// Funds for resting orders large enough to last the whole run.
const handle = await startSim({
  dialect,
  seed: process.argv[3] ?? 'soak',
  accounts: [{ name: 'soak', balances: { USDT: '1000000000', USDC: '1000000000' } }],
});
const account = handle.accounts[0]!;
const ready: VenueReady = {
  restUrl: handle.restUrl,
  wsUrl: handle.wsUrl,
  controlToken: handle.controlToken,
  account: {
    ...account,
    keys: account.keys.map((k) => ({
      ...k,
      ...(k.secret === undefined ? {} : { secret: revealSecret(k.secret) }),
      ...(k.passphrase === undefined ? {} : { passphrase: revealSecret(k.passphrase) }),
    })),
  },
};
process.send?.(ready);
process.on('message', (message: FlowRequest) => {
  if (message?.type !== 'flow') return;
  const reply = (error?: string) => process.send?.({ type: 'flow-set', id: message.id, ...(error === undefined ? {} : { error }) } satisfies FlowReply);
  handle.control.setFlow(message.fillsPerSecond).then(
    () => reply(),
    (err: unknown) => reply(err instanceof Error ? err.message : String(err)),
  );
});
const close = () => void handle.close().finally(() => process.exit(0));
process.on('disconnect', close);
process.on('SIGTERM', close);
