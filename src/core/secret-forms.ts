import { inspect } from 'node:util';

/**
 * Every textual form in which a secret's value can end up in a log line or an error message, and
 * the search pattern that finds each one. A form is listed in one canonical spelling; the pattern
 * also finds its spellings that mean the same bytes (lower-case percent escapes, any case of hex).
 *
 * - raw, JSON-escaped (logs are JSON lines), util.inspect-escaped (a value printed by console.log);
 * - base64 (standard and url-safe, padded or not) and hex of the UTF-8 bytes;
 * - percent-encoded three ways: encodeURIComponent, RFC 3986 (`!'()*` escaped too) and form
 *   encoding (URLSearchParams: space as `+`, `+` as `%2B`, `~` escaped);
 * - a hex key (a Hyperliquid private key, `0x` + 64 hex): its digits without `0x` in any case, and
 *   the base64 forms of the bytes it denotes, as a wallet library would print them.
 */
export function secretForms(raw: string): string[] {
  const forms = [
    raw,
    JSON.stringify(raw).slice(1, -1),
    inspect(raw).slice(1, -1),
    ...byteForms(Buffer.from(raw, 'utf8')),
    encodeURIComponent(raw),
    rfc3986(raw),
    new URLSearchParams([['', raw]]).toString().slice(1),
  ];
  const hexKey = HEX_KEY.exec(raw)?.[1];
  if (hexKey !== undefined) forms.push(hexKey.toLowerCase(), ...byteForms(Buffer.from(hexKey, 'hex')));
  return [...new Set(forms)].filter((f) => f.length >= MIN_SCRUB_LENGTH);
}

// Shorter values would scrub ordinary words out of every log line; no venue issues keys, secrets
// or passphrases this short.
export const MIN_SCRUB_LENGTH = 6;

// An even number of hex digits, with or without 0x: what a private key or an HMAC secret in hex
// looks like. Its byte forms are searched too.
const HEX_KEY = /^(?:0[xX])?((?:[0-9a-fA-F]{2}){8,})$/;

function byteForms(bytes: Buffer): string[] {
  const base64 = bytes.toString('base64');
  return [base64, base64.replace(/=+$/, ''), bytes.toString('base64url'), bytes.toString('hex')];
}

function rfc3986(raw: string): string {
  return encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The regular-expression source that finds a form: letters in a run of hex digits match in either
 * case, and so do the hex digits of a percent escape. Anything else matches exactly.
 */
export function formPattern(form: string): string {
  if (/^[0-9a-fA-F]+$/.test(form)) return caseless(form);
  return form
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part, i) => (i % 2 === 1 ? `%${caseless(part.slice(1))}` : escapeRegExp(part)))
    .join('');
}

function caseless(hex: string): string {
  return hex.replace(/[a-fA-F]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
