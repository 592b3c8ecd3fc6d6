/**
 * One command-line grammar for every subcommand: a command declares its options and positional
 * arguments once (`CommandSpec`), and the same declaration parses argv (node:util parseArgs
 * underneath), prints `--help`, writes the README's flag tables and the shell completion.
 *
 * Rules every command gets for free: `-h`/`--help` anywhere asks for help; `--name value` and
 * `--name=value`; an undeclared option is refused by name; a value option given twice or without a
 * value is refused; a switch given a value is refused; an argument nobody declared is reported by
 * its position and never echoed (a secret pasted on the command line must not be printed back).
 * Pure: no I/O, nothing venue-specific.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  /** The long name, without the dashes. */
  name: string;
  /** The value's placeholder in help (`N`, `FILE`); absent for a switch. */
  value?: string;
  /** The only values accepted (checked here, listed in help, offered by completion). */
  choices?: readonly string[];
  /** Values offered by help and completion but judged by the command (the venue registry's ids). */
  suggest?: () => readonly string[];
  /** Completion offers file names for the value. */
  file?: boolean;
  help: string;
  /** Printed as `(default …)` in help and the README. */
  default?: string;
  /** May be given more than once: every value, in order, is in `repeated` (and the last in `values`). */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  help: string;
  optional?: boolean;
  /** The only values accepted (checked here, offered by completion). */
  choices?: readonly string[];
  /** The last one only: takes every remaining argument (`NAME...`). */
  rest?: boolean;
}

export interface CommandSpec {
  /** The words that start it: `quantdeck`, `quantdeck keys add`. */
  command: string;
  summary: string;
  positionals?: readonly PositionalSpec[];
  options: readonly OptionSpec[];
  /** Paragraphs after the option list in `--help`. */
  notes?: string;
}

export interface ParsedCommand {
  values: Map<string, string>;
  /** A repeatable option's values, in the order given. */
  repeated: Map<string, string[]>;
  switches: Set<string>;
  positionals: string[];
  help: boolean;
}

/** A command line that cannot be understood: the message names the problem; exit code 2. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

/** What a person typed, safe to print: no control characters, bounded. */
export function quoteTyped(text: string): string {
  const safe = text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
  return `'${safe.length > 40 ? `${safe.slice(0, 40)}…` : safe}'`;
}

function allowed(option: OptionSpec): readonly string[] | undefined {
  return option.choices ?? option.suggest?.();
}

/** Parses argv (the words after the command). Throws CommandLineError naming the problem. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const out: ParsedCommand = { values: new Map(), repeated: new Map(), switches: new Set(), positionals: [], help: false };
  const terminator = argv.indexOf('--');
  const before = terminator < 0 ? argv : argv.slice(0, terminator);
  if (before.includes('--help') || before.includes('-h')) {
    out.help = true;
    return out;
  }
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const options = Object.fromEntries(
    spec.options.map((o) => [
      o.name,
      { type: o.value === undefined ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const declared = spec.positionals ?? [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (out.positionals.length >= declared.length && declared[declared.length - 1]?.rest !== true) {
        throw new CommandLineError(
          `unexpected argument at position ${token.index + 1} (not shown: it could be a secret)`,
        );
      }
      // A rest positional takes every remaining argument: each is judged (and named) by it.
      const slot = declared[Math.min(out.positionals.length, declared.length - 1)];
      const choices = slot?.choices;
      if (choices !== undefined && !choices.includes(token.value)) {
        throw new CommandLineError(
          `${slot?.name}: ${quoteTyped(token.value)} is not one of ${choices.join(', ')}`,
        );
      }
      out.positionals.push(token.value);
      continue;
    }
    const option = byName.get(token.name);
    if (option === undefined || token.rawName !== `--${token.name}`) {
      const known = spec.options.map((o) => `--${o.name}`).join(', ');
      throw new CommandLineError(
        `unknown option ${quoteTyped(token.rawName).slice(1, -1)}${known === '' ? ` ('${spec.command}' takes none)` : ` (known: ${known})`}`,
      );
    }
    if (option.value === undefined) {
      if (token.inlineValue === true) throw new CommandLineError(`--${option.name} takes no value`);
      out.switches.add(option.name);
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (token.inlineValue === false && value.startsWith('--'))) {
      throw new CommandLineError(`--${option.name} needs a value (${option.value})`);
    }
    if (out.values.has(option.name) && option.repeatable !== true) throw new CommandLineError(`--${option.name} given twice`);
    if (option.choices !== undefined && !option.choices.includes(value)) {
      throw new CommandLineError(
        `--${option.name}: ${quoteTyped(value)} is not one of ${option.choices.join(', ')}`,
      );
    }
    out.values.set(option.name, value);
    if (option.repeatable === true) out.repeated.set(option.name, [...(out.repeated.get(option.name) ?? []), value]);
  }
  const missing = declared.filter((p) => p.optional !== true).slice(out.positionals.length)[0];
  if (missing !== undefined) throw new CommandLineError(`${spec.command} needs ${missing.name}`);
  return out;
}

/** `--name VALUE` or `--name a|b|c` (or `--live`), as help and the README show it. */
export function optionSynopsis(option: OptionSpec): string {
  if (option.value === undefined) return `--${option.name}`;
  const values = allowed(option);
  return `--${option.name} ${values === undefined ? option.value : values.join('|')}`;
}

