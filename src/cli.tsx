// The entry: flags and config → custody → engine → store → views.
// Subcommands live in their own modules, each exporting `main(argv): Promise<number>` (the exit code);
// they are loaded on demand so that `quantdeck sim` never pays for the cockpit and vice versa.
// Literal import() calls, so that the bundler (bin/bundle.js) can split each subcommand into its own chunk.
import { errorMessage } from './core/error-message.js';
import { readFileSync } from 'node:fs';
import { disableCoreDumps } from './cli/core-dumps.js';
import { noteInheritedDescriptors } from './custody/passphrase-fd.js';

// What is open before any module of ours runs came from the caller or from Node (the launcher
// noted it even earlier, before it built the bundle).
noteInheritedDescriptors();

type Main = (argv: string[]) => Promise<number>;
const subcommands: Record<string, () => Promise<{ main: Main }>> = {
  sim: () => import('./sim/main.js'),
  keys: () => import('./cli/keys.js'),
  doctor: () => import('./custody/doctor.js'),
  chaos: () => import('./chaos/main.js'),
  completion: () => import('./cli/completion.js'),
  journal: () => import('./cli/journal.js'),
  backtest: () => import('./cli/backtest.js'),
};

/** `quantdeck 0.1.0`: package.json is one folder up from both src/ and dist/. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `quantdeck ${pkg.version}\n`;
}

// The commands that hold keys or passphrases: core dumps off before they read any.
const HOLDS_SECRETS = new Set(['sim', 'keys', 'chaos', 'cockpit']);

async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const load = first === undefined ? undefined : subcommands[first];
  const command = load !== undefined ? (first as string) : first === undefined || first.startsWith('-') ? 'cockpit' : '';
  if (HOLDS_SECRETS.has(command)) disableCoreDumps();
  if (load !== undefined) {
    // The cockpit installs its own (it restores the terminal first); every subcommand gets this one:
    // a scrubbed line on stderr instead of Node's dump of the error's properties (headers, URLs).
    const { installCrashHandler } = await import('./log/crash-handler.js');
    const { processLog } = await import('./log/logger.js');
    installCrashHandler({ openLog: processLog });
    const mod = await load();
    return mod.main(rest);
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(version());
    return 0;
  }
  if (first === 'help') return run(['--help']);
  if (first !== undefined && !first.startsWith('-')) {
    // Never echoed: a secret pasted in the command's place must not be printed back.
    process.stderr.write(
      `quantdeck: unknown command (the first word is not one of ${Object.keys(subcommands).join(', ')}; not shown)\nquantdeck --help lists the commands and the cockpit's flags\n`,
    );
    return 2;
  }
  if (first === '--demo-fixtures') {
    // The cockpit on a synthetic feed (no venue): for looking at the screen without a venue or keys.
    // React's production build: the development one costs about twice the CPU per frame.
    process.env.NODE_ENV ??= 'production';
    const { runDemoCockpit } = await import('./cli/cockpit.js');
    return runDemoCockpit();
  }
  // The cockpit (flags parsed there: a typo gets the usage and exit 2), on React's production build.
  process.env.NODE_ENV ??= 'production';
  const { main } = await import('./cli/main.js');
  return main(argv);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; a handle someone forgot must not keep the shell waiting.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    console.error(`quantdeck: ${errorMessage(error)}`);
    process.exitCode = 1;
  },
);
