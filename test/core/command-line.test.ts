import { describe, expect, it } from 'vitest';
import {
  type CommandSpec,
  CommandLineError,
  flagTable,
  formatHelp,
  parseCommand,
} from '../../src/core/command-line.js';

const SPEC: CommandSpec = {
  command: 'quantdeck thing',
  summary: 'a command for the tests',
  positionals: [
    { name: 'NAME', help: 'a name' },
    { name: 'SHELL', help: 'a shell', optional: true, choices: ['bash', 'zsh'] },
  ],
  options: [
    { name: 'level', value: 'L', choices: ['low', 'high'], help: 'how much', default: 'low' },
    { name: 'file', value: 'FILE', file: true, help: 'a file' },
    { name: 'json', help: 'machine output' },
  ],
};

const refused = (argv: string[]) => {
  try {
    parseCommand(SPEC, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
};

describe('one command-line grammar', () => {
  it('reads values in both spellings, switches, positionals and everything after --', () => {
    const parsed = parseCommand(SPEC, ['a', '--level=high', '--file', 'x.json', '--json', '--', 'zsh']);
    expect(Object.fromEntries(parsed.values)).toEqual({ level: 'high', file: 'x.json' });
    expect([...parsed.switches]).toEqual(['json']);
    expect(parsed.positionals).toEqual(['a', 'zsh']);
    expect(parsed.help).toBe(false);
  });

  it('-h or --help anywhere before -- asks for help, whatever else is wrong', () => {
    expect(parseCommand(SPEC, ['--bogus', '-h']).help).toBe(true);
    expect(parseCommand(SPEC, ['x', 'y', 'z', '--help']).help).toBe(true);
    expect(() => parseCommand(SPEC, ['a', '--', '--help'])).toThrow(CommandLineError);
  });

  it('a stray argument is named by its position, never by its text', () => {
    const message = refused(['a', 'bash', 'sk_PASTED_SECRET_123']);
    expect(message).toBe('unexpected argument at position 3 (not shown: it could be a secret)');
    expect(refused(['a', '--json', 'bash', 'sk_PASTED_SECRET_123'])).toMatch(/position 4/);
  });

  it.each([
    [['a', '--bogus'], /^unknown option --bogus \(known: --level, --file, --json\)/],
    [['a', '-x'], /^unknown option -x/],
    [['a', '--level'], /^--level needs a value \(L\)/],
    [['a', '--file', '--json'], /^--file needs a value/],
    [['a', '--level', 'mid'], /^--level: 'mid' is not one of low, high/],
    [['a', '--json=1'], /^--json takes no value/],
    [['a', '--file', 'x', '--file', 'y'], /^--file given twice/],
    [['a', 'fish'], /^SHELL: 'fish' is not one of bash, zsh/],
    [[], /^quantdeck thing needs NAME/],
    [['a', '--level', '\u001b[2Jx'], /'\?\[2Jx'/],
  ])('refuses %j by name', (argv, message) => {
    expect(refused(argv)).toMatch(message);
  });

  it('help and the README table list every option, from the same declaration', () => {
    const help = formatHelp(SPEC);
    expect(help.split('\n')[0]).toBe('usage: quantdeck thing NAME [SHELL] [options]');
    for (const text of ['--level low|high', 'how much (default low)', '--file FILE', '--json', '-h, --help'])
      expect(help).toContain(text);
    expect(flagTable(SPEC)).toContain('| `--level low\\|high` | how much (default low) |');
    expect(
      flagTable(SPEC)
        .split('\n')
        .filter((l) => l.startsWith('| `')),
    ).toHaveLength(5);
  });
});
