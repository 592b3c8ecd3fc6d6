// The entry: flags and config → custody → engine → store → views.
// Subcommands live in their own modules, each exporting `main(argv): Promise<number>` (the exit code);
// they are loaded on demand so that `quantdeck sim` never pays for the cockpit and vice versa.
const subcommands: Record<string, string> = {
  sim: './sim/main.js',
  keys: './custody/keys-command.js',
  doctor: './custody/doctor.js',
  chaos: './engine/chaos/main.js',
};

type Main = (argv: string[]) => Promise<number>;

async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const modulePath = first === undefined ? undefined : subcommands[first];
  if (modulePath !== undefined) {
    const mod = (await import(modulePath)) as { main: Main };
    return mod.main(rest);
  }
  if (first !== undefined && !first.startsWith('-')) {
    console.error(`quantdeck: unknown command '${first}'. Commands: ${Object.keys(subcommands).join(', ')}`);
    return 2;
  }
  if (first === '--demo-fixtures') {
    // The cockpit on a synthetic feed (no venue): for looking at the screen while the engine lands.
    const { runDemoCockpit } = await import('./cli/cockpit.js');
    return runDemoCockpit();
  }
  console.log('quantdeck: cockpit not built yet');
  return 0;
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
