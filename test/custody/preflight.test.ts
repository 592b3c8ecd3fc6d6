import { describe, expect, it } from 'vitest';
import { confirmLive, decideEnvironment, resolveEnvironment } from '../../src/custody/environment-guard.js';
import { evaluatePermissions } from '../../src/custody/preflight.js';
import { binancePermissions } from '../../src/venues/binance/permissions.js';
import { bybitPermissions } from '../../src/venues/bybit/permissions.js';
import { coinbasePermissions } from '../../src/venues/coinbase/permissions.js';
import { hyperliquidPermissions } from '../../src/venues/hyperliquid/permissions.js';
import { krakenPermissions } from '../../src/venues/kraken/permissions.js';
import { okxPermissions } from '../../src/venues/okx/permissions.js';

const baseBinance = {
  ipRestrict: true,
  enableReading: true,
  enableWithdrawals: false,
  enableInternalTransfer: false,
  permitsUniversalTransfer: false,
  enableFutures: true,
};
const binance = (patch: Record<string, boolean>) => binancePermissions.parse({ ...baseBinance, ...patch });

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

  it('warns when a testnet key cannot trade; refuses a mainnet key that cannot read or trade', () => {
    const result = evaluatePermissions(binance({ enableFutures: false }), 'testnet');
    expect(result.verdict).toBe('warn');
    expect(result.messages[0]?.text).toMatch(/cannot trade .*read-only/);
    const live = evaluatePermissions(binance({ enableFutures: false }), 'live');
    expect(live.verdict).toBe('refuse');
    expect(live.messages[0]?.text).toMatch(/cannot trade .*refuses a mainnet key/);
    const blind = evaluatePermissions(binance({ enableReading: false }), 'live');
    expect(blind.verdict).toBe('refuse');
    expect(blind.messages.find((m) => m.level === 'refuse')?.text).toMatch(/cannot read account data/);
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

// Whatever a venue's reply spells differently or adds, the verdict errs towards refusing.
describe('permission parsing fails closed, every venue', () => {
  const okx = (perm: string) =>
    okxPermissions.parse({ code: '0', msg: '', data: [{ perm, ip: '10.0.0.1', uid: '1', label: 'x' }] });
  const verdict = (p: Parameters<typeof evaluatePermissions>[0]) => evaluatePermissions(p, 'live').verdict;

  it('okx: case and separators are normalised; an unknown right is refused', () => {
    expect(okx('read_only,trade,Withdraw').canWithdraw).toBe(true);
    expect(verdict(okx('read_only,trade,Withdraw'))).toBe('refuse');
    const semi = okx('read_only;trade;withdraw');
    expect(semi).toMatchObject({ canRead: true, canTrade: true, canWithdraw: true });
    expect(verdict(semi)).toBe('refuse');
    expect(okx('Read-Only | TRADE')).toMatchObject({
      canRead: true,
      canTrade: true,
      canWithdraw: false,
      unknown: [],
    });
    expect(verdict(okx('read_only,trade'))).toBe('ok');
    const extra = okx('read_only,trade,staking');
    expect(extra.unknown).toEqual(['perm: staking']);
    const out = evaluatePermissions(extra, 'testnet');
    expect(out.verdict).toBe('refuse');
    expect(out.messages[0]?.text).toContain('rights quantdeck does not know (perm: staking)');
  });

  it('binance: any unknown enable*/permit* flag that is on is refused; flags are read in any case', () => {
    const outbound = binance({ enableOutboundTransfer: true });
    expect(outbound.unknown).toEqual(['enableOutboundTransfer: true']);
    expect(verdict(outbound)).toBe('refuse');
    expect(binance({ permitsCrossAccountMoves: true }).unknown).toEqual(['permitsCrossAccountMoves: true']);
    expect(binance({ enableOutboundTransfer: false }).unknown).toEqual([]);
    expect(verdict(binance({ enableFixReadOnly: true }))).toBe('ok');
    const upper = binancePermissions.parse({
      ipRestrict: true,
      EnableReading: true,
      ENABLEWITHDRAWALS: true,
      enableInternalTransfer: false,
      enableFutures: true,
    });
    expect(upper).toMatchObject({ canRead: true, canWithdraw: true, unknown: [] });
    // Two spellings of one flag: on if either is.
    expect(binance({ EnableWithdrawals: true }).canWithdraw).toBe(true);
    // A flag that is not plainly false counts as granted.
    expect(binancePermissions.parse({ ...baseBinance, enableOutboundTransfer: 'true' }).unknown).toEqual([
      'enableOutboundTransfer: "true"',
    ]);
  });

  it('bybit: wallet rights in any case, unknown wallet entries and unknown groups are refused', () => {
    const bybit = (permissions: Record<string, string[]>) =>
      bybitPermissions.parse({
        retCode: 0,
        retMsg: '',
        result: { readOnly: 0, permissions: { ContractTrade: ['Order'], ...permissions }, ips: ['10.0.0.1'] },
      });
    expect(bybit({ wallet: ['withdraw'] }).canWithdraw).toBe(true);
    expect(verdict(bybit({ WALLET: ['Withdraw'] }))).toBe('refuse');
    expect(bybit({ Wallet: ['CrossChainSend'] }).unknown).toEqual(['permissions.Wallet: CrossChainSend']);
    expect(bybit({ FiatP2P: ['Sell'] }).unknown).toEqual(['permissions.FiatP2P: Sell']);
    expect(bybit({ FiatP2P: [] }).unknown).toEqual([]);
    expect(bybit({ Lending: ['Borrow'] }).unknown).toEqual(['permissions.Lending: [Borrow]']);
    expect(bybit({ ContractTrade: ['Order', 'Transfer'] }).unknown).toEqual(['permissions.ContractTrade: Transfer']);
    // Payment rights send funds out: refused, naming the venue's field.
    const pay = bybit({ FiatBitPay: ['FaitPayOrder'] });
    expect([pay.canTransfer, pay.unknown, pay.fields.transfer]).toEqual([true, [], 'permissions.FiatBitPay: [FaitPayOrder]']);
    expect(verdict(pay)).toBe('refuse');
    expect(verdict(bybit({ ByXPost: ['ByXPost'], Earn: ['Earn'], Exchange: ['ExchangeHistory'] }))).toBe('ok');
    expect(verdict(bybit({ Wallet: ['AccountTransfer'] }))).toBe('warn');
  });

  it('coinbase: an unknown can_* right that is on is refused', () => {
    const cb = coinbasePermissions.parse({
      can_view: true,
      can_trade: true,
      can_transfer: false,
      can_stake: true,
    });
    expect(cb.unknown).toEqual(['can_stake: true']);
    expect(verdict(cb)).toBe('refuse');
  });

  it('kraken: rights in any case and separator; an unknown right is refused', () => {
    const kraken = (permissions: string[]) =>
      krakenPermissions.parse({ error: [], result: { permissions, ipAllowlist: ['10.0.0.1'] } });
    expect(kraken(['Query_Funds', 'MODIFY-TRADES', 'Withdraw Funds'])).toMatchObject({
      canRead: true,
      canTrade: true,
      canWithdraw: true,
      unknown: [],
    });
    expect(kraken(['query-funds', 'modify-trades', 'transfer-out']).unknown).toEqual([
      'permissions: transfer-out',
    ]);
    // The cancel and WebSocket rights, in both spellings in use: a trader's ordinary trading key
    // (and the local venue's, which spells them the short way) passes; a near miss does not.
    const trading = ['query-funds', 'query-open-trades', 'query-closed-trades', 'modify-trades'];
    expect(verdict(kraken([...trading, 'cancel-trades', 'access-websockets']))).toBe('ok');
    expect(verdict(kraken([...trading, 'cancel-close-trades', 'access-websockets-api']))).toBe('ok');
    expect(kraken([...trading, 'cancel-all-trades']).unknown).toEqual(['permissions: cancel-all-trades']);
    expect(verdict(kraken([...trading, 'cancel-all-trades']))).toBe('refuse');
  });

  it('hyperliquid: the role is read in any case; an unknown role is refused', () => {
    expect(hyperliquidPermissions.parse({ role: 'User' }).canWithdraw).toBe(true);
    expect(() => hyperliquidPermissions.parse({ role: 'vault' })).toThrow(/vault/);
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
