/**
 * What hostile venue input looks like: JSON built from the words the parsers look for (so it gets
 * past the first checks), wrong types, numbers too big for a double, decimal-looking strings that
 * are not decimals, deep nesting, and mutations of real replies — a leaf replaced, a key dropped, a
 * value wrapped in an array, a whole branch duplicated. Everything here is deterministic per seed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** Every quoted word in these source files: field names, enum values, event names. */
export function vocabularyOf(files: readonly string[]): string[] {
  const words = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/'([A-Za-z0-9_.:-]{1,32})'/g)) words.add(m[1]!);
  }
  return [...words].sort();
}

const weirdDecimals = [
  '1e400', '-1e-400', '1e21', '0x1F', '１２', '1.', '.5', ' 1', '1 ', '1_000', '+1', '--1', 'NaN', 'Infinity',
  '-0', '0.0000000000000000000000000000000000000001', '9'.repeat(400), `0.${'1'.repeat(300)}`, '', ' ', '1,5',
];

export function leaf(vocab: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocab) },
    { weight: 2, arbitrary: fc.constantFrom(...weirdDecimals) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 5e-324, -0, 0, 1, -1) },
    { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  );
}

/** JSON values whose keys and words come from the parsers' own vocabulary. */
export function venueJson(vocab: readonly string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf(vocab),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...vocab), tie('value'), { maxKeys: 8 }),
    ),
  }));
  return value;
}

type Json = unknown;

interface Slot {
  parent: Record<string, Json> | Json[];
  key: string | number;
}

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach((x, i) => {
      out.push({ parent: v, key: i });
      walk(x);
    });
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, Json>, key: k });
        walk(x);
      }
    }
  };
  walk(root);
  return out;
}

export interface Mutation {
  pick: number;
  op: 'replace' | 'delete' | 'wrap' | 'duplicate' | 'stringify';
  value: Json;
  /** Where `duplicate` puts the copy of an object's branch: a key of the parsers' vocabulary. */
  name: string;
}

/** Applies mutations to a deep copy of `base`. */
export function mutate(base: Json, mutations: readonly Mutation[]): Json {
  let root = structuredClone(base);
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) {
      root = m.op === 'wrap' ? [root] : m.value;
      continue;
    }
    const { parent, key } = all[m.pick % all.length]!;
    const p = parent as Record<string | number, Json>;
    switch (m.op) {
      case 'replace':
        p[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key];
        break;
      case 'wrap':
        p[key] = [p[key]];
        break;
      case 'duplicate':
        // The branch appears twice: appended to its array, or under a second key of its object
        // (a vocabulary word, so a field the parser reads gets a branch meant for another).
        if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
        else p[m.name === key ? `${m.name}_` : m.name] = structuredClone(p[key]);
        break;
      case 'stringify':
        p[key] = JSON.stringify(p[key]) ?? 'null';
        break;
    }
  }
  return root;
}

export function mutated(base: Json, vocab: readonly string[]): fc.Arbitrary<Json> {
  const mutation = fc.record({
    pick: fc.nat(),
    op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete', 'wrap', 'duplicate', 'stringify'),
    value: fc.oneof(leaf(vocab), venueJson(vocab)),
    name: fc.constantFrom(...vocab),
  });
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => mutate(base, ms));
}

/** `[[[[…]]]]` or `{"a":{"a":…}}` this deep, as text. */
export function deepText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlongs, surrogates, truncated sequences). */
export const invalidUtf8 = fc
  .array(
    fc.oneof(
      fc.constantFrom([0x80], [0xbf], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff], [0xe2, 0x82]),
      fc.uint8Array({ maxLength: 8 }).map((a) => [...a]),
      fc.constantFrom([...Buffer.from('{"e":"ORDER_TRADE_UPDATE","o":{"s":"')], [...Buffer.from('"}}')]),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => Buffer.from(parts.flat()));
