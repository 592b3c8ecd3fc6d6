import { SECRET_FIELD_NAMES, SECRET_HEADER_NAMES } from '../core/redact.js';

// Where structured log records put request data: `logger.debug({ headers, params }, …)`,
// `{ request: { headers } }`, `{ req: … }`, and one or two levels of nesting besides.
const HEADER_PARENTS = [
  'headers',
  'request.headers',
  'req.headers',
  'response.headers',
  '*.headers',
  '*.*.headers',
];
const FIELD_PARENTS = [
  '',
  'params.',
  'body.',
  'args.',
  'request.',
  'request.params.',
  'request.body.',
  '*.',
  '*.*.',
];

function bracket(name: string): string {
  return `["${name}"]`;
}

/**
 * pino `redact` paths for every secret-bearing header name (as the venue spells it and lower
 * case, as undici hands it back) and field. The scrubber behind them catches what a path misses.
 */
export function logRedactPaths(): string[] {
  const paths = new Set<string>();
  for (const parent of HEADER_PARENTS) {
    for (const name of SECRET_HEADER_NAMES) {
      paths.add(`${parent}${bracket(name)}`);
      paths.add(`${parent}${bracket(name.toLowerCase())}`);
    }
  }
  for (const parent of FIELD_PARENTS) {
    for (const name of SECRET_FIELD_NAMES) {
      paths.add(parent === '' ? bracket(name) : `${parent.slice(0, -1)}${bracket(name)}`);
    }
  }
  return [...paths];
}
