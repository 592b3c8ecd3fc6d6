// The forms a secret is searched for in a log line, each in its one canonical spelling.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../src/core/redact.js';
import { secretForms } from '../../src/core/secret-forms.js';

describe('secretForms', () => {
  it('lists no form shorter than six characters, even for a short value', () => {
    expect(secretForms('abcd')).toEqual(['YWJjZA==', 'YWJjZA', '61626364']);
    expect(secretForms('abcdef')).toContain('abcdef');
  });

  it('spells a hex key’s bare digits in lower case and an RFC 3986 escape in upper case', () => {
    const forms = secretForms('0XE908F86DBB4D55AC');
    expect(forms).toContain('e908f86dbb4d55ac');
    expect(forms).not.toContain('E908F86DBB4D55AC');
    expect(secretForms('ab*cd!ef')).toContain('ab%2Acd%21ef');
    expect(secretForms('ab*cd!ef')).not.toContain('ab%2acd%21ef');
  });

  it('holds the util.inspect form without its quotes', () => {
    const raw = 'abc\u0001def';
    expect(inspect(raw)).toBe("'abc\\x01def'");
    expect(secretForms(raw)).toContain('abc\\x01def');
  });
});

describe('a scrubbed util.inspect print', () => {
  it('keeps the quotes around the mark', () => {
    const s = new SecretScrubber();
    s.register('k-0123456789');
    expect(s.scrub(inspect({ key: 'k-0123456789' }))).toBe("{ key: '[redacted]' }");
    s.register('abc\u0001def');
    expect(s.scrub(`value ${inspect('abc\u0001def')} printed`)).toBe("value '[redacted]' printed");
  });
});
