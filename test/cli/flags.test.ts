import { describe, expect, it } from 'vitest';
import { parseCockpitFlags, USAGE } from '../../src/cli/flags.js';
import { CommandLineError } from '../../src/core/command-line.js';

describe('cockpit flags', () => {
  it('no flags: the local venue, binance-usdm, nothing explicit', () => {
    expect(parseCockpitFlags([])).toEqual({
      venue: 'binance-usdm',
      env: 'sim',
      live: false,
      onTerminalLoss: 'leave-armed',
      explicit: { venue: false, env: false },
      help: false,
      demoDesk: false,
    });
  });

  it('a desk: --accounts a,b,c, --group NAME or --demo-desk, and the flags a desk cannot take', () => {
    expect(parseCockpitFlags(['--accounts', 'bn-a, bn-b,okx-c'])).toMatchObject({ accounts: ['bn-a', 'bn-b', 'okx-c'], demoDesk: false });
    expect(parseCockpitFlags(['--group', 'desk', '--env', 'testnet'])).toMatchObject({ group: 'desk', env: 'testnet' });
    expect(parseCockpitFlags(['--demo-desk', '--seed', 's1'])).toMatchObject({ demoDesk: true, env: 'sim', seed: 's1' });
    expect(parseCockpitFlags(['--accounts', 'a', '--live'])).toMatchObject({ accounts: ['a'], live: true });
    const refused: Array<[string[], RegExp]> = [
      [['--accounts', 'a', '--group', 'desk'], /--accounts and --group each name a desk: give one/],
      [['--demo-desk', '--group', 'desk'], /--group and --demo-desk each name a desk/],
      [['--accounts', 'a,b', '--key', 'env:X', '--env', 'testnet'], /--accounts and --key cannot go together/],
      [['--group', 'desk', '--account', 'a'], /--group and --account cannot go together/],
      [['--accounts', 'a', '--venue', 'okx'], /--accounts and --venue cannot go together/],
      [['--accounts', 'a', '--symbol', 'ETHUSDT'], /default symbol/],
      [['--demo-desk', '--sim-keys', 'k.json'], /--demo-desk and --sim-keys cannot go together: a desk starts its own local venues/],
      [['--demo-desk', '--env', 'testnet'], /--demo-desk is the local venue/],
      [['--demo-desk', '--live'], /--live is for mainnet/],
      [['--accounts', 'a,,b'], /an empty name/],
      [['--accounts', 'a,b,a'], /'a' is listed twice/],
    ];
    for (const [argv, message] of refused) expect(() => parseCockpitFlags(argv), argv.join(' ')).toThrow(message);
  });

  it('a running local venue (--sim-url) with a key; the dead-man timeout; what a lost terminal does', () => {
    expect(
      parseCockpitFlags(['--sim-url', 'http://127.0.0.1:9000', '--key', 'env:QD_SIM', '--dead-man', '15', '--on-terminal-loss', 'disarm']),
    ).toMatchObject({ env: 'sim', simUrl: 'http://127.0.0.1:9000', key: 'env:QD_SIM', deadmanSeconds: 15, onTerminalLoss: 'disarm' });
    expect(() => parseCockpitFlags(['--sim-url', 'http://127.0.0.1:9000'])).toThrow(/--sim-url needs --key/);
    expect(() => parseCockpitFlags(['--sim-url', 'http://127.0.0.1:9000', '--key', 'env:X', '--env', 'testnet'])).toThrow(
      /goes with --env sim/,
    );
    for (const bad of ['0', '1.5', 'soon', '-3'])
      expect(() => parseCockpitFlags(['--dead-man', bad]), bad).toThrow(CommandLineError);
    expect(() => parseCockpitFlags(['--on-terminal-loss', 'cancel'])).toThrow(/not one of leave-armed, disarm/);
  });

  it('reads every flag, in both spellings', () => {
    const f = parseCockpitFlags([
      '--venue=okx',
      '--env',
      'testnet',
      '--key',
      'keyring:okx-test',
      '--symbol',
      'ETH-USDT-SWAP',
      '--log-level=debug',
    ]);
    expect(f).toMatchObject({
      venue: 'okx',
      env: 'testnet',
      key: 'keyring:okx-test',
      symbol: 'ETH-USDT-SWAP',
      logLevel: 'debug',
      explicit: { venue: true, env: true },
    });
  });

  it('mainnet is env live; --live is a switch; --seed is kept as text', () => {
    expect(parseCockpitFlags(['--env', 'mainnet', '--account', 'main', '--live'])).toMatchObject({
      env: 'live',
      account: 'main',
      live: true,
    });
    expect(parseCockpitFlags(['--seed', '42']).seed).toBe('42');
  });

  it.each([
    [['--bogus'], /unknown option --bogus \(known: --venue/],
    [['--env', 'prod'], /--env: 'prod' is not one of sim, testnet, demo, mainnet/],
    [['--venue'], /--venue needs a value/],
    [['--venue', '--env', 'sim'], /--venue needs a value/],
    [['--log-level', 'loud'], /--log-level: 'loud'/],
    [['--key', 'env:X', '--account', 'a', '--env', 'testnet'], /give one/],
    [['--key', 'env:X'], /--key needs --env testnet, demo or mainnet/],
    [['--live=yes'], /--live takes no value/],
    [['--seed', '1', '--seed', '2'], /--seed given twice/],
    [['stray'], /^unexpected argument at position 1 \(not shown/],
    [['--env', 'testnet', 'sk_PASTED_SECRET_123'], /^unexpected argument at position 3 \(not shown/],
  ])('refuses %j by name', (argv, message) => {
    expect(() => parseCockpitFlags(argv)).toThrow(CommandLineError);
    expect(() => parseCockpitFlags(argv)).toThrow(message);
  });

  it('a stray argument is reported by position and never echoed', () => {
    expect(() => parseCockpitFlags(['--live', 'sk_PASTED_SECRET_123'])).toThrow(/position 2/);
    try {
      parseCockpitFlags(['--live', 'sk_PASTED_SECRET_123']);
    } catch (error) {
      expect(String(error)).not.toContain('sk_PASTED');
    }
  });

  it('-h and --help ask for the usage, which names every flag', () => {
    expect(parseCockpitFlags(['-h']).help).toBe(true);
    expect(parseCockpitFlags(['--help']).help).toBe(true);
    for (const flag of [
      '--venue',
      '--env',
      '--key',
      '--account',
      '--symbol',
      '--live',
      '--seed',
      '--log-level',
    ]) {
      expect(USAGE).toContain(flag);
    }
  });
});
