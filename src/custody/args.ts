import { UsageError } from './errors.js';

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

/**
 * `--name value`, `--name=value` and `--switch`. Anything not declared is refused by name, so a
 * typo (`--stroe file`) is never silently ignored.
 */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: string[]; switches?: string[] },
): ParsedArgs {
  const valueNames = new Set(spec.values ?? []);
  const switchNames = new Set(spec.switches ?? []);
  const out: ParsedArgs = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switchNames.has(name) && eq < 0) {
      out.switches.add(name);
    } else if (valueNames.has(name)) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      out.values.set(name, value);
    } else {
      const known = [...valueNames, ...switchNames].map((n) => `--${n}`);
      throw new UsageError(
        `unknown option --${name}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }
  }
  return out;
}
