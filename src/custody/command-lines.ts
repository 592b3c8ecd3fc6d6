/**
 * `quantdeck keys …` and `quantdeck doctor`: each command line, declared once for parsing, `--help`, the
 * README's tables and shell completion. Data only: loading it costs nothing.
 */
import type { CommandSpec, OptionSpec } from '../core/command-line.js';
import { venueIds } from '../venues/descriptors.js';

const NAME = { name: 'NAME', help: 'the key (and account) name: letters, digits, . _ -' };
const PASSPHRASE_FD: OptionSpec = {
  name: 'passphrase-fd',
  value: 'N',
  help: "read a key file's passphrase from descriptor N opened by the shell (`3<file`, `3< <(pass show …)`)",
};
const ENVS = ['sim', 'testnet', 'demo', 'mainnet', 'live'];

export const KEYS_COMMANDS: readonly CommandSpec[] = [
  {
    command: 'quantdeck keys add',
    summary: 'store a new key: typed at hidden prompts, or piped on stdin as `api-key: …` lines (for a pair made by keys gen: its API key only)',
    positionals: [NAME],
    options: [
      {
        name: 'venue',
        value: 'VENUE',
        suggest: venueIds,
        help: 'the venue (a family such as binance, or a product id)',
      },
      { name: 'env', value: 'ENV', choices: ENVS, help: 'the environment the key belongs to' },
      {
        name: 'store',
        value: 'STORE',
        choices: ['keyring', 'file'],
        help: 'where the secret goes',
        default: 'keyring',
      },
      { name: 'file', value: 'PATH', file: true, help: 'the encrypted key file (with --store file)' },
      PASSPHRASE_FD,
    ],
  },
  {
    command: 'quantdeck keys gen',
    summary: 'make an Ed25519 key pair (Binance): the private key goes into the store, the public key PEM is printed to register with the venue; then keys add NAME takes the API key it issues',
    positionals: [NAME],
    options: [
      { name: 'venue', value: 'VENUE', suggest: venueIds, help: 'the venue (binance, or a Binance product id)' },
      { name: 'env', value: 'ENV', choices: ENVS, help: 'the environment the key belongs to' },
      { name: 'store', value: 'STORE', choices: ['keyring', 'file'], help: 'where the private key goes', default: 'keyring' },
      { name: 'file', value: 'PATH', file: true, help: 'the encrypted key file (with --store file)' },
      PASSPHRASE_FD,
    ],
  },
  {
    command: 'quantdeck keys list',
    summary: 'the stored keys and the profile accounts (names, venues, masked key ids; no secret)',
    options: [{ name: 'json', help: 'one JSON object instead of the table' }],
  },
  {
    command: 'quantdeck keys rm',
    summary: 'remove a key and the accounts that use it',
    positionals: [NAME],
    options: [],
  },
  {
    command: 'quantdeck keys check',
    summary: 'ask the venue what the key may do, and judge it (withdrawal rights are refused)',
    positionals: [{ name: 'NAME', help: 'a stored key or a profile account' }],
    options: [
      { name: 'base-url', value: 'URL', help: "the local venue's http://127.0.0.1:PORT (sim keys only)" },
      PASSPHRASE_FD,
    ],
  },
  {
    command: 'quantdeck keys rotate',
    summary: "replace a key's secret in place (a key file's passphrase is proved first)",
    positionals: [NAME],
    options: [PASSPHRASE_FD],
  },
];

/** Other spellings a person types. */
export const KEYS_ALIASES: Readonly<Record<string, string>> = { ls: 'list', remove: 'rm' };

export function keysCommand(word: string): CommandSpec | undefined {
  const name = KEYS_ALIASES[word] ?? word;
  return KEYS_COMMANDS.find((c) => c.command === `quantdeck keys ${name}`);
}

export const KEYS_NOTES = `Secrets are typed at hidden prompts, or piped on stdin as lines 'api-key: …', 'api-secret: …'
(also 'passphrase:', 'private-key:', 'wallet-address:'); see src/custody/README.md.`;

export const DOCTOR: CommandSpec = {
  command: 'quantdeck doctor',
  summary: 'where keys can be kept on this machine, whether each store is reachable, where the log goes',
  options: [],
};
