// `quantdeck sim --dialect D [--port N] [--seed S] [--faults PLAN] [--keys FILE] [--tick-ms N]
// [--regime calm|volatile] [--tls]`: the sim in the foreground, D one of the registry's dialects. It prints
//   sim listening rest=http://127.0.0.1:PORT ws=ws://127.0.0.1:PORT   (https/wss with --tls)
//   control-token TOKEN                 (the loopback control endpoint's per-run secret)
//   ca-file PATH                        (--tls only: the CA certificate a client trusts)
// then the first account's credentials, one `label value` a line, as its dialect words them
// (dialects/*/spec.ts `credentials`: an API key and secret, a passphrase, an agent key and wallet…).
// Ctrl-C (SIGINT) or SIGTERM stops it cleanly and removes its temporary key folder.
import { errorMessage } from '../core/error-message.js';
import { readFileSync } from 'node:fs';
import { CommandLineError, formatHelp, parseCommand, usageErrorText } from '../core/command-line.js';
import { KeysFileError, parseKeysFile } from './accounts.js';
import { dialectSpec, isSimDialect, SIM_DIALECT_IDS } from './dialects/registry.js';
import { FaultPlanError, parseFaultPlan } from './faults/parse.js';
import { SIM_COMMAND } from './flags.js';
import { startSim } from './sim.js';
import type { SimOptions } from './types.js';

/** Parses the flags into SimOptions; throws Error with a message for the user on bad input. */
export function parseArgs(argv: string[]): SimOptions {
  const opts: SimOptions = {};
  const parsed = parseCommand(SIM_COMMAND, argv);
  if (parsed.help) throw new SimHelp();
  if (parsed.switches.has('tls')) opts.tls = true;
  for (const [option, text] of parsed.values) {
    const name = `--${option}`;
    const int = (v: string): number => {
      if (!/^\d+$/.test(v)) throw new Error(`${name}: '${v}' is not a whole number`);
      return Number(v);
    };
    switch (name) {
      case '--dialect': {
        const d = text;
        if (!isSimDialect(d)) throw new Error(`--dialect: unknown dialect '${d}' (known: ${SIM_DIALECT_IDS.join(', ')})`);
        opts.dialect = d;
        break;
      }
      case '--port':
        opts.port = int(text);
        if (opts.port > 65535) throw new Error('--port must be 0..65535');
        break;
      case '--seed':
        opts.seed = text;
        break;
      case '--faults':
        opts.faults = parseFaultPlan(text);
        break;
      case '--keys': {
        const file = text;
        let content: string;
        try {
          content = readFileSync(file, 'utf8');
        } catch (e) {
          throw new Error(`--keys: cannot read ${file}: ${errorMessage(e)}`);
        }
        opts.accounts = parseKeysFile(content);
        break;
      }
      case '--tick-ms':
        opts.tickMs = int(text);
        break;
      case '--regime':
        opts.regime = text as 'calm' | 'volatile';
        break;
    }
  }
  return opts;
}

/** `--help` or `-h`: the help goes to stdout and the exit code is 0. */
class SimHelp extends Error {}

export async function main(argv: string[]): Promise<number> {
  let opts: SimOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof SimHelp) {
      process.stdout.write(formatHelp(SIM_COMMAND));
      return 0;
    }
    if (e instanceof CommandLineError) {
      process.stderr.write(usageErrorText(SIM_COMMAND, e.message));
      return 2;
    }
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
  // The handlers go in before the first line is printed: a caller that reads the key's path and
  // sends SIGTERM at once must find them there, or the default action kills the process and leaves
  // the key folder behind (test/sim/key-files.test.ts met that race once on two busy cores).
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log(`sim listening rest=${sim.restUrl} ws=${sim.wsUrl}`);
  console.log(`control-token ${sim.controlToken}`);
  if (sim.caFile !== undefined) console.log(`ca-file ${sim.caFile}`);
  const account = sim.accounts[0];
  if (account !== undefined) {
    for (const [label, value] of dialectSpec(sim.dialect).credentials(account)) console.log(`${label} ${value}`);
  }
  await stopped;
  await sim.close();
  console.error('sim stopped');
  return 0;
}
