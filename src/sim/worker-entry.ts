// The worker-thread side of `startSimWorker`: starts a sim with the options it was given, reports its
// URLs and accounts (secrets as raw strings: structured clone cannot carry a Secret), closes on request.
import { namedErrorMessage } from '../core/error-message.js';
import { parentPort, workerData } from 'node:worker_threads';
import { revealSecret } from '../core/secret.js';
import { startSim } from './sim.js';
import type { SimOptions } from './types.js';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread');

startSim(workerData as SimOptions).then(
  (sim) => {
    port.postMessage({
      type: 'ready',
      restUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      port: sim.port,
      dialect: sim.dialect,
      keyDir: sim.keyDir,
      controlToken: sim.controlToken,
      caFile: sim.caFile,
      accounts: sim.accounts.map((a) => ({
        ...a,
        keys: a.keys.map((k) => ({
          ...k,
          secret: k.secret ? revealSecret(k.secret) : undefined,
          passphrase: k.passphrase ? revealSecret(k.passphrase) : undefined,
        })),
        hmac: undefined,
        ed25519: undefined,
        rsa: undefined,
      })),
    });
    port.on('message', (msg: { type: string }) => {
      if (msg.type === 'close') {
        sim.close().then(() => {
          port.postMessage({ type: 'closed' });
          port.close();
        });
      }
    });
  },
  (error: unknown) => {
    port.postMessage({
      type: 'error',
      message: namedErrorMessage(error),
    });
    port.close();
  },
);
