// The six venues' key-permission parsers, fed the response shapes their docs publish.
import { describe, expect, it } from 'vitest';
import { binancePermissions } from '../../src/venues/binance/permissions.js';
import { bybitPermissions } from '../../src/venues/bybit/permissions.js';
import { coinbasePermissions } from '../../src/venues/coinbase/permissions.js';
import { hyperliquidPermissions } from '../../src/venues/hyperliquid/permissions.js';
import { PermissionQueryError } from '../../src/venues/key-permissions.js';
import { krakenPermissions } from '../../src/venues/kraken/permissions.js';
import { okxPermissions } from '../../src/venues/okx/permissions.js';
import { VenueParseError } from '../../src/venues/venue.js';

const binanceDoc = {
  ipRestrict: false,
  createTime: 1623840271000,
  enableReading: true,
  enableWithdrawals: false,
  enableInternalTransfer: true,
  enableMargin: false,
  enableFutures: false,
  permitsUniversalTransfer: true,
  enableVanillaOptions: false,
  enableFixApiTrade: false,
  enableFixReadOnly: true,
  enableSpotAndMarginTrading: false,
  enablePortfolioMarginTrading: true,
};

describe('binance apiRestrictions', () => {
  it('describes the signed GET', () => {
    expect(binancePermissions.request()).toEqual({
      name: 'apiRestrictions',
      method: 'GET',
      path: '/sapi/v1/account/apiRestrictions',
      params: {},
      signed: true,
    });
  });

  it('parses the documented example', () => {
    const p = binancePermissions.parse(binanceDoc);
    expect(p).toMatchObject({
      canRead: true,
      canTrade: true,
      canWithdraw: false,
      canTransfer: true,
      canTransferInternal: true,
      ipRestricted: false,
      ipBinding: 'unbound',
    });
    expect(p.fields.transfer).toBe('enableInternalTransfer: true');
    expect(p.fields.trade).toBe('enablePortfolioMarginTrading: true');
  });

  it('sees withdrawals and IP binding', () => {
    const p = binancePermissions.parse({ ...binanceDoc, enableWithdrawals: true, ipRestrict: true });
    expect(p.canWithdraw).toBe(true);
    expect(p.fields.withdraw).toBe('enableWithdrawals: true');
    expect(p.ipBinding).toBe('bound');
  });

  it('names a missing field and a refusal', () => {
    const { enableWithdrawals: _, ...missing } = binanceDoc;
    expect(() => binancePermissions.parse(missing)).toThrow(VenueParseError);
    expect(() => binancePermissions.parse(missing)).toThrow(/enableWithdrawals/);
    expect(() =>
      binancePermissions.parse({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }),
    ).toThrow(PermissionQueryError);
    expect(() => binancePermissions.parse('<html>')).toThrow(VenueParseError);
  });
});

describe('okx account/config', () => {
  const reply = (perm: string, ip = '') => ({
    code: '0',
    msg: '',
    data: [{ perm, ip, uid: '1', label: 'x' }],
  });
  it('parses perm and ip', () => {
    const p = okxPermissions.parse(reply('read_only,trade', '1.2.3.4,5.6.7.8'));
    expect(p).toMatchObject({
      canRead: true,
      canTrade: true,
      canWithdraw: false,
      ipBinding: 'bound',
      ips: ['1.2.3.4', '5.6.7.8'],
    });
    const w = okxPermissions.parse(reply('read_only,withdraw,trade'));
    expect(w.canWithdraw).toBe(true);
    expect(w.fields.withdraw).toBe('perm: read_only,withdraw,trade');
    expect(w.ipBinding).toBe('unbound');
    expect(w.notes.join()).toMatch(/14 days/);
  });
  it('reports an error envelope', () => {
    expect(() => okxPermissions.parse({ code: '50111', msg: 'Invalid OK-ACCESS-KEY', data: [] })).toThrow(
      /50111/,
    );
    expect(() => okxPermissions.parse({ code: '0', data: [] })).toThrow(VenueParseError);
  });
});

