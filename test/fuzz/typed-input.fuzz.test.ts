// Fuzzing everything a person types: the order ticket (values and keystrokes), the profile config,
// key names and key references, the command-line flags of `keys` and `chaos`, `--faults` plans and
// the sim's `--keys` file. Each either works or fails with its own named error and a message;
// nothing else escapes, and whatever passes the ticket's check is a valid order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp, isDecimal, sign } from '../../src/core/decimal.js';
import { isOnStep } from '../../src/core/rounding.js';
import type { Instrument } from '../../src/core/types.js';
import { ticketProblem } from '../../src/engine/ticket-check.js';
import { CommandLineError, parseCommand } from '../../src/core/command-line.js';
import { KEYS_COMMANDS } from '../../src/custody/command-lines.js';
import { CustodyError } from '../../src/custody/errors.js';
import { parseKeyRef, validateKeyName } from '../../src/custody/key-ref.js';
import { validateProfile } from '../../src/custody/profile.js';
import { ChaosUsageError, parseChaosArgs } from '../../src/chaos/args.js';
import { KeysFileError, parseKeysFile } from '../../src/sim/accounts.js';
import { FaultPlanError, parseFaultPlan } from '../../src/sim/index.js';
import {
  acceptEdit,
  checkTicket,
  choosePreset,
  defaultPresets,
  dropEdit,
  eraseChar,
  openTicket,
  startEdit,
  stepPrice,
  type TicketContext,
  type TicketDraft,
  toggleMarket,
  toggleReduceOnly,
  toOrderTicket,
  typeChar,
} from '../../views/ticket.js';
import { leaf, mutated, venueJson } from './arbitraries.js';

const RUNS = { numRuns: 1_000 };

/** Only errors of these names may escape; anything else is a bug. */
function onlyNamed(fn: () => unknown, ...names: string[]): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof Error && names.includes(err.name) && err.message.length > 0) return true;
    throw err;
  }
}

const BTC: Instrument = {
  symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', kind: 'perp', tickSize: '0.10', stepSize: '0.001', minQty: '0.001',
  maxQty: '1000', minNotional: '100', pricePrecision: 2, qtyPrecision: 3,
};

const numberish = fc.oneof(
  fc.constantFrom('0.001', '0.002', '1', '64210.10', '64210.1', '0', '-1', '1e3', '.5', '5.', '', ' ', 'abc', '1.2.3', '0x10', '１'),
  fc.stringMatching(/^[0-9]{0,8}(\.[0-9]{0,6})?$/),
  fc.stringMatching(/^[0-9]{90,130}$/),
  fc.string({ maxLength: 30 }),
);

describe('the order ticket', () => {
  it('any typed size, price, book, balance and leverage: a message or an order that is valid', () => {
    const draft = fc.record({
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('limit' as const, 'market' as const),
      qty: numberish,
      price: numberish,
      reduceOnly: fc.boolean(),
      timing: fc.constantFrom('gtc' as const, 'post-only' as const, 'ioc' as const),
      preset: fc.constant(null),
      priceFixed: fc.boolean(),
      editing: fc.constant(null),
      error: fc.constant(null),
    });
    const ctx = fc.record({
      instrument: fc.constantFrom<Instrument | undefined>(BTC, undefined),
      bid: fc.option(numberish, { nil: undefined }),
      ask: fc.option(numberish, { nil: undefined }),
      available: fc.option(numberish, { nil: undefined }),
      leverage: numberish,
      positionQty: fc.option(numberish, { nil: undefined }),
    });
    fc.assert(
      fc.property(draft, ctx, (d: TicketDraft, c) => {
        const context = c as TicketContext;
        const verdict = checkTicket(d, context);
        if (verdict !== null) return typeof verdict === 'string' && verdict.length > 0;
        const t = toOrderTicket(d, BTC.symbol);
        expect(isDecimal(t.qty) && sign(t.qty) > 0 && isOnStep(t.qty, BTC.stepSize) && cmp(t.qty, BTC.minQty) >= 0).toBe(true);
        if (t.type === 'limit') expect(isDecimal(t.price) && sign(t.price!) > 0 && isOnStep(t.price!, BTC.tickSize)).toBe(true);
        // A ticket the views pass is one the engine takes: never post-only and IOC at once, neither on a market order.
        expect(ticketProblem(t, BTC)).toBeUndefined();
        return true;
      }),
      RUNS,
    );
  });

  it('any keystroke sequence leaves a ticket whose typed text is digits and dots, at most 24', () => {
    type Key = { k: 'char'; ch: string } | { k: 'erase' | 'accept' | 'drop' | 'market' | 'reduce' } | { k: 'edit'; field: 'price' | 'size' } | { k: 'step'; n: number } | { k: 'preset'; n: number };
    const key: fc.Arbitrary<Key> = fc.oneof(
      fc.record({ k: fc.constant('char' as const), ch: fc.oneof(fc.constantFrom('0', '1', '9', '.'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 })) }),
      fc.record({ k: fc.constantFrom('erase' as const, 'accept' as const, 'drop' as const, 'market' as const, 'reduce' as const) }),
      fc.record({ k: fc.constant('edit' as const), field: fc.constantFrom('price' as const, 'size' as const) }),
      fc.record({ k: fc.constant('step' as const), n: fc.integer({ min: -1_000_000, max: 1_000_000 }) }),
      fc.record({ k: fc.constant('preset' as const), n: fc.integer({ min: -2, max: 9 }) }),
    );
    const presets = defaultPresets(BTC);
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.constantFrom('buy' as const, 'sell' as const), (keys, side) => {
        let t = openTicket(side, { instrument: BTC, bid: '64210.10', ask: '64210.20', leverage: '1' }, presets);
        for (const k of keys) {
          if (k.k === 'char') t = typeChar(t, k.ch);
          else if (k.k === 'erase') t = eraseChar(t);
          else if (k.k === 'accept') t = acceptEdit(t);
          else if (k.k === 'drop') t = dropEdit(t);
          else if (k.k === 'market') t = toggleMarket(t);
          else if (k.k === 'reduce') t = toggleReduceOnly(t);
          else if (k.k === 'edit') t = startEdit(t, k.field);
          else if (k.k === 'step') t = stepPrice(t, k.n, BTC);
          else if (k.k === 'preset') t = choosePreset(t, k.n, presets);
          if (t.editing !== null) expect(t.editing.text).toMatch(/^[0-9.]{0,24}$/);
          const verdict = checkTicket(t, { instrument: BTC, bid: '64210.10', ask: '64210.20', leverage: '1', available: '1000000' });
          expect(verdict === null || verdict.length > 0).toBe(true);
        }
        return true;
      }),
      RUNS,
    );
  });
});

