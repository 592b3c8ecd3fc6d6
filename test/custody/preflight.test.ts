import { describe, expect, it } from 'vitest';
import { confirmLive, decideEnvironment, resolveEnvironment } from '../../src/custody/environment-guard.js';
import { evaluatePermissions } from '../../src/custody/preflight.js';
import { binancePermissions } from '../../src/venues/binance/permissions.js';
import { coinbasePermissions } from '../../src/venues/coinbase/permissions.js';
import { hyperliquidPermissions } from '../../src/venues/hyperliquid/permissions.js';

const binance = (patch: Record<string, boolean>) =>
  binancePermissions.parse({
    ipRestrict: true,
    enableReading: true,
    enableWithdrawals: false,
    enableInternalTransfer: false,
    permitsUniversalTransfer: false,
    enableFutures: true,
    ...patch,
  });

describe('evaluatePermissions', () => {
  it('accepts an IP-bound trade-only key', () => {
    const result = evaluatePermissions(binance({}), 'live');
    expect(result.verdict).toBe('ok');
    expect(result.summary).toBe('read, trade · no withdraw · no transfer · IP-bound (allowlist)');
  });

  it('refuses a key that can withdraw, naming the venue field', () => {
    const result = evaluatePermissions(binance({ enableWithdrawals: true }), 'testnet');
    expect(result.verdict).toBe('refuse');
    expect(result.messages[0]).toEqual({
      level: 'refuse',
      text: expect.stringContaining('binance key can withdraw (enableWithdrawals: true)'),
    });
    expect(result.summary).toContain('CAN WITHDRAW');
  });

  it('refuses transfer-out, warns on own-wallet transfers and on a missing IP binding', () => {
    const out = evaluatePermissions(binance({ enableInternalTransfer: true }), 'live');
    expect(out.verdict).toBe('refuse');
    expect(out.messages.map((m) => m.text).join()).toContain('enableInternalTransfer: true');
    const own = evaluatePermissions(binance({ permitsUniversalTransfer: true, ipRestrict: false }), 'live');
    expect(own.verdict).toBe('warn');
    expect(own.messages.filter((m) => m.level === 'warn').map((m) => m.text)).toEqual([
      expect.stringContaining('permitsUniversalTransfer: true'),
      expect.stringContaining('not bound to an IP (ipRestrict: false)'),
    ]);
  });

  it('on the local venue an unbound key is only noted', () => {
    expect(evaluatePermissions(binance({ ipRestrict: false }), 'sim').verdict).toBe('ok');
  });

  it('warns when the key cannot trade', () => {
    const result = evaluatePermissions(binance({ enableFutures: false }), 'live');
    expect(result.verdict).toBe('warn');
    expect(result.messages[0]?.text).toMatch(/cannot trade .*read-only/);
  });

  it('says one field once (Coinbase can_transfer is withdraw and transfer)', () => {
    const result = evaluatePermissions(
      coinbasePermissions.parse({ can_view: true, can_trade: true, can_transfer: true }),
      'live',
    );
    expect(result.messages.filter((m) => m.level === 'refuse')).toHaveLength(1);
  });

  it('accepts a Hyperliquid agent and says why it cannot withdraw', () => {
    const result = evaluatePermissions(
      hyperliquidPermissions.parse({ role: 'agent', data: { user: '0xabc' } }),
      'live',
    );
    expect(result.verdict).toBe('ok');
    expect(result.messages.map((m) => m.text).join()).toMatch(/cannot withdraw or transfer by construction/);
    expect(evaluatePermissions(hyperliquidPermissions.parse({ role: 'user' }), 'live').verdict).toBe(
      'refuse',
    );
  });
});

describe('environment guard', () => {
  it('defaults to the local venue, then the account env', () => {
    expect(resolveEnvironment()).toBe('sim');
    expect(resolveEnvironment(undefined, 'testnet')).toBe('testnet');
    expect(resolveEnvironment('demo', 'testnet')).toBe('demo');
  });

  it('mainnet needs --live and a typed confirmation of the account name', () => {
    expect(decideEnvironment({ env: 'testnet', live: false, accountName: 'a' })).toEqual({
      kind: 'proceed',
      env: 'testnet',
    });
    const noFlag = decideEnvironment({ env: 'live', live: false, accountName: 'main' });
    expect(noFlag).toMatchObject({ kind: 'refuse', message: expect.stringContaining('--live') });
    expect(decideEnvironment({ env: 'live', live: true })).toMatchObject({ kind: 'refuse' });
    expect(decideEnvironment({ env: 'testnet', live: true, accountName: 'a' })).toMatchObject({
      kind: 'refuse',
      message: expect.stringContaining("account 'a' is on testnet"),
    });
    const confirm = decideEnvironment({ env: 'live', live: true, accountName: 'main' });
    expect(confirm).toMatchObject({ kind: 'confirm', expected: 'main' });
  });

  it('confirmLive is false without a terminal', async () => {
    const confirm = decideEnvironment({ env: 'live', live: true, accountName: 'main' });
    if (confirm.kind !== 'confirm') throw new Error('expected confirm');
    expect(await confirmLive(confirm, undefined)).toBe(false);
  });
});