describe('bybit query-api', () => {
  const reply = (wallet: string[], ips: string[], readOnly = 0) => ({
    retCode: 0,
    retMsg: '',
    result: {
      id: '1',
      apiKey: 'k',
      readOnly,
      secret: '',
      permissions: { ContractTrade: ['Order', 'Position'], Spot: ['SpotTrade'], Wallet: wallet, Options: [] },
      ips,
      deadlineDay: 83,
    },
  });
  it('refuses-worthy: Withdraw, SubMemberTransfer; internal: AccountTransfer', () => {
    const p = bybitPermissions.parse(reply(['AccountTransfer', 'SubMemberTransfer', 'Withdraw'], ['*']));
    expect(p).toMatchObject({
      canTrade: true,
      canWithdraw: true,
      canTransfer: true,
      canTransferInternal: true,
      ipBinding: 'unbound',
    });
    expect(p.notes.join()).toMatch(/83 days/);
    const q = bybitPermissions.parse(reply([], ['10.0.0.1'], 1));
    expect(q).toMatchObject({
      canTrade: false,
      canWithdraw: false,
      canTransfer: false,
      ipBinding: 'bound',
      ips: ['10.0.0.1'],
    });
  });
  it('reports retCode', () => {
    expect(() => bybitPermissions.parse({ retCode: 10003, retMsg: 'API key is invalid.' })).toThrow(/10003/);
  });
});

describe('coinbase key_permissions', () => {
  it('treats can_transfer as a withdrawal right and says the IP is unreported', () => {
    const p = coinbasePermissions.parse({
      can_view: true,
      can_trade: true,
      can_transfer: true,
      portfolio_uuid: 'u',
      portfolio_type: 'DEFAULT',
    });
    expect(p).toMatchObject({ canRead: true, canTrade: true, canWithdraw: true, ipBinding: 'unreported' });
    expect(p.fields.withdraw).toBe('can_transfer: true');
  });
});

describe('kraken GetApiKeyInfo', () => {
  it('parses the documented example', () => {
    const p = krakenPermissions.parse({
      error: [],
      result: {
        apiKeyName: 'my-api-key',
        permissions: ['query-funds', 'withdraw-funds', 'query-open-trades', 'modify-trades'],
        validUntil: '0',
        ipAllowlist: [],
      },
    });
    expect(p).toMatchObject({ canRead: true, canTrade: true, canWithdraw: true, ipBinding: 'unbound' });
    expect(p.fields.withdraw).toContain('withdraw-funds');
    expect(krakenPermissions.request()).toMatchObject({ method: 'POST', path: '/0/private/GetApiKeyInfo' });
  });
  it('reports the error array', () => {
    expect(() => krakenPermissions.parse({ error: ['EAPI:Invalid key'] })).toThrow(/EAPI:Invalid key/);
  });
});

describe('hyperliquid userRole', () => {
  const master = '0x14791697260E4c9A71f18484C9f997B308e59325';
  it('asks about the agent address, unsigned', () => {
    expect(hyperliquidPermissions.request({ agentAddress: '0xabc' })).toEqual({
      name: 'userRole',
      method: 'POST',
      path: '/info',
      params: { type: 'userRole', user: '0xabc' },
      signed: false,
    });
    expect(() => hyperliquidPermissions.request()).toThrow(PermissionQueryError);
  });
  it('an agent cannot withdraw by construction', () => {
    const p = hyperliquidPermissions.parse(
      { role: 'agent', data: { user: master } },
      { walletAddress: master.toLowerCase() },
    );
    expect(p).toMatchObject({
      canTrade: true,
      canWithdraw: false,
      canTransfer: false,
      ipBinding: 'not-applicable',
    });
    expect(p.notes[0]).toMatch(/cannot withdraw or transfer by construction/);
  });
  it('a master key can, and an agent of another wallet is named', () => {
    expect(hyperliquidPermissions.parse({ role: 'user' }).canWithdraw).toBe(true);
    expect(() =>
      hyperliquidPermissions.parse(
        { role: 'agent', data: { user: '0x0000000000000000000000000000000000000001' } },
        { walletAddress: master },
      ),
    ).toThrow(/not for the configured wallet/);
    expect(() => hyperliquidPermissions.parse({ role: 'missing' })).toThrow(/approve it as an agent/);
  });
});
