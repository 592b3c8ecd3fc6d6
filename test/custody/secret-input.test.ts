import { describe, expect, it } from 'vitest';
import { type Secret, revealSecret } from '../../src/core/secret.js';
import { parseKeyInput } from '../../src/custody/secret-input.js';

describe('piped key input', () => {
  it('reads labelled lines, comments and a multi-line PEM', () => {
    const material = parseKeyInput(
      [
        '# okx demo key',
        'api-key: k-123456789',
        '',
        'api-secret:s3cr3t:with:colons ',
        'passphrase: pass phrase 1',
        'private-key:',
        '-----BEGIN PRIVATE KEY-----',
        'MC4CAQAwBQYDK2VwBCIEIBm4',
        '-----END PRIVATE KEY-----',
        'wallet-address: 0xabc',
      ].join('\r\n'),
    );
    expect(revealSecret(material.apiKey as Secret)).toBe('k-123456789');
    expect(revealSecret(material.apiSecret as Secret)).toBe('s3cr3t:with:colons');
    expect(revealSecret(material.passphrase as Secret)).toBe('pass phrase 1');
    expect(revealSecret(material.privateKey as Secret)).toBe(
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBm4\n-----END PRIVATE KEY-----',
    );
    expect(material.walletAddress).toBe('0xabc');
  });

  it('names the line but never shows an unlabelled secret', () => {
    expect(() => parseKeyInput('api-key: k\nSECRETVALUE123')).toThrow(
      /stdin line 2 is not 'field: value'.*not shown/,
    );
    expect(() => parseKeyInput('api-key: k\nSECRETVALUE123')).not.toThrow(/SECRETVALUE/);
    expect(() => parseKeyInput('apikey: SECRETVALUE123')).not.toThrow(/SECRETVALUE/);
  });

  it('refuses empty and repeated fields, and an unfinished PEM', () => {
    expect(() => parseKeyInput('api-key:   ')).toThrow('stdin line 1: api-key is empty');
    expect(() => parseKeyInput('api-key: a\napi-key: b')).toThrow('stdin line 2: api-key is given twice');
    expect(() => parseKeyInput('private-key: -----BEGIN X-----\nabc')).toThrow(/no -----END line/);
  });
});
