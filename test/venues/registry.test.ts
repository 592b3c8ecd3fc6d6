// The one registry of venue facts: every descriptor pairs with its adapter and agrees with it,
// every key family can be asked what a key may do, and lookups by family name find the product.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import {
  defaultVenue,
  keyFamilies,
  keyFamilyOf,
  tradedVenueFor,
  venueAdapter,
  venueDescriptor,
  venueDescriptors,
  venueIds,
} from '../../src/venues/index.js';

describe('venue registry', () => {
  it('pairs each descriptor with an adapter that carries the same facts', () => {
    expect(venueIds()).toEqual(['binance-usdm', 'okx', 'hyperliquid', 'bybit', 'kraken', 'coinbase']);
    for (const d of venueDescriptors()) {
      const a = venueAdapter(d.id);
      expect([a.id, a.name, a.envs, a.clientId]).toEqual([d.id, d.name, d.envs, d.clientId]);
      expect(d.deadman).toBe(a.deadman?.scope ?? 'none');
      expect(d.key.permissions).toBeDefined();
      expect(d.clientId.pattern.test(d.clientId.form === 'hex16' ? `0x${'ab'.repeat(16)}` : 'qdA1b2')).toBe(
        true,
      );
    }
    expect(defaultVenue().id).toBe('binance-usdm');
  });

  it('knows every key family custody can hold, traded or not', () => {
    expect(keyFamilies().map((f) => f.family)).toEqual([
      'binance',
      'okx',
      'bybit',
      'coinbase',
      'kraken',
      'hyperliquid',
    ]);
    for (const f of keyFamilies())
      expect(f.permissions.request({ agentAddress: `0x${'1'.repeat(40)}` }).path).toMatch(/^\//);
    expect(keyFamilyOf('binance-usdm')?.family).toBe('binance');
    expect(keyFamilyOf('BINANCE')?.family).toBe('binance');
    expect(keyFamilyOf('ftx')).toBeUndefined();
    expect(keyFamilyOf('binance usdm')).toBeUndefined();
  });

  it('finds the traded product of a family, and none for a name that is no family', () => {
    expect(tradedVenueFor('binance')?.id).toBe('binance-usdm');
    expect(tradedVenueFor('okx')?.id).toBe('okx');
    expect(tradedVenueFor('bybit')?.id).toBe('bybit');
    expect(tradedVenueFor('kraken')?.id).toBe('kraken');
    expect(venueDescriptor('kraken').product).toBe('spot');
    expect(tradedVenueFor('coinbase')?.id).toBe('coinbase');
    expect(venueDescriptor('coinbase')).toMatchObject({ product: 'spot', defaultSymbol: 'BTC-USD', deadman: 'none' });
    // Every family custody holds is traded now: a name no family has finds nothing.
    expect(tradedVenueFor('deribit')).toBeUndefined();
    expect(() => venueDescriptor('deribit' as never)).toThrow(
      /unknown venue 'deribit'; known: binance-usdm, okx, hyperliquid, bybit, kraken, coinbase/,
    );
  });

  it('names the signing method from the key type, never its value', () => {
    const hmac = venueDescriptor('binance-usdm').key.signingMethod({ apiSecret: new Secret('s3cr3t') });
    expect(hmac).toBe('HMAC-SHA256');
    expect(venueDescriptor('binance-usdm').key.signingMethod({ privateKey: new Secret('not a pem') })).toBe(
      'private key',
    );
    expect(venueDescriptor('okx').key.signingMethod({})).toBe('HMAC-SHA256 + passphrase');
    expect(venueDescriptor('hyperliquid').key.walletAccount).toBe(true);
  });
});
