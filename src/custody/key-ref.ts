import { isAbsolute, resolve } from 'node:path';
import { CustodyError } from './errors.js';

/**
 * Where a key lives: `env:PREFIX`, `keyring:NAME`, `file:PATH`, or `cmd:PROGRAM ARG…` (a secrets
 * manager: the command prints the key on stdout; see key-command.ts).
 */
export type KeyRef =
  | { kind: 'env'; prefix: string }
  | { kind: 'keyring'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'cmd'; argv: string[] };

export type KeyStore = KeyRef['kind'];

/** A key name's alphabet (without the `..` rule): the profile schema publishes the same pattern. */
export const KEY_NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._-]{0,62}';
/** An `env:` reference's variable prefix. */
export const ENV_PREFIX_PATTERN = '[A-Za-z_][A-Za-z0-9_]{0,62}';
const NAME = new RegExp(`^${KEY_NAME_PATTERN}$`);
const PREFIX = new RegExp(`^${ENV_PREFIX_PATTERN}$`);

/** Names a JSON object cannot carry safely (the profile keys its entries by name). */
export const RESERVED_NAMES: readonly string[] = ['__proto__', 'prototype', 'constructor'];

/** Key names become keyring item names and file names: keep them to a safe alphabet. */
export function validateKeyName(name: string, what = 'key name'): string {
  if (!NAME.test(name) || name.includes('..') || RESERVED_NAMES.includes(name)) {
    throw new CustodyError(
      `${what} '${name}' is not valid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit (not prototype or constructor)`,
    );
  }
  return name;
}

export function parseKeyRef(text: string, where = 'key reference'): KeyRef {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (kind) {
    case 'env':
      if (!PREFIX.test(rest)) {
        throw new CustodyError(
          `${where}: env:PREFIX needs a variable prefix such as env:BINANCE_TESTNET, got '${text}'`,
        );
      }
      return { kind, prefix: rest };
    case 'keyring':
      return { kind, name: validateKeyName(rest, `${where}: keyring name`) };
    case 'file':
      if (rest === '') throw new CustodyError(`${where}: file:PATH needs a path`);
      return { kind, path: isAbsolute(rest) ? rest : resolve(rest) };
    case 'cmd':
      return { kind, argv: splitCommand(rest, where) };
    default:
      throw new CustodyError(`${where}: '${text}' is not env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND`);
  }
}

/**
 * `cmd:` words, split the way a person reads them and never by a shell: spaces separate words,
 * '…' and "…" keep spaces inside one, and nothing else is special ($, *, |, ;, ~ and backslashes
 * are plain characters). No shell runs, so nothing in the line can start another program.
 */
export function splitCommand(text: string, where = 'cmd:'): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const c of text) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote !== undefined) throw new CustodyError(`${where}: cmd: has an unclosed ${quote} quote`);
  if (word !== undefined) words.push(word);
  if (words.length === 0 || words[0] === '')
    throw new CustodyError(`${where}: cmd:COMMAND needs a command, e.g. cmd:pass show quantdeck/bn-test`);
  return words;
}

/** The words back as one `cmd:` line (quoted where a word holds a space or is empty). */
function joinCommand(argv: readonly string[]): string {
  return argv.map((w) => (w === '' || /[\s'"]/.test(w) ? (w.includes("'") ? `"${w}"` : `'${w}'`) : w)).join(' ');
}

export function formatKeyRef(ref: KeyRef): string {
  switch (ref.kind) {
    case 'env':
      return `env:${ref.prefix}`;
    case 'keyring':
      return `keyring:${ref.name}`;
    case 'file':
      return `file:${ref.path}`;
    case 'cmd':
      return `cmd:${joinCommand(ref.argv)}`;
  }
}
