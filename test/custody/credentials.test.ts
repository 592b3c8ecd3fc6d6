import { describe, expect, it } from 'vitest';
import { Secret, revealSecret } from '../../src/core/secret.js';
import { buildCredentials } from '../../src/custody/credentials.js';
import { CustodyError } from '../../src/custody/errors.js';
import { formatKeyRef, parseKeyRef, validateKeyName } from '../../src/custody/key-ref.js';
import { loadCredentials } from '../../src/custody/load-credentials.js';
import { parseEnv } from '../../src/custody/env-name.js';
import { venueFamily } from '../../src/custody/key-family.js';
import { scrub } from '../../src/log/secret-registry.js';

const KEY = 'env-key-4d1f6b0e9a2c7d3f8e5b1a6c0d9e2f7a';
const SECRET = 'env-secret-a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('key references', () => {
  it('parses env:, keyring:, file: and names bad ones', () => {
    expect(parseKeyRef('env:BN_TESTNET')).toEqual({ kind: 'env', prefix: 'BN_TESTNET' });
    expect(parseKeyRef('keyring:bn-test')).toEqual({ kind: 'keyring', name: 'bn-test' });
    expect(parseKeyRef('file:/k/bn.qdkey')).toEqual({ kind: 'file', path: '/k/bn.qdkey' });
    expect(formatKeyRef(parseKeyRef('file:rel/k.qdkey'))).toMatch(/^file:\/.*rel\/k\.qdkey$/);
    expect(() => parseKeyRef('vault:x')).toThrow(/not env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND/);
    expect(() => parseKeyRef('env:1BAD')).toThrow(/env:PREFIX needs a variable prefix/);
    expect(() => parseKeyRef('keyring:../x')).toThrow(/not valid/);
  });

  it('validates key names with a clear message', () => {
    expect(validateKeyName('bn-test_1.a')).toBe('bn-test_1.a');
    for (const bad of ['', '-x', 'a/b', 'a b', 'x'.repeat(64), 'a..b']) {
      expect(() => validateKeyName(bad)).toThrow(/use 1-63 letters, digits/);
    }
  });

  it('knows venues (and product ids) and envs, mainnet = live', () => {
    expect(venueFamily('binance-usdm')).toBe('binance');
    expect(() => venueFamily('ftx')).toThrow(/unknown venue 'ftx'; known: binance, okx/);
    expect(parseEnv('mainnet')).toBe('live');
    expect(() => parseEnv('prod', '--env')).toThrow("--env: 'prod' is not one of sim, testnet, demo, live");
  });
});

describe('env: keys', () => {
  it('loads PREFIX_API_KEY / PREFIX_API_SECRET into Secrets, masks the id, registers both', async () => {
    const creds = await loadCredentials(
      { kind: 'env', prefix: 'QDT' },
      { venue: 'binance-usdm', env: 'testnet', processEnv: { QDT_API_KEY: KEY, QDT_API_SECRET: SECRET } },
    );
    expect(creds.apiKey).toBeInstanceOf(Secret);
    expect(creds.apiSecret).toBeInstanceOf(Secret);
    expect(revealSecret(creds.apiSecret as Secret)).toBe(SECRET);
    expect(creds).toMatchObject({
      venue: 'binance-usdm',
      family: 'binance',
      env: 'testnet',
      source: 'env:QDT',
      keyId: 'env-…2f7a',
    });
    expect(JSON.stringify(creds)).not.toContain(SECRET);
    expect(JSON.stringify(creds)).not.toContain(KEY);
    expect(scrub(`x ${SECRET} ${Buffer.from(KEY).toString('hex')}`)).toBe('x [redacted] [redacted]');
  });

  it('refuses an empty variable by name', async () => {
    const error = await failure(
      loadCredentials(
        { kind: 'env', prefix: 'QDT' },
        { venue: 'binance', env: 'testnet', processEnv: { QDT_API_KEY: KEY, QDT_API_SECRET: '' } },
      ),
    );
    expect(error).toBeInstanceOf(CustodyError);
    expect(error.message).toMatch(/^QDT_API_SECRET is set but empty/);
    const blank = await failure(
      loadCredentials(
        { kind: 'env', prefix: 'QDT' },
        { venue: 'binance', env: 'testnet', processEnv: { QDT_API_KEY: '  ', QDT_API_SECRET: SECRET } },
      ),
    );
    expect(blank.message).toMatch(/^QDT_API_KEY is set but empty/);
  });

  it('names the missing variables for the venue', async () => {
    const okx = await failure(
      loadCredentials(
        { kind: 'env', prefix: 'OK' },
        { venue: 'okx', env: 'demo', processEnv: { OK_API_KEY: KEY, OK_API_SECRET: SECRET } },
      ),
    );
    expect(okx.message).toBe('env:OK: the okx key needs OK_PASSPHRASE, which is missing');
    const bn = await failure(
      loadCredentials(
        { kind: 'env', prefix: 'BN' },
        { venue: 'binance', env: 'testnet', processEnv: { BN_API_KEY: KEY } },
      ),
    );
    expect(bn.message).toBe('env:BN: the binance key needs BN_API_SECRET or BN_PRIVATE_KEY');
  });

  it('accepts a PEM with literal \\n, and Hyperliquid agent keys with their wallet', async () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIBm4x9Y1a0dCYY6Gc6Y0PZQ4y7nq0XgGJ2bA5JYQ2Y3r\\n-----END PRIVATE KEY-----';
    const ed = await loadCredentials(
      { kind: 'env', prefix: 'ED' },
      { venue: 'binance', env: 'testnet', processEnv: { ED_API_KEY: KEY, ED_PRIVATE_KEY: pem } },
    );
    expect(revealSecret(ed.privateKey as Secret).split('\n')).toHaveLength(3);
    const wallet = '0x14791697260E4c9A71f18484C9f997B308e59325';
    const hl = await loadCredentials(
      { kind: 'env', prefix: 'HL' },
      {
        venue: 'hyperliquid',
        env: 'testnet',
        processEnv: { HL_PRIVATE_KEY: `0x${'01'.repeat(32)}`, HL_WALLET_ADDRESS: wallet },
      },
    );
    expect(hl.walletAddress).toBe(wallet);
    expect(hl.keyId).toBe('0x14…9325');
    expect(() =>
      buildCredentials(
        { privateKey: new Secret(`0x${'01'.repeat(32)}`), walletAddress: '0x12' },
        { venue: 'hyperliquid', env: 'testnet', source: 't' },
      ),
    ).toThrow(/40-hex-digit address/);
  });
});