function optionHelp(option: OptionSpec): string {
  return option.default === undefined ? option.help : `${option.help} (default ${option.default})`;
}

/** The one-line usage: `usage: quantdeck keys add NAME [--venue V] …`. */
export function usageLine(spec: CommandSpec): string {
  const words = [spec.command];
  for (const p of spec.positionals ?? []) {
    const word = p.rest === true ? `${p.name}...` : p.name;
    words.push(p.optional === true ? `[${word}]` : word);
  }
  if (spec.options.length > 0) words.push('[options]');
  return `usage: ${words.join(' ')}`;
}

/** `--help`: usage, summary, arguments, options (with -h), notes. */
export function formatHelp(spec: CommandSpec): string {
  const rows: [string, string][] = [
    ...(spec.positionals ?? []).map((p): [string, string] => [p.name, p.help]),
    ...spec.options.map((o): [string, string] => [optionSynopsis(o), optionHelp(o)]),
    ['-h, --help', 'this help'],
  ];
  const width = Math.min(34, Math.max(...rows.map(([left]) => left.length)));
  const lines = [usageLine(spec), '', spec.summary, ''];
  for (const [left, right] of rows) {
    lines.push(
      left.length > width
        ? `  ${left}\n  ${' '.repeat(width)}  ${right}`
        : `  ${left.padEnd(width)}  ${right}`,
    );
  }
  if (spec.notes !== undefined) lines.push('', spec.notes);
  return `${lines.join('\n')}\n`;
}

/** The README's flag table for one command (markdown), generated from the same declaration. */
export function flagTable(spec: CommandSpec): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [
    ...(spec.positionals ?? []).map((p) => `| \`${p.name}\` | ${cell(p.help)} |`),
    ...spec.options.map((o) => `| \`${cell(optionSynopsis(o))}\` | ${cell(optionHelp(o))} |`),
  ];
  const head = `\`${spec.command}\` — ${spec.summary}`;
  if (rows.length === 0) return `${head} (no flags)`;
  return [head, '', '| flag | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** What a refused command line prints on stderr: the problem, then the usage line. */
export function usageErrorText(spec: CommandSpec, message: string): string {
  return `${spec.command}: ${message}\n${usageLine(spec)}   (${spec.command} --help lists the options)\n`;
}

/** `quantdeck keys --help`: the group's commands, one line each, then the notes. */
export function formatGroupHelp(
  command: string,
  summary: string,
  commands: readonly CommandSpec[],
  notes?: string,
): string {
  const lines = [
    `usage: ${command} <command> [options]   (${command} <command> --help for its options)`,
    '',
    summary,
    '',
  ];
  const synopsis = (spec: CommandSpec) => usageLine(spec).replace(/^usage: /, '');
  const width = Math.max(...commands.map((c) => synopsis(c).length));
  for (const spec of commands) lines.push(`  ${synopsis(spec).padEnd(width)}  ${spec.summary}`);
  if (notes !== undefined) lines.push('', notes);
  return `${lines.join('\n')}\n`;
}
