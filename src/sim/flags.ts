// `quantdeck sim`'s command line, declared once for parsing, `--help`, the README's table and
// shell completion. Data only.
import type { CommandSpec } from '../core/command-line.js';
import { DEFAULT_DIALECT, SIM_DIALECT_IDS } from './dialects/registry.js';

export const SIM_COMMAND: CommandSpec = {
  command: 'quantdeck sim',
  summary: 'the local venue in the foreground, on 127.0.0.1; prints its URLs and a demo key',
  options: [
    {
      name: 'dialect',
      value: 'DIALECT',
      suggest: () => [...SIM_DIALECT_IDS],
      help: 'the venue wire dialect it speaks',
      default: DEFAULT_DIALECT,
    },
    { name: 'port', value: 'N', help: 'listen on this port; 0 picks a free one', default: '0' },
    { name: 'seed', value: 'S', help: 'market and fault seed' },
    {
      name: 'faults',
      value: 'PLAN',
      help: 'injected faults, e.g. `drop-ws=10s,429=p2` (see src/sim/faults)',
    },
    {
      name: 'keys',
      value: 'FILE',
      file: true,
      help: 'accounts and keys to serve (JSON; default: one generated trade-only key)',
    },
    { name: 'tick-ms', value: 'N', help: 'market tick interval in ms (0: no ticker)' },
    { name: 'regime', value: 'REGIME', choices: ['calm', 'volatile'], help: 'price regime', default: 'calm' },
    {
      name: 'tls',
      help: 'serve https and wss with a certificate made at start; prints ca-file PATH, the CA a client trusts',
    },
  ],
  notes: `First stdout line: sim listening rest=http://127.0.0.1:PORT ws=ws://127.0.0.1:PORT, then
control-token TOKEN (the loopback control endpoint's per-run secret), with --tls then ca-file PATH (give
it to the client: QUANTDECK_CA_FILE=PATH or --ca-file PATH), then the demo credentials one per line in
the dialect's words. Ctrl-C or SIGTERM stops it cleanly and removes its key folder and CA file.`,
};
