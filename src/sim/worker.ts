// `startSimWorker`: the sim in a worker thread, so its CPU (matching, streams, JSON) never shares the
// cockpit's event loop. Control goes over the loopback control endpoint (`httpControl`), so the handle
// is the same SimHandle the in-process `startSim` returns.
import { Worker } from 'node:worker_threads';
import { Secret } from '../core/secret.js';
import { httpControl } from './control.js';
import { adoptKeyDir, removeKeyDir } from './key-dir.js';
import type { SimAccount, SimDialect, SimHandle, SimKey, SimOptions } from './types.js';

type WireKey = Omit<SimKey, 'secret' | 'passphrase'> & { secret?: string; passphrase?: string };
type WireAccount = Omit<SimAccount, 'keys'> & { keys: WireKey[] };
type Ready = {
  type: 'ready';
  restUrl: string;
  wsUrl: string;
  port: number;
  dialect: SimDialect;
  keyDir: string;
  controlToken: string;
  caFile?: string;
  accounts: WireAccount[];
};
type Message = Ready | { type: 'error'; message: string } | { type: 'closed' };

function toAccount(a: WireAccount): SimAccount {
  const keys: SimKey[] = a.keys.map((k) => ({
    ...k,
    secret: k.secret === undefined ? undefined : new Secret(k.secret, `sim ${a.name} ${k.type} key`),
    passphrase: k.passphrase === undefined ? undefined : new Secret(k.passphrase, `sim ${a.name} passphrase`),
  }));
  return {
    id: a.id,
    name: a.name,
    keys,
    hmac: keys.find((k) => k.type === 'hmac'),
    ed25519: keys.find((k) => k.type === 'ed25519'),
    rsa: keys.find((k) => k.type === 'rsa'),
    evm: keys.find((k) => k.type === 'evm'),
    ...(a.walletAddress === undefined ? {} : { walletAddress: a.walletAddress }),
  };
}

function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}

/** Starts a sim in a worker thread; control goes over the loopback control endpoint. */
export async function startSimWorker(options: SimOptions = {}): Promise<SimHandle> {
  const self = new URL(import.meta.url);
  const isTs = self.pathname.endsWith('.ts');
  const entry = new URL(isTs ? './worker-entry.ts' : './worker-entry.js', self);
  // Running from TypeScript sources (tsx, vitest): loader hooks do not reach worker threads on Node 20,
  // so a small bootstrap registers tsx inside the worker before importing the entry.
  const worker = isTs
    ? new Worker(
        `import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })` +
          '.catch((e) => { throw e; });',
        { eval: true, workerData: options },
      )
    : new Worker(entry, { workerData: options });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`sim worker exited with code ${code} before it was ready`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (msg: Message) => {
      worker.off('exit', onExit);
      worker.off('error', reject);
      if (msg.type === 'ready') resolve(msg);
      else reject(new Error(`sim worker: ${msg.type === 'error' ? msg.message : 'unexpected message'}`));
    });
  });
  // The worker removes its own key folder when it closes; this process removes it if the worker dies
  // first, or if this process exits with the worker still running (its exit hooks would not run).
  if (options.keyDir === undefined) {
    adoptKeyDir(ready.keyDir);
    worker.once('exit', () => removeKeyDir(ready.keyDir));
  }
  let closed: Promise<void> | undefined;
  return {
    restUrl: ready.restUrl,
    wsUrl: ready.wsUrl,
    port: ready.port,
    dialect: ready.dialect,
    keyDir: ready.keyDir,
    controlToken: ready.controlToken,
    ...(ready.caFile === undefined ? {} : { caFile: ready.caFile }),
    accounts: ready.accounts.map(toAccount),
    control: httpControl(ready.restUrl, ready.controlToken, ready.caFile),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (msg: Message) => {
          if (msg.type === 'closed') void worker.terminate();
        });
        worker.postMessage({ type: 'close' });
      });
      return closed;
    },
  };
}