describe('custody input', () => {
  const valid = {
    version: 1,
    keys: { 'bn-test': { venue: 'binance', env: 'testnet', ref: 'keyring:bn-test', keyId: 'vmPUEh8A', createdAt: '2026-01-01T00:00:00Z' } },
    accounts: { 'bn-test': { venue: 'binance', env: 'testnet', key: 'keyring:bn-test' }, other: { venue: 'okx', key: 'env:OKX_DEMO' } },
  };
  const words = ['version', 'keys', 'accounts', 'venue', 'env', 'ref', 'keyId', 'createdAt', 'rotatedAt', 'key', 'binance', 'okx', 'hyperliquid', 'testnet', 'live', 'demo', 'sim', 'keyring:x', 'env:A', 'file:/x', 'file:', '..', 'a/b', '__proto__', 'constructor'];

  it('the profile file: any JSON, and mutations of a valid one → a profile or a CustodyError naming the field', () => {
    expect(validateProfile(valid).accounts['other']?.env).toBe('testnet');
    fc.assert(
      fc.property(fc.oneof(mutated(valid, words), venueJson(words), leaf(words)), (json) => onlyNamed(() => validateProfile(json), 'CustodyError')),
      RUNS,
    );
  });

  it('key names and key references: accepted ones are safe, the rest get a CustodyError', () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('..', '../x', 'a..b', '-a', '.a', 'a'.repeat(63), 'a'.repeat(64), 'ok-name_1.2'));
    fc.assert(
      fc.property(text, (name) => {
        let ok: string | undefined;
        onlyNamed(() => {
          ok = validateKeyName(name);
        }, 'CustodyError');
        if (ok !== undefined) expect(ok).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
        if (ok !== undefined) expect(ok.includes('..')).toBe(false);
        return onlyNamed(() => parseKeyRef(name), 'CustodyError') && onlyNamed(() => parseKeyRef(`keyring:${name}`), 'CustodyError') && onlyNamed(() => parseKeyRef(`env:${name}`), 'CustodyError');
      }),
      RUNS,
    );
    expect(() => validateKeyName('../etc')).toThrow(CustodyError);
  });
});

describe('command lines and config files', () => {
  const flag = fc.oneof(
    fc.constantFrom('--venue', '--orders', '--seed', '--minutes', '--json', '--rss', '--rate', '--fast', '--keys', '--log', '--help', '--orders=0', '--rate=1e9', '--json=1', '-h', '--', '--x'),
    fc.string({ maxLength: 12 }),
  );

  it('keys flags (the one command-line grammar): parsed or a CommandLineError', () => {
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 8 }), fc.constantFrom(...KEYS_COMMANDS), (argv, spec) => onlyNamed(() => parseCommand(spec, argv), CommandLineError.name)),
      RUNS,
    );
  });

  it('chaos flags: parsed into sane values or a ChaosUsageError', () => {
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 8 }), (argv) => {
        let args: ReturnType<typeof parseChaosArgs> | undefined;
        onlyNamed(() => {
          args = parseChaosArgs(argv);
        }, ChaosUsageError.name);
        if (args !== undefined) {
          expect(args.rate).toBeGreaterThan(0);
          expect(args.orders === undefined || (Number.isInteger(args.orders) && args.orders > 0)).toBe(true);
        }
        return true;
      }),
      RUNS,
    );
  });

  it('--faults plans and the sim --keys file: parsed or their named error', () => {
    const item = fc.oneof(
      fc.constantFrom('drop-ws', 'drop-ws=now', 'drop-ws=10s', 'no-pong', 'delay=200ms:p0.5', 'delay', 'delay-after=1m:x3', '5xx-before=1/0', '429=p2', 'ban=2m', 'skew=-1500ms', 'jump=+5s', 'jump', 'ws-oversized=x1:abc', 'drop-response=x1@', 'html-502@order', 'expire-listen-key=every:5s'),
      fc.string({ maxLength: 16 }),
    );
    fc.assert(fc.property(fc.array(item, { maxLength: 6 }).map((xs) => xs.join(',')), (text) => onlyNamed(() => parseFaultPlan(text), FaultPlanError.name)), RUNS);
    const keyWords = ['accounts', 'keys', 'type', 'hmac', 'ed25519', 'rsa', 'evm', 'apiKey', 'secret', 'passphrase', 'name', 'balances', 'permissions', 'walletAddress'];
    fc.assert(
      fc.property(fc.oneof(venueJson(keyWords).map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 40 })), (text) => onlyNamed(() => parseKeysFile(text), KeysFileError.name)),
      RUNS,
    );
  });
});
