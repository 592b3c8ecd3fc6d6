// `quantdeck sim --dialect binance-usdm [--port N] [--seed S] [--faults PLAN] [--keys FILE] [--tick-ms N]
// [--regime calm|violent]`: the sim in the foreground. First stdout line:
//   sim listening rest=http://127.0.0.1:PORT ws=ws://127.0.0.1:PORT
// then `api-key KEY`, `api-secret SECRET` (a trade-only demo HMAC key), `ed25519-api-key KEY` and
// `ed25519-key PATH` (the generated private key; the public key is beside it as PATH with .pub.pem).
// Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
import { readFileSync } from 'node:fs';
import { revealSecret } from '../core/secret.js';
import { KeysFileError, parseKeysFile } from './accounts.js';
import { FaultPlanError, parseFaultPlan } from './faults/parse.js';
import { startSim } from './sim.js';
import type { SimOptions } from './types.js';

const usage =
  'usage: quantdeck sim --dialect binance-usdm [--port N] [--seed S] [--faults PLAN] [--keys FILE] [--tick-ms N] [--regime calm|violent]';

/** Parses the flags into SimOptions; throws Error with a message for the user on bad input. */
export function parseArgs(argv: string[]): SimOptions {
  const opts: SimOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const int = (v: string): number => {
      if (!/^\d+$/.test(v)) throw new Error(`${name}: '${v}' is not a whole number`);
      return Number(v);
    };
    switch (name) {
      case '--dialect': {
        const d = value();
        if (d !== 'binance-usdm') throw new Error(`--dialect: unknown dialect '${d}' (known: binance-usdm)`);
        opts.dialect = d;
        break;
      }
      case '--port':
        opts.port = int(value());
        if (opts.port > 65535) throw new Error('--port must be 0..65535');
        break;
      case '--seed':
        opts.seed = value();
        break;
      case '--faults':
        opts.faults = parseFaultPlan(value());
        break;
      case '--keys': {
        const file = value();
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new Error(`--keys: cannot read ${file}: ${(e as Error).message}`);
        }
        opts.accounts = parseKeysFile(text);
        break;
      }
      case '--tick-ms':
        opts.tickMs = int(value());
        break;
      case '--regime': {
        const r = value();
        if (r !== 'calm' && r !== 'violent') throw new Error(`--regime must be calm or violent, got '${r}'`);
        opts.regime = r;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(usage);
      default:
        throw new Error(`unknown flag '${arg}'\n${usage}`);
    }
  }
  return opts;
}

export async function main(argv: string[]): Promise<number> {
  let opts: SimOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    const err = e as Error;
    const label =
      err instanceof FaultPlanError ? 'bad --faults' : err instanceof KeysFileError ? 'bad --keys' : 'sim';
    console.error(`${label}: ${err.message}`);
    return 2;
  }
  let sim: Awaited<ReturnType<typeof startSim>>;
  try {
    sim = await startSim(opts);
  } catch (e) {
    // An account the file describes that cannot be built (a bad key, a wallet that is no address).
    if (!(e instanceof KeysFileError)) throw e;
    console.error(`bad --keys: ${e.message}`);
    return 2;
  }
  console.log(`sim listening rest=${sim.restUrl} ws=${sim.wsUrl}`);
  console.log(`control-token ${sim.controlToken}`);
  const account = sim.accounts[0];
  if (account?.hmac?.secret) {
    console.log(`api-key ${account.hmac.apiKey}`);
    console.log(`api-secret ${revealSecret(account.hmac.secret)}`);
  }
  if (account?.ed25519) {
    console.log(`ed25519-api-key ${account.ed25519.apiKey}`);
    if (account.ed25519.privateKeyFile) console.log(`ed25519-key ${account.ed25519.privateKeyFile}`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  console.error('sim stopped');
  return 0;
}
