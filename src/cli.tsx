// The entry: flags and config → custody → engine → store → views.
const [command] = process.argv.slice(2);
if (command === undefined) {
  console.log('quantdeck: cockpit not built yet');
} else {
  console.error(`quantdeck: unknown command ${command}`);
  process.exitCode = 2;
}
