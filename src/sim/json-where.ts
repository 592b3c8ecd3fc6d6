// Where a JSON text first goes wrong, as line and column, without quoting any of it. `JSON.parse` puts
// the text around the mistake into its message ("Unexpected token 'x', \"{\"secret\": x…\" is not valid
// JSON"), and a keys file is made of secrets, so the sim reports the place instead.

export interface JsonPlace {
  line: number;
  column: number;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function placeOf(text: string, offset: number): JsonPlace {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The offset just past a string starting at `i` (a `"`), or -(offset of the fault) - 1. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -j - 1;
    if (c === 0x5c) {
      ESCAPE.lastIndex = j;
      if (!ESCAPE.test(text)) return -j - 1;
      j = ESCAPE.lastIndex;
    } else j++;
  }
  return -j - 1;
}

/**
 * The place of the first syntax error of `text`, or undefined when it is valid JSON. A scanner with
 * an explicit stack (no recursion), so a deeply nested file cannot overflow it.
 */
export function firstJsonError(text: string): JsonPlace | undefined {
  const stack: ('{' | '[')[] = [];
  // What may come next: a value, an object key (or `}` right after `{`), a `:`, or `,`/closer.
  let want: 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after' = 'value';
  let i = 0;
  const fail = (at: number) => placeOf(text, at);
  for (;;) {
    while (i < text.length && WS.has(text[i]!)) i++;
    if (i >= text.length) return want === 'after' && stack.length === 0 ? undefined : fail(i);
    const c = text[i]!;
    if (want === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return fail(i);
      if (c === ',') {
        want = top === '{' ? 'key' : 'value';
        i++;
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        i++;
      } else return fail(i);
      continue;
    }
    if (want === 'colon') {
      if (c !== ':') return fail(i);
      want = 'value';
      i++;
      continue;
    }
    if (want === 'key' || want === 'first-key') {
      if (c === '}' && want === 'first-key') {
        stack.pop();
        want = 'after';
        i++;
        continue;
      }
      if (c !== '"') return fail(i);
      const end = skipString(text, i);
      if (end < 0) return fail(-end - 1);
      i = end;
      want = 'colon';
      continue;
    }
    // A value.
    if (c === ']' && want === 'first-value') {
      stack.pop();
      want = 'after';
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      want = c === '{' ? 'first-key' : 'first-value';
      i++;
      continue;
    }
    if (c === '"') {
      const end = skipString(text, i);
      if (end < 0) return fail(-end - 1);
      i = end;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return fail(i);
      i = NUMBER.lastIndex;
    }
    want = 'after';
    if (stack.length === 0) {
      while (i < text.length && WS.has(text[i]!)) i++;
      return i === text.length ? undefined : fail(i);
    }
  }
}
