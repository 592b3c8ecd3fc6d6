import { describe, expect, it } from 'vitest';
import {
  type CommandSpec,
  CommandLineError,
  flagTable,
  formatGroupHelp,
  formatHelp,
  parseCommand,
  quoteTyped,
  usageErrorText,
  usageLine,
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

describe('the grammar at its edges', () => {
  const REST: CommandSpec = {
    command: 'quantdeck completion',
    summary: 'shell completion',
    positionals: [{ name: 'SHELL', help: 'shells', choices: ['bash', 'zsh'], rest: true }],
    options: [],
  };

  it('a rest positional takes every remaining argument, each judged and named by it', () => {
    expect(parseCommand(REST, ['bash', 'zsh', 'bash']).positionals).toEqual(['bash', 'zsh', 'bash']);
    expect(() => parseCommand(REST, ['bash', 'fish'])).toThrow("SHELL: 'fish' is not one of bash, zsh");
  });

  it('an optional positional may be left out', () => {
    expect(parseCommand(SPEC, ['a']).positionals).toEqual(['a']);
  });

  it('everything after a leading -- is an argument, -h included', () => {
    const parsed = parseCommand(SPEC, ['--', '-h']);
    expect(parsed.help).toBe(false);
    expect(parsed.positionals).toEqual(['-h']);
  });

  it('a short spelling of a declared option is unknown: only --name is accepted', () => {
    const spec: CommandSpec = { command: 'quantdeck x', summary: 's', options: [{ name: 'v', help: 'verbose' }] };
    expect(parseCommand(spec, ['--v']).switches.has('v')).toBe(true);
    expect(() => parseCommand(spec, ['-v'])).toThrow('unknown option -v (known: --v)');
  });

  it('a command that takes no arguments refuses one by position, as a command-line error', () => {
    const none: CommandSpec = { command: 'quantdeck version', summary: 'prints it', options: [] };
    expect(() => parseCommand(none, ['sk_PASTED'])).toThrow(
      new CommandLineError('unexpected argument at position 1 (not shown: it could be a secret)'),
    );
  });

  it('a command without options says so when given one', () => {
    expect(() => parseCommand(REST, ['--verbose'])).toThrow("unknown option --verbose ('quantdeck completion' takes none)");
  });

  it('an empty value is no value; a value written inline may begin with --', () => {
    expect(refused(['a', '--file='])).toBe('--file needs a value (FILE)');
    expect(parseCommand(SPEC, ['a', '--file=--odd-name']).values.get('file')).toBe('--odd-name');
  });

  it('the error is a CommandLineError by name too', () => {
    expect(new CommandLineError('x').name).toBe('CommandLineError');
  });
});

describe('what a person typed, quoted back', () => {
  it('control and format characters become ?, and more than 40 characters are cut', () => {
    expect(quoteTyped('a\u0007b\u202ec')).toBe("'a?b?c'");
    expect(quoteTyped('x'.repeat(40))).toBe(`'${'x'.repeat(40)}'`);
    expect(quoteTyped('x'.repeat(41))).toBe(`'${'x'.repeat(40)}…'`);
  });
});

describe('help, the README table and the usage error, exactly', () => {
  it('formatHelp lines up the columns, puts a long synopsis on its own line, and ends with the notes', () => {
    expect(formatHelp(SPEC)).toBe(
      [
        'usage: quantdeck thing NAME [SHELL] [options]',
        '',
        'a command for the tests',
        '',
        '  NAME              a name',
        '  SHELL             a shell',
        '  --level low|high  how much (default low)',
        '  --file FILE       a file',
        '  --json            machine output',
        '  -h, --help        this help',
        '',
      ].join('\n'),
    );
    const long: CommandSpec = {
      command: 'quantdeck long',
      summary: 'long names',
      options: [{ name: 'a-very-long-option-name', value: 'ANOTHER_LONG_VALUE', help: 'long' }],
      notes: 'Notes here.',
    };
    expect(formatHelp(long)).toBe(
      [
        'usage: quantdeck long [options]',
        '',
        'long names',
        '',
        '  --a-very-long-option-name ANOTHER_LONG_VALUE',
        `  ${' '.repeat(34)}  long`,
        `  ${'-h, --help'.padEnd(34)}  this help`,
        '',
        'Notes here.',
        '',
      ].join('\n'),
    );
  });

  it('a command with a rest positional and no options shows NAME... and no [options]', () => {
    expect(usageLine(REST_ONLY)).toBe('usage: quantdeck completion [SHELL...]');
    expect(formatHelp(REST_ONLY).split('\n').slice(0, 6)).toEqual([
      'usage: quantdeck completion [SHELL...]',
      '',
      'shell completion',
      '',
      '  SHELL       shells',
      '  -h, --help  this help',
    ]);
  });

  it('flagTable writes the table, or says there are no flags', () => {
    expect(flagTable(SPEC)).toBe(
      [
        '`quantdeck thing` — a command for the tests',
        '',
        '| flag | meaning |',
        '| --- | --- |',
        '| `NAME` | a name |',
        '| `SHELL` | a shell |',
        '| `--level low\\|high` | how much (default low) |',
        '| `--file FILE` | a file |',
        '| `--json` | machine output |',
      ].join('\n'),
    );
    expect(flagTable({ command: 'quantdeck version', summary: 'prints it', options: [] })).toBe(
      '`quantdeck version` — prints it (no flags)',
    );
  });

  it('usageErrorText names the problem, then the usage line and where the options are listed', () => {
    expect(usageErrorText(SPEC, '--level given twice')).toBe(
      'quantdeck thing: --level given twice\nusage: quantdeck thing NAME [SHELL] [options]   (quantdeck thing --help lists the options)\n',
    );
  });

  it('formatGroupHelp lists each command of a group on one aligned line, then the notes', () => {
    const group = formatGroupHelp('quantdeck keys', 'key custody', [SPEC, REST_ONLY], 'Keys never leave.');
    expect(group).toBe(
      [
        'usage: quantdeck keys <command> [options]   (quantdeck keys <command> --help for its options)',
        '',
        'key custody',
        '',
        '  quantdeck thing NAME [SHELL] [options]  a command for the tests',
        '  quantdeck completion [SHELL...]         shell completion',
        '',
        'Keys never leave.',
        '',
      ].join('\n'),
    );
    expect(formatGroupHelp('quantdeck keys', 'key custody', [REST_ONLY])).toBe(
      [
        'usage: quantdeck keys <command> [options]   (quantdeck keys <command> --help for its options)',
        '',
        'key custody',
        '',
        '  quantdeck completion [SHELL...]  shell completion',
        '',
      ].join('\n'),
    );
  });
});

const REST_ONLY: CommandSpec = {
  command: 'quantdeck completion',
  summary: 'shell completion',
  positionals: [{ name: 'SHELL', help: 'shells', optional: true, rest: true }],
  options: [],
};
