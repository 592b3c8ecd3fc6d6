import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, revealSecret } from '../../src/core/secret.js';

const RAW = 'sk-live-0123456789abcdef';

describe('Secret', () => {
  const secret = new Secret(RAW, 'api-secret');

  it('hides the value in every string form', () => {
    expect(String(secret)).toBe('***');
    expect(`${secret}`).toBe('***');
    expect(`${secret}` + '').not.toContain(RAW);
    expect(secret + '').toBe('***');
    expect(JSON.stringify({ secret })).toBe('{"secret":"***"}');
    expect(inspect(secret)).toBe('Secret(api-secret: ***)');
    expect(inspect({ nested: { secret } }, { depth: 5 })).not.toContain(RAW);
    expect(Object.keys(secret)).not.toContain('value');
    expect(JSON.stringify({ ...secret })).not.toContain(RAW);
  });

  it('hides the value in console.log output and error messages', () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(args.map((a) => inspect(a)).join(' '));
    try {
      console.log(secret, { secret });
    } finally {
      console.log = original;
    }
    expect(lines.join('\n')).not.toContain(RAW);
    const error = new Error(`failed with ${secret}`);
    expect(error.message).toBe('failed with ***');
    expect(inspect(error)).not.toContain(RAW);
  });

  it('reveals the raw value only through revealSecret', () => {
    expect(revealSecret(secret)).toBe(RAW);
    expect(secret.length).toBe(RAW.length);
    expect(new Secret('').isEmpty()).toBe(true);
    expect(secret.isEmpty()).toBe(false);
  });

  it('hides the value when its conversions are called by name, as some libraries do', () => {
    expect(secret.toString()).toBe('***');
    expect(secret.valueOf()).toBe('***');
    expect(secret.toJSON()).toBe('***');
  });

  it('is labelled "secret" unless told otherwise', () => {
    expect(new Secret(RAW).label).toBe('secret');
    expect(inspect(new Secret(RAW))).toBe('Secret(secret: ***)');
  });

  it('refuses a non-string value', () => {
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
    expect(() => new Secret(42 as unknown as string, 'okx passphrase')).toThrow(
      'okx passphrase: a secret must be a string',
    );
  });
});
