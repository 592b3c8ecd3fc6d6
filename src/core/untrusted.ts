/**
 * Text from outside the program (a venue's error message, an HTML excerpt, a symbol, a key file)
 * made safe for a terminal: every character a terminal would act on instead of print becomes
 * visible text. `ESC]52;c;…BEL` would write the clipboard, `ESC]0;…` retitle the window, `\r ESC[2K`
 * erase the line before it and `ESC[32m` paint a fake "key OK"; after `neutralise` they read
 * `\x1b]52;c;…\x07`. Applied where such text enters the program and again where text is printed.
 *
 * Neutralised: C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F; 0x9B alone
 * is a CSI on some terminals) as `\xHH`; the bidirectional overrides, embeddings, isolates and
 * marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) as `\u{HHHH}`, since they reorder
 * what is shown ("Trojan Source").
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same set without the line feed, for text that is printed as several lines on purpose.
const UNSAFE_KEEP_LINES =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u{${code.toString(16).toUpperCase()}}`;
}

/** One line of untrusted text, every control and bidi character shown as an escape. */
export function neutralise(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** The same, keeping line feeds: for output that is several lines on purpose. */
export function neutraliseLines(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, visible);
}

/** Whether `text` holds anything `neutralise` would change. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

// In JSON text such characters arrive raw (DEL, C1, bidi) or as \u escapes (C0 must be escaped).
const UNSAFE_IN_JSON =
  /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|061[cC]|200[eEfF]|202[a-eA-E]|206[6-9])/;

// What JSON.stringify leaves raw (it escapes C0 only): DEL, C1 and the bidi set.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Serialized JSON with the characters JSON.stringify leaves raw written as `\uHHHH` escapes: the
 * same value to any JSON reader, and no byte a terminal acts on for `cat`, `tail -f` or `less -R`
 * of the file. Only inside strings can such characters occur in JSON, where the escape is valid.
 */
export function escapeRawInJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A parsed JSON value from outside with every string in it neutralised (keys too). The text is
 * scanned first: a reply with nothing to neutralise, almost all of them, is returned as parsed.
 */
export function neutraliseParsed<T>(text: string, parsed: T): T {
  return UNSAFE_IN_JSON.test(text) ? (neutraliseDeep(parsed) as T) : parsed;
}

function neutraliseDeep(value: unknown): unknown {
  if (typeof value === 'string') return neutralise(value);
  if (Array.isArray(value)) return value.map(neutraliseDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[neutralise(k)] = neutraliseDeep(v);
    return out;
  }
  return value;
}
