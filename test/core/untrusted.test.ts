import { describe, expect, it } from 'vitest';
import {
  escapeRawInJson,
  hasUnsafeCharacters,
  neutralise,
  neutraliseLines,
  neutraliseParsed,
} from '../../src/core/untrusted.js';
import { CRAFTED, VISIBLE, injected } from '../support/crafted-text.js';

describe('neutralise', () => {
  it('turns C0, DEL, C1 and bidi characters into visible escapes, leaving other text alone', () => {
    const out = neutralise(CRAFTED);
    expect(injected(out)).toEqual([]);
    for (const v of VISIBLE) expect(out).toContain(v);
    expect(neutralise('a\u007fb\u0000c\td\ne')).toBe('a\\x7fb\\x00c\\x09d\\x0ae');
    expect(neutralise('\u2066x\u2069\u200f\u061c')).toBe('\\u{2066}x\\u{2069}\\u{200F}\\u{61C}');
    expect(neutralise('BTCUSDT 65 000,5 € ✓ 日本')).toBe('BTCUSDT 65 000,5 € ✓ 日本');
    expect(hasUnsafeCharacters(CRAFTED)).toBe(true);
    expect(hasUnsafeCharacters('plain')).toBe(false);
  });

  it('keeps line feeds when asked (output of several lines), nothing else', () => {
    expect(neutraliseLines('a\nb\r\u001b[2Kc')).toBe('a\nb\\x0d\\x1b[2Kc');
  });

  it('neutralises every string of a parsed reply, keys too, and returns a clean reply as is', () => {
    const text = JSON.stringify({ code: -2015, msg: CRAFTED, list: [{ [`s${CRAFTED}`]: CRAFTED }], n: 1 });
    const out = neutraliseParsed(text, JSON.parse(text)) as Record<string, unknown>;
    expect(injected(JSON.stringify(out).replace(/\\\\/g, '\\'))).toEqual([]);
    expect(injected(String(out['msg']))).toEqual([]);
    expect(out['n']).toBe(1);
    const clean = { code: 0, data: ['a'] };
    expect(neutraliseParsed(JSON.stringify(clean), clean)).toBe(clean);
    // Raw DEL / C1 / bidi in the JSON text (legal there unescaped) are found too.
    const raw = '{"s":"x\u009by"}';
    expect(neutraliseParsed(raw, JSON.parse(raw))).toEqual({ s: 'x\\x9by' });
  });
});

describe('the shape of a neutralised reply', () => {
  it('keeps arrays arrays and null, numbers and booleans as they are', () => {
    const text = '{"list":["x\\u001by",2],"none":null,"ok":true,"n":-1.5}';
    expect(neutraliseParsed(text, JSON.parse(text))).toEqual({ list: ['x\\x1by', 2], none: null, ok: true, n: -1.5 });
    expect(Array.isArray((neutraliseParsed(text, JSON.parse(text)) as { list: unknown }).list)).toBe(true);
  });
});

describe('escapeRawInJson', () => {
  it('writes DEL, C1 and bidi characters as \\u escapes that JSON reads back as the same text', () => {
    const value = { msg: 'a\u007fb\u009bc\u202ed\u2066e', n: 1 };
    const json = escapeRawInJson(JSON.stringify(value));
    expect(json).toBe('{"msg":"a\\u007fb\\u009bc\\u202ed\\u2066e","n":1}');
    expect(JSON.parse(json)).toEqual(value);
    expect(escapeRawInJson('{"a":"plain ✓ €"}')).toBe('{"a":"plain ✓ €"}');
  });
});
