// The entry: flags and config → custody → engine → store → views.
// Subcommands live in their own modules, each exporting `main(argv): Promise<number>` (the exit code);
// they are loaded on demand so that `quantdeck sim` never pays for the cockpit and vice versa.
// Literal import() calls, so that the bundler (bin/bundle.js) can split each subcommand into its own chunk.
type Main = (argv: string[]) => Promise<number>;
const subcommands: Record<string, () => Promise<{ main: Main }>> = {
  sim: () => import('./sim/main.js'),
  keys: () => import('./custody/keys-command.js'),
  doctor: () => import('./custody/doctor.js'),
  chaos: () => import('./engine/chaos/main.js'),
};

async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const load = first === undefined ? undefined : subcommands[first];
  if (load !== undefined) {
    const mod = await load();
    return mod.main(rest);
  }
  if (first !== undefined && !first.startsWith('-')) {
    console.error(`quantdeck: unknown command '${first}'. Commands: ${Object.keys(subcommands).join(', ')}`);
    return 2;
  }
  if (first === '--demo-fixtures') {
    // The cockpit on a synthetic feed (no venue): for looking at the screen while the engine lands.
    // React's production build: the development one costs about twice the CPU per frame.
    process.env.NODE_ENV ??= 'production';
    const { runDemoCockpit } = await import('./cli/cockpit.js');
    return runDemoCockpit();
  }
  // The cockpit (flags parsed there: a typo gets the usage and exit 2), on React's production build.
  process.env.NODE_ENV ??= 'production';
  const { main } = await import('./cli/main.js');
  const code = await main(argv);
  // Everything is closed by now; a handle someone forgot must not keep the shell waiting.
  setTimeout(() => process.exit(code), 2_000).unref();
  return code;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`quantdeck: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
